import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { PilotEvent, PilotGraph, PilotNode, SessionSummary } from "../api";
import { branchingNodes, makeGraph, makeMeta, makeNode, PILOT_ID } from "../graph/testing/fixtures";
import { clickNode, installReactFlowStubs } from "../graph/testing/reactflow";
import { makeSession, WORKSPACE } from "../shell/fixtures";
import { BUSY_ELSEWHERE_REASON, BUSY_REASON } from "./PilotChat";
import { PilotView } from "./PilotView";
import { resetTurnsForTest } from "./turns";
import { POLL_MS } from "./usePilotGraph";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const SESSION = "0f8fad5b-d9cb-469f-a165-70867728950e";

function listed(graph: PilotGraph) {
  vi.mocked(api.listPilots).mockResolvedValue([{ meta: graph.meta, nodes: graph.nodes.length, running: graph.running }]);
  vi.mocked(api.getPilotGraph).mockResolvedValue(graph);
}

function renderView(sessions: SessionSummary[] = []) {
  const onOpenSession = vi.fn();
  const user = userEvent.setup();
  render(
    <PilotView workspace={WORKSPACE} sessions={sessions} onOpenSession={onOpenSession} sidebarWidth={300} onResizeSidebar={vi.fn()} />,
  );
  return { user, onOpenSession };
}

/** A `sendPilot` that hands its event callback to the test and answers when told. */
function controlledSend() {
  let emit: (event: PilotEvent) => void = () => undefined;
  let resolve: (node: PilotNode) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  vi.mocked(api.sendPilot).mockImplementation((_w, _p, _m, _f, onEvent) => {
    emit = onEvent;
    return new Promise<PilotNode>((res, rej) => {
      resolve = res;
      reject = rej;
    });
  });
  return {
    emit: (event: PilotEvent) => act(() => emit(event)),
    resolve: (node: PilotNode) => act(async () => resolve(node)),
    reject: (error: Error) => act(async () => reject(error)),
  };
}

const delta = (text: string): PilotEvent => ({ kind: "llm", event: { kind: "text_delta", text } });

describe("the pilot chat", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    localStorage.clear();
    // The graph panel (React Flow) has its own tests; here the chat is alone.
    localStorage.setItem("zwarm.pilot.graph-shown", "false");
    resetTurnsForTest();
  });
  afterEach(() => vi.useRealTimers());

  it("shows the conversation along the path to the head, tool calls with their results, and each turn's costs", async () => {
    const nodes = branchingNodes();
    nodes[2] = makeNode({
      id: "n3",
      label: "T3",
      parent: "n1",
      message: "Try another way",
      reply: "Started an agent on it.",
      items: [
        { kind: "user", text: "Try another way" },
        { kind: "reasoning", text: "The user wants a fresh approach." },
        { kind: "tool_call", call_id: "c1", name: "delegate", arguments: { task: "rewrite the parser" } },
        { kind: "tool_result", call_id: "c1", output: `Started session ${SESSION} (codex, default mode) in /w.` },
        { kind: "assistant", text: "Started an **agent** on it." },
      ],
      executor_cost_usd: null,
      executor_usage: { input_tokens: 5000, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 100, reasoning_output_tokens: 0 },
      stopped: true,
    });
    listed(makeGraph(nodes, { head: "n3" }));
    const { user, onOpenSession } = renderView([makeSession({ id: SESSION })]);

    await waitFor(() => expect(screen.getAllByTestId("pilot-turn")).toHaveLength(2));
    const chat = screen.getByTestId("pilot-chat");
    expect(within(chat).getAllByTestId("pilot-message").map((m) => m.textContent)).toEqual(["Plan the refactor", "Try another way"]);
    expect(chat).not.toHaveTextContent("Do step one");
    const replies = within(chat).getAllByTestId("pilot-reply");
    expect(replies[0].querySelector("strong")).toHaveTextContent("plan");
    expect(replies[1]).toHaveTextContent("Started an agent on it.");
    expect(within(chat).getByTestId("pilot-reasoning")).not.toHaveAttribute("open");

    const call = within(chat).getByTestId("pilot-tool-call");
    expect(call).toHaveTextContent("delegate");
    expect(call).toHaveTextContent("rewrite the parser");
    expect(within(call).getByTestId("pilot-tool-result")).toHaveTextContent(`Started session ${SESSION}`);

    const [t1, t3] = within(chat).getAllByTestId("pilot-turn-footer");
    expect(t1).toHaveTextContent("T1");
    expect(within(t1).getByTestId("footer-pilot")).toHaveTextContent("1.5k tok · $0.0123");
    expect(within(t1).getByTestId("footer-executor")).toHaveTextContent("$0.0000");
    expect(within(t1).queryByTestId("footer-stopped")).not.toBeInTheDocument();
    expect(within(t3).getByTestId("footer-executor")).toHaveTextContent("5.1k tok · unpriced");
    expect(within(t3).getByTestId("footer-stopped")).toHaveTextContent("stopped");

    await user.click(within(call).getByTestId("pilot-open-session"));
    expect(onOpenSession).toHaveBeenCalledWith(SESSION);
  });

  it("says when sending from the current node starts a new branch", async () => {
    listed(makeGraph(branchingNodes(), { head: "n1" }));
    renderView();
    expect(await screen.findByTestId("pilot-branch-notice")).toHaveTextContent(
      "Sending from T1 starts a new branch (T2, T3 continue elsewhere)",
    );
    expect(screen.getAllByTestId("pilot-turn")).toHaveLength(1);
  });

  it("streams a turn live, then shows the recorded node as the new head", async () => {
    const t1 = makeNode({ id: "n1", label: "T1" });
    listed(makeGraph([t1]));
    const send = controlledSend();
    const { user } = renderView();
    const input = await screen.findByTestId("pilot-composer-input");

    await user.type(input, "Next step{Enter}");
    expect(api.sendPilot).toHaveBeenCalledWith(WORKSPACE, PILOT_ID, "Next step", "n1", expect.any(Function));
    const live = screen.getByTestId("pilot-live-turn");
    expect(within(live).getByTestId("pilot-message")).toHaveTextContent("Next step");
    expect(input).toBeDisabled();
    expect(input).toHaveValue("");
    expect(screen.getByTestId("pilot-composer-reason")).toHaveTextContent(BUSY_REASON);
    expect(screen.getByTestId("pilot-stop")).toBeEnabled();

    send.emit(delta("Hel"));
    expect(within(live).getByTestId("pilot-reply")).toHaveTextContent("Hel");
    send.emit(delta("lo, starting"));
    expect(within(live).getByTestId("pilot-reply")).toHaveTextContent("Hello, starting");
    send.emit({ kind: "tool_started", call_id: "c1", name: "wait", arguments: { seconds: 30 } });
    expect(within(live).getByTestId("pilot-tool-call")).toHaveAttribute("data-state", "running");
    send.emit({ kind: "tool_finished", call_id: "c1", name: "wait", output: "session finished", is_error: false });
    expect(within(live).getByTestId("pilot-tool-call")).toHaveAttribute("data-state", "done");
    send.emit({ kind: "llm", event: { kind: "retrying", attempt: 1, delay_ms: 2000, reason: "HTTP 503" } });
    expect(within(live).getByTestId("pilot-retrying")).toHaveTextContent("attempt 1");

    const t2 = makeNode({ id: "n2", label: "T2", parent: "n1", message: "Next step", reply: "All done." });
    vi.mocked(api.getPilotGraph).mockResolvedValue(makeGraph([t1, t2]));
    await send.resolve(t2);

    await waitFor(() => expect(screen.queryByTestId("pilot-live-turn")).not.toBeInTheDocument());
    const turns = screen.getAllByTestId("pilot-turn");
    expect(turns.map((t) => t.dataset.label)).toEqual(["T1", "T2"]);
    expect(turns[1]).toHaveAttribute("data-current", "true");
    expect(within(turns[1]).getByTestId("pilot-reply")).toHaveTextContent("All done.");
    expect(input).toBeEnabled();
    expect(api.getPilotGraph).toHaveBeenCalledTimes(2);
  });

  it("Stop asks the backend to stop the running turn", async () => {
    listed(makeGraph([makeNode({ id: "n1", label: "T1" })]));
    controlledSend();
    const { user } = renderView();
    await user.type(await screen.findByTestId("pilot-composer-input"), "Go{Enter}");
    await user.click(screen.getByTestId("pilot-stop"));
    expect(api.stopPilot).toHaveBeenCalledWith(PILOT_ID);
    expect(screen.getByTestId("pilot-stop")).toHaveTextContent("Stopping…");
  });

  it("shows the backend's error plainly and gives the message back", async () => {
    listed(makeGraph([makeNode({ id: "n1", label: "T1" })]));
    const send = controlledSend();
    const { user } = renderView();
    const input = await screen.findByTestId("pilot-composer-input");
    await user.type(input, "Do the thing{Enter}");
    await send.reject(new api.BackendError("OpenAI rejected the API key (HTTP 401): check OPENAI_API_KEY"));

    expect(await screen.findByTestId("pilot-error")).toHaveTextContent(
      "OpenAI rejected the API key (HTTP 401): check OPENAI_API_KEY",
    );
    expect(input).toHaveValue("Do the thing");
    expect(input).toBeEnabled();
    expect(screen.getAllByTestId("pilot-turn")).toHaveLength(1);

    // Sending again clears the error.
    controlledSend();
    await user.type(input, "{Enter}");
    expect(screen.queryByTestId("pilot-error")).not.toBeInTheDocument();
    expect(api.sendPilot).toHaveBeenLastCalledWith(WORKSPACE, PILOT_ID, "Do the thing", "n1", expect.any(Function));
  });

  it("Shift+Enter makes a new line; a fresh pilot sends from the start", async () => {
    listed(makeGraph([]));
    controlledSend();
    const { user } = renderView();
    const input = await screen.findByTestId("pilot-composer-input");
    expect(screen.getByTestId("pilot-chat-empty")).toBeInTheDocument();
    await user.type(input, "line one{Shift>}{Enter}{/Shift}line two");
    expect(input).toHaveValue("line one\nline two");
    expect(api.sendPilot).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("pilot-send"));
    expect(api.sendPilot).toHaveBeenCalledWith(WORKSPACE, PILOT_ID, "line one\nline two", "root", expect.any(Function));
  });

  it("polls the graph while a turn started elsewhere runs, until it ends", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const t1 = makeNode({ id: "n1", label: "T1" });
    listed(makeGraph([t1], {}, true));
    renderView();
    expect(await screen.findByTestId("pilot-composer-reason")).toHaveTextContent(BUSY_ELSEWHERE_REASON);
    expect(screen.getByTestId("pilot-composer-input")).toBeDisabled();
    expect(api.getPilotGraph).toHaveBeenCalledTimes(1);

    const t2 = makeNode({ id: "n2", label: "T2", parent: "n1" });
    vi.mocked(api.getPilotGraph).mockResolvedValue(makeGraph([t1, t2], {}, false));
    await act(async () => undefined); // the polling effect is in place
    await act(async () => vi.advanceTimersByTime(POLL_MS));
    await waitFor(() => expect(screen.getAllByTestId("pilot-turn")).toHaveLength(2));
    expect(screen.getByTestId("pilot-composer-input")).toBeEnabled();
    await act(async () => vi.advanceTimersByTime(POLL_MS * 3));
    expect(api.getPilotGraph).toHaveBeenCalledTimes(2);
  });

  it("offers to save a key when the pilot's provider has none, stored outside .zwarm/", async () => {
    vi.mocked(api.pilotKeyStatus).mockResolvedValue([
      { provider: "open_ai_responses", env_var: "OPENAI_API_KEY", from_env: false, stored: false },
      { provider: "anthropic", env_var: "ANTHROPIC_API_KEY", from_env: false, stored: false },
      { provider: "chat_completions", env_var: null, from_env: false, stored: false },
    ]);
    listed(makeGraph([]));
    const { user } = renderView();
    const notice = await screen.findByTestId("pilot-key-notice");
    expect(notice).toHaveTextContent("OPENAI_API_KEY");
    expect(notice).toHaveTextContent("never in the workspace's .zwarm/ folder");
    vi.mocked(api.pilotKeyStatus).mockResolvedValue([
      { provider: "open_ai_responses", env_var: "OPENAI_API_KEY", from_env: false, stored: true },
    ]);
    await user.type(within(notice).getByTestId("pilot-key-input"), "sk-test");
    await user.click(within(notice).getByTestId("pilot-key-save"));
    expect(api.setPilotKey).toHaveBeenCalledWith("open_ai_responses", "sk-test");
    await waitFor(() => expect(screen.queryByTestId("pilot-key-notice")).not.toBeInTheDocument());
  });

  it("shows the status strip: model, context against its window, spend on the branch and overall", async () => {
    const nodes = branchingNodes().map((n, i) => ({ ...n, context_tokens: 40_000 + i, executor_cost_usd: 0.5 }));
    listed(makeGraph(nodes, { head: "n3" }));
    renderView();
    const strip = await screen.findByTestId("pilot-status-strip");
    expect(within(strip).getByTestId("status-model")).toHaveTextContent("gpt-5");
    expect(within(strip).getByTestId("status-model")).toHaveTextContent("OpenAI Responses");
    expect(within(strip).getByTestId("status-context")).toHaveTextContent("40k of 400k (10%)");
    // Path T1 → T3: two turns; the whole pilot: three.
    expect(within(strip).getByTestId("status-path-spend")).toHaveTextContent("pilot $0.0246 · executors $1.00");
    expect(within(strip).getByTestId("status-total-spend")).toHaveTextContent("pilot $0.0369 · executors $1.50");
  });
});

describe("the pilot list", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    localStorage.clear();
    localStorage.setItem("zwarm.pilot.graph-shown", "false");
    resetTurnsForTest();
  });

  it("lists pilots with model, turns and a running marker, and selects one", async () => {
    const a = makeMeta({ id: "pa", name: "alpha" });
    const b = makeMeta({ id: "pb", name: "beta", model: { provider: "anthropic", model: "claude-sonnet-4-5" } });
    vi.mocked(api.listPilots).mockResolvedValue([
      { meta: a, nodes: 3, running: false },
      { meta: b, nodes: 1, running: true },
    ]);
    vi.mocked(api.getPilotGraph).mockImplementation(async (_w, id) => makeGraph([], id === "pa" ? a : b, id === "pb"));
    const { user } = renderView();
    await waitFor(() => expect(screen.getAllByTestId("pilot-row")).toHaveLength(2));
    const [rowA, rowB] = screen.getAllByTestId("pilot-row");
    expect(rowA).toHaveTextContent("alpha");
    expect(rowA).toHaveTextContent("gpt-5");
    expect(rowA).toHaveTextContent("3 turns");
    await waitFor(() => expect(rowA).toHaveAttribute("data-selected", "true"));
    expect(rowB).toHaveAttribute("data-running", "true");
    expect(within(rowB).getByTestId("pilot-running")).toBeInTheDocument();

    await user.click(rowB);
    await waitFor(() => expect(screen.getByTestId("pilot-view")).toHaveAttribute("data-pilot-id", "pb"));
    expect(api.getPilotGraph).toHaveBeenLastCalledWith(WORKSPACE, "pb");
    expect(localStorage.getItem(`zwarm.pilot.${WORKSPACE}`)).toBe(JSON.stringify("pb"));
  });

  it("creates a pilot from the form and opens it", async () => {
    const created = makeMeta({ id: "new", name: "release prep" });
    vi.mocked(api.listPilots).mockResolvedValue([]);
    vi.mocked(api.createPilot).mockResolvedValue(created);
    vi.mocked(api.getPilotGraph).mockResolvedValue(makeGraph([], created));
    const { user } = renderView();
    expect(await screen.findByTestId("pilot-empty")).toBeInTheDocument();
    await user.click(screen.getByTestId("new-pilot-button"));
    await user.type(screen.getByTestId("pilot-name-input"), "release prep");
    await waitFor(() => expect(screen.getByTestId("pilot-model-input")).toHaveValue("gpt-5"));
    vi.mocked(api.listPilots).mockResolvedValue([{ meta: created, nodes: 0, running: false }]);
    await user.click(screen.getByTestId("create-pilot"));
    expect(api.createPilot).toHaveBeenCalledWith(WORKSPACE, {
      name: "release prep",
      model: { provider: "open_ai_responses", model: "gpt-5", base_url: null },
      track_files: false,
    });
    await waitFor(() => expect(screen.queryByTestId("new-pilot-dialog")).not.toBeInTheDocument());
    expect(await screen.findByTestId("pilot-view")).toHaveAttribute("data-pilot-id", "new");
    expect(screen.getAllByTestId("pilot-row")[0]).toHaveAttribute("data-selected", "true");
  });
});

describe("the chat and the graph together", () => {
  let uninstall: () => void;
  beforeEach(() => {
    vi.clearAllMocks();
    localStorage.clear();
    resetTurnsForTest();
    uninstall = installReactFlowStubs();
  });
  afterEach(() => uninstall());

  it("going to another node in the graph shows that node's conversation", async () => {
    listed(makeGraph(branchingNodes(), { head: "n3" }));
    vi.mocked(api.travelPilot).mockResolvedValue(makeMeta({ head: "n2" }));
    const { user } = renderView();
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(3));
    expect(screen.getByTestId("pilot-chat")).toHaveTextContent("Try another way");

    vi.mocked(api.getPilotGraph).mockResolvedValue(makeGraph(branchingNodes(), { head: "n2" }));
    clickNode(screen.getAllByTestId("graph-node").find((n) => n.dataset.label === "T2")!);
    await user.click(screen.getByTestId("node-go-here"));
    await waitFor(() => expect(screen.getByTestId("pilot-chat")).toHaveTextContent("Do step one"));
    expect(screen.getByTestId("pilot-chat")).not.toHaveTextContent("Try another way");
    expect(screen.getAllByTestId("graph-node").find((n) => n.dataset.label === "T2")).toHaveAttribute("data-current", "true");
  });

  it("Branch from here puts the cursor in the composer, with the branch notice", async () => {
    listed(makeGraph(branchingNodes(), { head: "n3" }));
    vi.mocked(api.travelPilot).mockResolvedValue(makeMeta({ head: "n1" }));
    const { user } = renderView();
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(3));
    vi.mocked(api.getPilotGraph).mockResolvedValue(makeGraph(branchingNodes(), { head: "n1" }));
    clickNode(screen.getAllByTestId("graph-node").find((n) => n.dataset.label === "T1")!);
    await user.click(screen.getByTestId("node-branch-here"));
    await waitFor(() => expect(screen.getByTestId("pilot-composer-input")).toHaveFocus());
    expect(await screen.findByTestId("pilot-branch-notice")).toHaveTextContent("Sending from T1 starts a new branch");
  });
});
