import { describe, expect, it } from "vitest";
import type { RunEvent } from "../api";
import { applyRunEvent, type LiveStep } from "./live";
import { makeStep, NUDGE } from "./testing/fixtures";

function fold(events: RunEvent[], start: LiveStep | null = null): LiveStep | null {
  return events.reduce<LiveStep | null>(applyRunEvent, start);
}

describe("the live step", () => {
  it("collects streamed text, reasoning, tool calls and interventions", () => {
    const live = fold([
      { kind: "step_started", step: 4 },
      { kind: "llm", event: { kind: "reasoning_delta", text: "Think" } },
      { kind: "llm", event: { kind: "text_delta", text: "Checking " } },
      { kind: "llm", event: { kind: "text_delta", text: "the tests." } },
      { kind: "llm", event: { kind: "tool_call", call_id: "c1", name: "shell", arguments: { command: "ls" } } },
      { kind: "llm", event: { kind: "tool_call", call_id: "c2", name: "wait", arguments: {} } },
      { kind: "tool_started", call_id: "c1", name: "shell", arguments: { command: "ls" } },
      { kind: "tool_finished", call_id: "c1", name: "shell", output: "src", is_error: false },
      { kind: "tool_started", call_id: "c2", name: "wait", arguments: {} },
      { kind: "intervention", intervention: NUDGE },
    ]);
    expect(live).toMatchObject({ step: 4, text: "Checking the tests.", reasoning: "Think", interventions: [NUDGE] });
    expect(live?.tools).toEqual([
      { callId: "c1", name: "shell", arguments: { command: "ls" }, output: "src", isError: false, state: "done" },
      { callId: "c2", name: "wait", arguments: {}, output: null, isError: false, state: "running" },
    ]);
  });

  it("says when the call is retried, until something streams again", () => {
    const retrying = fold([
      { kind: "step_started", step: 1 },
      { kind: "llm", event: { kind: "retrying", attempt: 2, delay_ms: 3500, reason: "server overloaded" } },
    ]);
    expect(retrying?.retrying).toBe("attempt 2 in 4 s: server overloaded");
    expect(fold([{ kind: "llm", event: { kind: "text_delta", text: "ok" } }], retrying)?.retrying).toBeNull();
  });

  it("starts without a number when the window joined mid-step, and ends when the step is recorded", () => {
    const joined = fold([{ kind: "llm", event: { kind: "text_delta", text: "half" } }]);
    expect(joined).toMatchObject({ step: null, text: "half" });
    expect(applyRunEvent(joined, { kind: "step_finished", node: makeStep({ id: "n1" }) })).toBeNull();
  });
});
