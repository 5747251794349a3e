// Where the checkpoint graph's viewport goes, as pure functions of the
// layout, the pane's size and the current viewport (React Flow's `{x, y,
// zoom}`: a flow point p is drawn at p * zoom + (x, y)). The panel calls them
// when its pane is measured or resized, when a turn adds a node, and when a
// node is selected (see useGraphViewport).
import { NODE_HEIGHT, NODE_WIDTH, START_ID, type GraphLayout } from "./layout";

export type Size = { width: number; height: number };
export type Rect = { x: number; y: number; width: number; height: number };
export type Viewport = { x: number; y: number; zoom: number };

/** Below this zoom a node's 12 px text is under about 7 px: the graph is framed around the current node instead. */
export const READABLE_ZOOM = 0.6;
/** A graph that fits is not blown up past its natural size. */
export const MAX_FIT_ZOOM = 1;
/** Free space kept around the graph, in screen pixels. */
export const FRAME_PADDING = 24;
/** How far from the pane's edges a revealed node ends up, in screen pixels. */
export const REVEAL_MARGIN = 24;

/** The rectangle every node (and the Start node) covers, in flow coordinates. */
export function layoutBounds(layout: GraphLayout): Rect {
  let [left, top, right, bottom] = [layout.start.x, layout.start.y, layout.start.x + NODE_WIDTH, layout.start.y + NODE_HEIGHT];
  for (const p of layout.positions.values()) {
    left = Math.min(left, p.x);
    top = Math.min(top, p.y);
    right = Math.max(right, p.x + NODE_WIDTH);
    bottom = Math.max(bottom, p.y + NODE_HEIGHT);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** A node's rectangle in flow coordinates (`START_ID` for the Start node); null when it is not laid out. */
export function nodeRect(layout: GraphLayout, id: string | null): Rect | null {
  const p = id === null || id === START_ID ? layout.start : layout.positions.get(id);
  return p ? { x: p.x, y: p.y, width: NODE_WIDTH, height: NODE_HEIGHT } : null;
}

/** The zoom at which the whole of `bounds` fits in `pane` with the padding. */
export function fitZoom(bounds: Rect, pane: Size): number {
  const width = Math.max(1, pane.width - 2 * FRAME_PADDING);
  const height = Math.max(1, pane.height - 2 * FRAME_PADDING);
  return Math.min(width / Math.max(1, bounds.width), height / Math.max(1, bounds.height));
}

/**
 * One axis of a viewport showing `focus` centred at `zoom`, moved so that no
 * more empty space shows past the graph's ends than the padding (a graph
 * shorter than the pane is centred instead).
 */
function axisOffset(focusStart: number, focusLength: number, boundsStart: number, boundsLength: number, pane: number, zoom: number): number {
  const drawn = boundsLength * zoom;
  if (drawn + 2 * FRAME_PADDING <= pane) return (pane - drawn) / 2 - boundsStart * zoom;
  const centred = pane / 2 - (focusStart + focusLength / 2) * zoom;
  const most = FRAME_PADDING - boundsStart * zoom; // the graph's start at the padding
  const least = pane - FRAME_PADDING - (boundsStart + boundsLength) * zoom; // its end at the padding
  return Math.min(most, Math.max(least, centred));
}

/**
 * How to frame the graph in the pane: all of it when it fits at a readable
 * zoom (never above `MAX_FIT_ZOOM`); otherwise `focus` (the current node) at
 * `zoom` (the user's, when they had one) or `READABLE_ZOOM`, with the rest a
 * scroll away, rather than everything shrunk to dots.
 */
export function frameViewport(bounds: Rect, focus: Rect | null, pane: Size, zoom?: number): Viewport {
  const fit = fitZoom(bounds, pane);
  if (fit >= READABLE_ZOOM || focus === null) {
    const z = Math.min(Math.max(fit, 0.05), MAX_FIT_ZOOM);
    return {
      x: (pane.width - bounds.width * z) / 2 - bounds.x * z,
      y: (pane.height - bounds.height * z) / 2 - bounds.y * z,
      zoom: z,
    };
  }
  const z = zoom ?? READABLE_ZOOM;
  return {
    x: axisOffset(focus.x, focus.width, bounds.x, bounds.width, pane.width, z),
    y: axisOffset(focus.y, focus.height, bounds.y, bounds.height, pane.height, z),
    zoom: z,
  };
}

function revealAxis(offset: number, start: number, length: number, pane: number, zoom: number): number {
  const from = start * zoom + offset;
  const to = from + length * zoom;
  if (to - from > pane - 2 * REVEAL_MARGIN) return offset + (REVEAL_MARGIN - from); // too big: show its start
  if (from < REVEAL_MARGIN) return offset + (REVEAL_MARGIN - from);
  if (to > pane - REVEAL_MARGIN) return offset - (to - (pane - REVEAL_MARGIN));
  return offset;
}

/**
 * The smallest pan that brings `node` fully into the pane (the part of the
 * canvas the details panel leaves), at the same zoom; null when it is
 * already in view.
 */
export function revealViewport(viewport: Viewport, pane: Size, node: Rect): Viewport | null {
  const x = revealAxis(viewport.x, node.x, node.width, pane.width, viewport.zoom);
  const y = revealAxis(viewport.y, node.y, node.height, pane.height, viewport.zoom);
  return x === viewport.x && y === viewport.y ? null : { x, y, zoom: viewport.zoom };
}
