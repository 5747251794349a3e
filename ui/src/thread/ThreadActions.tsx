// What can be done to the open session: see what it changed, kill its
// running turn, delete it, copy its id, open its folder. Failures are shown next to the buttons.
import { useEffect, useState } from "react";
import { deleteSession, killSession, revealFolder, type KillResult, type SessionSummary } from "../api";
import { copyText } from "../shell/clipboard";
import { Dialog } from "../shell/Dialog";
import { messageOf } from "../shell/errors";
import { useEscape } from "./useEscape";

type Props = {
  workspace: string;
  summary: SessionSummary;
  /** Called once the backend deleted the session. */
  onDeleted: () => void;
  /** Opens what the whole session changed. */
  onReview?: () => void;
};

/** What to tell the user when a kill did not cut a turn short; `null` when it did. */
export function killNotice(result: KillResult): string | null {
  switch (result.kind) {
    case "killed":
      return null;
    case "already_ended":
      return `The turn had already ended by itself (${result.status}); nothing was killed.`;
    case "not_running":
      return "Nothing was running; nothing was killed.";
  }
}

export function ThreadActions({ workspace, summary, onDeleted, onReview }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<"kill" | "delete" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState(false);
  const active = summary.status === "running" || summary.status === "pending";

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);

  async function run(what: string, action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(`${what}: ${messageOf(e)}`);
      return false;
    }
  }

  async function kill() {
    setBusy("kill");
    setNotice(null);
    await run("Could not kill the session", async () => setNotice(killNotice(await killSession(workspace, summary.id))));
    setBusy(null);
  }

  async function remove() {
    setBusy("delete");
    const done = await run("Could not delete the session", () => deleteSession(workspace, summary.id));
    setBusy(null);
    setConfirming(false);
    if (done) onDeleted();
  }

  async function copyId() {
    const ok = await run("Could not copy the id", () => copyText(summary.id));
    setCopied(ok);
  }

  return (
    <div className="thread-actions">
      {onReview && (
        <button
          type="button"
          data-testid="session-diff-button"
          title={summary.worktree ? "Its worktree against the commit it was made from" : "Its files from its first turn to its last"}
          onClick={onReview}
        >
          Diff
        </button>
      )}
      <button
        type="button"
        data-testid="kill-button"
        disabled={!active || busy !== null}
        title={active ? "Stop the running turn" : "Nothing is running"}
        onClick={kill}
      >
        {busy === "kill" ? "Killing…" : "Kill"}
      </button>
      <button type="button" data-testid="delete-button" disabled={busy !== null} onClick={() => setConfirming(true)}>
        Delete
      </button>
      <button type="button" data-testid="copy-id-button" title={summary.id} onClick={copyId}>
        {copied ? "Copied" : "Copy id"}
      </button>
      <button
        type="button"
        data-testid="reveal-button"
        title={summary.working_dir}
        onClick={() => run("Could not open the folder", () => revealFolder(workspace, summary.working_dir))}
      >
        Open folder
      </button>
      {notice && (
        <div role="status" className="action-notice" data-testid="action-notice">
          {notice}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      )}
      {error && (
        <div role="alert" className="error action-error" data-testid="action-error">
          {error}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => setError(null)}>
            ×
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmDelete
          summary={summary}
          busy={busy === "delete"}
          onConfirm={remove}
          onCancel={() => setConfirming(false)}
        />
      )}
    </div>
  );
}

type ConfirmProps = { summary: SessionSummary; busy: boolean; onConfirm: () => void; onCancel: () => void };

function ConfirmDelete({ summary, busy, onConfirm, onCancel }: ConfirmProps) {
  useEscape(onCancel);
  const active = summary.status === "running" || summary.status === "pending";
  return (
    <Dialog title="Delete session?" testId="delete-dialog" onClose={onCancel}>
      <p>
        <strong>{summary.title || summary.id}</strong> and its transcript will be removed from this workspace. This
        cannot be undone.
      </p>
      <p className="muted" data-testid="delete-spend-note">
        What it cost stays counted in Spend (the workspace's spend ledger keeps it), listed there as deleted.
      </p>
      {active && <p className="danger-warning">It is running: its turn is killed first.</p>}
      <div className="form-actions">
        <button type="button" data-testid="cancel-delete" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary danger" data-testid="confirm-delete" disabled={busy} onClick={onConfirm}>
          {busy ? "Deleting…" : "Delete"}
        </button>
      </div>
    </Dialog>
  );
}
