import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { emitForTest, onLive, startLive, stopLive } from "./bus";

vi.mock("../api", () => ({ subscribe: vi.fn() }));

describe("live bus", () => {
  beforeEach(() => vi.clearAllMocks());

  it("subscribes once per workspace and fans events out to listeners of that workspace only", async () => {
    vi.mocked(api.subscribe).mockResolvedValue(undefined);
    await startLive("/w");
    await startLive("/w");
    expect(api.subscribe).toHaveBeenCalledTimes(1);
    const mine = vi.fn();
    const other = vi.fn();
    const stop = onLive("/w", mine);
    onLive("/elsewhere", other);
    const event = { kind: "removed", session_id: "s1" } as const;
    emitForTest("/w", event);
    expect(mine).toHaveBeenCalledWith(event);
    expect(other).not.toHaveBeenCalled();
    stop();
    emitForTest("/w", event);
    expect(mine).toHaveBeenCalledTimes(1);
  });

  it("forwards what the backend subscription delivers", async () => {
    let deliver: (e: api.EngineEvent) => void = () => undefined;
    vi.mocked(api.subscribe).mockImplementation(async (_ws, cb) => {
      deliver = cb;
    });
    await startLive("/x");
    const seen = vi.fn();
    onLive("/x", seen);
    deliver({ kind: "removed", session_id: "s2" });
    expect(seen).toHaveBeenCalledWith({ kind: "removed", session_id: "s2" });
  });

  it("subscribes again after the workspace was closed (the backend dropped its watcher)", async () => {
    vi.mocked(api.subscribe).mockResolvedValue(undefined);
    await startLive("/reopened");
    stopLive("/reopened");
    await startLive("/reopened");
    expect(api.subscribe).toHaveBeenCalledTimes(2);
  });
});
