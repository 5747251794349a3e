// "Restore files" of a node whose pilot records the workspace's files: first
// a preview of what would change, be added and be removed; then the restore,
// which the backend precedes with a backup node (so it can be undone).
import { useState } from "react";
import { previewPilotFiles, restorePilotFiles, type RestorePlan } from "../api";
import { Dialog } from "../shell/Dialog";

type Props = {
  workspace: string;
  pilot: string;
  nodeId: string;
  label: string;
  /** After a restore: the graph has a new backup node. */
  onRestored: () => void;
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function PathList({ title, paths, testId }: { title: string; paths: string[]; testId: string }) {
  if (paths.length === 0) return null;
  return (
    <div className="node-section" data-testid={testId}>
      <div className="payload-label">
        {title} ({paths.length})
      </div>
      <ul className="restore-paths">
        {paths.map((path) => (
          <li key={path} className="path">
            {path}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function RestoreFiles({ workspace, pilot, nodeId, label, onRestored }: Props) {
  const [plan, setPlan] = useState<RestorePlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function preview() {
    setWorking(true);
    setError(null);
    setDone(null);
    try {
      setPlan(await previewPilotFiles(workspace, pilot, nodeId));
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
      setPlan(null);
      setDone(`Files of ${label} restored; the files before are kept in backup node ${outcome.backup.label}.`);
      onRestored();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setWorking(false);
    }
  }

  const empty = plan !== null && plan.changed.length + plan.added.length + plan.removed.length === 0;
  return (
    <>
      <button type="button" data-testid="node-restore-files" disabled={working} onClick={() => void preview()}>
        Restore files…
      </button>
      {done && (
        <p className="muted small" data-testid="restore-done">
          {done}
        </p>
      )}
      {error && !plan && (
        <div role="alert" className="error" data-testid="restore-error">
          {error}
        </div>
      )}
      {plan && (
        <Dialog title={`Restore the files of ${label}`} testId="restore-preview" onClose={() => setPlan(null)}>
          {empty ? (
            <p>The workspace's files already match {label}: nothing would change.</p>
          ) : (
            <p>
              Ignored files, <code>.git/</code> and <code>.zwarm/</code> are never touched. The current files are
              recorded in a backup node first.
            </p>
          )}
          <PathList title="Changed" paths={plan.changed} testId="restore-changed" />
          <PathList title="Added" paths={plan.added} testId="restore-added" />
          <PathList title="Removed" paths={plan.removed} testId="restore-removed" />
          <PathList title="Kept (an ignored file or a repository is in the way)" paths={plan.skipped} testId="restore-skipped" />
          {error && (
            <div role="alert" className="error" data-testid="restore-error">
              {error}
            </div>
          )}
          <div className="form-actions">
            <button type="button" onClick={() => setPlan(null)}>
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
