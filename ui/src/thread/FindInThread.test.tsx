import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { EventPage, SessionEvent } from "../api";
import { WORKSPACE } from "../shell/fixtures";
import { longTranscript, pagedBackend } from "./testing/fixtures";
import { installFakeLayout, scrollThreadTo } from "./testing/layout";
import { renderThread } from "./testing/render";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

let restoreLayout: () => void = () => undefined;
beforeEach(() => {
  vi.clearAllMocks();
  restoreLayout = installFakeLayout();
});
afterEach(() => restoreLayout());

// Waits, not timings: generous bounds for a loaded machine.
const patience = { timeout: 10_000 };

/** Opens the find bar on a thread whose "message 40" matches at offsets 40 (far above) and 2990 (in the tail). */
async function findFarAndNear(events: SessionEvent[]) {
  const far = events[40];
  const near = events[2990];
  vi.mocked(api.findInSession).mockResolvedValue([
    { offset: 40, turn: far.turn, index: far.index },
    { offset: 2990, turn: near.turn, index: near.index },
  ]);
  const user = userEvent.setup();
  await user.keyboard("{Control>}f{/Control}");
  const bar = screen.getByTestId("find-bar");
  await user.type(within(bar).getByTestId("find-input"), "message 40");
  await waitFor(() => expect(within(bar).getByTestId("find-count")).toHaveTextContent("2 of 2"), patience);
  return { user, bar };
}

describe("find in thread", () => {
  it("Ctrl+F finds across the whole transcript and loads the page of a hit far above", async () => {
    const events = longTranscript(3000);
    await renderThread(events, { summary: { turn: 12 } });
    const { user, bar } = await findFarAndNear(events);
    expect(api.findInSession).toHaveBeenLastCalledWith(WORKSPACE, "s1", "message 40");
    // The newest hit first: it is in the loaded tail.
    expect(await screen.findByTestId("find-current", {}, patience)).toHaveTextContent("message 2990");

    await user.click(within(bar).getByTestId("find-next"));
    expect(within(bar).getByTestId("find-count")).toHaveTextContent("1 of 2");
    await waitFor(() => expect(screen.getByTestId("find-current")).toHaveTextContent("message 40"), patience);
    // Some page reaching down to the hit was asked for (by the find, or by scrolling up to it).
    const offsets = vi.mocked(api.sessionEvents).mock.calls.map(([, , offset]) => offset);
    expect(Math.min(...offsets)).toBeLessThanOrEqual(40);

    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("find-bar")).toBeNull();
  }, 30_000);

  /**
   * Steps to the far hit, holding back the first page that is not the hit's
   * own (the one the jump asks for by bringing the top near) until `release`.
   */
  async function jumpFarUp() {
    const events = longTranscript(3000);
    await renderThread(events, { summary: { turn: 12 } });
    const backend = pagedBackend(events);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.mocked(api.sessionEvents).mockImplementation(async (workspace, id, offset, limit): Promise<EventPage> => {
      if (offset === 0) await held;
      return backend(workspace, id, offset, limit);
    });
    const { user, bar } = await findFarAndNear(events);
    await user.click(within(bar).getByTestId("find-next"));
    await waitFor(() => expect(screen.getByTestId("find-current")).toHaveTextContent("message 40"), patience);
    await waitFor(() => expect(api.sessionEvents).toHaveBeenCalledWith(WORKSPACE, "s1", 0, 20), patience);
    return release;
  }

  it("keeps the hit in view when a page lands above it right after the jump", async () => {
    const release = await jumpFarUp();
    release();
    await waitFor(() => expect(screen.queryByTestId("earlier-band")).toBeNull(), patience);
    await waitFor(() => expect(screen.getByTestId("find-current")).toHaveTextContent("message 40"), patience);
    // Settled: it stays.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(screen.getByTestId("find-current")).toHaveTextContent("message 40");
  }, 30_000);

  it("leaves the reader where they scrolled to when a page lands after they moved", async () => {
    const release = await jumpFarUp();
    const thread = screen.getByTestId("thread");
    thread.dispatchEvent(new WheelEvent("wheel", { bubbles: true, deltaY: 5000 }));
    await scrollThreadTo(thread, thread.scrollTop + 5000);
    const readerAt = thread.scrollTop;
    release();
    await waitFor(() => expect(screen.queryByTestId("earlier-band")).toBeNull(), patience);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The 20 rows that landed above kept what the reader looks at in place
    // (the list's end anchoring); the hit was not pulled back into view.
    expect(screen.queryByTestId("find-current")).toBeNull();
    expect(thread.scrollTop).toBeGreaterThanOrEqual(readerAt);
  }, 30_000);
});
