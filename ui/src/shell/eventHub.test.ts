import { afterEach, describe, expect, it, vi } from "vitest";
import { createEventHub } from "./eventHub";

type Opening = { key: string; deliver: (event: string) => void; resolve: () => void; reject: (error: Error) => void };

/** A hub over a fake backend whose openings the test settles and speaks through. */
function hubWithBackend() {
  const openings: Opening[] = [];
  const open = vi.fn(
    (key: string, deliver: (event: string) => void) =>
      new Promise<void>((resolve, reject) => {
        openings.push({ key, deliver, resolve, reject });
      }),
  );
  return { hub: createEventHub<string>(open), open, openings };
}

describe("event hub", () => {
  afterEach(() => vi.restoreAllMocks());

  it("opens one stream per key and hands every caller the same ready promise", async () => {
    const { hub, open, openings } = hubWithBackend();
    const first = hub.start("/a");
    const second = hub.start("/a");
    expect(second).toBe(first);
    hub.start("/b");
    expect(open.mock.calls.map(([key]) => key)).toEqual(["/a", "/b"]);
    openings[0].resolve();
    await expect(hub.start("/a")).resolves.toBeUndefined();
    expect(open).toHaveBeenCalledTimes(2);
  });

  it("fans a stream's events out to the listeners of its key only, until they stop listening", () => {
    const { hub, openings } = hubWithBackend();
    const mine = vi.fn();
    const also = vi.fn();
    const other = vi.fn();
    const stop = hub.on("/a", mine);
    hub.on("/a", also);
    hub.on("/b", other);
    hub.start("/a");
    openings[0].deliver("one");
    expect(mine).toHaveBeenCalledWith("one");
    expect(also).toHaveBeenCalledWith("one");
    expect(other).not.toHaveBeenCalled();
    stop();
    openings[0].deliver("two");
    expect(mine).toHaveBeenCalledTimes(1);
    expect(also).toHaveBeenCalledTimes(2);
  });

  it("hears what a stream delivers while it is still opening", () => {
    const hub = createEventHub<string>(async (_key, deliver) => deliver("at once"));
    const seen = vi.fn();
    hub.on("/a", seen);
    void hub.start("/a");
    expect(seen).toHaveBeenCalledWith("at once");
  });

  it("shares a failed opening's error with every caller, then opens again on the next start", async () => {
    const { hub, open, openings } = hubWithBackend();
    const first = hub.start("/a");
    const second = hub.start("/a");
    openings[0].reject(new Error("no watcher"));
    await expect(first).rejects.toThrow("no watcher");
    await expect(second).rejects.toThrow("no watcher");
    hub.start("/a");
    expect(open).toHaveBeenCalledTimes(2);
  });

  it("reports an opening that throws before it returns a promise as a failed start", async () => {
    const hub = createEventHub<string>(() => {
      throw new Error("no channel");
    });
    await expect(hub.start("/a")).rejects.toThrow("no channel");
  });

  it("opens again after stop, and drops what the stopped stream still delivers", async () => {
    const { hub, open, openings } = hubWithBackend();
    const seen = vi.fn();
    hub.on("/a", seen);
    hub.start("/a");
    openings[0].resolve();
    hub.stop("/a");
    openings[0].deliver("stale");
    expect(seen).not.toHaveBeenCalled();
    hub.start("/a");
    expect(open).toHaveBeenCalledTimes(2);
    openings[0].deliver("stale again");
    openings[1].deliver("fresh");
    expect(seen.mock.calls).toEqual([["fresh"]]);
  });

  it("keeps the new stream when one stopped while opening fails afterwards", async () => {
    const { hub, open, openings } = hubWithBackend();
    const old = hub.start("/a");
    hub.stop("/a");
    const current = hub.start("/a");
    openings[0].reject(new Error("replaced"));
    await expect(old).rejects.toThrow("replaced");
    expect(hub.start("/a")).toBe(current);
    expect(open).toHaveBeenCalledTimes(2);
  });

  it("still hands the event to the other listeners when one throws, and reports the error later", () => {
    const later: Array<() => void> = [];
    vi.spyOn(globalThis, "queueMicrotask").mockImplementation((task) => later.push(task));
    const { hub, openings } = hubWithBackend();
    const after = vi.fn();
    hub.on("/a", () => {
      throw new Error("listener broke");
    });
    hub.on("/a", after);
    hub.start("/a");
    openings[0].deliver("event");
    expect(after).toHaveBeenCalledWith("event");
    expect(later).toHaveLength(1);
    expect(later[0]).toThrow("listener broke");
  });

  it("hands an event only to those who listened when it came and listen still", () => {
    const hub = createEventHub<string>(async () => undefined);
    const added = vi.fn();
    const removed = vi.fn();
    let stopRemoved = () => {};
    hub.on("/a", () => {
      hub.on("/a", added);
      stopRemoved();
    });
    stopRemoved = hub.on("/a", removed);
    hub.emitForTest("/a", "first");
    expect(added).not.toHaveBeenCalled();
    expect(removed).not.toHaveBeenCalled();
    hub.emitForTest("/a", "second");
    expect(added).toHaveBeenCalledWith("second");
  });

  it("forgets every stream and listener on resetForTest", () => {
    const { hub, open } = hubWithBackend();
    const seen = vi.fn();
    hub.on("/a", seen);
    hub.start("/a");
    hub.resetForTest();
    hub.emitForTest("/a", "after reset");
    expect(seen).not.toHaveBeenCalled();
    hub.start("/a");
    expect(open).toHaveBeenCalledTimes(2);
  });
});
