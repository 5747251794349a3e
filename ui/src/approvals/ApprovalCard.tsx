// One request of an "Ask me" agent, waiting for the user: what it would run
// (the command and where, or each file's change), and the three answers:
// Approve, Approve always (this same action in this workspace, from now on;
// Settings → Approvals lists and removes such rules), Deny with a reason the
// agent is told.
import { useState } from "react";
import { answerApproval, type Answer, type Approval, type ProposedChange } from "../api";
import { adapterName } from "../shell/adapterNames";
import { messageOf } from "../shell/errors";
import { dropApproval } from "./store";
import "./approvals.css";

type Props = {
  workspace: string;
  approval: Approval;
  /** The session's title, where the card is shown away from its thread (the pilot's view). */
  sessionTitle?: string;
};

/** "Codex asks to run a command", "Claude Code asks to change 2 files", "... asks to use WebFetch". */
export function askedFor(approval: Approval): string {
  const who = adapterName(approval.adapter);
  const action = approval.action;
  switch (action.kind) {
    case "command":
      return `${who} asks to run a command`;
    case "file_change":
      return `${who} asks to change ${action.changes.length === 1 ? "a file" : `${action.changes.length} files`}`;
    case "tool":
      return `${who} asks to use ${action.name}`;
  }
}

function DiffText({ change }: { change: ProposedChange }) {
  const lines = change.diff.replace(/\n$/, "").split("\n");
  return (
    <div className="approval-change" data-testid="approval-change">
      <div className="approval-change-path">
        <span className={`badge change-${change.kind}`}>{change.kind}</span> <code>{change.path}</code>
      </div>
      {change.diff !== "" && (
        <pre className="approval-diff">
          {lines.map((line, index) => (
            <span
              key={index}
              className={line.startsWith("+") ? "added" : line.startsWith("-") ? "removed" : undefined}
            >
              {line}
              {"\n"}
            </span>
          ))}
        </pre>
      )}
    </div>
  );
}

export function ApprovalCard({ workspace, approval, sessionTitle }: Props) {
  const [denying, setDenying] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const action = approval.action;

  async function answer(value: Answer) {
    setBusy(true);
    setError(null);
    try {
      await answerApproval(workspace, approval.id, value);
      dropApproval(workspace, approval);
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
    }
  }

  return (
    <section className="approval-card" data-testid="approval-card" data-approval-id={approval.id} aria-label={askedFor(approval)}>
      <header className="approval-head">
        <span className="approval-dot" aria-hidden />
        <strong>{askedFor(approval)}</strong>
        {sessionTitle && <span className="muted approval-session">in “{sessionTitle}”</span>}
      </header>
      {action.kind === "command" && (
        <pre className="approval-command" data-testid="approval-command">
          <span aria-hidden>$ </span>
          {action.command}
        </pre>
      )}
      {action.kind === "file_change" && action.changes.map((change) => <DiffText key={change.path} change={change} />)}
      {action.kind === "tool" && (
        <pre className="approval-command" data-testid="approval-tool-input">
          {JSON.stringify(action.input, null, 2)}
        </pre>
      )}
      <p className="approval-where muted">
        in <code data-testid="approval-cwd">{approval.cwd}</code>
      </p>
      {approval.reason && <p className="approval-reason">Why: {approval.reason}</p>}
      {error && (
        <p role="alert" className="error small" data-testid="approval-error">
          Could not answer: {error}
        </p>
      )}
      {denying ? (
        <form
          className="approval-deny"
          onSubmit={(event) => {
            event.preventDefault();
            void answer({ approved: false, reason: reason.trim() || null });
          }}
        >
          <label>
            Why not? The agent is told.
            <textarea
              data-testid="approval-reason-input"
              autoFocus
              rows={2}
              value={reason}
              placeholder="e.g. use the staging server instead"
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          <div className="approval-buttons">
            <button type="submit" className="danger" data-testid="approval-deny-confirm" disabled={busy}>
              Deny
            </button>
            <button type="button" disabled={busy} onClick={() => setDenying(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="approval-buttons">
          <button type="button" className="primary" data-testid="approval-approve" disabled={busy} onClick={() => void answer({ approved: true })}>
            Approve
          </button>
          <button
            type="button"
            data-testid="approval-always"
            disabled={busy}
            title="Approve, and approve this same action in this workspace from now on (Settings → Approvals)"
            onClick={() => void answer({ approved: true, always: true })}
          >
            Approve always
          </button>
          <button type="button" data-testid="approval-deny" disabled={busy} onClick={() => setDenying(true)}>
            Deny…
          </button>
        </div>
      )}
    </section>
  );
}
