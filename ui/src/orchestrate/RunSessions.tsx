// The agent sessions a run started, each with where it stands now and a way
// to open it in the Sessions view. The run's latest step recorded each
// session's state when the step ran; a session goes on after that (it may
// finish long after the run stopped), so the live listing wins where it has
// the session, and a recorded state is marked as such.
import type { SessionSnapshot, SessionSummary } from "../api";
import { useBeat } from "../shell/beat";

type Props = {
  sessions: SessionSnapshot[];
  /** The workspace's sessions as listed live. */
  live: SessionSummary[];
  onOpenSession: (id: string) => void;
};

export function RunSessions({ sessions, live, onOpenSession }: Props) {
  const byId = new Map(live.map((s) => [s.id, s] as const));
  useBeat(sessions.some((s) => (byId.get(s.id)?.status ?? s.status) === "running"));
  if (sessions.length === 0) return null;
  return (
    <section className="run-sessions" data-testid="run-sessions">
      <h3>Sessions this run started</h3>
      <ul>
        {sessions.map((snapshot) => {
          const now = byId.get(snapshot.id);
          const status = now?.status ?? snapshot.status;
          const turn = now?.turn ?? snapshot.turn;
          return (
            <li key={snapshot.id} data-testid="run-session" data-session-id={snapshot.id} data-status={status}>
              <span className={`status-dot status-${status}`} aria-hidden="true" />
              <span className="path" title={snapshot.id}>
                {snapshot.id.slice(0, 8)}
              </span>
              {now && <span className="run-session-task">{now.task}</span>}
              <span className="muted small" title={now ? undefined : "As the run's last step recorded it: the session is no longer listed"}>
                {status} · turn {turn}
                {now ? "" : " (as last recorded)"}
              </span>
              <button
                type="button"
                className="link small"
                data-testid="run-open-session"
                title="Show this session in the Sessions view"
                onClick={() => onOpenSession(snapshot.id)}
              >
                Open ↗
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
