import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../api";
import type { PilotGraph } from "../api";
import { WORKSPACE } from "../shell/fixtures";
import { PilotGraphPanel } from "./PilotGraphPanel";
import { branchingNodes, makeGraph, makeMeta, makeNode, PILOT_ID, usage } from "./testing/fixtures";
import { clickNode, installReactFlowStubs } from "./testing/reactflow";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

let uninstall: () => void;

function renderPanel(graph: PilotGraph, overrides: Partial<Parameters<typeof PilotGraphPanel>[0]> = {}) {
  const props = {
    workspace: WORKSPACE,
    graph,
    busy: false,
    onMeta: vi.fn(),
    onReload: vi.fn(),
    onFocusComposer: vi.fn(),
    ...overrides,
  };
  const user = userEvent.setup();
  const view = render(<PilotGraphPanel {...props} />);
  return { user, props, ...view };
}

const graphNode = (label: string) => screen.getAllByTestId("graph-node").find((n) => n.dataset.label === label)!;

describe("the checkpoint graph", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    uninstall = installReactFlowStubs();
  });
  afterEach(() => uninstall());

  it("draws every node with its label, message, cost, and marks the current node and the tips", async () => {
    // T1 → T2, T1 → T3; the user went back to T1.
    const graph = makeGraph(branchingNodes(), { head: "n1", branch_names: { n3: "other way" } });
    renderPanel(graph);
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(3));
    expect(graphNode("T1")).toHaveAttribute("data-current", "true");
    expect(graphNode("T1")).toHaveAttribute("data-tip", "false");
    expect(graphNode("T2")).toHaveAttribute("data-current", "false");
    expect(graphNode("T2")).toHaveAttribute("data-tip", "true");
    expect(graphNode("T3")).toHaveAttribute("data-tip", "true");
    expect(graphNode("T2")).toHaveTextContent("Do step one");
    expect(graphNode("T2")).toHaveTextContent("$0.0123");
    expect(within(graphNode("T3")).getByTestId("graph-branch-name")).toHaveTextContent("other way");
    expect(screen.getByTestId("graph-start")).toHaveAttribute("data-current", "false");
    expect(screen.getByTestId("pilot-graph")).toBeInTheDocument();
  });

  it("keeps a node's pilot price when its executors are unpriced, on the card and in the details", async () => {
    const nodes = branchingNodes();
    nodes[1] = { ...nodes[1], executor_usage: usage(4000, 1100), executor_cost_usd: null };
    renderPanel(makeGraph(nodes, { head: "n2" }));
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(3));
    const card = within(graphNode("T2")).getByTestId("graph-node-cost");
    expect(card).toHaveTextContent("$0.0123 + exec. unpriced");
    expect(card).toHaveClass("unpriced");
    expect(within(graphNode("T1")).getByTestId("graph-node-cost")).toHaveTextContent(/^\$0.0123$/);

    clickNode(graphNode("T2"));
    const details = screen.getByTestId("node-details");
    expect(within(details).getByTestId("node-cost-pilot")).toHaveTextContent("pilot 1.5k tok · $0.0123");
    expect(within(details).getByTestId("node-cost-executor")).toHaveTextContent("executors 5.1k tok · unpriced");
    expect(within(details).getByTestId("node-cost-total")).toHaveTextContent("total $0.0123 + exec. unpriced");
  });

  it("shows a node's details on click, and Go here travels to it", async () => {
    const nodes = branchingNodes();
    nodes[1] = { ...nodes[1], sessions: [{ id: "aaaaaaaa-1111-2222-3333-444444444444", status: "completed", turn: 1 }] };
    const graph = makeGraph(nodes, { head: "n3" });
    const moved = makeMeta({ head: "n2" });
    vi.mocked(api.travelPilot).mockResolvedValue(moved);
    const { user, props } = renderPanel(graph);
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(3));

    clickNode(graphNode("T2"));
    const details = screen.getByTestId("node-details");
    expect(within(details).getByTestId("node-message")).toHaveTextContent("Do step one");
    expect(within(details).getByTestId("node-reply")).toHaveTextContent("Step one is done.");
    expect(within(details).getByTestId("node-session")).toHaveTextContent("completed");
    expect(within(details).getByTestId("node-session")).toHaveTextContent("turn 1");
    expect(within(details).getByTestId("node-cost")).toHaveTextContent("$0.0123");

    await user.click(within(details).getByTestId("node-go-here"));
    expect(api.travelPilot).toHaveBeenCalledWith(WORKSPACE, PILOT_ID, "n2");
    await waitFor(() => expect(props.onMeta).toHaveBeenCalledWith(moved));
    expect(props.onReload).toHaveBeenCalled();
  });

  it("Branch from here travels and then focuses the composer; the Start node travels to the start", async () => {
    const graph = makeGraph(branchingNodes(), { head: "n3" });
    vi.mocked(api.travelPilot).mockResolvedValue(makeMeta({ head: "n1" }));
    const { user, props } = renderPanel(graph);
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(3));
    clickNode(graphNode("T1"));
    await user.click(screen.getByTestId("node-branch-here"));
    await waitFor(() => expect(props.onFocusComposer).toHaveBeenCalled());
    expect(api.travelPilot).toHaveBeenCalledWith(WORKSPACE, PILOT_ID, "n1");

    vi.mocked(api.travelPilot).mockResolvedValue(makeMeta({ head: null }));
    clickNode(screen.getByTestId("graph-start"));
    await user.click(screen.getByTestId("start-go-here"));
    expect(api.travelPilot).toHaveBeenLastCalledWith(WORKSPACE, PILOT_ID, null);
  });

  it("refuses to move while a turn runs", async () => {
    renderPanel(makeGraph(branchingNodes(), { head: "n3" }), { busy: true });
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(3));
    clickNode(graphNode("T1"));
    expect(screen.getByTestId("node-go-here")).toBeDisabled();
    expect(screen.getByTestId("node-branch-here")).toBeDisabled();
  });

  it("names the branch through a node", async () => {
    const graph = makeGraph(branchingNodes(), { head: "n3" });
    const named = makeMeta({ head: "n3", branch_names: { n3: "plan B" } });
    vi.mocked(api.namePilotBranch).mockResolvedValue(named);
    const { user, props } = renderPanel(graph);
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(3));
    clickNode(graphNode("T3"));
    await user.click(screen.getByTestId("node-name-branch"));
    await user.type(screen.getByTestId("node-branch-name-input"), "plan B");
    await user.click(screen.getByTestId("node-branch-name-save"));
    expect(api.namePilotBranch).toHaveBeenCalledWith(WORKSPACE, PILOT_ID, "n3", "plan B");
    await waitFor(() => expect(props.onMeta).toHaveBeenCalledWith(named));
  });

  it("compares two nodes: the common ancestor, both sides, and the sessions that differ", async () => {
    const s1 = "11111111-aaaa-bbbb-cccc-000000000001";
    const s2 = "22222222-aaaa-bbbb-cccc-000000000002";
    const nodes = [
      makeNode({ id: "n1", label: "T1", message: "Plan", sessions: [{ id: s1, status: "running", turn: 1 }] }),
      makeNode({
        id: "n2",
        label: "T2",
        parent: "n1",
        message: "Finish it",
        sessions: [{ id: s1, status: "completed", turn: 2 }],
      }),
      makeNode({
        id: "n3",
        label: "T3",
        parent: "n1",
        message: "Start over differently",
        sessions: [
          { id: s1, status: "running", turn: 1 },
          { id: s2, status: "running", turn: 1 },
        ],
      }),
      makeNode({
        id: "n4",
        label: "T4",
        parent: "n3",
        message: "Keep going",
        sessions: [
          { id: s1, status: "running", turn: 1 },
          { id: s2, status: "completed", turn: 1 },
        ],
      }),
    ];
    const { user } = renderPanel(makeGraph(nodes, { head: "n4" }));
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(4));
    clickNode(graphNode("T2"));
    await user.click(screen.getByTestId("node-compare"));
    expect(screen.getByTestId("compare-hint")).toHaveTextContent("T2");
    clickNode(graphNode("T4"));

    const view = screen.getByTestId("compare-view");
    expect(within(view).getByTestId("compare-ancestor")).toHaveTextContent("Common ancestor: T1");
    const [sideA, sideB] = within(view).getAllByTestId("compare-side");
    expect(sideA).toHaveTextContent("Finish it");
    expect(sideA).not.toHaveTextContent("Plan");
    expect(sideB).toHaveTextContent("Start over differently");
    expect(sideB).toHaveTextContent("Keep going");
    const rows = within(view).getAllByTestId("compare-session-row");
    expect(rows.map((r) => r.dataset.sessionId).sort()).toEqual([s1, s2]);
    const row = (id: string) => rows.find((r) => r.dataset.sessionId === id)!;
    expect(row(s1)).toHaveTextContent("completed, turn 2");
    expect(row(s1)).toHaveTextContent("running, turn 1");
    expect(row(s2)).toHaveTextContent("not on this branch");
    expect(row(s2)).toHaveTextContent("only at T4");
  });
});
