import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { WORKSPACE } from "../shell/fixtures";
import { longTranscript } from "./testing/fixtures";
import { installFakeLayout } from "./testing/layout";
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
});
