import type { WorkspaceInfo } from "../api";

type Props = {
  workspace: WorkspaceInfo;
  /** How many sessions the sidebar lists. */
  sessionCount: number;
  /** zwarm has been used here: `has_state` when the folder was opened, or sessions listed since (it goes stale). */
  used: boolean;
  onNewSession: () => void;
};

/** The main area when no session is selected. */
export function EmptyState({ workspace, sessionCount, used, onNewSession }: Props) {
  return (
    <section className="empty-state" data-testid="empty-state">
      <h1>{workspace.name}</h1>
      <p className="muted">
        {sessionCount > 0
          ? "Pick a session on the left, or start a new one."
          : used
            ? "No sessions here yet. Start one."
          : "zwarm has not been used in this folder yet. Start the first session."}
      </p>
      <button type="button" className="primary" data-testid="empty-new-session" onClick={onNewSession}>
        New session
      </button>
      <p className="muted small">
        <kbd>Ctrl</kbd>+<kbd>N</kbd> new session · <kbd>Ctrl</kbd>+<kbd>K</kbd> go to a session
      </p>
    </section>
  );
}
