import { describe, expect, it } from "vitest";
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH, type LayoutInput } from "./layout";
import { fitZoom, frameViewport, layoutBounds, MAX_FIT_ZOOM, nodeRect, READABLE_ZOOM, REVEAL_MARGIN, revealViewport, type Rect, type Size, type Viewport } from "./viewport";

/** A chain n1 → n2 → … → n{count}. */
function chain(count: number): LayoutInput[] {
  return Array.from({ length: count }, (_, i) => ({ id: `n${i + 1}`, parent: i === 0 ? null : `n${i}` }));
}

/** The graph panel in the default 1400x900 window: 44 % of the 1100 px beside the 300 px sidebar, under the header and toolbars. */
const DEFAULT_PANE: Size = { width: 484, height: 780 };

/** Where a flow rectangle is drawn on screen under `viewport`. */
function onScreen(rect: Rect, viewport: Viewport) {
  const left = rect.x * viewport.zoom + viewport.x;
  const top = rect.y * viewport.zoom + viewport.y;
  return { left, top, right: left + rect.width * viewport.zoom, bottom: top + rect.height * viewport.zoom };
}

function inside(rect: Rect, viewport: Viewport, pane: Size): boolean {
  const r = onScreen(rect, viewport);
  return r.left >= 0 && r.top >= 0 && r.right <= pane.width && r.bottom <= pane.height;
}

describe("framing the graph", () => {
  it("fits a small graph whole, centred, never blown up past its natural size", () => {
    const layout = layoutGraph([
      { id: "n1", parent: null },
      { id: "n2", parent: "n1" },
      { id: "n3", parent: "n1" },
    ]);
    const bounds = layoutBounds(layout);
    const viewport = frameViewport(bounds, nodeRect(layout, "n2"), { width: 800, height: 600 });
    expect(viewport.zoom).toBe(MAX_FIT_ZOOM);
    expect(inside(bounds, viewport, { width: 800, height: 600 })).toBe(true);
    const drawn = onScreen(bounds, viewport);
    expect(drawn.left).toBeCloseTo(800 - drawn.right);
    expect(drawn.top).toBeCloseTo(600 - drawn.bottom);
  });

  it("at 30 nodes in the default window keeps a readable zoom around the current node instead of dots", () => {
    const layout = layoutGraph(chain(30));
    const bounds = layoutBounds(layout);
    // Fitting everything would draw 12 px text at about 2 px.
    expect(fitZoom(bounds, DEFAULT_PANE)).toBeLessThan(0.25);
    const head = nodeRect(layout, "n30")!;
    const viewport = frameViewport(bounds, head, DEFAULT_PANE);
    expect(viewport.zoom).toBe(READABLE_ZOOM);
    expect(inside(head, viewport, DEFAULT_PANE)).toBe(true);
    // The end of the chain sits at the bottom edge (plus padding), not mid-pane over empty space.
    expect(onScreen(bounds, viewport).bottom).toBeCloseTo(DEFAULT_PANE.height - 24);
    // The user's own zoom is kept when a turn adds a node.
    expect(frameViewport(bounds, head, DEFAULT_PANE, 0.8).zoom).toBe(0.8);
  });

  it("decides again for the new size when the window is resized", () => {
    const layout = layoutGraph(chain(8));
    const bounds = layoutBounds(layout);
    const small = frameViewport(bounds, nodeRect(layout, "n8"), { width: 484, height: 500 });
    const large = frameViewport(bounds, nodeRect(layout, "n8"), { width: 900, height: 1100 });
    expect(small.zoom).toBe(READABLE_ZOOM); // 8 rows do not fit 500 px readably
    expect(large.zoom).toBeGreaterThan(READABLE_ZOOM); // they fit 1100 px
    expect(inside(bounds, large, { width: 900, height: 1100 })).toBe(true);
  });
});

describe("revealing the selected node beside the details panel", () => {
  const node: Rect = { x: 0, y: 1000, width: NODE_WIDTH, height: NODE_HEIGHT };

  it("pans the least that brings a node hidden under the panel into view, at the same zoom", () => {
    // The node was on screen at y 400..472 of a 600 px pane; the details panel took the bottom 300 px.
    const viewport: Viewport = { x: 100, y: -600, zoom: 1 };
    expect(inside(node, viewport, { width: 800, height: 600 })).toBe(true);
    const pane = { width: 800, height: 300 };
    const moved = revealViewport(viewport, pane, node)!;
    expect(moved.zoom).toBe(1);
    expect(moved.x).toBe(100);
    expect(onScreen(node, moved).bottom).toBe(300 - REVEAL_MARGIN);
    expect(inside(node, moved, pane)).toBe(true);
  });

  it("leaves a visible node where it is, and brings one from the left or above", () => {
    const pane = { width: 800, height: 600 };
    expect(revealViewport({ x: 100, y: -700, zoom: 1 }, pane, node)).toBeNull();
    const fromLeft = revealViewport({ x: -500, y: -2000, zoom: 0.5 }, pane, { ...node, x: 400 })!;
    const drawn = onScreen({ ...node, x: 400 }, fromLeft);
    expect(drawn.left).toBe(REVEAL_MARGIN);
    expect(drawn.top).toBe(REVEAL_MARGIN);
  });
});
