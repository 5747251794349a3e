import { describe, expect, it } from "vitest";
import { makeStep, NUDGE, twoSteps } from "./testing/fixtures";
import { latestSessions, mergeNode, pendingMessage, stepRows, timelineSteps } from "./timeline";

describe("a run's timeline", () => {
  it("numbers the steps and says where each injected message came from", () => {
    const nodes = [...twoSteps(), makeStep({ id: "n3", parent: "n2", message: "Continue with your tools." })];
    expect(timelineSteps(nodes).map((s) => [s.number, s.source, s.message])).toEqual([
      [1, "task", "Fix the flaky test\nin tests/io.rs, then run the suite"],
      [2, "watchers", NUDGE.message],
      [3, "nudge", "Continue with your tools."],
    ]);
  });

  it("pairs tool calls with their results by call id and leaves the user message out", () => {
    const rows = stepRows(twoSteps()[0].items, "n1");
    expect(rows.map((r) => r.kind)).toEqual(["reasoning", "text", "tool", "tool"]);
    const [, , delegate, shell] = rows;
    expect(delegate).toMatchObject({ name: "delegate", callId: "c1", output: expect.stringContaining("Started session"), isError: false });
    expect(shell).toMatchObject({ name: "shell", callId: "c2", output: "exit 101: 1 failed", isError: true });
  });

  it("keeps a result without its call, and a call without a result", () => {
    const rows = stepRows(
      [
        { kind: "tool_call", call_id: "a", name: "wait", arguments: {} },
        { kind: "tool_result", call_id: "z", output: "stray" },
      ],
      "k",
    );
    expect(rows).toMatchObject([
      { name: "wait", output: null },
      { name: "(result)", output: "stray" },
    ]);
  });

  it("appends a finished step once, replacing one it already holds", () => {
    const [a, b] = twoSteps();
    expect(mergeNode([a], b).map((n) => n.id)).toEqual(["n1", "n2"]);
    const merged = mergeNode([a, b], { ...b, reply: "again" });
    expect(merged).toHaveLength(2);
    expect(merged[1].reply).toBe("again");
  });

  it("knows the running step's message only when it is certain", () => {
    const nodes = twoSteps();
    expect(pendingMessage("the task", [])).toBe("the task");
    expect(pendingMessage("the task", nodes.slice(0, 1))).toBe(NUDGE.message);
    expect(pendingMessage("the task", nodes)).toBeNull();
  });

  it("lists the sessions as the latest step recorded them", () => {
    expect(latestSessions(twoSteps())).toEqual([{ id: expect.any(String), status: "completed", turn: 1 }]);
    expect(latestSessions([])).toEqual([]);
  });
});
