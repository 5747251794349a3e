// The follow-up message box under the thread. One turn runs at a time, so it
// is closed while one is running, and says why.
import { useState, type KeyboardEvent } from "react";
import { continueSession, type SessionSummary } from "../api";
import { messageOf } from "../shell/errors";

export const BUSY_REASON = "A turn is running — wait for it to finish or kill it";

type Props = {
  workspace: string;
  summary: SessionSummary;
  /** The session as the backend answered the continue (its new turn running). */
  onSent: (summary: SessionSummary) => void;
};

export function Composer({ workspace, summary, onSent }: Props) {
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = summary.status === "running" || summary.status === "pending";
  const reason = busy ? BUSY_REASON : null;
  const canSend = reason === null && !sending && text.trim() !== "";

  async function send() {
    if (!canSend) return;
    setSending(true);
    setError(null);
    try {
      const next = await continueSession(workspace, summary.id, text);
      setText("");
      onSent(next);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key !== "Enter" || event.shiftKey || event.altKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void send();
  }

  return (
    <form
      className="composer"
      data-testid="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {reason && (
        <p className="muted small composer-reason" data-testid="composer-reason">
          {reason}
        </p>
      )}
      {error && (
        <p role="alert" className="error small" data-testid="composer-error">
          Could not send: {error}
        </p>
      )}
      <div className="composer-row">
        <textarea
          data-testid="composer-input"
          aria-label="Follow-up message"
          placeholder={reason ? undefined : "Send a follow-up… (Enter sends, Shift+Enter for a new line)"}
          rows={2}
          value={text}
          disabled={reason !== null || sending}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary" data-testid="composer-send" disabled={!canSend}>
          {sending ? "Sending…" : "Send"}
        </button>
      </div>
    </form>
  );
}
