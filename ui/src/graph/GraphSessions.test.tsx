// The graph shows the executor sessions: what each node touched, the forks a
// branch made, and how two nodes' sessions and files differ.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PilotGraph, PilotNode, SessionSummary } from "../api";
import { SessionLinksContext, type SessionLinks } from "../pilot/links";
import { makeSession, WORKSPACE } from "../shell/fixtures";
import { PilotGraphPanel } from "./PilotGraphPanel";
import { FORK, makeGraph, makeNode, ORIGINAL, travelNodes } from "./testing/fixtures";
import { clickNode, installReactFlowStubs } from "./testing/reactflow";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

const SUMMARIES: SessionSummary[] = [
  makeSession({ id: ORIGINAL, title: "Refactor the parser", turn: 2, cost_usd: 0.5 }),
  makeSession({
    id: FORK,
    title: "Refactor the parser (fork)",
    turn: 2,
    cost_usd: 0.25,
    forked_from: { session_id: ORIGINAL, turn: 1, fork_mode: "native" },
  }),
];

let uninstall: () => void;

function renderPanel(graph: PilotGraph, sessions: SessionSummary[] = SUMMARIES) {
  const byId = new Map(sessions.map((s) => [s.id, s] as const));
  const links: SessionLinks = {
    resolve: (id) => (byId.has(id) ? id : null),
    open: vi.fn(),
    summary: (id) => byId.get(id) ?? null,
  };
  const user = userEvent.setup();
  const view = render(
    <SessionLinksContext.Provider value={links}>
      <PilotGraphPanel workspace={WORKSPACE} graph={graph} busy={false} onMeta={vi.fn()} onReload={vi.fn()} onFocusComposer={vi.fn()} />
    </SessionLinksContext.Provider>,
  );
  return { user, links, ...view };
}

const graphNode = (label: string) => screen.getAllByTestId("graph-node").find((n) => n.dataset.label === label)!;
const edgeInto = (container: HTMLElement, target: string) =>
  [...container.querySelectorAll<SVGElement>(".react-flow__edge")].find((e) => e.dataset.id?.endsWith(`->${target}`));

async function compare(user: ReturnType<typeof userEvent.setup>, from: string, to: string) {
  clickNode(graphNode(from));
  await user.click(screen.getByTestId("node-compare"));
  clickNode(graphNode(to));
  return screen.getByTestId("compare-view");
}

describe("the graph's sessions", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    uninstall = installReactFlowStubs();
  });
  afterEach(() => uninstall());

  it("each card counts the sessions its turn started, continued or forked", async () => {
    renderPanel(makeGraph(travelNodes(), { head: "n3" }));
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(3));
    const counts = (label: string) =>
      within(graphNode(label))
        .queryAllByTestId("graph-node-session-count")
        .map((c) => c.textContent);
    expect(counts("T1")).toEqual(["+1 started"]);
    expect(counts("T2")).toEqual(["↻1 continued"]);
    expect(counts("T3")).toEqual(["⑂1 forked"]);
    expect(within(graphNode("T3")).getByTestId("graph-node-sessions")).toHaveAttribute("title", "1 session touched: 1 forked");
  });

  it("a node whose turn touched nothing has no session counts", async () => {
    const nodes = [...travelNodes(), makeNode({ id: "n4", label: "T4", parent: "n3", sessions: travelNodes()[2].sessions })];
    renderPanel(makeGraph(nodes, { head: "n4" }));
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(4));
    expect(within(graphNode("T4")).queryByTestId("graph-node-sessions")).toBeNull();
  });

  it("the details list the touched sessions by title, with turn, status and where a fork came from; a click opens one", async () => {
    const { user, links } = renderPanel(makeGraph(travelNodes(), { head: "n3" }));
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(3));

    clickNode(graphNode("T2"));
    let item = within(screen.getByTestId("node-details")).getByTestId("node-session");
    expect(item).toHaveTextContent("Refactor the parser");
    expect(item).toHaveTextContent("continued");
    expect(item).toHaveTextContent("turn 2 · completed");
    expect(item).not.toHaveTextContent("forked");

    clickNode(graphNode("T3"));
    item = within(screen.getByTestId("node-details")).getByTestId("node-session");
    expect(item).toHaveAttribute("data-session-id", FORK);
    expect(item).toHaveTextContent("Refactor the parser (fork)");
    expect(within(item).getByTestId("node-session-fork")).toHaveTextContent("forked from Refactor the parser at turn 1");
    await user.click(within(item).getByTestId("node-session-open"));
    expect(links.open).toHaveBeenCalledWith(FORK);
  });

  it("a session the workspace no longer lists is named by its short id and is not a link", async () => {
    renderPanel(makeGraph(travelNodes(), { head: "n3" }), []);
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(3));
    clickNode(graphNode("T3"));
    const item = within(screen.getByTestId("node-details")).getByTestId("node-session");
    expect(item).toHaveTextContent("ffffffff");
    expect(within(item).queryByTestId("node-session-open")).toBeNull();
    expect(within(item).getByTestId("node-session-fork")).toHaveTextContent("forked from 11111111 at turn 1");
  });

  it("the edge into a node that forked a session is marked with its title; the others are not", async () => {
    const { container } = renderPanel(makeGraph(travelNodes(), { head: "n3" }));
    await waitFor(() => expect(container.querySelectorAll(".react-flow__edge")).toHaveLength(3));
    const fork = edgeInto(container, "n3")!;
    expect(fork).toHaveClass("fork");
    expect(fork).toHaveTextContent("forked Refactor the parser");
    for (const target of ["n1", "n2"]) {
      const edge = edgeInto(container, target)!;
      expect(edge).not.toHaveClass("fork");
      expect(edge).not.toHaveTextContent("forked");
    }
  });

  it("Compare of T2 (the original) and T3 (its fork) says each has another session, not that they stand the same", async () => {
    const nodes = travelNodes();
    nodes[1] = { ...nodes[1], files_commit: "aaaaaaa1111" };
    nodes[2] = { ...nodes[2], files_commit: "bbbbbbb2222" };
    const { user } = renderPanel(makeGraph(nodes, { head: "n3" }));
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(3));
    const view = await compare(user, "T2", "T3");
    expect(within(view).queryByTestId("compare-sessions-same")).toBeNull();
    const row = within(view).getByTestId("compare-session-row");
    expect(row).toHaveAttribute("data-session-id", ORIGINAL);
    expect(row).toHaveTextContent("Refactor the parser");
    expect(within(row).getByTestId("compare-session-difference")).toHaveTextContent("T3 has a fork, T2 the original");
    expect(row).toHaveTextContent("original 11111111 · $0.5000 spent to date");
    expect(row).toHaveTextContent("fork ffffffff · $0.2500 spent to date");
    const files = within(view).getByTestId("compare-files");
    expect(files).toHaveTextContent("Different file snapshots: aaaaaaa at T2, bbbbbbb at T3");
    expect(files).toHaveTextContent("not available yet");
  });

  it("Compare of two nodes with identical snapshots says they stand the same, and the files too", async () => {
    const shared = [{ id: ORIGINAL, status: "completed" as const, turn: 2 }];
    const nodes: PilotNode[] = [
      makeNode({ id: "n1", label: "T1", sessions: shared, files_commit: "ccccccc3333" }),
      makeNode({ id: "n2", label: "T2", parent: "n1", sessions: shared, files_commit: "ccccccc3333" }),
    ];
    const { user } = renderPanel(makeGraph(nodes, { head: "n2" }));
    await waitFor(() => expect(screen.getAllByTestId("graph-node")).toHaveLength(2));
    const view = await compare(user, "T1", "T2");
    expect(within(view).getByTestId("compare-sessions-same")).toHaveTextContent("stand the same");
    expect(within(view).queryByTestId("compare-session-row")).toBeNull();
    expect(within(view).getByTestId("compare-files")).toHaveTextContent("The same file snapshot at both nodes (ccccccc)");
  });
});
