// Agent text as Markdown (GitHub flavour) with highlighted code blocks.
import { memo, type ComponentProps } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";

const remarkPlugins = [remarkGfm];
/** Only fenced blocks that name their language are highlighted: guessing is slow and often wrong. */
const rehypePlugins: ComponentProps<typeof ReactMarkdown>["rehypePlugins"] = [[rehypeHighlight, { detect: false }]];

/**
 * A link would navigate the app's own window away from the UI, and an image
 * would fetch from wherever the agent pointed: both are shown, not followed.
 */
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} title={href} onClick={(event) => event.preventDefault()}>
      {children}
    </a>
  ),
  img: ({ alt, src }) => (
    <span className="md-image" title={typeof src === "string" ? src : undefined}>
      [image{alt ? `: ${alt}` : ""}]
    </span>
  ),
};

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
});
