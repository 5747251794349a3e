import type { WorkspaceInfo } from "../api";

/** The main area when no session is selected. */
export function EmptyState({ workspace, onNewSession }: { workspace: WorkspaceInfo; onNewSession: () => void }) {
  return (
    <section className="empty-state" data-testid="empty-state">
      <h1>{workspace.name}</h1>
      <p className="muted">
        {workspace.has_state
          ? "Pick a session on the left, or start a new one."
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
