import { useState } from "react";
import type { WorkspacesController } from "./useWorkspaces";

/** "Open folder…" (native picker) with the recently opened folders beside it. */
export function OpenFolderMenu({ controller }: { controller: WorkspacesController }) {
  const [showRecent, setShowRecent] = useState(false);
  const openRoots = new Set(controller.workspaces.map((w) => w.root));
  const recent = controller.recent.filter((path) => !openRoots.has(path));
  return (
    <div className="open-folder">
      <button type="button" data-testid="open-folder" onClick={() => void controller.pickAndOpen()}>
        Open folder…
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label="Recent folders"
        aria-expanded={showRecent}
        data-testid="recent-toggle"
        onClick={() => setShowRecent((shown) => !shown)}
      >
        ▾
      </button>
      {showRecent && (
        <ul className="menu" data-testid="recent-menu">
          {recent.length === 0 && <li className="muted">No recent folder.</li>}
          {recent.map((path) => (
            <li key={path}>
              <button
                type="button"
                className="path"
                data-testid="recent-folder"
                onClick={() => {
                  setShowRecent(false);
                  void controller.openPath(path);
                }}
              >
                {path}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
