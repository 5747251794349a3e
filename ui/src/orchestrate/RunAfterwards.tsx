// What can be done with a run that no longer works: start it again with the
// same task, model and limits (a new run, the old one kept), or delete it
// (its spend stays counted).
import { useState } from "react";
import { deleteRun, startRun, type PilotMeta, type RunInfo } from "../api";
import { Dialog } from "../shell/Dialog";
import { messageOf } from "../shell/errors";
import { canDelete, canRetry, taskTitle } from "./format";

type Props = {
  workspace: string;
  info: RunInfo;
  onStarted: (meta: PilotMeta) => void;
  onDeleted: (id: string) => void;
};

export function RunAfterwards({ workspace, info, onStarted, onDeleted }: Props) {
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = info.meta.run;
  if (!run) return null;

  async function attempt(what: string, action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(`Could not ${what}: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  }

  const retry = () =>
    attempt("start the run again", async () => {
      const request = { task: run.task, model: info.meta.model, max_steps: run.max_steps, budget_usd: run.budget_usd, shell: run.shell };
      onStarted(await startRun(workspace, request));
    });

  const remove = () =>
    attempt("delete the run", async () => {
      await deleteRun(workspace, info.meta.id);
      setConfirming(false);
      onDeleted(info.meta.id);
    });

  return (
    <>
      {canRetry(run.status) && (
        <button type="button" data-testid="run-retry" disabled={busy} title="Start a new run with the same task, model and limits" onClick={() => void retry()}>
          Retry
        </button>
      )}
      {canDelete(run.status) && (
        <button type="button" data-testid="run-delete" disabled={busy} onClick={() => setConfirming(true)}>
          Delete
        </button>
      )}
      {error && !confirming && (
        <p role="alert" className="error small" data-testid="run-afterwards-error">
          {error}
        </p>
      )}
      {confirming && (
        <Dialog title="Delete this run?" testId="run-delete-dialog" onClose={() => setConfirming(false)}>
          <p>
            “{taskTitle(run.task)}”: its steps are removed. Its spend stays in the totals, and the sessions it started stay
            in the Sessions view.
          </p>
          {error && (
            <p role="alert" className="error small">
              {error}
            </p>
          )}
          <div className="form-actions">
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
            <button type="button" className="primary" data-testid="run-confirm-delete" disabled={busy} onClick={() => void remove()}>
              Delete
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
