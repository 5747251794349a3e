import type { WorkspacesController } from "./useWorkspaces";

/** One tab per open workspace; the close button closes it in the backend too. */
export function WorkspaceTabs({ controller }: { controller: WorkspacesController }) {
  const { workspaces, active } = controller;
  return (
    <div className="workspace-tabs" role="tablist" aria-label="Workspaces" data-testid="workspace-tabs">
      {workspaces.length === 0 && (
        <span className="workspace-name" data-testid="workspace-name">
          no workspace
        </span>
      )}
      {workspaces.map((workspace) => {
        const isActive = workspace.root === active?.root;
        return (
          <div key={workspace.root} className={`workspace-tab${isActive ? " active" : ""}`} title={workspace.root}>
            <button
              type="button"
              role="tab"
              aria-selected={isActive}
              className="workspace-tab-label"
              onClick={() => controller.setActiveRoot(workspace.root)}
            >
              <span data-testid={isActive ? "workspace-name" : undefined}>{workspace.name}</span>
            </button>
            <button
              type="button"
              className="icon-button"
              data-testid="close-workspace"
              aria-label={`Close ${workspace.name}`}
              onClick={() => controller.close(workspace.root)}
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
