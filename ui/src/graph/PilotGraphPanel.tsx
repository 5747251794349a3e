// The pilot's checkpoint graph: every node laid out by `layoutGraph`
// (branches in lanes), drawn with React Flow for pan and zoom, framed so
// nodes stay readable (useGraphViewport). A click
// selects a node and shows its details, with the actions that move the
// conversation: go here, branch from here, name the branch, compare.
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type NodeMouseHandler,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useMemo, useRef, useState } from "react";
import { namePilotBranch, travelPilot, type PilotGraph, type PilotMeta } from "../api";
import { branchNameOf, indexNodes, pathTo } from "../pilot/conversation";
import { messageOf } from "../shell/errors";
import { firstLine } from "../thread/format";
import { compareNodes } from "./compare";
import { nodeCost } from "./cost";
import { nodeTypes, type FlowNode } from "./GraphNodes";
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH, START_ID, type GraphLayout } from "./layout";
import { CompareView, NodeDetails } from "./NodeDetails";
import { sessionChanges, sessionTitle, type SessionChange } from "./sessions";
import { useSessionLookup } from "./SessionViews";
import { useGraphViewport } from "./useGraphViewport";
import { READABLE_ZOOM } from "./viewport";
import "./graph.css";

type Props = {
  workspace: string;
  graph: PilotGraph;
  /** A turn is running: moving the head is refused until it ends. */
  busy: boolean;
  onMeta: (meta: PilotMeta) => void;
  onReload: () => void;
  /** After "Branch from here" travelled: put the cursor in the composer. */
  onFocusComposer: () => void;
};

/** Past this many nodes React Flow draws only what is on screen. */
const VISIBLE_ONLY_LIMIT = 300;
const START_WIDTH = 90;
const START_HEIGHT = 32;
const BUSY_REASON = "A turn is running: wait for it to end";

/**
 * The layout, recomputed only when nodes were added (the graph is append-only;
 * polling returns new arrays of the same nodes). Kept in state and replaced
 * while rendering when the nodes changed, React's way of keeping what an
 * earlier render worked out (a ref written during render is not).
 */
function useLayout(graph: PilotGraph): GraphLayout {
  const signature = `${graph.nodes.length}:${graph.nodes.at(-1)?.id ?? ""}`;
  const [cache, setCache] = useState(() => ({ signature, layout: layoutGraph(graph.nodes) }));
  if (cache.signature === signature) return cache.layout;
  const next = { signature, layout: layoutGraph(graph.nodes) };
  setCache(next);
  return next.layout;
}

function GraphCanvas({ workspace, graph, busy, onMeta, onReload, onFocusComposer }: Props) {
  const pilot = graph.meta.id;
  const head = graph.meta.head;
  const layout = useLayout(graph);
  const index = useMemo(() => indexNodes(graph.nodes), [graph.nodes]);
  const tips = useMemo(() => new Set(graph.tips), [graph.tips]);
  const onPath = useMemo(() => new Set(pathTo(index, head).map((n) => n.id)), [index, head]);
  const names = useMemo(() => graph.meta.branch_names ?? {}, [graph.meta.branch_names]);
  const [selected, setSelected] = useState<string | null>(null);
  const [compareFrom, setCompareFrom] = useState<string | null>(null);
  const [compared, setCompared] = useState<[string, string] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const flow = useReactFlow();
  const lookup = useSessionLookup();
  const changes = useMemo(() => {
    const map = new Map<string, SessionChange[]>();
    for (const node of graph.nodes) map.set(node.id, sessionChanges(node, node.parent ? index.get(node.parent) : undefined));
    return map;
  }, [graph.nodes, index]);

  const nodes = useMemo<FlowNode[]>(() => {
    const list: FlowNode[] = [
      {
        id: START_ID,
        type: "start",
        position: { x: layout.start.x + (NODE_WIDTH - START_WIDTH) / 2, y: layout.start.y + (NODE_HEIGHT - START_HEIGHT) / 2 },
        data: { current: head === null, selected: selected === START_ID, roots: 0 },
        width: START_WIDTH,
        height: START_HEIGHT,
        draggable: false,
        connectable: false,
      },
    ];
    for (const node of graph.nodes) {
      const position = layout.positions.get(node.id);
      if (!position) continue;
      const isTip = tips.has(node.id);
      const cost = nodeCost(node);
      list.push({
        id: node.id,
        type: "turn",
        position: { x: position.x, y: position.y },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        draggable: false,
        connectable: false,
        data: {
          node,
          current: node.id === head,
          tip: isTip,
          onPath: onPath.has(node.id),
          selected: node.id === selected,
          comparing: node.id === compareFrom || (compared !== null && compared.includes(node.id)),
          branchName: names[node.id] ?? (isTip ? branchNameOf(pathTo(index, node.id), names) : null),
          cost,
          sessions: changes.get(node.id) ?? [],
        },
      });
    }
    return list;
  }, [layout, graph.nodes, head, selected, tips, onPath, names, index, compareFrom, compared, changes]);

  // An edge into a node whose branch realizes a session by a fork says so.
  const edges = useMemo<Edge[]>(
    () =>
      layout.edges.map((edge) => {
        const forks = (changes.get(edge.target) ?? []).filter((c) => c.kind === "forked");
        const classes = ["graph-edge"];
        if (onPath.has(edge.target)) classes.push("on-path");
        if (forks.length > 0) classes.push("fork");
        const names = forks.map((c) => firstLine(sessionTitle(c.key, lookup), 24));
        return {
          id: edge.id,
          source: edge.source,
          target: edge.target,
          type: "smoothstep",
          className: classes.join(" "),
          focusable: false,
          selectable: false,
          ...(forks.length > 0 && {
            label: `forked ${names.join(", ")}`,
            labelBgPadding: [4, 2] as [number, number],
            labelBgBorderRadius: 4,
            data: { forks: forks.map((c) => c.snapshot.id) },
          }),
        };
      }),
    [layout, onPath, changes, lookup],
  );

  // Frame the graph when its pane is measured or resized and when a turn adds
  // a node; bring a selected node into view beside the details panel.
  const canvas = useRef<HTMLDivElement>(null);
  useGraphViewport({ containerRef: canvas, layout, head, selected, count: graph.nodes.length });
  const centerOnCurrent = useCallback(() => {
    const target = head ? layout.positions.get(head) : layout.start;
    if (!target) return;
    void flow.setCenter(target.x + NODE_WIDTH / 2, target.y + NODE_HEIGHT / 2, { zoom: Math.max(flow.getZoom(), READABLE_ZOOM), duration: 200 });
  }, [flow, head, layout]);

  const onNodeClick: NodeMouseHandler<FlowNode> = useCallback(
    (_event, node) => {
      setError(null);
      if (compareFrom && node.id !== START_ID) {
        if (node.id !== compareFrom) {
          setCompared([compareFrom, node.id]);
          setSelected(null);
        }
        setCompareFrom(null);
        return;
      }
      setCompared(null);
      setSelected((current) => (current === node.id ? null : node.id));
    },
    [compareFrom],
  );

  async function travel(node: string | null): Promise<boolean> {
    setError(null);
    try {
      onMeta(await travelPilot(workspace, pilot, node));
      onReload();
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    }
  }

  async function nameBranch(node: string, name: string) {
    setError(null);
    try {
      onMeta(await namePilotBranch(workspace, pilot, node, name));
    } catch (e) {
      setError(messageOf(e));
      throw e;
    }
  }

  const selectedNode = selected && selected !== START_ID ? index.get(selected) : undefined;
  const comparison = useMemo(() => (compared ? compareNodes(index, compared[0], compared[1]) : null), [index, compared]);

  return (
    <>
      <div className="graph-toolbar">
        <span className="muted small" data-testid="graph-summary">
          {graph.nodes.length} node{graph.nodes.length === 1 ? "" : "s"} · {graph.tips.length} branch tip
          {graph.tips.length === 1 ? "" : "s"}
        </span>
        <span className="header-spacer" />
        <button type="button" className="small" data-testid="graph-center-current" onClick={() => centerOnCurrent()}>
          Current
        </button>
        <button
          type="button"
          className="small"
          data-testid="graph-go-start"
          disabled={busy || head === null}
          title={busy ? BUSY_REASON : "Go back to the start: the next message begins a new conversation"}
          onClick={() => void travel(null)}
        >
          Go to start
        </button>
      </div>
      {compareFrom && (
        <p className="graph-hint small" data-testid="compare-hint">
          Click the node to compare {index.get(compareFrom)?.label} with.{" "}
          <button type="button" className="link" onClick={() => setCompareFrom(null)}>
            Cancel
          </button>
        </p>
      )}
      {error && (
        <p role="alert" className="error small graph-error" data-testid="graph-action-error">
          {error}
        </p>
      )}
      <div className="graph-canvas" ref={canvas} data-testid="graph-canvas">
        <ReactFlow<FlowNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodeClick={onNodeClick}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          onlyRenderVisibleElements={graph.nodes.length > VISIBLE_ONLY_LIMIT}
          minZoom={0.05}
          maxZoom={2}
          colorMode="system"
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      {comparison && <CompareView comparison={comparison} onClose={() => setCompared(null)} />}
      {selected === START_ID && (
        <div className="node-details" data-testid="start-details">
          <p>
            The start. A message sent from here begins a new conversation; nothing recorded is lost.
          </p>
          <button type="button" data-testid="start-go-here" disabled={busy || head === null} onClick={() => void travel(null)}>
            Go here
          </button>
        </div>
      )}
      {selectedNode && !comparison && (
        <NodeDetails
          key={selectedNode.id}
          workspace={workspace}
          pilotId={graph.meta.id}
          node={selectedNode}
          parent={selectedNode.parent ? index.get(selectedNode.parent) : undefined}
          current={selectedNode.id === head}
          tip={tips.has(selectedNode.id)}
          branchName={branchNameOf(pathTo(index, selectedNode.id), names)}
          ownName={names[selectedNode.id] ?? ""}
          busy={busy}
          busyReason={busy ? BUSY_REASON : null}
          onGoHere={() => void travel(selectedNode.id)}
          onBranchHere={() => {
            void (async () => {
              if (selectedNode.id === head || (await travel(selectedNode.id))) onFocusComposer();
            })();
          }}
          onNameBranch={(name) => nameBranch(selectedNode.id, name)}
          onCompare={() => {
            setCompareFrom(selectedNode.id);
            setCompared(null);
          }}
          onClose={() => setSelected(null)}
          onRestored={onReload}
        />
      )}
    </>
  );
}

export function PilotGraphPanel(props: Props) {
  return (
    <section className="pilot-graph" data-testid="pilot-graph" aria-label="Checkpoint graph">
      <ReactFlowProvider>
        <GraphCanvas {...props} />
      </ReactFlowProvider>
    </section>
  );
}
