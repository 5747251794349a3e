import { describe, expect, it } from "vitest";
import { canPause, canResume, canStop, formatStepCost, formatSteps, spendTooltip, taskTitle } from "./format";
import { formatTotalsCost } from "../spend/format";
import { tokens } from "../spend/testing/fixtures";
import { makeSpend, makeStep } from "./testing/fixtures";

describe("run wording", () => {
  it("names a run by the first line of its task", () => {
    expect(taskTitle("\n  Fix the build  \nthen the docs")).toBe("Fix the build");
    expect(taskTitle("   ")).toBe("(no task)");
  });

  it("writes steps against the limit", () => {
    expect(formatSteps({ steps: 3, max_steps: 40 })).toBe("3/40 steps");
  });

  it("marks a run's spend as a lower bound when some tokens had no price, and never shows unpriced work as $0", () => {
    expect(formatTotalsCost(makeSpend({ cost_usd: 0.042 }))).toBe("$0.0420");
    expect(formatTotalsCost(makeSpend({ cost_usd: 1.5, unpriced_turns: 1, unpriced_tokens: 4500 }))).toBe("$1.50+");
    expect(formatTotalsCost(makeSpend({ cost_usd: null, unpriced_turns: 2, unpriced_tokens: 900 }))).toBe("unpriced");
    expect(spendTooltip(makeSpend({ usage: tokens(10_000, 2_000), unpriced_turns: 1, unpriced_tokens: 4500 }))).toBe(
      "12k tokens, of which 4.5k tokens unpriced",
    );
    expect(spendTooltip(makeSpend())).toBeUndefined();
  });

  it("writes a step's own tokens and cost", () => {
    expect(formatStepCost(makeStep({ id: "n" }))).toBe("1.5k tok · $0.0123");
    expect(formatStepCost(makeStep({ id: "n", pilot_cost_usd: null }))).toBe("1.5k tok · unpriced");
  });

  it("offers each control only where the backend allows it", () => {
    const statuses = ["running", "paused", "finished", "stopped", "failed"] as const;
    expect(statuses.filter(canPause)).toEqual(["running"]);
    expect(statuses.filter(canResume)).toEqual(["paused", "stopped"]);
    expect(statuses.filter(canStop)).toEqual(["running", "paused"]);
  });
});
