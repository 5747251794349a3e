import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { SessionEvent } from "../api";
import { emitForTest } from "../live/bus";
import { makeSession, WORKSPACE } from "../shell/fixtures";
import { asTurn, longTranscript } from "./testing/fixtures";
import { distanceFromBottom, installFakeLayout, scrollThreadTo } from "./testing/layout";
import { renderThread, rowsOf } from "./testing/render";
import { COUNT_OFFSET, EARLIER_PAGE, TAIL_PAGE } from "./transcript";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

let restoreLayout: () => void = () => undefined;
beforeEach(() => {
  vi.clearAllMocks();
  restoreLayout = installFakeLayout();
});
afterEach(() => restoreLayout());

const runningCommand: SessionEvent = {
  turn: 1,
  index: 1,
  event: { kind: "command", command: "cargo test", output: "running 3 tests\n", exit_code: null, status: "running" },
};

function emitEvents(events: SessionEvent[], sessionId = "s1") {
  act(() => emitForTest(WORKSPACE, { kind: "events", session_id: sessionId, events }));
}

describe("live updates", () => {
  it("adds new events and updates a running command in place", async () => {
    const { thread } = await renderThread([...asTurn(1, "run the tests", []), runningCommand], {
      summary: { turn: 1, status: "running" },
    });
    const block = within(thread).getByTestId("command-block");
    expect(within(block).getByTestId("command-running")).toBeInTheDocument();
    expect(rowsOf(thread)).toHaveLength(3);

    emitEvents([
      {
        turn: 1,
        index: 1,
        event: { kind: "command", command: "cargo test", output: "running 3 tests\nFAILED\n", exit_code: 2, status: "failed" },
      },
    ]);
    expect(rowsOf(thread)).toHaveLength(3);
    const done = within(thread).getByTestId("command-block");
    expect(within(done).queryByTestId("command-running")).toBeNull();
    expect(within(done).getByTestId("exit-code")).toHaveTextContent("exit 2");
    expect(within(done).getByTestId("exit-code")).toHaveClass("nonzero");
    expect(done).toHaveTextContent("FAILED");

    emitEvents([{ turn: 1, index: 2, event: { kind: "agent_message", text: "Two tests **fail**." } }]);
    expect(rowsOf(thread)).toHaveLength(4);
    expect(within(thread).getByTestId("agent-message")).toHaveTextContent("Two tests fail.");
  });

  it("ignores other sessions' events", async () => {
    const { thread } = await renderThread(asTurn(1, "hi", []), { summary: { turn: 1 } });
    emitEvents([{ turn: 1, index: 1, event: { kind: "agent_message", text: "not mine" } }], "other");
    expect(rowsOf(thread)).toHaveLength(2);
  });

  it("takes a new summary and refreshes the turn records when the status changes", async () => {
    await renderThread([...asTurn(1, "hi", []), runningCommand], { summary: { turn: 1, status: "running" } });
    expect(screen.getByTestId("thread-status")).toHaveAttribute("data-status", "running");
    expect(api.getSession).toHaveBeenCalledTimes(1);
    act(() => emitForTest(WORKSPACE, { kind: "session", session: makeSession({ id: "s1", turn: 1, status: "completed" }) }));
    expect(screen.getByTestId("thread-status")).toHaveAttribute("data-status", "completed");
    await waitFor(() => expect(api.getSession).toHaveBeenCalledTimes(2));
  });

  it("says so when the session is deleted elsewhere", async () => {
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1 } });
    act(() => emitForTest(WORKSPACE, { kind: "removed", session_id: "s1" }));
    expect(screen.getByTestId("thread-removed")).toHaveTextContent("deleted");
  });

  it("follows the bottom, and offers a jump back once the reader scrolled up", async () => {
    const events = longTranscript(60, 100);
    const { thread } = await renderThread(events, { summary: { turn: 1, status: "running" } });
    await waitFor(() => expect(distanceFromBottom(thread)).toBeLessThanOrEqual(1));
    expect(screen.queryByTestId("jump-latest")).toBeNull();
    // Long enough for the opening scroll to have settled: what follows is the follow-on-append.
    await new Promise((resolve) => setTimeout(resolve, 300));

    emitEvents([{ turn: 1, index: 60, event: { kind: "agent_message", text: "newest" } }]);
    await waitFor(() => expect(distanceFromBottom(thread)).toBeLessThanOrEqual(1));
    expect(within(thread).getByText("newest")).toBeInTheDocument();

    await scrollThreadTo(thread, 100);
    expect(await screen.findByTestId("jump-latest")).toBeInTheDocument();
    emitEvents([{ turn: 1, index: 61, event: { kind: "agent_message", text: "even newer" } }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(thread.scrollTop).toBe(100);

    await userEvent.click(screen.getByTestId("jump-latest"));
    await waitFor(() => expect(distanceFromBottom(thread)).toBeLessThanOrEqual(1));
    expect(screen.queryByTestId("jump-latest")).toBeNull();
  });
});

describe("paging", () => {
  it("opens a long session on its last page and pages earlier ones in as the reader scrolls up", async () => {
    const total = 2500;
    const { thread } = await renderThread(longTranscript(total), { summary: { turn: 10 } });
    const calls = () => vi.mocked(api.sessionEvents).mock.calls.map(([, , offset, limit]) => [offset, limit]);

    expect(calls()[0]).toEqual([COUNT_OFFSET, 0]);
    expect(calls()[1][0]).toBe(total - TAIL_PAGE);
    expect(calls()).toHaveLength(2);
    // Virtualized: only the rows around the window are drawn.
    expect(rowsOf(thread).length).toBeLessThan(40);
    expect(within(thread).getByText(`message ${total - 1}`)).toBeInTheDocument();

    await scrollThreadTo(thread, 0);
    await waitFor(() => expect(calls()).toHaveLength(3));
    expect(calls()[2]).toEqual([total - TAIL_PAGE - EARLIER_PAGE, EARLIER_PAGE]);
    // Prepending kept the reader where they were instead of jumping to the new top.
    await waitFor(() => expect(thread.scrollTop).toBeGreaterThan(EARLIER_PAGE * 40));

    // Scrolling up in steps, as the benchmark does, then to the top until the beginning is drawn.
    for (let step = 0; step < 5; step++) await scrollThreadTo(thread, thread.scrollTop - 2000);
    for (let page = 0; page < 10 && screen.queryByTestId("earlier-band"); page++) {
      const asked = calls().length;
      await scrollThreadTo(thread, 0);
      await waitFor(() => expect(calls().length > asked || !screen.queryByTestId("earlier-band")).toBe(true));
      await waitFor(() => expect(thread.scrollTop).toBeGreaterThan(0));
    }
    await scrollThreadTo(thread, 0);
    await waitFor(() => expect(within(thread).getByText("prompt of turn 1")).toBeInTheDocument());
    expect(screen.queryByTestId("earlier-band")).toBeNull();
    let end = total - TAIL_PAGE;
    for (const [offset, limit] of calls().slice(2)) {
      expect(offset + limit).toBe(end);
      end = offset;
    }
    expect(end).toBe(0);
  }, 30_000); // a guard against a hang on a loaded machine (2,500 rows), not a timing assertion

  it("keeps the row under the reader in place when an earlier page lands", async () => {
    const events = longTranscript(1000);
    const { thread } = await renderThread(events, { summary: { turn: 4 } });
    let deliver: (page: api.EventPage) => void = () => undefined;
    vi.mocked(api.sessionEvents).mockReturnValueOnce(new Promise((resolve) => (deliver = resolve)));
    await scrollThreadTo(thread, 0);
    expect(vi.mocked(api.sessionEvents).mock.calls).toHaveLength(3);

    const firstKey = rowsOf(thread)[0].getAttribute("data-row-key");
    const offsetOnScreen = () => {
      const row = rowsOf(thread).find((r) => r.getAttribute("data-row-key") === firstKey);
      expect(row, `row ${firstKey} is drawn`).toBeDefined();
      return Number(/translateY\(([-\d.]+)px\)/.exec(row!.style.transform)![1]) - thread.scrollTop;
    };
    const before = offsetOnScreen();
    const [, , offset, limit] = vi.mocked(api.sessionEvents).mock.calls[2];
    await act(async () => deliver({ offset, total: 1000, events: events.slice(offset, offset + limit), malformed_lines: 0 }));
    await waitFor(() => expect(thread.scrollTop).toBeGreaterThan(0));
    expect(within(thread).queryByText(`message ${offset + 1}`)).toBeNull();
    expect(offsetOnScreen()).toBeCloseTo(before, 0);
  });

  it("shows a failed load with a retry, and unreadable lines as a notice", async () => {
    vi.mocked(api.sessionEvents).mockRejectedValueOnce(new Error("permission denied"));
    await renderThread([], { summary: { turn: 1 } });
    expect(await screen.findByTestId("transcript-error")).toHaveTextContent("permission denied");
    await userEvent.click(within(screen.getByTestId("transcript-error")).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(screen.queryByTestId("transcript-error")).toBeNull());
  });

  it("says when there is nothing to show yet", async () => {
    await renderThread([], { summary: { turn: 1, status: "pending" } });
    expect(await screen.findByTestId("thread-empty")).toBeInTheDocument();
    emitEvents([{ turn: 1, index: 0, event: { kind: "user_message", text: "first prompt" } }]);
    expect(screen.queryByTestId("thread-empty")).toBeNull();
    expect(screen.getByTestId("user-message")).toHaveTextContent("first prompt");
  });

  it("says how many lines of the CLI output could not be read", async () => {
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1 }, malformed: 3 });
    expect(await screen.findByTestId("malformed-notice")).toHaveTextContent("3 lines of the CLI output could not be read");
  });

  it("shows the session's error", async () => {
    await renderThread(asTurn(1, "hi", []), { summary: { turn: 1, status: "failed", error: "codex exited with 1" } });
    expect(screen.getByTestId("session-error")).toHaveTextContent("codex exited with 1");
  });
});
