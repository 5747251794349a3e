// A block of preformatted text (command output, JSON) that folds when long,
// so one huge output does not push the rest of the conversation away.
import { useExpanded } from "./expanded";
import { splitLines } from "./format";

/** Lines shown of a folded block. */
export const FOLDED_LINES = 12;

type Props = {
  text: string;
  /** Remembers the reader's choice across virtual-list remounts. */
  expandId: string;
  /** Show the last lines when folded (command output: the end says how it went). */
  tail?: boolean;
  className?: string;
  testId?: string;
};

export function LongText({ text, expandId, tail = false, className, testId }: Props) {
  const [open, setOpen] = useExpanded(expandId);
  const lines = splitLines(text);
  const long = lines.length > FOLDED_LINES;
  const shown = !long || open ? text : (tail ? lines.slice(-FOLDED_LINES) : lines.slice(0, FOLDED_LINES)).join("\n");
  const hidden = lines.length - FOLDED_LINES;
  const toggle = long && (
    <button type="button" className="link small fold-toggle" data-testid="fold-toggle" onClick={() => setOpen(!open)}>
      {open ? "Show less" : `Show all ${lines.length} lines`}
    </button>
  );
  return (
    <div className={`long-text${className ? ` ${className}` : ""}`}>
      {long && !open && tail && <div className="muted small">… {hidden} earlier lines</div>}
      <pre data-testid={testId}>{shown}</pre>
      {long && !open && !tail && <div className="muted small">… {hidden} more lines</div>}
      {toggle}
    </div>
  );
}
