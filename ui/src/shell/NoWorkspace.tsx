import type { WorkspacesController } from "../workspace/useWorkspaces";

/** The window with no workspace open: why (if the launch folder failed) and how to open one. */
export function NoWorkspace({ controller }: { controller: WorkspacesController }) {
  return (
    <>
      <aside className="shell-sidebar" aria-label="Sessions">
        <p className="muted">Open a folder to see its sessions.</p>
      </aside>
      <main className="shell-main">
        <div role="alert" className="error" data-testid="workspace-error">
          {controller.error ?? "No workspace is open."}
        </div>
        <button type="button" className="primary" onClick={() => void controller.pickAndOpen()}>
          Open folder…
        </button>
        {controller.recent.length > 0 && (
          <>
            <h2 className="section-title">Recent folders</h2>
            <ul className="recent-list">
              {controller.recent.map((path) => (
                <li key={path}>
                  <button type="button" className="link path" onClick={() => void controller.openPath(path)}>
                    {path}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </main>
    </>
  );
}
