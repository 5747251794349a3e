import { beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { onRunUpdate, resetRunBusForTest, startRunUpdates, stopRunUpdates } from "./runBus";

vi.mock("../api", () => ({ subscribeRuns: vi.fn() }));

describe("run bus", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    resetRunBusForTest();
  });

  it("subscribes once per workspace and hands each run update to that workspace's listeners", async () => {
    let deliver: (update: api.RunUpdate) => void = () => undefined;
    vi.mocked(api.subscribeRuns).mockImplementation(async (_workspace, onUpdate) => {
      deliver = onUpdate;
    });
    const mine = vi.fn();
    const other = vi.fn();
    onRunUpdate("/w", mine);
    onRunUpdate("/elsewhere", other);
    await startRunUpdates("/w");
    await startRunUpdates("/w");
    expect(api.subscribeRuns).toHaveBeenCalledTimes(1);
    const update = { run_id: "r1", event: null, meta: null };
    deliver(update);
    expect(mine).toHaveBeenCalledWith(update);
    expect(other).not.toHaveBeenCalled();
  });

  it("subscribes again after the workspace was closed", async () => {
    vi.mocked(api.subscribeRuns).mockResolvedValue(undefined);
    await startRunUpdates("/w");
    stopRunUpdates("/w");
    await startRunUpdates("/w");
    expect(api.subscribeRuns).toHaveBeenCalledTimes(2);
  });
});
