import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { RunInfo, RunStatus, SessionSummary } from "../api";
import { makeSession, WORKSPACE } from "../shell/fixtures";
import { tokens } from "../spend/testing/fixtures";
import { resetRunBusForTest } from "./runBus";
import { RunsView } from "./RunsView";
import { makeRunGraph, makeRunInfo, makeRunMeta, makeStep, NUDGE, SESSION_ID, twoSteps } from "./testing/fixtures";
import { controlledRunUpdates } from "./testing/live";
import { POLL_MS } from "./useRuns";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

function listed(runs: RunInfo[], nodes = twoSteps()) {
  vi.mocked(api.listRuns).mockResolvedValue(runs);
  vi.mocked(api.getPilotGraph).mockImplementation(async (_w, id) => makeRunGraph(runs.find((r) => r.meta.id === id)?.meta ?? makeRunMeta(id), nodes));
}

function renderView(sessions: SessionSummary[] = []) {
  const onOpenSession = vi.fn();
  const user = userEvent.setup();
  render(<RunsView workspace={WORKSPACE} sessions={sessions} onOpenSession={onOpenSession} />);
  return { user, onOpenSession };
}

const rows = () => screen.getAllByTestId("run-row");

describe("the runs view", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    resetRunBusForTest();
    vi.mocked(api.subscribeRuns).mockResolvedValue(undefined);
  });
  afterEach(() => vi.useRealTimers());

  it("lists runs with their status, steps, spend and reason", async () => {
    listed([
      makeRunInfo("r1", { status: "running", steps: 3 }, { cost_usd: 0.042 }),
      makeRunInfo("r2", { status: "paused", steps: 5, reason: "watcher budget: 80% of the budget is spent", task: "Second\nline" }),
      makeRunInfo("r3", { status: "finished", steps: 9, reason: "All tests pass." }, { cost_usd: 1.5, usage: tokens(10_000, 2_000), unpriced_turns: 1, unpriced_tokens: 4500 }),
      makeRunInfo("r4", { status: "stopped", reason: "the step limit of 40 was reached" }, { cost_usd: null, unpriced_turns: 2, unpriced_tokens: 10 }),
      makeRunInfo("r5", { status: "failed", reason: "the API key was rejected" }),
    ]);
    renderView();
    await waitFor(() => expect(rows()).toHaveLength(5));
    expect(rows().map((r) => [r.dataset.runId, r.dataset.status])).toEqual([
      ["r1", "running"],
      ["r2", "paused"],
      ["r3", "finished"],
      ["r4", "stopped"],
      ["r5", "failed"],
    ]);
    const [running, paused, finished, stopped] = rows();
    expect(within(running).getByTestId("run-status").querySelector(".status-running")).not.toBeNull();
    expect(within(paused).getByTestId("run-status").querySelector(".status-running")).toBeNull();
    expect(running).toHaveTextContent("Fix the flaky test");
    expect(running).not.toHaveTextContent("in tests/io.rs");
    expect(within(running).getByTestId("run-steps")).toHaveTextContent("3/40 steps");
    expect(within(running).getByTestId("run-spend")).toHaveTextContent("$0.0420");
    expect(within(paused).getByTestId("run-reason")).toHaveTextContent("watcher budget: 80% of the budget is spent");
    expect(within(finished).getByTestId("run-spend")).toHaveTextContent("$1.50+");
    expect(within(finished).getByTestId("run-spend")).toHaveAttribute("title", "12k tokens, of which 4.5k tokens unpriced");
    expect(within(stopped).getByTestId("run-spend")).toHaveTextContent("unpriced");
    expect(running).toHaveAttribute("aria-current", "true");
  });

  it("shows the selected run's timeline: injected messages, text, paired tool calls, interventions and sessions", async () => {
    listed([makeRunInfo("r1", { status: "paused", steps: 2 }), makeRunInfo("r2", { status: "finished" })]);
    const { user, onOpenSession } = renderView();
    const detail = await screen.findByTestId("run-detail");
    expect(detail).toHaveAttribute("data-run-id", "r1");
    expect(within(detail).getByTestId("run-detail-model")).toHaveTextContent("gpt-5 · OpenAI Responses");
    const steps = await within(detail).findAllByTestId("run-step");
    expect(steps.map((s) => s.dataset.step)).toEqual(["1", "2"]);
    expect(api.getPilotGraph).toHaveBeenCalledWith(WORKSPACE, "r1");

    const [first, second] = steps;
    expect(within(first).getByTestId("run-injected")).toHaveAttribute("data-source", "task");
    expect(within(first).getByTestId("run-injected")).toHaveTextContent("Fix the flaky test in tests/io.rs");
    expect(within(first).getByTestId("run-text").querySelector("strong")).toHaveTextContent("codex");
    expect(within(first).getByTestId("run-reasoning")).not.toHaveAttribute("open");

    const calls = within(first).getAllByTestId("run-tool-call");
    expect(calls.map((c) => c.dataset.callId)).toEqual(["c1", "c2"]);
    expect(calls[0]).toHaveTextContent("delegate");
    expect(within(calls[0]).getByTestId("run-tool-result")).toHaveTextContent(`Started session ${SESSION_ID}`);
    expect(calls[1]).toHaveAttribute("data-error", "true");
    expect(within(calls[1]).getByTestId("run-tool-result")).toHaveTextContent("exit 101: 1 failed");

    const intervention = within(first).getByTestId("run-intervention");
    expect(intervention).toHaveAttribute("data-watcher", "progress");
    expect(intervention).toHaveAttribute("data-action", "message");
    expect(within(intervention).getByTestId("run-intervention-reason")).toHaveTextContent(NUDGE.reason);
    expect(within(second).getByTestId("run-injected")).toHaveAttribute("data-source", "watchers");
    expect(within(second).getByTestId("run-injected")).toHaveTextContent(NUDGE.message);

    const session = within(detail).getByTestId("run-session");
    expect(session).toHaveAttribute("data-status", "completed");
    expect(session).toHaveTextContent("turn 1");
    await user.click(within(session).getByTestId("run-open-session"));
    expect(onOpenSession).toHaveBeenCalledWith(SESSION_ID);

    await user.click(rows()[1]);
    await waitFor(() => expect(screen.getByTestId("run-detail")).toHaveAttribute("data-run-id", "r2"));
    expect(api.getPilotGraph).toHaveBeenLastCalledWith(WORKSPACE, "r2");
  });

  it.each<[RunStatus, string[]]>([
    ["running", ["run-pause", "run-stop"]],
    ["paused", ["run-resume", "run-stop"]],
    ["stopped", ["run-resume"]],
    ["finished", []],
    ["failed", []],
  ])("offers the controls that apply to a %s run", async (status, controls) => {
    listed([makeRunInfo("r1", { status })]);
    renderView();
    const header = await screen.findByTestId("run-header");
    const shown = ["run-pause", "run-resume", "run-stop"].filter((id) => within(header).queryByTestId(id));
    expect(shown).toEqual(controls);
  });

  it("pauses, resumes and stops through the backend and shows the state each answer gives", async () => {
    listed([makeRunInfo("r1", { status: "running", steps: 2 })]);
    const { user } = renderView();
    const header = await screen.findByTestId("run-header");

    vi.mocked(api.pauseRun).mockResolvedValue(makeRunMeta("r1", { status: "paused", steps: 2, reason: "paused by the user" }));
    listed([makeRunInfo("r1", { status: "paused", steps: 2, reason: "paused by the user" })]);
    await user.click(within(header).getByTestId("run-pause"));
    expect(api.pauseRun).toHaveBeenCalledWith(WORKSPACE, "r1");
    await waitFor(() => expect(within(header).getByTestId("run-status")).toHaveAttribute("data-status", "paused"));
    expect(within(header).getByTestId("run-detail-reason")).toHaveTextContent("paused by the user");
    expect(within(header).queryByTestId("run-pause")).not.toBeInTheDocument();

    vi.mocked(api.resumeRun).mockResolvedValue(makeRunMeta("r1", { status: "running", steps: 2 }));
    listed([makeRunInfo("r1", { status: "running", steps: 2 })]);
    await user.click(within(header).getByTestId("run-resume"));
    expect(api.resumeRun).toHaveBeenCalledWith(WORKSPACE, "r1");
    await waitFor(() => expect(within(header).getByTestId("run-status")).toHaveAttribute("data-status", "running"));

    vi.mocked(api.stopRun).mockRejectedValue(new Error("the run's state could not be saved"));
    await user.click(within(header).getByTestId("run-stop"));
    expect(api.stopRun).toHaveBeenCalledWith(WORKSPACE, "r1");
    expect(await within(header).findByTestId("run-action-error")).toHaveTextContent(
      "Could not stop the run: the run's state could not be saved",
    );
    expect(within(header).getByTestId("run-status")).toHaveAttribute("data-status", "running");
  });

  it("streams the running step, appends it when recorded, and follows status changes", async () => {
    const live = controlledRunUpdates();
    const [first] = twoSteps();
    listed([makeRunInfo("r1", { status: "running", steps: 1 })], [first]);
    renderView();
    const detail = await screen.findByTestId("run-detail");
    await waitFor(() => expect(within(detail).getAllByTestId("run-step")).toHaveLength(1));
    // One subscription for the workspace, shared by the list and the detail.
    expect(api.subscribeRuns).toHaveBeenCalledTimes(1);
    expect(api.subscribeRuns).toHaveBeenCalledWith(WORKSPACE, expect.any(Function));

    live.event("r1", { kind: "step_started", step: 2 });
    live.event("r1", { kind: "llm", event: { kind: "text_delta", text: "Waiting for " } });
    live.event("r1", { kind: "llm", event: { kind: "text_delta", text: "the agent." } });
    live.event("r1", { kind: "tool_started", call_id: "c9", name: "wait", arguments: {} });
    live.event("other-run", { kind: "llm", event: { kind: "text_delta", text: "not this run" } });
    const step = within(detail).getByTestId("run-live-step");
    expect(step).toHaveAttribute("data-step", "2");
    expect(within(step).getByTestId("run-injected")).toHaveTextContent(NUDGE.message);
    expect(within(step).getByTestId("run-text")).toHaveTextContent("Waiting for the agent.");
    expect(step).not.toHaveTextContent("not this run");
    expect(within(step).getByTestId("run-tool-call")).toHaveAttribute("data-state", "running");

    const listCalls = vi.mocked(api.listRuns).mock.calls.length;
    listed([makeRunInfo("r1", { status: "running", steps: 2 }, { cost_usd: 0.09 })], [first]);
    live.event("r1", {
      kind: "step_finished",
      node: makeStep({
        id: "n9",
        parent: first.id,
        message: NUDGE.message,
        items: [
          { kind: "assistant", text: "Waiting for the agent." },
          { kind: "tool_call", call_id: "c9", name: "wait", arguments: {} },
          { kind: "tool_result", call_id: "c9", output: "session finished" },
        ],
      }),
    });
    await waitFor(() => expect(within(detail).getAllByTestId("run-step")).toHaveLength(2));
    expect(within(detail).queryByTestId("run-live-step")).not.toBeInTheDocument();
    expect(within(within(detail).getAllByTestId("run-step")[1]).getByTestId("run-tool-result")).toHaveTextContent("session finished");
    await waitFor(() => expect(within(detail).getByTestId("run-detail-spend")).toHaveTextContent("$0.0900"));
    expect(vi.mocked(api.listRuns).mock.calls.length).toBeGreaterThan(listCalls);

    const done = makeRunMeta("r1", { status: "finished", steps: 2, reason: "The flaky test is fixed." });
    listed([{ ...makeRunInfo("r1"), meta: done, active: false }], [first]);
    live.meta(done);
    expect(rows()[0]).toHaveAttribute("data-status", "finished");
    expect(within(detail).getByTestId("run-status")).toHaveAttribute("data-status", "finished");
    expect(within(detail).getByTestId("run-detail-reason")).toHaveTextContent("The flaky test is fixed.");
    expect(within(detail).queryByTestId("run-pause")).not.toBeInTheDocument();
  });

  it("shows the sessions a run started as they stand now, not as its last step saw them", async () => {
    const [first] = twoSteps();
    listed([makeRunInfo("r1", { status: "finished", steps: 1 })], [first]);
    const done = makeSession({ id: SESSION_ID, status: "completed", turn: 1, task: "fix tests/io.rs" });
    renderView([done]);
    const session = await screen.findByTestId("run-session");
    expect(session).toHaveAttribute("data-status", "completed");
    expect(session).toHaveTextContent("fix tests/io.rs");
    expect(session.querySelector(".status-running")).toBeNull();
    expect(session.querySelector(".status-completed")).not.toBeNull();
  });

  it("marks a session it no longer lists as last recorded", async () => {
    const [first] = twoSteps();
    listed([makeRunInfo("r1", { status: "finished", steps: 1 })], [first]);
    renderView([]);
    const session = await screen.findByTestId("run-session");
    expect(session).toHaveAttribute("data-status", "running");
    expect(session).toHaveTextContent("(as last recorded)");
  });

  it("offers Retry and Delete once a run failed: a new run with the same task and limits, or the run gone", async () => {
    const failed = makeRunInfo("r1", { status: "failed", steps: 3, reason: "401: the key was refused", max_steps: 12, budget_usd: 2 });
    listed([failed], []);
    const { user } = renderView();
    const header = await screen.findByTestId("run-header");
    expect(within(header).queryByTestId("run-pause")).toBeNull();

    const retried = makeRunMeta("r2", { status: "running", max_steps: 12, budget_usd: 2 });
    vi.mocked(api.startRun).mockResolvedValue(retried);
    listed([{ meta: retried, active: true, spend: failed.spend }, failed], []);
    await user.click(within(header).getByTestId("run-retry"));
    expect(api.startRun).toHaveBeenCalledWith(WORKSPACE, {
      task: failed.meta.run?.task,
      model: failed.meta.model,
      max_steps: 12,
      budget_usd: 2,
      shell: true,
    });
    await waitFor(() => expect(screen.getByTestId("run-detail")).toHaveAttribute("data-run-id", "r2"));

    await user.click(rows().find((r) => r.dataset.runId === "r1") as HTMLElement);
    await waitFor(() => expect(screen.getByTestId("run-detail")).toHaveAttribute("data-run-id", "r1"));
    await user.click(within(screen.getByTestId("run-header")).getByTestId("run-delete"));
    listed([], []);
    await user.click(within(screen.getByTestId("run-delete-dialog")).getByTestId("run-confirm-delete"));
    expect(api.deleteRun).toHaveBeenCalledWith(WORKSPACE, "r1");
    await waitFor(() => expect(screen.queryByTestId("run-row")).toBeNull());
  });

  it("offers neither Retry nor Delete while a run runs", async () => {
    listed([makeRunInfo("r1", { status: "running" })], []);
    renderView();
    const header = await screen.findByTestId("run-header");
    expect(within(header).queryByTestId("run-retry")).toBeNull();
    expect(within(header).queryByTestId("run-delete")).toBeNull();
  });

  it("polls the list every few seconds while a run is running, and stops when none is", async () => {
    vi.useFakeTimers();
    listed([makeRunInfo("r1", { status: "running" })], []);
    render(<RunsView workspace={WORKSPACE} sessions={[]} onOpenSession={vi.fn()} />);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(api.listRuns).toHaveBeenCalledTimes(1);

    await act(() => vi.advanceTimersByTimeAsync(POLL_MS));
    expect(api.listRuns).toHaveBeenCalledTimes(2);

    // The run finished elsewhere: the next poll says so, and polling ends.
    listed([makeRunInfo("r1", { status: "finished", reason: "done" })], []);
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS));
    expect(api.listRuns).toHaveBeenCalledTimes(3);
    expect(screen.getByTestId("run-row")).toHaveAttribute("data-status", "finished");
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS * 3));
    expect(api.listRuns).toHaveBeenCalledTimes(3);
  });

  it("reads the steps again when a run driven elsewhere recorded more than it shows", async () => {
    vi.useFakeTimers();
    const [first, second] = twoSteps();
    listed([makeRunInfo("r1", { status: "running", steps: 1 })], [first]);
    render(<RunsView workspace={WORKSPACE} sessions={[]} onOpenSession={vi.fn()} />);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(screen.getAllByTestId("run-step")).toHaveLength(1);

    listed([makeRunInfo("r1", { status: "running", steps: 2 })], [first, second]);
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS));
    expect(screen.getAllByTestId("run-step")).toHaveLength(2);
    expect(api.getPilotGraph).toHaveBeenCalledTimes(2);
  });

  it("says when there is no run yet, and when live updates could not be subscribed to", async () => {
    vi.mocked(api.listRuns).mockResolvedValue([]);
    vi.mocked(api.subscribeRuns).mockRejectedValue(new Error("workspace is not open"));
    renderView();
    expect(await screen.findByTestId("run-list-empty")).toBeInTheDocument();
    expect(await screen.findByTestId("runs-live-error")).toHaveTextContent("workspace is not open");
    expect(screen.queryByTestId("run-detail")).not.toBeInTheDocument();
  });
});
