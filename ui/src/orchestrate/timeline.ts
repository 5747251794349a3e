// A run's recorded steps as the timeline shows them. A step node holds the
// message injected before its LLM call (the task, watcher messages or a
// nudge), then what the call produced: reasoning, text, tool calls and their
// results (paired here by call id), then what the watchers said about it.
import type { Item, PilotNode, Value } from "../api";

export type ToolState = "requested" | "running" | "done";

export type ToolRow = {
  kind: "tool";
  key: string;
  callId: string;
  name: string;
  arguments: Value;
  /** `null` until the result arrives (or when none was recorded). */
  output: string | null;
  isError: boolean;
  state: ToolState;
};

export type StepRow = { kind: "text"; key: string; text: string } | { kind: "reasoning"; key: string; text: string } | ToolRow;

/** Where a step's injected message came from. */
export type MessageSource = "task" | "watchers" | "nudge";

export type StepView = {
  node: PilotNode;
  /** 1-based, in recording order. */
  number: number;
  message: string;
  source: MessageSource;
  rows: StepRow[];
};

/**
 * The rows of a step's items. User items are left out: the injected message
 * is the node's `message`, shown on its own. A result without a call (never
 * written by the backend, but a file can be edited) still shows, as "(result)".
 */
export function stepRows(items: Item[], keyPrefix: string): StepRow[] {
  const results = new Map<string, Extract<Item, { kind: "tool_result" }>>();
  const called = new Set<string>();
  for (const item of items) {
    if (item.kind === "tool_result") results.set(item.call_id, item);
    if (item.kind === "tool_call") called.add(item.call_id);
  }
  const rows: StepRow[] = [];
  items.forEach((item, index) => {
    const key = `${keyPrefix}:${index}`;
    switch (item.kind) {
      case "assistant":
        if (item.text.trim() !== "") rows.push({ kind: "text", key, text: item.text });
        break;
      case "reasoning":
        if (item.text.trim() !== "") rows.push({ kind: "reasoning", key, text: item.text });
        break;
      case "tool_call": {
        const result = results.get(item.call_id);
        rows.push({
          kind: "tool",
          key,
          callId: item.call_id,
          name: item.name,
          arguments: item.arguments,
          output: result?.output ?? null,
          isError: result?.is_error ?? false,
          state: "done",
        });
        break;
      }
      case "tool_result":
        if (!called.has(item.call_id)) {
          rows.push({
            kind: "tool",
            key,
            callId: item.call_id,
            name: "(result)",
            arguments: null,
            output: item.output,
            isError: item.is_error ?? false,
            state: "done",
          });
        }
        break;
      case "user":
        break;
    }
  });
  return rows;
}

/** Watcher messages (action `message`) a step's interventions tell the LLM before the next call. */
export function watcherMessages(node: PilotNode | undefined): string[] {
  return (node?.interventions ?? []).filter((i) => i.action === "message").map((i) => i.message);
}

/** Every recorded step, in order, with where its injected message came from. */
export function timelineSteps(nodes: PilotNode[]): StepView[] {
  return nodes.map((node, index) => ({
    node,
    number: index + 1,
    message: node.message,
    source: index === 0 ? "task" : watcherMessages(nodes[index - 1]).length > 0 ? "watchers" : "nudge",
    rows: stepRows(node.items, node.id),
  }));
}

/** The nodes with `node` added at the end, or put in place of the node with its id. */
export function mergeNode(nodes: PilotNode[], node: PilotNode): PilotNode[] {
  const at = nodes.findIndex((n) => n.id === node.id);
  if (at < 0) return [...nodes, node];
  const next = nodes.slice();
  next[at] = node;
  return next;
}

/**
 * The message the step now running was sent, as far as it is certain: the
 * task before the first step, the previous step's watcher messages otherwise
 * (`null` when neither: the backend may have added a nudge, or nothing).
 */
export function pendingMessage(task: string, nodes: PilotNode[]): string | null {
  if (nodes.length === 0) return task;
  const messages = watcherMessages(nodes[nodes.length - 1]);
  return messages.length > 0 ? messages.join("\n\n") : null;
}

/** Sessions the run started, as the latest step recorded them. */
export function latestSessions(nodes: PilotNode[]) {
  return nodes.length > 0 ? nodes[nodes.length - 1].sessions : [];
}
