import { describe, expect, it } from "vitest";
import { formatUsd } from "../shell/money";
import { budgetPercent, formatTotalsCost, reportedDiffers, unpricedNote, worstLevel } from "./format";
import { budgetStatus, makeTotals } from "./testing/fixtures";

describe("spend formatting", () => {
  it("writes four decimals under a dollar and two above", () => {
    expect(formatUsd(0.0123)).toBe("$0.0123");
    expect(formatUsd(12.3)).toBe("$12.30");
  });

  it("marks lower bounds and never prices unpriced work at $0", () => {
    expect(formatTotalsCost(makeTotals({ cost_usd: 1.5 }))).toBe("$1.50");
    expect(formatTotalsCost(makeTotals({ cost_usd: 1.5, unpriced_turns: 1, unpriced_tokens: 10 }))).toBe("$1.50+");
    expect(formatTotalsCost(makeTotals({ cost_usd: 0, unpriced_turns: 1, unpriced_tokens: 10 }))).toBe("unpriced");
    expect(unpricedNote(makeTotals({ unpriced_turns: 1, unpriced_tokens: 4500 }))).toBe("of which 4.5k tokens unpriced");
    expect(unpricedNote(makeTotals())).toBeNull();
  });

  it("compares reported and estimated cost as the core does", () => {
    expect(reportedDiffers(makeTotals({ reported_cost_usd: 1, estimate_of_reported_usd: 1.0005 }))).toBe(false);
    expect(reportedDiffers(makeTotals({ reported_cost_usd: 1, estimate_of_reported_usd: 1.2 }))).toBe(true);
    expect(reportedDiffers(makeTotals({ reported_cost_usd: 1, estimate_of_reported_usd: null }))).toBe(true);
    expect(reportedDiffers(makeTotals({ reported_cost_usd: 0, estimate_of_reported_usd: null }))).toBe(false);
  });

  it("ranks budget levels and fills a $0 budget", () => {
    expect(worstLevel([])).toBe("ok");
    expect(worstLevel([budgetStatus("a", 10, 9), budgetStatus("b", 10, 1)])).toBe("warning");
    expect(budgetPercent({ ...budgetStatus("a", 0, 1), fraction: null })).toBe(100);
  });
});
