// The step a run is working on right now, folded from the run's live events:
// streamed text and reasoning, tool calls as they are asked for, run and
// answered, retries, and the watchers' interventions. It is dropped when the
// step is recorded (`step_finished`): from then on the node is the truth.
import type { Intervention, RunEvent, Value } from "../api";
import type { ToolState } from "./timeline";

export type LiveTool = {
  callId: string;
  name: string;
  arguments: Value;
  output: string | null;
  isError: boolean;
  state: ToolState;
};

export type LiveStep = {
  /** `null` when the window subscribed after the step started. */
  step: number | null;
  text: string;
  reasoning: string;
  tools: LiveTool[];
  interventions: Intervention[];
  /** "attempt 2 in 4 s: the server is overloaded", while the LLM call is retried. */
  retrying: string | null;
};

function emptyStep(step: number | null): LiveStep {
  return { step, text: "", reasoning: "", tools: [], interventions: [], retrying: null };
}

function upsertTool(tools: LiveTool[], callId: string, change: (tool: LiveTool | undefined) => LiveTool): LiveTool[] {
  const at = tools.findIndex((t) => t.callId === callId);
  if (at < 0) return [...tools, change(undefined)];
  const next = tools.slice();
  next[at] = change(tools[at]);
  return next;
}

/** The live step after `event`; `null` once the step is recorded. */
export function applyRunEvent(live: LiveStep | null, event: RunEvent): LiveStep | null {
  if (event.kind === "step_started") return emptyStep(event.step);
  if (event.kind === "step_finished") return null;
  const step = live ?? emptyStep(null);
  switch (event.kind) {
    case "llm": {
      const stream = event.event;
      switch (stream.kind) {
        case "text_delta":
          return { ...step, text: step.text + stream.text, retrying: null };
        case "reasoning_delta":
          return { ...step, reasoning: step.reasoning + stream.text, retrying: null };
        case "tool_call":
          return {
            ...step,
            retrying: null,
            tools: upsertTool(step.tools, stream.call_id, (tool) => ({
              callId: stream.call_id,
              name: stream.name,
              arguments: stream.arguments,
              output: tool?.output ?? null,
              isError: tool?.isError ?? false,
              state: tool?.state ?? "requested",
            })),
          };
        case "retrying":
          return {
            ...step,
            retrying: `attempt ${stream.attempt} in ${Math.ceil(stream.delay_ms / 1000)} s: ${stream.reason}`,
          };
      }
      return step;
    }
    case "tool_started":
      return {
        ...step,
        tools: upsertTool(step.tools, event.call_id, (tool) => ({
          callId: event.call_id,
          name: event.name,
          arguments: event.arguments,
          output: tool?.output ?? null,
          isError: tool?.isError ?? false,
          state: "running",
        })),
      };
    case "tool_finished":
      return {
        ...step,
        tools: upsertTool(step.tools, event.call_id, (tool) => ({
          callId: event.call_id,
          name: event.name,
          arguments: tool?.arguments ?? null,
          output: event.output,
          isError: event.is_error,
          state: "done",
        })),
      };
    case "intervention":
      return { ...step, interventions: [...step.interventions, event.intervention] };
  }
}
