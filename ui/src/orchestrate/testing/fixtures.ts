// For tests: runs as the backend lists them, and their step nodes.
import type { Intervention, Item, PilotGraph, PilotMeta, PilotNode, RunInfo, RunState, SpendTotals } from "../../api";
import { zeroTotals } from "../format";

export const RUN_ID = "r1";

export function makeRunMeta(id: string, run: Partial<RunState> = {}): PilotMeta {
  const task = run.task ?? "Fix the flaky test\nin tests/io.rs, then run the suite";
  return {
    id,
    name: `run: ${task.split("\n")[0]}`,
    model: { provider: "open_ai_responses", model: "gpt-5", base_url: null },
    head: null,
    branch_names: {},
    track_files: false,
    run: { task, status: "running", reason: null, max_steps: 40, budget_usd: null, shell: true, steps: 0, ...run },
    budget_usd: run.budget_usd ?? null,
    created_at: "2026-01-01T09:00:00.000000",
    updated_at: "2026-01-01T10:00:00.000000",
  };
}

export function makeSpend(overrides: Partial<SpendTotals> = {}): SpendTotals {
  return { ...zeroTotals(), turns: 3, cost_usd: 0.042, ...overrides };
}

export function makeRunInfo(id: string, run: Partial<RunState> = {}, spend: Partial<SpendTotals> = {}): RunInfo {
  return { meta: makeRunMeta(id, run), active: run.status === undefined || run.status === "running", spend: makeSpend(spend) };
}

export function makeStep(overrides: Partial<PilotNode> & { id: string }): PilotNode {
  const message = overrides.message ?? "";
  const items: Item[] = overrides.items ?? [
    ...(message ? [{ kind: "user" as const, text: message }] : []),
    { kind: "assistant", text: `reply of ${overrides.id}` },
  ];
  return {
    label: "",
    parent: null,
    kind: "step",
    message,
    reply: "",
    items,
    sessions: [],
    pilot_usage: { input_tokens: 1200, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 300, reasoning_output_tokens: 0 },
    pilot_cost_usd: 0.0123,
    executor_usage: { input_tokens: 0, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0 },
    executor_cost_usd: null,
    model: "gpt-5-2025-08-07",
    context_tokens: 1500,
    stopped: false,
    interventions: [],
    files_commit: null,
    started_at: "2026-01-01T10:00:00.000000",
    ended_at: "2026-01-01T10:00:30.000000",
    ...overrides,
  };
}

export const NUDGE: Intervention = {
  watcher: "progress",
  action: "message",
  reason: "the same tool call was repeated 3 times",
  message: "You are repeating yourself; try something else.",
};

export const SESSION_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

/**
 * Two steps: the first delegates to an agent and waits; the progress watcher
 * then tells the LLM to change course, which the second step receives.
 */
export function twoSteps(): PilotNode[] {
  return [
    makeStep({
      id: "n1",
      message: "Fix the flaky test\nin tests/io.rs, then run the suite",
      items: [
        { kind: "user", text: "Fix the flaky test\nin tests/io.rs, then run the suite" },
        { kind: "reasoning", text: "An agent should look at the test first." },
        { kind: "assistant", text: "Delegating to **codex**." },
        { kind: "tool_call", call_id: "c1", name: "delegate", arguments: { task: "fix tests/io.rs" } },
        { kind: "tool_call", call_id: "c2", name: "shell", arguments: { command: "cargo test io" } },
        { kind: "tool_result", call_id: "c2", output: "exit 101: 1 failed", is_error: true },
        { kind: "tool_result", call_id: "c1", output: `Started session ${SESSION_ID}` },
      ],
      interventions: [NUDGE],
      sessions: [{ id: SESSION_ID, status: "running", turn: 1 }],
    }),
    makeStep({
      id: "n2",
      parent: "n1",
      message: NUDGE.message,
      items: [
        { kind: "user", text: NUDGE.message },
        { kind: "tool_call", call_id: "c3", name: "wait", arguments: {} },
        { kind: "tool_result", call_id: "c3", output: "session finished" },
      ],
      sessions: [{ id: SESSION_ID, status: "completed", turn: 1 }],
    }),
  ];
}

export function makeRunGraph(meta: PilotMeta, nodes: PilotNode[]): PilotGraph {
  return {
    meta: { ...meta, head: nodes.at(-1)?.id ?? null },
    nodes,
    tips: nodes.length > 0 ? [nodes[nodes.length - 1].id] : [],
    skipped_lines: 0,
    running: false,
  };
}
