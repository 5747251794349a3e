// A block of preformatted text (command output, JSON) that folds when long,
// so one huge output does not push the rest of the conversation away, and a
// folded block costs what its preview shows, not what it holds.
import { useMemo } from "react";
import { useExpanded } from "./expanded";

/** Lines shown of a folded block. */
export const FOLDED_LINES = 12;
/** Characters shown of a folded block: one huge line (minified JSON) is long too. */
export const FOLDED_CHARS = 2000;

type Props = {
  text: string;
  /** Remembers the reader's choice across virtual-list remounts. */
  expandId: string;
  /** Show the last lines when folded (command output: the end says how it went). */
  tail?: boolean;
  className?: string;
  testId?: string;
};

export type Fold = {
  /** Lines as a reader counts them (a trailing newline does not start another). */
  lines: number;
  long: boolean;
  /** What a folded block shows: its first (or last) lines, cut to `FOLDED_CHARS`. */
  preview: string;
};

/** Where the `count`-th newline of `text` is, counted from its start or its end; -1 when there are fewer. */
function nthNewline(text: string, count: number, fromEnd: boolean): number {
  let at = fromEnd ? text.length : -1;
  for (let i = 0; i < count; i += 1) {
    at = fromEnd ? text.lastIndexOf("\n", at - 1) : text.indexOf("\n", at + 1);
    if (at < 0) return -1;
  }
  return at;
}

/** How `text` folds, found with native string searches (no split of a huge text). */
export function foldText(text: string, tail: boolean): Fold {
  let newlines = 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) newlines += 1;
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  const lines = text === "" ? 0 : text.endsWith("\n") ? newlines : newlines + 1;
  const long = lines > FOLDED_LINES || text.length > FOLDED_CHARS;
  if (!long) return { lines, long, preview: text };
  let preview = body;
  if (lines > FOLDED_LINES) {
    const cut = nthNewline(body, FOLDED_LINES, tail);
    preview = tail ? body.slice(cut + 1) : body.slice(0, cut);
  }
  if (preview.length > FOLDED_CHARS) preview = tail ? preview.slice(-FOLDED_CHARS) : preview.slice(0, FOLDED_CHARS);
  return { lines, long, preview };
}

export function LongText({ text, expandId, tail = false, className, testId }: Props) {
  const [open, setOpen] = useExpanded(expandId);
  const { lines, long, preview } = useMemo(() => foldText(text, tail), [text, tail]);
  const byLines = lines > FOLDED_LINES;
  const hidden = byLines
    ? `${lines - FOLDED_LINES} ${tail ? "earlier" : "more"} lines`
    : `${text.length - preview.length} more characters`;
  const toggle = long && (
    <button type="button" className="link small fold-toggle" data-testid="fold-toggle" onClick={() => setOpen(!open)}>
      {open ? "Show less" : byLines ? `Show all ${lines} lines` : `Show all ${text.length} characters`}
    </button>
  );
  return (
    <div className={`long-text${className ? ` ${className}` : ""}`}>
      {long && !open && tail && <div className="muted small">… {hidden}</div>}
      <pre data-testid={testId}>{!long || open ? text : preview}</pre>
      {long && !open && !tail && <div className="muted small">… {hidden}</div>}
      {toggle}
    </div>
  );
}
