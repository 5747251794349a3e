import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { EventPage } from "../api";
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

describe("find in thread", () => {
  it("Ctrl+F finds across the whole transcript and loads the page of a hit far above", async () => {
    const events = longTranscript(3000);
    await renderThread(events, { summary: { turn: 12 } });
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
    // Waits, not timings: generous bounds for a loaded machine.
    const patience = { timeout: 10_000 };
    await waitFor(() => expect(within(bar).getByTestId("find-count")).toHaveTextContent("2 of 2"), patience);
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
   * Opens the find bar on a hit at offset 40 of 3,000 events and steps to it,
   * holding back the first page that is not the hit's own (the one the jump
   * asks for by bringing the top near) until `release` is called.
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
    const patience = { timeout: 10_000 };
    await waitFor(() => expect(within(bar).getByTestId("find-count")).toHaveTextContent("2 of 2"), patience);
    await user.click(within(bar).getByTestId("find-next"));
    await waitFor(() => expect(screen.getByTestId("find-current")).toHaveTextContent("message 40"), patience);
    // The jump brought the top near: the page above the hit's is asked for.
    await waitFor(() => expect(api.sessionEvents).toHaveBeenCalledWith(WORKSPACE, "s1", 0, 20), patience);
    return { release, patience };
  }

  it("keeps the hit in view when a page lands above it right after the jump", async () => {
    const { release, patience } = await jumpFarUp();
    release();
    await waitFor(() => expect(screen.queryByTestId("earlier-band")).toBeNull(), patience);
    await waitFor(() => expect(screen.getByTestId("find-current")).toHaveTextContent("message 40"), patience);
    // Settled: it stays.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(screen.getByTestId("find-current")).toHaveTextContent("message 40");
  }, 30_000);

  it("leaves the reader where they scrolled to when a page lands after they moved", async () => {
    const { release, patience } = await jumpFarUp();
    const thread = screen.getByTestId("thread");
    thread.dispatchEvent(new WheelEvent("wheel", { bubbles: true, deltaY: 5000 }));
    await scrollThreadTo(thread, thread.scrollTop + 5000);
    const readerAt = thread.scrollTop;
    release();
    await waitFor(() => expect(screen.queryByTestId("earlier-band")).toBeNull(), patience);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The 20 rows that landed above kept what the reader looks at in place
    // (the sizer's end anchoring); the hit was not pulled back into view.
    expect(screen.queryByTestId("find-current")).toBeNull();
    expect(thread.scrollTop).toBeGreaterThanOrEqual(readerAt);
  }, 30_000);
});
