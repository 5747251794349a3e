import type { AppInfoState } from "./useAppInfo";

/** The window's frame: title bar, sessions sidebar, main view and status strip. */
export function AppShell({ state }: { state: AppInfoState }) {
  const workspace = state.status === "ready" ? state.info.workspace : null;
  return (
    <div className="shell" data-testid="app-shell">
      <header className="shell-header">
        <span className="brand">zwarm</span>
        <span className="workspace-name" data-testid="workspace-name">
          {workspace ? workspace.name : "no workspace"}
        </span>
      </header>
      <aside className="shell-sidebar" aria-label="Sessions">
        <h2>Sessions</h2>
        <p className="muted">No sessions yet.</p>
      </aside>
      <main className="shell-main">
        <MainView state={state} />
      </main>
      <footer className="shell-status" data-testid="status-strip">
        {state.status === "ready" ? (
          <span data-testid="backend-version">
            backend {state.info.version} · core {state.info.core_version}
          </span>
        ) : (
          <span>{state.status === "loading" ? "connecting to backend…" : "backend unavailable"}</span>
        )}
      </footer>
    </div>
  );
}

function MainView({ state }: { state: AppInfoState }) {
  switch (state.status) {
    case "loading":
      return <p className="muted">Loading…</p>;
    case "error":
      return (
        <div role="alert" className="error">
          The backend did not answer: {state.message}
        </div>
      );
    case "ready": {
      const { workspace, workspace_error } = state.info;
      if (!workspace) {
        return (
          <div role="alert" className="error" data-testid="workspace-error">
            {workspace_error ?? "No workspace is open."}
          </div>
        );
      }
      return (
        <section className="welcome">
          <h1>{workspace.name}</h1>
          <p className="path" data-testid="workspace-root">
            {workspace.root}
          </p>
          <p className="muted">
            {workspace.has_state
              ? "This folder has zwarm state (.zwarm/)."
              : "zwarm has not been used in this folder yet."}
          </p>
        </section>
      );
    }
  }
}
