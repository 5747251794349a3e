// Pilot turns running in this window, outside React: a turn goes on when the
// user switches to the Sessions view or to another pilot, and its live
// progress is there again when they come back. Components read it with
// `useLiveTurn`; `completions` tells the graph to reload when a turn ends.
import { useSyncExternalStore } from "react";
import { sendPilot, stopPilot, type PilotEvent, type PilotNode, type TokenUsage, type Value } from "../api";
import { messageOf } from "../shell/errors";

export type LivePart =
  | { kind: "text"; text: string }
  | { kind: "reasoning"; text: string }
  | {
      kind: "tool";
      callId: string;
      name: string;
      arguments: Value;
      /** `requested` when the model asked for it, `running` once started, `done` with its output. */
      state: "requested" | "running" | "done";
      output: string | null;
      isError: boolean;
    }
  | { kind: "retrying"; attempt: number; delayMs: number; reason: string };

export type LiveTurn = {
  workspace: string;
  pilot: string;
  message: string;
  from: string | null;
  /**
   * `done` once the backend recorded the turn: the live rows stay on screen
   * until the graph shown contains `node`, then the chat swaps them for the
   * node in one render (no blank frame) and forgets the turn (`settleTurn`).
   */
  status: "running" | "failed" | "done";
  /** The node the turn recorded (when `done`). */
  node: PilotNode | null;
  parts: LivePart[];
  /** The pilot LLM's tokens so far (summed over finished calls). */
  usage: TokenUsage;
  steps: number;
  stopping: boolean;
  error: string | null;
};

const ZERO: TokenUsage = {
  input_tokens: 0,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: 0,
  reasoning_output_tokens: 0,
};

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    cached_input_tokens: a.cached_input_tokens + b.cached_input_tokens,
    cache_write_input_tokens: a.cache_write_input_tokens + b.cache_write_input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
  };
}

function upsertTool(parts: LivePart[], callId: string, change: (part: Extract<LivePart, { kind: "tool" }> | null) => LivePart): LivePart[] {
  const at = parts.findIndex((p) => p.kind === "tool" && p.callId === callId);
  if (at === -1) return [...parts, change(null)];
  const next = [...parts];
  next[at] = change(parts[at] as Extract<LivePart, { kind: "tool" }>);
  return next;
}

/** Folds one event into the live parts: deltas grow the last bubble of their kind, tool rows update in place. */
export function applyEvent(parts: LivePart[], event: PilotEvent): LivePart[] {
  switch (event.kind) {
    case "llm": {
      const e = event.event;
      switch (e.kind) {
        case "text_delta":
        case "reasoning_delta": {
          const kind = e.kind === "text_delta" ? "text" : "reasoning";
          const last = parts[parts.length - 1];
          if (last && last.kind === kind) return [...parts.slice(0, -1), { kind, text: last.text + e.text }];
          // A retry notice is over once text flows again.
          const kept = last?.kind === "retrying" ? parts.slice(0, -1) : parts;
          return [...kept, { kind, text: e.text }];
        }
        case "tool_call":
          return upsertTool(parts, e.call_id, (old) => ({
            kind: "tool",
            callId: e.call_id,
            name: e.name,
            arguments: e.arguments,
            state: old?.state ?? "requested",
            output: old?.output ?? null,
            isError: old?.isError ?? false,
          }));
        case "retrying":
          return [
            ...parts.filter((p) => p.kind !== "retrying"),
            { kind: "retrying", attempt: e.attempt, delayMs: e.delay_ms, reason: e.reason },
          ];
      }
      return parts;
    }
    case "tool_started":
      return upsertTool(parts, event.call_id, (old) => ({
        kind: "tool",
        callId: event.call_id,
        name: event.name,
        arguments: event.arguments,
        state: old?.state === "done" ? "done" : "running",
        output: old?.output ?? null,
        isError: old?.isError ?? false,
      }));
    case "tool_finished":
      return upsertTool(parts, event.call_id, (old) => ({
        kind: "tool",
        callId: event.call_id,
        name: event.name,
        arguments: old?.arguments ?? null,
        state: "done",
        output: event.output,
        isError: event.is_error,
      }));
    case "step_finished":
      return parts;
  }
  return parts;
}

// ---------------------------------------------------------------------------
// The store

const turns = new Map<string, LiveTurn>();
const completions = new Map<string, { version: number; node: PilotNode | null }>();
const listeners = new Set<() => void>();

const keyOf = (workspace: string, pilot: string) => `${workspace}\n${pilot}`;

function emit() {
  for (const listener of listeners) listener();
}

function update(key: string, change: (turn: LiveTurn) => LiveTurn) {
  const turn = turns.get(key);
  if (!turn) return;
  turns.set(key, change(turn));
  emit();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Who hears that a pilot turn of a workspace ended (recorded, stopped or failed): the spend footer. */
const endListeners = new Set<(workspace: string) => void>();

export function onPilotTurnEnded(listener: (workspace: string) => void): () => void {
  endListeners.add(listener);
  return () => {
    endListeners.delete(listener);
  };
}

function ended(workspace: string) {
  for (const listener of endListeners) listener(workspace);
}

export function getLiveTurn(workspace: string, pilot: string): LiveTurn | null {
  return turns.get(keyOf(workspace, pilot)) ?? null;
}

/** True while a turn this window sent to the pilot is running. */
export function isTurnRunning(workspace: string, pilot: string): boolean {
  return getLiveTurn(workspace, pilot)?.status === "running";
}

/**
 * Sends a message and follows the turn to its end. Resolves with the recorded
 * node, or `null` when the turn failed (the reason is then in the live turn,
 * with the message, until `dismissTurn`).
 */
export async function startTurn(workspace: string, pilot: string, message: string, from: string | null): Promise<PilotNode | null> {
  const key = keyOf(workspace, pilot);
  if (turns.get(key)?.status === "running") return null;
  turns.set(key, {
    workspace,
    pilot,
    message,
    from,
    status: "running",
    parts: [],
    usage: ZERO,
    steps: 0,
    stopping: false,
    error: null,
    node: null,
  });
  emit();
  try {
    const node = await sendPilot(workspace, pilot, message, from, (event) =>
      update(key, (turn) => ({
        ...turn,
        parts: applyEvent(turn.parts, event),
        usage: event.kind === "step_finished" ? addUsage(turn.usage, event.usage) : turn.usage,
        steps: event.kind === "step_finished" ? event.step : turn.steps,
      })),
    );
    const turn = turns.get(key);
    if (turn) turns.set(key, { ...turn, status: "done", stopping: false, node });
    completions.set(key, { version: (completions.get(key)?.version ?? 0) + 1, node });
    emit();
    ended(workspace);
    return node;
  } catch (error) {
    update(key, (turn) => ({
      ...turn,
      status: "failed",
      stopping: false,
      error: messageOf(error),
    }));
    completions.set(key, { version: (completions.get(key)?.version ?? 0) + 1, node: null });
    emit();
    ended(workspace);
    return null;
  }
}

/** Asks the backend to stop the pilot's running turn (it is recorded, marked stopped). */
export async function stopTurn(workspace: string, pilot: string): Promise<boolean> {
  update(keyOf(workspace, pilot), (turn) => ({ ...turn, stopping: true }));
  try {
    return await stopPilot(pilot);
  } catch {
    update(keyOf(workspace, pilot), (turn) => ({ ...turn, stopping: false }));
    return false;
  }
}

/** Forgets a failed turn (its error and message). */
export function dismissTurn(workspace: string, pilot: string) {
  const key = keyOf(workspace, pilot);
  if (turns.get(key)?.status !== "failed") return;
  turns.delete(key);
  emit();
}

/** Forgets a finished turn once the graph on screen shows the node it recorded. */
export function settleTurn(workspace: string, pilot: string) {
  const key = keyOf(workspace, pilot);
  if (turns.get(key)?.status !== "done") return;
  turns.delete(key);
  emit();
}

export function useLiveTurn(workspace: string, pilot: string): LiveTurn | null {
  return useSyncExternalStore(subscribe, () => getLiveTurn(workspace, pilot));
}

/** Bumps when one of this pilot's turns ends; `node` is the one it recorded (null for a failure). */
export function useTurnCompletion(workspace: string, pilot: string): { version: number; node: PilotNode | null } | null {
  return useSyncExternalStore(subscribe, () => completions.get(keyOf(workspace, pilot)) ?? null);
}

/** Any turn of this workspace running? (the pilot list's markers) */
export function useRunningPilots(workspace: string): Set<string> {
  return useSyncExternalStore(subscribe, () => runningSnapshot(workspace));
}

/** Per workspace, the last set handed out: the same object while nothing changed (as useSyncExternalStore needs). */
const runningCache = new Map<string, { key: string; set: Set<string> }>();
function runningSnapshot(workspace: string): Set<string> {
  const ids = [...turns.values()].filter((t) => t.workspace === workspace && t.status === "running").map((t) => t.pilot);
  const key = ids.sort().join("\n");
  const cached = runningCache.get(workspace);
  if (cached && cached.key === key) return cached.set;
  const set = new Set(ids);
  runningCache.set(workspace, { key, set });
  return set;
}

/** For tests: forget every turn. */
export function resetTurnsForTest() {
  turns.clear();
  completions.clear();
  runningCache.clear();
  emit();
}
