// Shown in place of a workspace whose folder no longer exists: its sessions
// lived in that folder, so there is nothing left to show or act on.
type Props = { root: string };

export function WorkspaceGone({ root }: Props) {
  return (
    <main className="shell-main">
      <div role="alert" className="workspace-gone" data-testid="workspace-gone">
        <p>
          <strong>This folder no longer exists:</strong> <code>{root}</code>
        </p>
        <p className="muted small">
          It was deleted or moved while open. Restore it, or close this tab and open the folder where it is now.
        </p>
      </div>
    </main>
  );
}
