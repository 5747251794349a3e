// Syntax highlighting for diffs: highlight.js grammars (the ones Markdown
// code blocks already use) through lowlight, shaped as the `refractor`
// object react-diff-view's tokenizer asks for.
import { common, createLowlight } from "lowlight";

const lowlight = createLowlight(common);

const BY_EXTENSION: Record<string, string> = {
  rs: "rust",
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  py: "python",
  rb: "ruby",
  go: "go",
  java: "java",
  kt: "kotlin",
  swift: "swift",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  hpp: "cpp",
  cs: "csharp",
  php: "php",
  sh: "bash",
  bash: "bash",
  zsh: "bash",
  json: "json",
  toml: "ini",
  ini: "ini",
  yaml: "yaml",
  yml: "yaml",
  md: "markdown",
  css: "css",
  scss: "scss",
  less: "less",
  html: "xml",
  xml: "xml",
  svg: "xml",
  sql: "sql",
  lua: "lua",
  pl: "perl",
  r: "r",
  diff: "diff",
  patch: "diff",
  mk: "makefile",
};

const BY_NAME: Record<string, string> = { makefile: "makefile", dockerfile: "dockerfile", "cargo.lock": "ini" };

/** The highlight.js language of a file, from its name; undefined when none is known (shown plain). */
export function languageOf(path: string): string | undefined {
  const name = path.split("/").pop()?.toLowerCase() ?? "";
  const language = BY_NAME[name] ?? BY_EXTENSION[name.includes(".") ? (name.split(".").pop() ?? "") : ""];
  return language && lowlight.registered(language) ? language : undefined;
}

type HastNode = ReturnType<typeof lowlight.highlight>["children"][number];

/** What react-diff-view's `tokenize` calls: `highlight(text, language)` giving hast nodes. */
export const refractorLike = {
  highlight(text: string, language: string): HastNode[] {
    return lowlight.highlight(language, text).children;
  },
};
