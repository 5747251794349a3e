// Which view of a workspace is shown, remembered per workspace.
import { useCallback, useState } from "react";
import { readStored, writeStored } from "./storage";

export const VIEW_MODES = ["sessions", "pilot", "runs", "spend", "settings"] as const;
export type WorkspaceViewMode = (typeof VIEW_MODES)[number];

const storageKey = (workspace: string) => `zwarm.view.${workspace}`;

function stored(workspace: string | null): WorkspaceViewMode {
  if (!workspace) return "sessions";
  const value = readStored<string>(storageKey(workspace), "sessions");
  return VIEW_MODES.find((mode) => mode === value) ?? "sessions";
}

export function useWorkspaceViewMode(workspace: string | null) {
  const [state, setState] = useState(() => ({ workspace, view: stored(workspace) }));
  // Another workspace became active: show the view it had.
  const current = state.workspace === workspace ? state : { workspace, view: stored(workspace) };
  if (current !== state) setState(current);
  const setView = useCallback(
    (view: WorkspaceViewMode) => {
      setState({ workspace, view });
      if (workspace) writeStored(storageKey(workspace), view);
    },
    [workspace],
  );
  return [current.view, setView] as const;
}
