// The files a restore would write or delete, grouped (changed, added,
// removed, kept), each with its counts; a click opens its diff. Shared by
// the pilot's "Restore files" and a session's "Branch from here".
import { useMemo, useState } from "react";
import type { FileDiff, RestorePreview } from "../api";
import { LayoutToggle } from "./DiffList";
import { DiffCounts, FileDiffView, type DiffLayout } from "./FileDiffView";

/** A file of the preview: its path and counts; a click opens its diff. */
function PathItem({ path, diff, layout }: { path: string; diff: FileDiff | undefined; layout: DiffLayout }) {
  const [open, setOpen] = useState(false);
  if (!diff) return <li className="path">{path}</li>;
  return (
    <li>
      <button
        type="button"
        className="changed-file"
        aria-expanded={open}
        data-testid="restore-file"
        onClick={() => setOpen(!open)}
      >
        <span className="path">{path}</span> <DiffCounts additions={diff.additions} deletions={diff.deletions} />
      </button>
      {open && <FileDiffView diff={diff} layout={layout} />}
    </li>
  );
}

type ListProps = { title: string; paths: string[]; testId: string; diffs: Map<string, FileDiff>; layout: DiffLayout };

function PathList({ title, paths, testId, diffs, layout }: ListProps) {
  if (paths.length === 0) return null;
  return (
    <div className="node-section" data-testid={testId}>
      <div className="payload-label">
        {title} ({paths.length})
      </div>
      <ul className="changed-files">
        {paths.map((path) => (
          <PathItem key={path} path={path} diff={diffs.get(path)} layout={layout} />
        ))}
      </ul>
    </div>
  );
}

/** Whether restoring would change nothing. */
export function changesNothing(preview: RestorePreview): boolean {
  const { changed, added, removed } = preview.plan;
  return changed.length + added.length + removed.length === 0;
}

export function ChangedFiles({ preview }: { preview: RestorePreview }) {
  const [layout, setLayout] = useState<DiffLayout>("unified");
  const diffs = useMemo(() => new Map(preview.diffs.map((diff) => [diff.path, diff])), [preview.diffs]);
  const { plan } = preview;
  return (
    <>
      {!changesNothing(preview) && <LayoutToggle layout={layout} onChange={setLayout} />}
      <PathList title="Changed" paths={plan.changed} testId="restore-changed" diffs={diffs} layout={layout} />
      <PathList title="Added" paths={plan.added} testId="restore-added" diffs={diffs} layout={layout} />
      <PathList title="Removed" paths={plan.removed} testId="restore-removed" diffs={diffs} layout={layout} />
      <PathList
        title="Kept (an ignored file or a repository is in the way)"
        paths={plan.skipped}
        testId="restore-skipped"
        diffs={diffs}
        layout={layout}
      />
    </>
  );
}
