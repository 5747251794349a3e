// The checkpoint graph's layout on large pilots: `npm run bench -w ui`
// (or `cd ui && npx vitest bench --run`). The goal is under 100 ms for
// layoutGraph on 2,000 nodes with branches.
import { bench, describe } from "vitest";
import { layoutGraph } from "../src/graph/layout";
import { generateNodes } from "../src/graph/testing/fixtures";

const cases = [
  // A branch every 20 turns: ~220 segments, past the dagre limit (depth-first order).
  { name: "2,000 nodes, a branch every 20 turns", nodes: generateNodes(2000, { branchEvery: 20 }) },
  // Few branches: ~45 segments, ordered by dagre.
  { name: "2,000 nodes, a branch every 100 turns (dagre)", nodes: generateNodes(2000, { branchEvery: 100 }) },
  // Very bushy: ~630 segments.
  { name: "2,000 nodes, a branch every 5 turns", nodes: generateNodes(2000, { branchEvery: 5 }) },
  { name: "10,000 nodes, a branch every 20 turns", nodes: generateNodes(10_000, { branchEvery: 20 }) },
];

for (const { name, nodes } of cases) {
  const sample = layoutGraph(nodes);
  describe(`${name}: ${sample.segments} segments, ${sample.lanes} lanes, ${sample.engine}`, () => {
    bench("layoutGraph", () => {
      layoutGraph(nodes);
    });
  });
}

describe("2,000 nodes, a branch every 20 turns, forced through dagre (for comparison)", () => {
  const nodes = generateNodes(2000, { branchEvery: 20 });
  bench("layoutGraph with dagre ordering", () => {
    layoutGraph(nodes, { dagreLimit: Number.POSITIVE_INFINITY });
  }, { iterations: 5, time: 0 });
});
