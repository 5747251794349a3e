import { describe, expect, it } from "vitest";
import { branchingNodes, makeGraph, makeNode, usage } from "../graph/testing/fixtures";
import { formatCost } from "../shell/money";
import {
  branchNotice,
  chatRows,
  contextWindow,
  formatContext,
  indexNodes,
  pathTo,
  sessionOfCall,
  startedSession,
  sumSpend,
} from "./conversation";

const SESSION = "0f8fad5b-d9cb-469f-a165-70867728950e";

describe("pilot conversation helpers", () => {
  it("walks parent links from the root to a node", () => {
    const index = indexNodes(branchingNodes());
    expect(pathTo(index, "n3").map((n) => n.label)).toEqual(["T1", "T3"]);
    expect(pathTo(index, "n2").map((n) => n.label)).toEqual(["T1", "T2"]);
    expect(pathTo(index, null)).toEqual([]);
    expect(pathTo(index, "nope")).toEqual([]);
  });

  it("never loops on a cycle", () => {
    const index = indexNodes([makeNode({ id: "a", label: "T1", parent: "b" }), makeNode({ id: "b", label: "T2", parent: "a" })]);
    expect(pathTo(index, "a").map((n) => n.id)).toEqual(["b", "a"]);
  });

  it("pairs each tool call with its result by call id, and keeps a result without a call", () => {
    const node = makeNode({
      id: "n1",
      label: "T1",
      items: [
        { kind: "user", text: "go" },
        { kind: "reasoning", text: "thinking" },
        { kind: "tool_call", call_id: "c1", name: "delegate", arguments: { task: "fix" } },
        { kind: "tool_call", call_id: "c2", name: "wait", arguments: { seconds: 5 } },
        { kind: "tool_result", call_id: "c2", output: "done waiting" },
        { kind: "tool_result", call_id: "c1", output: `Started session ${SESSION} (codex)` },
        { kind: "tool_result", call_id: "lost", output: "??", is_error: true },
        { kind: "assistant", text: "ok" },
      ],
    });
    const rows = chatRows(node);
    expect(rows.map((r) => r.kind)).toEqual(["user", "reasoning", "tool", "tool", "orphan_result", "assistant"]);
    expect(rows[2]).toMatchObject({ name: "delegate", output: `Started session ${SESSION} (codex)` });
    expect(rows[3]).toMatchObject({ name: "wait", output: "done waiting" });
  });

  it("reads the session a tool call is about", () => {
    expect(startedSession(`Started session ${SESSION} (codex, default mode) in /w.`)).toBe(SESSION);
    expect(startedSession("Sent to session x")).toBeNull();
    expect(sessionOfCall({ arguments: { session_id: "0f8f" }, output: "…", isError: false })).toBe("0f8f");
    expect(sessionOfCall({ arguments: { task: "x" }, output: `Started session ${SESSION}.`, isError: true })).toBeNull();
  });

  it("sums spend, marking unpriced parts instead of counting them as free", () => {
    const spend = sumSpend([
      makeNode({ id: "a", label: "T1", pilot_cost_usd: 0.01, executor_cost_usd: 0.5, executor_usage: usage(1000, 10) }),
      makeNode({ id: "b", label: "T2", pilot_cost_usd: null, executor_cost_usd: null, executor_usage: usage(1000, 10) }),
    ]);
    expect(spend.pilotCost).toBeCloseTo(0.01);
    expect(spend.pilotUnpriced).toBe(true);
    expect(spend.executorCost).toBeCloseTo(0.5);
    expect(formatCost(spend.executorCost, spend.executorUnpriced)).toBe("$0.5000+");
    expect(formatCost(0, true)).toBe("unpriced");
  });

  it("knows context windows by model prefix and says so when it does not", () => {
    expect(contextWindow("gpt-5-2025-08-07")).toEqual({ window: 400_000, known: true });
    expect(contextWindow("claude-sonnet-4-5")).toEqual({ window: 200_000, known: true });
    expect(contextWindow("llama3.1:8b")).toEqual({ window: 128_000, known: false });
    expect(formatContext(40_000, "gpt-5")).toBe("40k of 400k (10%)");
    expect(formatContext(12_800, "llama3.1")).toContain("unknown window");
  });

  it("says when sending from the head starts a new branch", () => {
    expect(branchNotice(makeGraph(branchingNodes(), { head: "n3" }))).toBeNull();
    expect(branchNotice(makeGraph(branchingNodes().slice(0, 2), { head: "n1" }))).toBe(
      "Sending from T1 starts a new branch (T2 continues elsewhere)",
    );
    expect(branchNotice(makeGraph(branchingNodes(), { head: "n1" }))).toBe(
      "Sending from T1 starts a new branch (T2, T3 continue elsewhere)",
    );
    expect(branchNotice(makeGraph(branchingNodes(), { head: null }))).toBe(
      "Sending from the start begins a new conversation (T1 continues elsewhere)",
    );
  });
});
