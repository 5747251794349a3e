// "Branch from here" asks first: a new session from this turn, and, when the
// turn's files were recorded, whether to also put the workspace's files back
// as they were after it (previewed with each file's diff before saying yes).
import { useEffect, useState } from "react";
import { previewTurnFiles, type RestorePreview, type TurnRecord } from "../api";
import { ChangedFiles, changesNothing } from "../diff/ChangedFiles";
import { Dialog } from "../shell/Dialog";
import { messageOf } from "../shell/errors";

type Props = {
  workspace: string;
  sessionId: string;
  turn: number;
  record: TurnRecord | undefined;
  busy: boolean;
  onBranch: (restoreFiles: boolean) => void;
  onClose: () => void;
};

type Preview = { state: "idle" } | { state: "loading" } | { state: "ready"; preview: RestorePreview } | { state: "error"; message: string };

export function BranchDialog({ workspace, sessionId, turn, record, busy, onBranch, onClose }: Props) {
  const recorded = Boolean(record?.files_after);
  const [restore, setRestore] = useState(false);
  const [preview, setPreview] = useState<Preview>({ state: "idle" });

  useEffect(() => {
    if (!restore) return;
    let live = true;
    setPreview({ state: "loading" });
    previewTurnFiles(workspace, sessionId, turn).then(
      (loaded) => live && setPreview({ state: "ready", preview: loaded }),
      (reason: unknown) => live && setPreview({ state: "error", message: messageOf(reason) }),
    );
    return () => {
      live = false;
    };
  }, [restore, workspace, sessionId, turn]);

  return (
    <Dialog title={`Branch from turn ${turn}`} testId="branch-dialog" onClose={onClose} wide>
      <p>
        A new session with turns 1 to {turn} of this one, whose agent continues from there. This session stays as it
        is.
      </p>
      <label className="checkbox-label">
        <span>
          <input
            type="checkbox"
            data-testid="branch-restore-files"
            checked={restore}
            disabled={!recorded}
            onChange={(event) => setRestore(event.target.checked)}
          />{" "}
          Also put the workspace's files back as they were after turn {turn}
        </span>
      </label>
      {!recorded && (
        <p className="muted small" data-testid="branch-no-files">
          No files were recorded for this turn (file recording is off, git is missing, or the turn ran before zwarm
          recorded files).
        </p>
      )}
      {restore && preview.state === "loading" && <p className="muted small">Comparing the files…</p>}
      {restore && preview.state === "error" && (
        <div role="alert" className="error" data-testid="branch-preview-error">
          {preview.message}
        </div>
      )}
      {restore && preview.state === "ready" && (
        <>
          <p className="muted small">
            {changesNothing(preview.preview)
              ? `The files already match turn ${turn}: nothing would change.`
              : "The current files are kept in a backup snapshot first. Click a file for its diff: − as it is now, + as it was after the turn."}
          </p>
          <ChangedFiles preview={preview.preview} />
        </>
      )}
      <div className="form-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          data-testid="branch-confirm"
          disabled={busy || (restore && preview.state !== "ready")}
          onClick={() => onBranch(restore)}
        >
          {restore ? "Branch and restore files" : "Branch"}
        </button>
      </div>
    </Dialog>
  );
}
