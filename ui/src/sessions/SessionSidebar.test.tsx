import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import { BEAT_MS } from "../shell/beat";
import { makeSession, WORKSPACE } from "../shell/fixtures";
import type { LastSeen } from "./lastSeen";
import { SessionSidebar } from "./SessionSidebar";
import type { SessionsState } from "./useSessions";
import { SEARCH_DELAY_MS } from "./useSessionSearch";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const seenNothing: LastSeen = { baseline: 0, sessions: {} };
const seenEverything: LastSeen = { baseline: Number.MAX_SAFE_INTEGER, sessions: {} };

const sessions = [
  makeSession({ id: "r1", status: "running", title: "Port the parser", source: "pilot:p1", ended_at: null }),
  makeSession({ id: "c1", status: "completed", adapter: "claude", model: "sonnet" }),
  makeSession({ id: "f1", status: "failed", unpriced: true, cost_usd: 0, source: "orchestrator:o" }),
  makeSession({ id: "k1", status: "killed", model: "" }),
  makeSession({ id: "c2", status: "completed" }),
];

function stateOf(list = sessions, broken: string[] = []): SessionsState {
  return { sessions: list, broken, loading: false, error: null };
}

function renderSidebar(lastSeen = seenEverything, onSelect = vi.fn()) {
  render(<SessionSidebar workspace={WORKSPACE} state={stateOf()} selectedId={null} lastSeen={lastSeen} onSelect={onSelect} />);
  return onSelect;
}

const rowIds = () => screen.queryAllByTestId("session-row").map((row) => row.dataset.sessionId);

describe("SessionSidebar", () => {
  afterEach(() => vi.useRealTimers());

  it("shows each session's status, agent, title, turns, tokens, cost and who started it", () => {
    renderSidebar();
    const running = screen.getAllByTestId("session-row")[0];
    expect(running).toHaveAttribute("data-session-id", "r1");
    expect(running).toHaveAttribute("data-status", "running");
    expect(running.querySelector(".status-running")).not.toBeNull();
    expect(running).toHaveTextContent("Port the parser");
    expect(within(running).getByTestId("session-model")).toHaveTextContent("Codex · gpt-5-codex");
    expect(within(screen.getAllByTestId("session-row")[1]).getByTestId("session-model")).toHaveTextContent(
      "Claude Code · sonnet",
    );
    // The model is named as the backend resolved it; "default model" only when it is not known.
    expect(within(screen.getAllByTestId("session-row")[3]).getByTestId("session-model")).toHaveTextContent(
      "Codex · default model",
    );
    expect(running).toHaveTextContent("2 turns");
    expect(running).toHaveTextContent("12.3k tok");
    expect(running).toHaveTextContent("$0.0123");
    expect(running).toHaveTextContent("by pilot");
    const failed = screen.getAllByTestId("session-row")[2];
    expect(failed).toHaveTextContent("unpriced");
    expect(failed).toHaveTextContent("by orchestrator");
    expect(screen.getAllByTestId("session-row")[1]).toHaveTextContent("by you");
  });

  it("counts sessions by status", () => {
    renderSidebar();
    const counts = screen.getByTestId("session-counts");
    expect(within(counts).getByTestId("count-running")).toHaveTextContent("1 running");
    expect(within(counts).getByTestId("count-completed")).toHaveTextContent("2 completed");
    expect(within(counts).getByTestId("count-failed")).toHaveTextContent("1 failed");
    expect(within(counts).getByTestId("count-killed")).toHaveTextContent("1 killed");
  });

  it("dims the running count only while something runs", () => {
    const { unmount } = render(
      <SessionSidebar workspace={WORKSPACE} state={stateOf()} selectedId={null} lastSeen={seenEverything} onSelect={vi.fn()} />,
    );
    expect(screen.getByTestId("count-dot-running")).not.toHaveClass("still");
    unmount();
    const idle = sessions.filter((s) => s.status !== "running");
    render(<SessionSidebar workspace={WORKSPACE} state={stateOf(idle)} selectedId={null} lastSeen={seenEverything} onSelect={vi.fn()} />);
    expect(screen.getByTestId("count-dot-running")).toHaveClass("still");
  });

  it("dims running dots on the app's beat while something runs, and has no beat otherwise", () => {
    vi.useFakeTimers();
    const beating = () => document.documentElement.hasAttribute("data-beat");
    const { unmount } = render(
      <SessionSidebar workspace={WORKSPACE} state={stateOf()} selectedId={null} lastSeen={seenEverything} onSelect={vi.fn()} />,
    );
    act(() => vi.advanceTimersByTime(BEAT_MS));
    expect(beating()).toBe(true);
    unmount();
    expect(beating()).toBe(false);
    const idle = sessions.filter((s) => s.status !== "running");
    render(<SessionSidebar workspace={WORKSPACE} state={stateOf(idle)} selectedId={null} lastSeen={seenEverything} onSelect={vi.fn()} />);
    act(() => vi.advanceTimersByTime(BEAT_MS));
    expect(beating()).toBe(false);
  });

  it("filters by status and by adapter", async () => {
    const user = userEvent.setup();
    renderSidebar();
    await user.selectOptions(screen.getByTestId("filter-status"), "completed");
    expect(rowIds()).toEqual(["c1", "c2"]);
    await user.selectOptions(screen.getByTestId("filter-adapter"), "claude");
    expect(rowIds()).toEqual(["c1"]);
    await user.selectOptions(screen.getByTestId("filter-status"), "all");
    await user.selectOptions(screen.getByTestId("filter-adapter"), "all");
    expect(rowIds()).toHaveLength(5);
    await user.click(screen.getByTestId("count-failed"));
    expect(rowIds()).toEqual(["f1"]);
    expect(screen.getByTestId("session-counts")).toHaveTextContent("2 completed");
  });

  it("selects a session on click", async () => {
    const onSelect = renderSidebar();
    await userEvent.setup().click(screen.getAllByTestId("session-row")[1]);
    expect(onSelect).toHaveBeenCalledWith("c1");
  });

  it("marks finished sessions not seen since they ended, never the selected one", () => {
    render(<SessionSidebar workspace={WORKSPACE} state={stateOf()} selectedId="c2" lastSeen={seenNothing} onSelect={vi.fn()} />);
    const unread = screen
      .getAllByTestId("unread-marker")
      .map((marker) => marker.closest<HTMLElement>("[data-testid=session-row]")?.dataset.sessionId);
    expect(unread).toEqual(["c1", "f1"]);
  });

  it("shows unreadable sessions as warnings", () => {
    render(
      <SessionSidebar
        workspace={WORKSPACE}
        state={stateOf([], ["/w/.zwarm/sessions/x/meta.json: expected value"])}
        selectedId={null}
        lastSeen={seenEverything}
        onSelect={vi.fn()}
      />,
    );
    expect(screen.getByTestId("broken-session")).toHaveTextContent("meta.json: expected value");
    expect(screen.getByText("No sessions yet.")).toBeInTheDocument();
  });

  it("refreshes the relative update time every few seconds", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 0, 1, 10, 5, 12));
    render(<SessionSidebar workspace={WORKSPACE} state={stateOf([sessions[1]])} selectedId={null} lastSeen={seenEverything} onSelect={vi.fn()} />);
    expect(screen.getByTestId("session-row")).toHaveTextContent("12 s ago");
    act(() => vi.advanceTimersByTime(5000));
    expect(screen.getByTestId("session-row")).toHaveTextContent("17 s ago");
  });

  it("wakes for a session that changed hours ago only when its label changes, and never with no session", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 0, 1, 13, 20, 0));
    const old = makeSession({ id: "c1", status: "completed", updated_at: "2026-01-01T10:05:00.000000" });
    const { rerender } = render(
      <SessionSidebar workspace={WORKSPACE} state={stateOf([old])} selectedId={null} lastSeen={seenEverything} onSelect={vi.fn()} />,
    );
    expect(screen.getByTestId("session-row")).toHaveTextContent("3 h ago");
    expect(vi.getTimerCount()).toBe(1);
    act(() => vi.advanceTimersToNextTimer());
    expect(Date.now()).toBe(new Date(2026, 0, 1, 14, 5, 0).getTime());
    expect(screen.getByTestId("session-row")).toHaveTextContent("4 h ago");

    rerender(<SessionSidebar workspace={WORKSPACE} state={stateOf([])} selectedId={null} lastSeen={seenEverything} onSelect={vi.fn()} />);
    expect(vi.getTimerCount()).toBe(0);
  });
  it("lists a fork under its original, saying where it branched", () => {
    const original = makeSession({ id: "o1", title: "Port the parser" });
    const fork = makeSession({ id: "k1", title: "Port the parser", forked_from: { session_id: "o1", turn: 3, fork_mode: "native" } });
    const orphan = makeSession({ id: "z1", forked_from: { session_id: "gone", turn: 1, fork_mode: "replayed" } });
    const other = makeSession({ id: "s2", title: "Other" });
    // Newest first, as listed: the fork is newer than its original.
    render(
      <SessionSidebar workspace={WORKSPACE} state={stateOf([fork, other, original, orphan])} selectedId={null} lastSeen={seenEverything} onSelect={vi.fn()} />,
    );
    expect(rowIds()).toEqual(["s2", "o1", "k1", "z1"]);
    const forkRow = screen.getAllByTestId("session-row")[2];
    expect(within(forkRow).getByTestId("session-forked-from")).toHaveTextContent("↳ forked from Port the parser at turn 3");
    expect(forkRow.closest("li")).toHaveClass("session-fork");
    const orphanRow = screen.getAllByTestId("session-row")[3];
    expect(orphanRow.closest("li")).not.toHaveClass("session-fork");
    expect(within(orphanRow).getByTestId("session-forked-from")).toHaveTextContent("forked from gone at turn 1");
    expect(within(screen.getAllByTestId("session-row")[1]).queryByTestId("session-forked-from")).toBeNull();
  });

  it("searches through the backend and shows only the sessions it found", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.mocked(api.searchSessions).mockResolvedValue(["c2", "k1"]);
    renderSidebar();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.type(screen.getByTestId("session-search"), "regression test");
    await act(() => vi.advanceTimersByTimeAsync(SEARCH_DELAY_MS));
    expect(api.searchSessions).toHaveBeenLastCalledWith(WORKSPACE, "regression test");
    expect(rowIds()).toEqual(["k1", "c2"]);
    await user.clear(screen.getByTestId("session-search"));
    expect(rowIds()).toHaveLength(5);
    vi.useRealTimers();
  });

  it("filters by who started a session and groups a run's sessions under it", async () => {
    const fromRun = [
      makeSession({ id: "a1", source: "orchestrator:run-1234-abcd" }),
      makeSession({ id: "u1", source: "user" }),
      makeSession({ id: "a2", source: "orchestrator:run-1234-abcd" }),
    ];
    render(<SessionSidebar workspace={WORKSPACE} state={stateOf(fromRun)} selectedId={null} lastSeen={seenEverything} onSelect={vi.fn()} />);
    const group = screen.getByTestId("run-group");
    expect(group).toHaveTextContent("Started by run run-1234 (2)");
    expect(within(group).getAllByTestId("session-row").map((r) => r.dataset.sessionId)).toEqual(["a1", "a2"]);
    expect(rowIds()).toEqual(["a1", "a2", "u1"]);

    await userEvent.selectOptions(screen.getByTestId("filter-origin"), "user");
    expect(rowIds()).toEqual(["u1"]);
    await userEvent.selectOptions(screen.getByTestId("filter-origin"), "run");
    expect(rowIds()).toEqual(["a1", "a2"]);
  });
});
