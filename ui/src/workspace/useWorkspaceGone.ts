// Whether a workspace's folder has disappeared (deleted or moved while open),
// as the backend's live watcher reports it; back to false if it reappears.
import { useEffect, useState } from "react";
import { onLive } from "../live/bus";

export function useWorkspaceGone(workspace: string): boolean {
  const [gone, setGone] = useState(false);
  useEffect(() => {
    setGone(false);
    return onLive(workspace, (event) => {
      if (event.kind === "workspace_folder") setGone(!event.exists);
    });
  }, [workspace]);
  return gone;
}
