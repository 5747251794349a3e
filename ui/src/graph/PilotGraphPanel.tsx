// The pilot's checkpoint graph: every node laid out by `layoutGraph`
// (branches in lanes), drawn with React Flow for pan and zoom. A click
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
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { namePilotBranch, travelPilot, type PilotGraph, type PilotMeta } from "../api";
import { branchNameOf, indexNodes, pathTo } from "../pilot/conversation";
import { compareNodes } from "./compare";
import { nodeCost } from "./cost";
import { nodeTypes, type FlowNode } from "./GraphNodes";
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH, START_ID, type GraphLayout } from "./layout";
import { CompareView, NodeDetails } from "./NodeDetails";
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

/** Graphs up to this size are fitted into view; larger ones open centred on the current node. */
const FIT_LIMIT = 30;
/** Past this many nodes React Flow draws only what is on screen. */
const VISIBLE_ONLY_LIMIT = 300;
const START_WIDTH = 90;
const START_HEIGHT = 32;
const BUSY_REASON = "A turn is running: wait for it to end";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The layout, recomputed only when nodes were added (the graph is append-only; polling returns new arrays). */
function useLayout(graph: PilotGraph): GraphLayout {
  const cache = useRef<{ signature: string; layout: GraphLayout } | null>(null);
  const signature = `${graph.nodes.length}:${graph.nodes.at(-1)?.id ?? ""}`;
  if (!cache.current || cache.current.signature !== signature) {
    cache.current = { signature, layout: layoutGraph(graph.nodes) };
  }
  return cache.current.layout;
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
        },
      });
    }
    return list;
  }, [layout, graph.nodes, head, selected, tips, onPath, names, index, compareFrom, compared]);

  const edges = useMemo<Edge[]>(
    () =>
      layout.edges.map((edge) => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        type: "smoothstep",
        className: onPath.has(edge.target) ? "graph-edge on-path" : "graph-edge",
        focusable: false,
        selectable: false,
      })),
    [layout, onPath],
  );

  // Open on the whole graph when it is small (the `fitView` prop), else on the
  // current node; when a turn adds a node, frame it again the same way.
  const centerOnCurrent = useCallback(
    (zoom?: number) => {
      const target = head ? layout.positions.get(head) : layout.start;
      if (!target) return;
      void flow.setCenter(target.x + NODE_WIDTH / 2, target.y + NODE_HEIGHT / 2, { zoom: zoom ?? 0.9, duration: 200 });
    },
    [flow, head, layout],
  );
  const count = graph.nodes.length;
  const framedCount = useRef<number | null>(null);
  useEffect(() => {
    const first = framedCount.current === null;
    if (framedCount.current === count) return;
    framedCount.current = count;
    if (first && count <= FIT_LIMIT) return;
    const timer = setTimeout(() => {
      if (count <= FIT_LIMIT) void flow.fitView({ padding: 0.2, maxZoom: 1, duration: 200 });
      else centerOnCurrent(first ? undefined : flow.getZoom());
    }, 0);
    return () => clearTimeout(timer);
  }, [count, flow, centerOnCurrent]);

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
      <div className="graph-canvas">
        <ReactFlow<FlowNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodeClick={onNodeClick}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          onlyRenderVisibleElements={graph.nodes.length > VISIBLE_ONLY_LIMIT}
          fitView={graph.nodes.length <= FIT_LIMIT}
          fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
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
