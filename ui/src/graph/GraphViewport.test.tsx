// The panel's framing in jsdom: what React Flow's viewport transform says
// after the pane is measured, resized and a node selected. (jsdom lays
// nothing out: the stubs give the pane a size; whether the nodes look
// readable on a real screen is for the e2e layer.)
import { act, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PilotNode } from "../api";
import { PilotGraphPanel } from "./PilotGraphPanel";
import { makeGraph, makeNode } from "./testing/fixtures";
import { clickNode, installReactFlowStubs, resizePane } from "./testing/reactflow";
import { READABLE_ZOOM } from "./viewport";
import { WORKSPACE } from "../shell/fixtures";

vi.mock("../api", async () => (await import("../shell/apiMock")).createApiMock());

function chain(count: number): PilotNode[] {
  return Array.from({ length: count }, (_, i) => makeNode({ id: `n${i + 1}`, label: `T${i + 1}`, parent: i === 0 ? null : `n${i}` }));
}

/** React Flow's viewport as drawn: translate(x, y) scale(zoom). */
function viewport() {
  const transform = document.querySelector<HTMLElement>(".react-flow__viewport")?.style.transform ?? "";
  const match = transform.match(/translate\((-?[\d.e+-]+)px, ?(-?[\d.e+-]+)px\) scale\(([\d.e+-]+)\)/);
  if (!match) return null;
  return { x: Number(match[1]), y: Number(match[2]), zoom: Number(match[3]) };
}

function renderPanel(nodes: PilotNode[], head: string) {
  return render(
    <PilotGraphPanel workspace={WORKSPACE} graph={makeGraph(nodes, { head })} busy={false} onMeta={vi.fn()} onReload={vi.fn()} onFocusComposer={vi.fn()} />,
  );
}

let uninstall: () => void;

describe("framing the checkpoint graph", () => {
  beforeEach(() => {
    vi.clearAllMocks();
  });
  afterEach(() => uninstall());

  it("opens 30 nodes at a readable zoom around the current node, not fitted into dots", async () => {
    uninstall = installReactFlowStubs({ width: 484, height: 780 });
    renderPanel(chain(30), "n30");
    await waitFor(() => expect(viewport()?.zoom).toBe(READABLE_ZOOM));
  });

  it("frames the graph again after the window is resized", async () => {
    uninstall = installReactFlowStubs({ width: 484, height: 500 });
    renderPanel(chain(8), "n8");
    await waitFor(() => expect(viewport()?.zoom).toBe(READABLE_ZOOM));
    act(() => resizePane({ width: 900, height: 1100 }));
    // Debounced, then all 8 rows fit the taller pane at a larger zoom.
    await waitFor(() => expect(viewport()!.zoom).toBeGreaterThan(READABLE_ZOOM));
  });

  it("pans a selected node into the room the details panel leaves", async () => {
    uninstall = installReactFlowStubs({ width: 484, height: 780 });
    renderPanel(chain(30), "n30");
    await waitFor(() => expect(viewport()?.zoom).toBe(READABLE_ZOOM));
    const before = viewport()!;
    // The details panel opens below the canvas: the canvas keeps 300 px.
    resizePane({ width: 484, height: 300 });
    const last = screen.getAllByTestId("graph-node").find((n) => n.dataset.label === "T30")!;
    clickNode(last);
    expect(await screen.findByTestId("node-details")).toBeInTheDocument();
    // Once the pan has settled: the same zoom, moved up.
    await waitFor(() => {
      expect(viewport()!.zoom).toBe(before.zoom);
      expect(viewport()!.y).toBeLessThan(before.y);
    });
    const after = viewport()!;
    // T30's bottom edge, on screen, is inside the 300 px left to the canvas.
    const t30Bottom = (30 * 104 + 72) * after.zoom + after.y;
    expect(t30Bottom).toBeLessThanOrEqual(300);
    expect(t30Bottom).toBeGreaterThan(0);
  });
});
