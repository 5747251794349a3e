// Markdown is parsed once per text (rows remount as the thread scrolls), and
// the highlighter is set up once for every message, not once per message.
import { render } from "@testing-library/react";
import ReactMarkdown from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import { describe, expect, it, vi } from "vitest";
import { Markdown } from "./Markdown";

vi.mock("react-markdown", async (importOriginal) => {
  const real = await importOriginal<typeof import("react-markdown")>();
  return { ...real, default: vi.fn(real.default) };
});
vi.mock("rehype-highlight", async (importOriginal) => {
  const real = await importOriginal<typeof import("rehype-highlight")>();
  return { ...real, default: vi.fn(real.default) };
});

/** How often `text` went through the Markdown pipeline. */
function parses(text: string): number {
  return vi.mocked(ReactMarkdown).mock.calls.filter(([options]) => options.children === text).length;
}

describe("Markdown", () => {
  it("parses a text once, however often its row mounts", () => {
    const text = "Step 1: **checked** `src/lib.rs`\n\n- one\n- two";
    const first = render(<Markdown text={text} />);
    expect(first.container.querySelector("strong")).toHaveTextContent("checked");
    first.unmount();
    const again = render(<Markdown text={text} />);
    render(<Markdown text={text} />);
    expect(again.container.querySelectorAll("li")).toHaveLength(2);
    expect(parses(text)).toBe(1);
    const other = "Step 2: **checked**";
    render(<Markdown text={other} />);
    expect(parses(other)).toBe(1);
  });

  it("sets the highlighter up once, and still highlights every message", () => {
    const setups = vi.mocked(rehypeHighlight).mock.calls.length;
    for (const name of ["alpha", "beta", "gamma"]) {
      const { container } = render(<Markdown text={`\`\`\`rust\nfn ${name}() {}\n\`\`\``} />);
      expect(container.querySelector("code.hljs .hljs-keyword")).toHaveTextContent("fn");
    }
    expect(vi.mocked(rehypeHighlight).mock.calls.length).toBe(setups);
    expect(setups).toBeLessThanOrEqual(1);
  });

  it("keeps an agent's single line breaks", () => {
    const { container } = render(<Markdown text={"Changed three files:\nsrc/a.rs\nsrc/b.rs"} />);
    expect(container.querySelectorAll("br")).toHaveLength(2);
    expect(container.querySelectorAll("p")).toHaveLength(1);
  });
});
