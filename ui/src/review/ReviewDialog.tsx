// What a turn or a whole session changed, file by file: opened from a turn's
// divider ("N files, +a −b"), a file change in the thread (that file opened)
// or the session header's "Diff". git computed every diff in the backend.
import { useEffect, useState } from "react";
import { sessionDiff, turnDiff, type DiffBase, type ReviewDiff } from "../api";
import { DiffList } from "../diff/DiffList";
import { DiffCounts } from "../diff/FileDiffView";
import { Dialog } from "../shell/Dialog";
import { messageOf } from "../shell/errors";
import { useEscape } from "../thread/useEscape";

/** Which diff to show: one turn's (optionally with one file opened), or the session's. */
export type ReviewTarget = { kind: "turn"; turn: number; path?: string } | { kind: "session" };

type Props = { workspace: string; sessionId: string; target: ReviewTarget; onClose: () => void };

type Loaded = { diff: ReviewDiff } | { error: string } | null;

/** What the diff is taken against, in words. */
export function againstText(base: DiffBase): string {
  if (base.kind === "worktree") {
    const branch = base.branch ? ` on ${base.branch}` : "";
    return `against ${base.commit.slice(0, 10)}${branch}, where its worktree was made (uncommitted work included)`;
  }
  return base.from_turn === base.to_turn
    ? `the files when turn ${base.from_turn} started against when it ended`
    : `the files when turn ${base.from_turn} started against when turn ${base.to_turn} ended (a shared folder: other writers show too)`;
}

export function ReviewDialog({ workspace, sessionId, target, onClose }: Props) {
  const [loaded, setLoaded] = useState<Loaded>(null);
  useEscape(onClose);
  const turn = target.kind === "turn" ? target.turn : null;

  useEffect(() => {
    let cancelled = false;
    setLoaded(null);
    const load = turn === null ? sessionDiff(workspace, sessionId) : turnDiff(workspace, sessionId, turn);
    load
      .then((diff) => !cancelled && setLoaded({ diff }))
      .catch((error: unknown) => !cancelled && setLoaded({ error: messageOf(error) }));
    return () => {
      cancelled = true;
    };
  }, [workspace, sessionId, turn]);

  const title = turn === null ? "What this session changed" : `What turn ${turn} changed`;
  return (
    <Dialog title={title} testId="review-dialog" onClose={onClose} wide>
      {loaded === null && <p className="muted">Comparing…</p>}
      {loaded && "error" in loaded && (
        <p role="alert" className="error" data-testid="review-error">
          Could not compare the files: {loaded.error}
        </p>
      )}
      {loaded && "diff" in loaded && (
        <>
          <p className="small" data-testid="review-summary">
            {loaded.diff.stat.files} {loaded.diff.stat.files === 1 ? "file" : "files"}{" "}
            <DiffCounts additions={loaded.diff.stat.additions} deletions={loaded.diff.stat.deletions} />{" "}
            <span className="muted">· {againstText(loaded.diff.against)}</span>
          </p>
          <DiffList files={loaded.diff.files} openPath={target.kind === "turn" ? target.path : null} />
        </>
      )}
    </Dialog>
  );
}
