// A list of file diffs (a turn's, a session's), each with its counts; a click
// opens its diff, unified or side by side for the whole list.
import { useState } from "react";
import type { FileDiff } from "../api";
import { samePath } from "../review/reviewContext";
import { DiffCounts, FileDiffView, type DiffLayout } from "./FileDiffView";

/** The unified / side-by-side switch shared by every list of diffs. */
export function LayoutToggle({ layout, onChange }: { layout: DiffLayout; onChange: (layout: DiffLayout) => void }) {
  return (
    <div className="diff-layout" role="group" aria-label="Diff layout">
      <button type="button" aria-pressed={layout === "unified"} onClick={() => onChange("unified")}>
        Unified
      </button>
      <button type="button" aria-pressed={layout === "split"} onClick={() => onChange("split")}>
        Side by side
      </button>
    </div>
  );
}

const KIND_LABELS: Record<FileDiff["kind"], string> = { add: "added", update: "changed", delete: "deleted" };

function DiffItem({ diff, layout, initiallyOpen }: { diff: FileDiff; layout: DiffLayout; initiallyOpen: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <li data-testid="review-file" data-path={diff.path} data-kind={diff.kind}>
      <button type="button" className="changed-file" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="path">{diff.path}</span> <span className="muted small">{KIND_LABELS[diff.kind]}</span>{" "}
        <DiffCounts additions={diff.additions} deletions={diff.deletions} />
      </button>
      {open && <FileDiffView diff={diff} layout={layout} />}
    </li>
  );
}

/** Every file of `files`; the one at `openPath` (if any) starts open. */
export function DiffList({ files, openPath }: { files: FileDiff[]; openPath?: string | null }) {
  const [layout, setLayout] = useState<DiffLayout>("unified");
  if (files.length === 0) return <p className="muted small">No file changed.</p>;
  return (
    <>
      <LayoutToggle layout={layout} onChange={setLayout} />
      <ul className="changed-files" data-testid="review-files">
        {files.map((diff) => (
          <DiffItem key={diff.path} diff={diff} layout={layout} initiallyOpen={!!openPath && samePath(openPath, diff.path)} />
        ))}
      </ul>
    </>
  );
}
