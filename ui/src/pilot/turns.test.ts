import { describe, expect, it } from "vitest";
import type { PilotEvent } from "../api";
import { applyEvent, type LivePart } from "./turns";

const fold = (events: PilotEvent[]) => events.reduce<LivePart[]>(applyEvent, []);
const text = (t: string): PilotEvent => ({ kind: "llm", event: { kind: "text_delta", text: t } });
const thought = (t: string): PilotEvent => ({ kind: "llm", event: { kind: "reasoning_delta", text: t } });

describe("live turn parts", () => {
  it("grows one bubble per run of deltas of a kind", () => {
    const parts = fold([thought("Let me "), thought("think."), text("Hel"), text("lo"), text(" there")]);
    expect(parts).toEqual([
      { kind: "reasoning", text: "Let me think." },
      { kind: "text", text: "Hello there" },
    ]);
  });

  it("follows a tool call from the request to its output, in place", () => {
    const parts = fold([
      text("Starting an agent."),
      { kind: "llm", event: { kind: "tool_call", call_id: "c1", name: "delegate", arguments: { task: "fix" } } },
      { kind: "tool_started", call_id: "c1", name: "delegate", arguments: { task: "fix" } },
      { kind: "step_finished", step: 1, usage: { input_tokens: 1, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 1, reasoning_output_tokens: 0 } },
      { kind: "tool_finished", call_id: "c1", name: "delegate", output: "Started session x", is_error: false },
      text("Done."),
    ]);
    expect(parts).toHaveLength(3);
    expect(parts[1]).toMatchObject({ kind: "tool", callId: "c1", state: "done", output: "Started session x", arguments: { task: "fix" } });
    expect(parts[2]).toEqual({ kind: "text", text: "Done." });
  });

  it("shows one retry notice, gone once text flows again", () => {
    const retry = (attempt: number): PilotEvent => ({
      kind: "llm",
      event: { kind: "retrying", attempt, delay_ms: 2000, reason: "HTTP 503" },
    });
    expect(fold([retry(1), retry(2)])).toEqual([{ kind: "retrying", attempt: 2, delayMs: 2000, reason: "HTTP 503" }]);
    expect(fold([retry(1), text("Hi")])).toEqual([{ kind: "text", text: "Hi" }]);
  });
});
