// The workspaces open in the window (shown as tabs), the one shown, and the recent list.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  closeWorkspace,
  openWorkspace,
  openWorkspaces,
  pickFolder,
  recentWorkspaces,
  type AppInfo,
  type WorkspaceInfo,
} from "../api";
import { stopLive } from "../live/bus";
import { stopRunUpdates } from "../orchestrate/runBus";
import { messageOf } from "../shell/errors";

function withWorkspace(list: WorkspaceInfo[], workspace: WorkspaceInfo): WorkspaceInfo[] {
  return list.some((w) => w.root === workspace.root) ? list : [...list, workspace];
}

export function useWorkspaces(info: AppInfo) {
  const [workspaces, setWorkspaces] = useState<WorkspaceInfo[]>(info.workspace ? [info.workspace] : []);
  const [activeRoot, setActiveRoot] = useState<string | null>(info.workspace?.root ?? null);
  const [recent, setRecent] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(info.workspace_error);
  // Closes the backend has not finished. A folder opened again right after
  // its tab was closed waits for them: the backend runs commands on a pool,
  // so a late close would otherwise drop the engine the new tab uses.
  const closing = useRef(new Set<Promise<void>>());

  const refreshRecent = useCallback(() => {
    recentWorkspaces()
      .then(setRecent)
      .catch(() => setRecent([]));
  }, []);

  useEffect(() => {
    refreshRecent();
    openWorkspaces()
      .then((open) => setWorkspaces((current) => open.reduce(withWorkspace, current)))
      .catch(() => undefined);
  }, [refreshRecent]);

  const openPath = useCallback(
    async (path: string) => {
      try {
        await Promise.all(closing.current);
        const workspace = await openWorkspace(path);
        setWorkspaces((current) => withWorkspace(current, workspace));
        setActiveRoot(workspace.root);
        setError(null);
        refreshRecent();
      } catch (e) {
        setError(messageOf(e));
      }
    },
    [refreshRecent],
  );

  const pickAndOpen = useCallback(async () => {
    try {
      const path = await pickFolder();
      if (path) await openPath(path);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [openPath]);

  const close = useCallback(
    (root: string) => {
      const closed = closeWorkspace(root).catch(() => undefined);
      closing.current.add(closed);
      void closed.finally(() => closing.current.delete(closed));
      stopLive(root);
      stopRunUpdates(root);
      const index = workspaces.findIndex((w) => w.root === root);
      const remaining = workspaces.filter((w) => w.root !== root);
      setWorkspaces(remaining);
      if (root === activeRoot) setActiveRoot(remaining[Math.min(index, remaining.length - 1)]?.root ?? null);
    },
    [workspaces, activeRoot],
  );

  const active = workspaces.find((w) => w.root === activeRoot) ?? workspaces[0] ?? null;
  return {
    workspaces,
    active,
    recent,
    error,
    dismissError: () => setError(null),
    setActiveRoot,
    openPath,
    pickAndOpen,
    close,
  };
}

export type WorkspacesController = ReturnType<typeof useWorkspaces>;
