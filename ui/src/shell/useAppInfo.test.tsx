import { renderHook, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useAppInfo } from "./useAppInfo";
import * as api from "../api";

vi.mock("../api", () => ({
  getAppInfo: vi.fn(),
  signalUiReady: vi.fn(),
}));

const info: api.AppInfo = {
  version: "0.1.0",
  core_version: "0.1.0",
  workspace: { root: "/w", name: "w", has_state: true },
  workspace_error: null,
  settings_notice: null,
};

describe("useAppInfo", () => {
  beforeEach(() => vi.clearAllMocks());

  it("loads the info, then signals that the UI is ready", async () => {
    vi.mocked(api.getAppInfo).mockResolvedValue(info);
    vi.mocked(api.signalUiReady).mockResolvedValue(undefined);
    const { result } = renderHook(() => useAppInfo());
    expect(result.current.status).toBe("loading");
    await waitFor(() => expect(result.current).toEqual({ status: "ready", info }));
    expect(api.signalUiReady).toHaveBeenCalledTimes(1);
  });

  it("reports a backend failure and does not signal readiness", async () => {
    vi.mocked(api.getAppInfo).mockRejectedValue(new Error("no ipc"));
    const { result } = renderHook(() => useAppInfo());
    await waitFor(() => expect(result.current.status).toBe("error"));
    expect(result.current).toEqual({ status: "error", message: "Error: no ipc" });
    expect(api.signalUiReady).not.toHaveBeenCalled();
  });
});
