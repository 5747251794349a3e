// The checkpoint graph's layout, as a pure function so it can be tested and
// benchmarked without a browser.
//
// A pilot's graph is a tree (a forest under a "Start" pseudo-node, since a
// message sent from the start opens a new root). It is drawn like a git
// graph: top to bottom, one row per generation, every branch in a straight
// vertical lane. Laying out each node with dagre would neither give lanes
// (dagre centres a parent over its children, so the main line zigzags) nor be
// fast (about 1 s for 2,000 nodes here). So chains are collapsed first: a
// *segment* is a maximal run of nodes where each one is the only child of the
// one before. Dagre lays out the much smaller tree of segments, which gives
// their left-to-right order; the segments are then packed into lanes in that
// order, a lane being reused where its rows are free. Dagre costs about 0.5 ms
// per segment, so past `dagreLimit` segments a depth-first order is used
// instead (for a tree just as free of crossings; the branch that went on
// longest stays in its parent's lane). Either way 2,000 nodes take a few ms to
// a few tens of ms (see bench/graph-layout.bench.ts).
import dagre from "@dagrejs/dagre";

export type LayoutInput = { id: string; parent: string | null };

export type NodePosition = {
  /** Top-left corner, in React Flow coordinates. */
  x: number;
  y: number;
  lane: number;
  /** 0 is the Start pseudo-node, 1 the roots, then one more per generation. */
  row: number;
};

export type LayoutEdge = { id: string; source: string; target: string };

export type GraphLayout = {
  positions: Map<string, NodePosition>;
  /** The Start pseudo-node, parent of every root. */
  start: NodePosition;
  /** Parent → child, with `START_ID` as the source of the roots. */
  edges: LayoutEdge[];
  lanes: number;
  rows: number;
  width: number;
  height: number;
  /** Which engine ordered the branches. */
  engine: "dagre" | "depth-first";
  segments: number;
};

export type LayoutOptions = {
  /** Up to this many segments dagre orders the branches; beyond, depth-first order. */
  dagreLimit?: number;
};

export const START_ID = "__start__";
export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 72;
export const LANE_WIDTH = 240;
export const ROW_HEIGHT = 104;
export const DEFAULT_DAGRE_LIMIT = 50;

type Segment = {
  index: number;
  parent: number; // -1 for the Start segment
  start: number; // first row
  end: number; // last row
  lane: number;
};

/** Row of every node (Start = 0), following parent links; cycles and unknown parents make roots. */
function computeRows(nodes: LayoutInput[], index: Map<string, number>): { rows: Int32Array; parents: Int32Array } {
  const n = nodes.length;
  const parents = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const parent = nodes[i].parent;
    const p = parent === null ? undefined : index.get(parent);
    if (p !== undefined && p !== i) parents[i] = p;
  }
  const rows = new Int32Array(n); // 0 = not computed yet
  const state = new Uint8Array(n); // 1 = on the current walk
  const walk: number[] = [];
  for (let i = 0; i < n; i++) {
    if (rows[i] !== 0) continue;
    let current = i;
    while (current !== -1 && rows[current] === 0 && state[current] === 0) {
      state[current] = 1;
      walk.push(current);
      current = parents[current];
    }
    if (current !== -1 && rows[current] === 0) {
      // A cycle (only in a hand-edited file): cut it at the node met twice.
      parents[current] = -1;
      rows[current] = 1;
      walk.pop();
    }
    for (let k = walk.length - 1; k >= 0; k--) {
      const node = walk[k];
      const p = parents[node];
      rows[node] = p === -1 ? 1 : rows[p] + 1;
      state[node] = 0;
    }
    walk.length = 0;
  }
  return { rows, parents };
}

/** Left-to-right order of the segments as dagre places the tree of segments. */
function dagreOrder(segments: Segment[]): number[] {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 20, ranksep: 20, ranker: "tight-tree" });
  g.setDefaultEdgeLabel(() => ({}));
  for (const segment of segments) g.setNode(String(segment.index), { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const segment of segments) {
    if (segment.parent !== -1) g.setEdge(String(segment.parent), String(segment.index));
  }
  dagre.layout(g);
  const x = segments.map((s) => (g.node(String(s.index)) as { x?: number } | undefined)?.x ?? 0);
  return segments
    .map((s) => s.index)
    .sort((a, b) => x[a] - x[b] || segments[a].start - segments[b].start || a - b);
}

/**
 * Packs segments into lanes in `order`: each takes the first lane, from its
 * parent's lane on (when the parent is placed already), whose rows are free. A segment may touch only
 * its parent or child in the same lane (the chain then reads straight on);
 * unrelated segments keep an empty row between them.
 */
function packLanes(segments: Segment[], order: number[]): number {
  const lanes: number[][] = []; // segment indexes per lane
  const placed = new Uint8Array(segments.length);
  for (const index of order) {
    const segment = segments[index];
    let lane = segment.parent !== -1 && placed[segment.parent] ? segments[segment.parent].lane : 0;
    placed[index] = 1;
    for (; ; lane++) {
      const taken = lanes[lane];
      if (!taken) {
        lanes[lane] = [index];
        break;
      }
      let free = true;
      for (const other of taken) {
        const o = segments[other];
        const related = o.index === segment.parent || o.parent === segment.index;
        const gap = related ? 0 : 1;
        if (segment.start <= o.end + gap && o.start <= segment.end + gap) {
          free = false;
          break;
        }
      }
      if (free) {
        taken.push(index);
        break;
      }
    }
    segment.lane = lane;
  }
  return lanes.length;
}

/** Where each node goes: lanes for branches, rows for generations. */
export function layoutGraph(nodes: LayoutInput[], options: LayoutOptions = {}): GraphLayout {
  const limit = options.dagreLimit ?? DEFAULT_DAGRE_LIMIT;
  const n = nodes.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) if (!index.has(nodes[i].id)) index.set(nodes[i].id, i);
  const { rows, parents } = computeRows(nodes, index);

  // Children in recording order; `n` stands for Start.
  const childCount = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    if (index.get(nodes[i].id) !== i) continue; // a repeated id: drawn once
    childCount[parents[i] === -1 ? n : parents[i]]++;
  }
  const childStart = new Int32Array(n + 2);
  for (let i = 0; i <= n; i++) childStart[i + 1] = childStart[i] + childCount[i];
  const children = new Int32Array(childStart[n + 1]);
  const fill = childStart.slice(0, n + 1);
  for (let i = 0; i < n; i++) {
    if (index.get(nodes[i].id) !== i) continue;
    const p = parents[i] === -1 ? n : parents[i];
    children[fill[p]++] = i;
  }

  // Segments, created in depth-first preorder (children in recording order).
  const segments: Segment[] = [{ index: 0, parent: -1, start: 0, end: 0, lane: 0 }];
  const segmentOf = new Int32Array(n + 1);
  segmentOf[n] = 0;
  const stack: number[] = [n];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const from = childStart[node];
    const to = childStart[node + 1];
    const only = to - from === 1;
    for (let k = from; k < to; k++) {
      const child = children[k];
      if (only) {
        segmentOf[child] = segmentOf[node];
        segments[segmentOf[node]].end = rows[child];
      } else {
        segmentOf[child] = segments.length;
        segments.push({ index: segments.length, parent: segmentOf[node], start: rows[child], end: rows[child], lane: 0 });
      }
    }
    // Push in reverse so the first child is visited first (preorder).
    for (let k = to - 1; k >= from; k--) stack.push(children[k]);
  }
  const useDagre = segments.length <= limit;
  const order = useDagre ? dagreOrder(segments) : preorder(segments);
  const laneCount = packLanes(segments, order);

  const positions = new Map<string, NodePosition>();
  let maxRow = 0;
  for (let i = 0; i < n; i++) {
    if (index.get(nodes[i].id) !== i) continue;
    const lane = segments[segmentOf[i]].lane;
    const row = rows[i];
    if (row > maxRow) maxRow = row;
    positions.set(nodes[i].id, { x: lane * LANE_WIDTH, y: row * ROW_HEIGHT, lane, row });
  }
  const startLane = segments[0].lane;
  const start = { x: startLane * LANE_WIDTH, y: 0, lane: startLane, row: 0 };
  const edges: LayoutEdge[] = [];
  for (let i = 0; i < n; i++) {
    if (index.get(nodes[i].id) !== i) continue;
    const source = parents[i] === -1 ? START_ID : nodes[parents[i]].id;
    edges.push({ id: `${source}->${nodes[i].id}`, source, target: nodes[i].id });
  }
  return {
    positions,
    start,
    edges,
    lanes: laneCount,
    rows: maxRow + 1,
    width: (laneCount - 1) * LANE_WIDTH + NODE_WIDTH,
    height: maxRow * ROW_HEIGHT + NODE_HEIGHT,
    engine: useDagre ? "dagre" : "depth-first",
    segments: segments.length,
  };
}

/**
 * Segments in depth-first preorder of the segment tree, the child reaching
 * deepest first (ties: recording order). That child is the branch that went
 * on longest: it continues straight in its parent's lane, and the shorter
 * branches go to the right.
 */
function preorder(segments: Segment[]): number[] {
  const kids: number[][] = segments.map(() => []);
  const reach = segments.map((s) => s.end);
  // Children are created after their parent: backwards, reach is known before it is needed.
  for (let i = segments.length - 1; i > 0; i--) {
    const parent = segments[i].parent;
    if (reach[i] > reach[parent]) reach[parent] = reach[i];
  }
  for (const s of segments) if (s.parent !== -1) kids[s.parent].push(s.index);
  for (const list of kids) if (list.length > 1) list.sort((a, b) => reach[b] - reach[a] || a - b);
  const order: number[] = [];
  const stack = [0];
  while (stack.length > 0) {
    const s = stack.pop()!;
    order.push(s);
    for (let k = kids[s].length - 1; k >= 0; k--) stack.push(kids[s][k]);
  }
  return order;
}
