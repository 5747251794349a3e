// For tests and the layout benchmark: checkpoint nodes and pilot graphs.
import type { Item, PilotGraph, PilotMeta, PilotNode, TokenUsage } from "../../api";

export const PILOT_ID = "p1";

export function usage(input: number, output: number): TokenUsage {
  return {
    input_tokens: input,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: output,
    reasoning_output_tokens: 0,
  };
}

/** A turn node: `message` asked, `reply` answered, with whatever `items` it added in between. */
export function makeNode(overrides: Partial<PilotNode> & { id: string; label: string }): PilotNode {
  const message = overrides.message ?? `message of ${overrides.label}`;
  const reply = overrides.reply ?? `reply of ${overrides.label}`;
  const items: Item[] = overrides.items ?? [
    { kind: "user", text: message },
    { kind: "assistant", text: reply },
  ];
  return {
    parent: null,
    kind: "turn",
    message,
    reply,
    items,
    sessions: [],
    pilot_usage: usage(1200, 300),
    pilot_cost_usd: 0.0123,
    executor_usage: usage(0, 0),
    executor_cost_usd: 0,
    model: "gpt-5-2025-08-07",
    context_tokens: 1500,
    stopped: false,
    files_commit: null,
    started_at: "2026-01-01T10:00:00.000000",
    ended_at: "2026-01-01T10:00:30.000000",
    ...overrides,
  };
}

export function makeMeta(overrides: Partial<PilotMeta> = {}): PilotMeta {
  return {
    id: PILOT_ID,
    name: "refactor pilot",
    model: { provider: "open_ai_responses", model: "gpt-5", base_url: null },
    head: null,
    branch_names: {},
    track_files: false,
    created_at: "2026-01-01T09:00:00.000000",
    updated_at: "2026-01-01T10:00:00.000000",
    ...overrides,
  };
}

/** The graph the backend would answer for these nodes (tips computed the same way). */
export function makeGraph(nodes: PilotNode[], meta: Partial<PilotMeta> = {}, running = false): PilotGraph {
  const parents = new Set(nodes.map((n) => n.parent).filter((p): p is string => p !== null));
  return {
    meta: makeMeta({ head: nodes.length > 0 ? nodes[nodes.length - 1].id : null, ...meta }),
    nodes,
    tips: nodes.filter((n) => !parents.has(n.id)).map((n) => n.id),
    skipped_lines: 0,
    running,
  };
}

/**
 * T1 → T2, and T3 branching off T1 (the user went back to T1 and sent again):
 * the head is T3 unless said otherwise.
 */
export function branchingNodes(): PilotNode[] {
  return [
    makeNode({ id: "n1", label: "T1", message: "Plan the refactor", reply: "Here is the **plan**." }),
    makeNode({ id: "n2", label: "T2", parent: "n1", message: "Do step one", reply: "Step one is done." }),
    makeNode({ id: "n3", label: "T3", parent: "n1", message: "Try another way", reply: "Another way it is." }),
  ];
}

export const ORIGINAL = "11111111-aaaa-bbbb-cccc-000000000001";
export const FORK = "ffffffff-aaaa-bbbb-cccc-000000000009";

/**
 * T1 started a session; T2 continued it to turn 2; the user went back to T1
 * and sent T3, whose talk to the session forked it (at turn 1, the backend
 * records the fork `known_as` the original) and moved the fork to turn 2.
 */
export function travelNodes(): PilotNode[] {
  return [
    makeNode({ id: "n1", label: "T1", message: "Start the parser work", sessions: [{ id: ORIGINAL, status: "completed", turn: 1 }] }),
    makeNode({ id: "n2", label: "T2", parent: "n1", message: "Go on", sessions: [{ id: ORIGINAL, status: "completed", turn: 2 }] }),
    makeNode({
      id: "n3",
      label: "T3",
      parent: "n1",
      message: "Go on differently",
      sessions: [{ id: FORK, known_as: ORIGINAL, status: "completed", turn: 2 }],
    }),
  ];
}

/**
 * `count` nodes recorded the way a long pilot grows: mostly continuing from
 * the last node, sometimes travelling back a few turns and branching, rarely
 * starting afresh. Deterministic for a given `seed`.
 */
export function generateNodes(count: number, options: { branchEvery?: number; seed?: number } = {}): Array<{ id: string; parent: string | null }> {
  const branchEvery = options.branchEvery ?? 20;
  let state = options.seed ?? 42;
  const random = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  const nodes: Array<{ id: string; parent: string | null }> = [];
  let head = -1;
  for (let i = 0; i < count; i++) {
    let parent = head;
    if (i > 0 && random() < 1 / branchEvery) {
      const r = random();
      parent = r < 0.05 ? -1 : Math.max(0, head - 1 - Math.floor(random() * 30));
    }
    nodes.push({ id: `n${i}`, parent: parent === -1 ? null : `n${parent}` });
    head = i;
  }
  return nodes;
}
