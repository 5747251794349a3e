// "Restore files" of a node whose pilot records the workspace's files: first
// a preview of what would change, be added and be removed, each file with its
// diff; then the restore, which the backend precedes with a backup node (so
// it can be undone).
import { useState } from "react";
import { previewPilotFiles, restorePilotFiles, type RestorePreview } from "../api";
import { ChangedFiles, changesNothing } from "../diff/ChangedFiles";
import { Dialog } from "../shell/Dialog";
import { messageOf } from "../shell/errors";

type Props = {
  workspace: string;
  pilot: string;
  nodeId: string;
  label: string;
  /** After a restore: the graph has a new backup node. */
  onRestored: () => void;
};

export function RestoreFiles({ workspace, pilot, nodeId, label, onRestored }: Props) {
  const [preview, setPreview] = useState<RestorePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function openPreview() {
    setWorking(true);
    setError(null);
    setDone(null);
    try {
      setPreview(await previewPilotFiles(workspace, pilot, nodeId));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setWorking(false);
    }
  }

  async function restore() {
    setWorking(true);
    setError(null);
    try {
      const outcome = await restorePilotFiles(workspace, pilot, nodeId);
      setPreview(null);
      setDone(`Files of ${label} restored; the files before are kept in backup node ${outcome.backup.label}.`);
      onRestored();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setWorking(false);
    }
  }

  const empty = preview !== null && changesNothing(preview);
  return (
    <>
      <button type="button" data-testid="node-restore-files" disabled={working} onClick={() => void openPreview()}>
        Restore files…
      </button>
      {done && (
        <p className="muted small" data-testid="restore-done">
          {done}
        </p>
      )}
      {error && !preview && (
        <div role="alert" className="error" data-testid="restore-error">
          {error}
        </div>
      )}
      {preview && (
        <Dialog title={`Restore the files of ${label}`} testId="restore-preview" onClose={() => setPreview(null)} wide>
          {empty ? (
            <p>The workspace's files already match {label}: nothing would change.</p>
          ) : (
            <p>
              Ignored files, <code>.git/</code> and <code>.zwarm/</code> are never touched. The current files are
              recorded in a backup node first. Click a file for its diff: <code>−</code> as it is now,{" "}
              <code>+</code> as it was at {label}.
            </p>
          )}
          <ChangedFiles preview={preview} />
          {error && (
            <div role="alert" className="error" data-testid="restore-error">
              {error}
            </div>
          )}
          <div className="form-actions">
            <button type="button" onClick={() => setPreview(null)}>
              Cancel
            </button>
            <button type="button" className="primary" data-testid="confirm-restore" disabled={working || empty} onClick={() => void restore()}>
              Restore
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
