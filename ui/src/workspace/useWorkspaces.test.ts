import { act, renderHook, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { startLive } from "../live/bus";
import { useWorkspaces } from "./useWorkspaces";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const ws = { root: "/w", name: "w", has_state: true };
const info = { version: "0", core_version: "0", workspace: ws, workspace_error: null, settings_notice: null };

describe("useWorkspaces", () => {
  beforeEach(() => vi.clearAllMocks());

  it("a workspace closed and opened again subscribes to live updates again", async () => {
    vi.mocked(api.openWorkspaces).mockResolvedValue([ws]);
    vi.mocked(api.recentWorkspaces).mockResolvedValue([]);
    vi.mocked(api.openWorkspace).mockResolvedValue(ws);
    vi.mocked(api.subscribe).mockResolvedValue(undefined);
    const { result } = renderHook(() => useWorkspaces(info));
    await startLive("/w");
    expect(api.subscribe).toHaveBeenCalledTimes(1);

    act(() => result.current.close("/w"));
    expect(api.closeWorkspace).toHaveBeenCalledWith("/w");
    await act(() => result.current.openPath("/w"));
    await waitFor(() => expect(result.current.active?.root).toBe("/w"));
    await startLive("/w");
    expect(api.subscribe, "the backend dropped its watcher on close").toHaveBeenCalledTimes(2);
  });

  it("a folder opened again right after its tab closed is opened only once the close is done", async () => {
    vi.mocked(api.openWorkspaces).mockResolvedValue([ws]);
    vi.mocked(api.recentWorkspaces).mockResolvedValue([]);
    vi.mocked(api.openWorkspace).mockResolvedValue(ws);
    let finishClose: () => void = () => undefined;
    vi.mocked(api.closeWorkspace).mockReturnValue(new Promise<void>((resolve) => (finishClose = resolve)));
    const { result } = renderHook(() => useWorkspaces(info));

    act(() => result.current.close("/w"));
    let opened = false;
    const opening = act(async () => {
      await result.current.openPath("/w");
      opened = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(api.openWorkspace, "the open waits for the close").not.toHaveBeenCalled();
    expect(opened).toBe(false);

    finishClose();
    await opening;
    expect(opened).toBe(true);
    expect(result.current.error).toBeNull();
    expect(api.openWorkspace).toHaveBeenCalledWith("/w");
    expect(result.current.active?.root).toBe("/w");
  });
});
