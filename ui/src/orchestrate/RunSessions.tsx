// The agent sessions a run started, as its latest step recorded them, each
// with a way to open it in the Sessions view (the run's own record says only
// id, status and turn; the session's transcript lives there).
import type { SessionSnapshot } from "../api";
import { useBeat } from "../shell/beat";

type Props = {
  sessions: SessionSnapshot[];
  onOpenSession: (id: string) => void;
};

export function RunSessions({ sessions, onOpenSession }: Props) {
  useBeat(sessions.some((s) => s.status === "running"));
  if (sessions.length === 0) return null;
  return (
    <section className="run-sessions" data-testid="run-sessions">
      <h3>Sessions this run started</h3>
      <ul>
        {sessions.map((session) => (
          <li key={session.id} data-testid="run-session" data-session-id={session.id} data-status={session.status}>
            <span className={`status-dot status-${session.status}`} aria-hidden="true" />
            <span className="path" title={session.id}>
              {session.id.slice(0, 8)}
            </span>
            <span className="muted small">
              {session.status} · turn {session.turn}
            </span>
            <button
              type="button"
              className="link small"
              data-testid="run-open-session"
              title="Show this session in the Sessions view"
              onClick={() => onOpenSession(session.id)}
            >
              Open ↗
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
