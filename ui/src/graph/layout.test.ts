import { describe, expect, it } from "vitest";
import { layoutGraph, START_ID, type GraphLayout, type LayoutInput } from "./layout";
import { generateNodes } from "./testing/fixtures";

const n = (id: string, parent: string | null = null): LayoutInput => ({ id, parent });

function pos(layout: GraphLayout, id: string) {
  const p = layout.positions.get(id);
  if (!p) throw new Error(`no position for ${id}`);
  return p;
}

/** No two nodes in one place; every parent above its children. */
function expectSound(nodes: LayoutInput[], layout: GraphLayout) {
  const places = new Set<string>();
  for (const node of nodes) {
    const p = pos(layout, node.id);
    const place = `${p.lane}:${p.row}`;
    expect(places.has(place), `two nodes at lane ${p.lane}, row ${p.row}`).toBe(false);
    places.add(place);
    if (node.parent) expect(pos(layout, node.parent).y).toBeLessThan(p.y);
    else expect(p.row).toBe(1);
  }
}

describe.each([
  ["dagre", {}],
  ["depth-first", { dagreLimit: 0 }],
] as const)("layoutGraph (%s order)", (engine, options) => {
  it("puts a chain in one lane, top to bottom, under the Start node", () => {
    const nodes = [n("a"), n("b", "a"), n("c", "b")];
    const layout = layoutGraph(nodes, options);
    expect(layout.engine).toBe(engine);
    expect(new Set(nodes.map((x) => pos(layout, x.id).lane)).size).toBe(1);
    expect(pos(layout, "a").lane).toBe(layout.start.lane);
    expect([layout.start.row, pos(layout, "a").row, pos(layout, "b").row, pos(layout, "c").row]).toEqual([0, 1, 2, 3]);
    expect(layout.edges.map((e) => [e.source, e.target])).toEqual([
      [START_ID, "a"],
      ["a", "b"],
      ["b", "c"],
    ]);
  });

  it("gives sibling branches distinct lanes and keeps parents above children", () => {
    // T1 → T2 → T4, and T3 branching off T1, T5 off T2.
    const nodes = [n("t1"), n("t2", "t1"), n("t3", "t1"), n("t4", "t2"), n("t5", "t2")];
    const layout = layoutGraph(nodes, options);
    expectSound(nodes, layout);
    expect(pos(layout, "t2").lane).not.toBe(pos(layout, "t3").lane);
    expect(pos(layout, "t4").lane).not.toBe(pos(layout, "t5").lane);
    expect(pos(layout, "t2").row).toBe(pos(layout, "t3").row);
    // A branch continues straight down its lane.
    const t2Children = [pos(layout, "t4").lane, pos(layout, "t5").lane];
    expect(t2Children).toContain(pos(layout, "t2").lane);
  });

  it("lays out several roots (messages sent from the start) side by side", () => {
    const nodes = [n("a"), n("b", "a"), n("c"), n("d", "c")];
    const layout = layoutGraph(nodes, options);
    expectSound(nodes, layout);
    expect(pos(layout, "a").lane).not.toBe(pos(layout, "c").lane);
    expect(layout.edges.filter((e) => e.source === START_ID).map((e) => e.target)).toEqual(["a", "c"]);
  });

  it("reuses a lane where an earlier branch has ended", () => {
    // A main line of 12 turns with two short side branches far apart: they can share a lane.
    const nodes: LayoutInput[] = [n("m0")];
    for (let i = 1; i < 12; i++) nodes.push(n(`m${i}`, `m${i - 1}`));
    nodes.push(n("x1", "m1"), n("x2", "x1"), n("y1", "m8"), n("y2", "y1"));
    const layout = layoutGraph(nodes, options);
    expectSound(nodes, layout);
    expect(layout.lanes).toBe(2);
  });

  it("survives an unknown parent and a cycle (a hand-edited file)", () => {
    const nodes = [n("a", "ghost"), n("b", "c"), n("c", "b"), n("d", "a")];
    const layout = layoutGraph(nodes, options);
    expect(layout.positions.size).toBe(4);
    expect(pos(layout, "a").row).toBe(1);
    expect(pos(layout, "d").row).toBe(2);
  });

  it("keeps a 2,000-node graph sound", () => {
    const nodes = generateNodes(2000, { branchEvery: 25 });
    const layout = layoutGraph(nodes, options);
    expect(layout.positions.size).toBe(2000);
    expectSound(nodes, layout);
  });
});

describe("layoutGraph", () => {
  it("orders with dagre up to the limit and depth-first past it", () => {
    const nodes = generateNodes(600, { branchEvery: 8 });
    expect(layoutGraph(nodes).engine).toBe("depth-first");
    expect(layoutGraph(nodes, { dagreLimit: 10_000 }).engine).toBe("dagre");
    expect(layoutGraph(nodes.slice(0, 30)).engine).toBe("dagre");
  });

  it("is empty but for the Start node when there are no nodes", () => {
    const layout = layoutGraph([]);
    expect(layout.positions.size).toBe(0);
    expect(layout.start).toMatchObject({ row: 0, lane: 0 });
    expect(layout.lanes).toBe(1);
  });
});
