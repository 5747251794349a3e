// Agent text as Markdown (GitHub flavour) with highlighted code blocks.
//
// A long transcript mounts and unmounts rows as the reader scrolls, so the
// rendering is cached by text: a row scrolled away and back is not parsed
// again. The highlighter is set up once, not once per message.
import { memo, type ReactElement } from "react";
import ReactMarkdown, { type Components, type Options } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkBreaks from "remark-breaks";
import remarkGfm from "remark-gfm";

/**
 * Only fenced blocks that name their language are highlighted: guessing is
 * slow and often wrong. The plugin registers some forty grammars each time it
 * is set up, and react-markdown sets its plugins up for every message: set up
 * here once, it hands every message the same highlighter.
 */
const highlight = rehypeHighlight({ detect: false });

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

/** Agents write a line break where they mean one, not Markdown's soft wrap: single breaks are kept. */
const options: Readonly<Omit<Options, "children">> = {
  remarkPlugins: [remarkGfm, remarkBreaks],
  rehypePlugins: [() => highlight],
  components,
};

/** Rendered texts kept: some screens of a long thread, scrolled both ways. */
export const MARKDOWN_CACHE_SIZE = 500;

/** Rendered Markdown by text, least recently used first. */
const rendered = new Map<string, ReactElement>();

/**
 * `text` rendered, from the cache when it was rendered before. React
 * elements are immutable descriptions, so one can be mounted again and again.
 */
function renderMarkdown(text: string): ReactElement {
  const known = rendered.get(text);
  if (known) {
    rendered.delete(text);
    rendered.set(text, known);
    return known;
  }
  // The synchronous `Markdown` is a plain function without hooks: calling it
  // directly yields the element tree, which is what gets cached.
  const element = ReactMarkdown({ ...options, children: text });
  rendered.set(text, element);
  if (rendered.size > MARKDOWN_CACHE_SIZE) {
    const oldest = rendered.keys().next();
    if (!oldest.done) rendered.delete(oldest.value);
  }
  return element;
}

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return <div className="markdown">{renderMarkdown(text)}</div>;
});
