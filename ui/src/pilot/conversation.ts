// Pure helpers over a pilot's checkpoint graph: paths, children, the rows of
// the chat, spend sums, the context window, and the formats they are shown in.
import type { Item, PilotGraph, PilotModel, PilotNode, Provider, TokenUsage, Value } from "../api";
import { formatTokens } from "../sessions/format";
import { adapterName } from "../shell/adapterNames";

export type NodeIndex = Map<string, PilotNode>;

export function indexNodes(nodes: PilotNode[]): NodeIndex {
  return new Map(nodes.map((node) => [node.id, node] as const));
}

/** The nodes from the root down to `id`, inclusive; empty for `null` or an unknown id. Never loops. */
export function pathTo(index: NodeIndex, id: string | null): PilotNode[] {
  const path: PilotNode[] = [];
  const seen = new Set<string>();
  let current = id === null ? undefined : index.get(id);
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    path.push(current);
    current = current.parent === null ? undefined : index.get(current.parent);
  }
  return path.reverse();
}

/** The children of `id` (the roots for `null`), in recording order. */
export function childrenOf(nodes: PilotNode[], id: string | null): PilotNode[] {
  return nodes.filter((node) => node.parent === id);
}

// ---------------------------------------------------------------------------
// Chat rows

export type ToolRow = {
  kind: "tool";
  key: string;
  callId: string;
  name: string;
  arguments: Value;
  /** `null` while no result was recorded (a call the turn never answered). */
  output: string | null;
  isError: boolean;
};

export type ChatRow =
  | { kind: "user"; key: string; text: string }
  | { kind: "assistant"; key: string; text: string }
  | { kind: "reasoning"; key: string; text: string }
  | ToolRow
  /** A result whose call is not among the items (shown rather than dropped). */
  | { kind: "orphan_result"; key: string; callId: string; output: string; isError: boolean };

/** A node's items as chat rows: each tool call with its result (paired by `call_id`) in one row. */
export function chatRows(node: PilotNode): ChatRow[] {
  const results = new Map<string, Extract<Item, { kind: "tool_result" }>>();
  const calls = new Set<string>();
  for (const item of node.items) {
    if (item.kind === "tool_result") results.set(item.call_id, item);
    if (item.kind === "tool_call") calls.add(item.call_id);
  }
  return node.items.flatMap((item, i): ChatRow[] => {
    const key = `${node.id}:${i}`;
    switch (item.kind) {
      case "user":
        return [{ kind: "user", key, text: item.text }];
      case "assistant":
        return [{ kind: "assistant", key, text: item.text }];
      case "reasoning":
        return item.text.trim() === "" ? [] : [{ kind: "reasoning", key, text: item.text }];
      case "tool_call": {
        const result = results.get(item.call_id);
        return [
          {
            kind: "tool",
            key,
            callId: item.call_id,
            name: item.name,
            arguments: item.arguments,
            output: result?.output ?? null,
            isError: result?.is_error ?? false,
          },
        ];
      }
      case "tool_result":
        return calls.has(item.call_id)
          ? []
          : [{ kind: "orphan_result", key, callId: item.call_id, output: item.output, isError: item.is_error ?? false }];
    }
  });
}

const STARTED_SESSION = /^Started session ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i;

/** The session a `delegate` call started, read from its result ("Started session <uuid> …"). */
export function startedSession(output: string | null): string | null {
  return output ? (STARTED_SESSION.exec(output.trim())?.[1] ?? null) : null;
}

/** The session a tool call is about: the one `delegate` started, or the `session_id` it names. */
export function sessionOfCall(row: Pick<ToolRow, "arguments" | "output" | "isError">): string | null {
  const started = row.isError ? null : startedSession(row.output);
  if (started) return started;
  const args = row.arguments;
  if (args && typeof args === "object" && !Array.isArray(args)) {
    const id = args.session_id;
    if (typeof id === "string" && id.trim() !== "") return id.trim();
  }
  return null;
}

// ---------------------------------------------------------------------------
// Spend and context

export type Spend = {
  pilotTokens: number;
  pilotCost: number;
  /** Some turn used tokens its price table does not know: the cost is a lower bound. */
  pilotUnpriced: boolean;
  executorTokens: number;
  executorCost: number;
  executorUnpriced: boolean;
};

export function tokens(usage: TokenUsage): number {
  return usage.input_tokens + usage.output_tokens;
}

export function sumSpend(nodes: PilotNode[]): Spend {
  const spend: Spend = {
    pilotTokens: 0,
    pilotCost: 0,
    pilotUnpriced: false,
    executorTokens: 0,
    executorCost: 0,
    executorUnpriced: false,
  };
  for (const node of nodes) {
    spend.pilotTokens += tokens(node.pilot_usage);
    spend.executorTokens += tokens(node.executor_usage);
    if (node.pilot_cost_usd === null) spend.pilotUnpriced ||= tokens(node.pilot_usage) > 0;
    else spend.pilotCost += node.pilot_cost_usd;
    if (node.executor_cost_usd === null) spend.executorUnpriced ||= tokens(node.executor_usage) > 0;
    else spend.executorCost += node.executor_cost_usd;
  }
  return spend;
}

/** Context windows by model-name prefix, longest prefix first. Sizes in tokens. */
export const CONTEXT_WINDOWS: Array<[prefix: string, window: number]> = [
  ["gpt-5", 400_000],
  ["gpt-4.1", 1_047_576],
  ["gpt-4o", 128_000],
  ["o4", 200_000],
  ["o3", 200_000],
  ["claude", 200_000],
  ["gemini", 1_048_576],
];

/** When no prefix matches: shown as an assumption, never as fact. */
export const DEFAULT_CONTEXT_WINDOW = 128_000;

export function contextWindow(model: string): { window: number; known: boolean } {
  const name = model.toLowerCase().split("/").pop() ?? "";
  const match = [...CONTEXT_WINDOWS].sort((a, b) => b[0].length - a[0].length).find(([prefix]) => name.startsWith(prefix));
  return match ? { window: match[1], known: true } : { window: DEFAULT_CONTEXT_WINDOW, known: false };
}

export function formatContext(used: number, model: string): string {
  const { window, known } = contextWindow(model);
  const share = Math.min(100, Math.round((used / window) * 100));
  if (!known) return `${formatTokens(used)} of ? (unknown window; ${share}% of an assumed ${formatTokens(window)})`;
  return `${formatTokens(used)} of ${formatTokens(window)} (${share}%)`;
}

/** A provider in words ("OpenAI Responses"), from the one formatter of adapter names. */
export function providerLabel(provider: Provider): string {
  return adapterName(provider);
}

export function describeModel(model: PilotModel): string {
  return `${model.model} · ${providerLabel(model.provider)}`;
}

/** Labels of the head's children: the turns that went on from it before the user travelled back. */
export function branchNotice(graph: PilotGraph): string | null {
  const head = graph.meta.head;
  const next = childrenOf(graph.nodes, head);
  if (next.length === 0) return null;
  const labels = next.map((n) => n.label).join(", ");
  const verb = next.length === 1 ? "continues" : "continue";
  if (head === null) return `Sending from the start begins a new conversation (${labels} ${verb} elsewhere)`;
  const label = graph.nodes.find((n) => n.id === head)?.label ?? head.slice(0, 8);
  return `Sending from ${label} starts a new branch (${labels} ${verb} elsewhere)`;
}

/** The branch name shown for a node: the nearest name given to it or an ancestor. */
export function branchNameOf(path: PilotNode[], names: Record<string, string> | undefined): string | null {
  if (!names) return null;
  for (let i = path.length - 1; i >= 0; i--) {
    const name = names[path[i].id];
    if (name) return name;
  }
  return null;
}
