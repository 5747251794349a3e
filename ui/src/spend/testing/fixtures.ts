// For tests (and the api mock's defaults): spend reports, totals and prices.
import type { BudgetStatus, PriceEntry, SpendGroup, SpendReport, SpendTotals, TokenUsage } from "../../api";

export function tokens(input: number, output: number): TokenUsage {
  return {
    input_tokens: input,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: output,
    reasoning_output_tokens: 0,
  };
}

/** Totals of nothing, everything priced; override what a test needs. */
export function makeTotals(overrides: Partial<SpendTotals> = {}): SpendTotals {
  return {
    turns: 0,
    usage: tokens(0, 0),
    cost_usd: 0,
    unpriced_turns: 0,
    unpriced_tokens: 0,
    reported_cost_usd: 0,
    estimate_of_reported_usd: 0,
    ...overrides,
  };
}

export function group(key: string, overrides: Partial<SpendTotals> = {}): SpendGroup {
  return { key, totals: makeTotals(overrides) };
}

/** A workspace that has spent nothing and has no budgets. */
export function emptyReport(): SpendReport {
  return {
    all_time: makeTotals(),
    today: makeTotals(),
    this_week: makeTotals(),
    pilot: makeTotals(),
    executor: makeTotals(),
    by_day: [],
    by_model: [],
    by_adapter: [],
    top_sessions: [],
    top_pilots: [],
    by_orchestrator_run: [],
    session_titles: [],
    deleted_sessions: [],
    pilot_names: [],
    run_ids: [],
    budgets: [],
    problems: [],
  };
}

export function budgetStatus(scope: string, limit: number, spent: number): BudgetStatus {
  const fraction = spent / limit;
  const level = fraction >= 1 ? "exceeded" : fraction >= 0.8 ? "warning" : "ok";
  return { scope, limit_usd: limit, spent_usd: spent, fraction, level };
}

/**
 * A busy workspace: an unpriced model this week, CLI-reported costs that
 * differ from our estimate, and one budget of each level.
 */
export function sampleReport(): SpendReport {
  return {
    ...emptyReport(),
    today: makeTotals({ turns: 3, usage: tokens(1200, 300), cost_usd: 0.0123 }),
    this_week: makeTotals({ turns: 8, usage: tokens(9000, 1500), cost_usd: 1.5, unpriced_turns: 1, unpriced_tokens: 4500 }),
    all_time: makeTotals({
      turns: 20,
      usage: tokens(250_000, 12_000),
      cost_usd: 12.34,
      unpriced_turns: 1,
      unpriced_tokens: 4500,
      reported_cost_usd: 2.5,
      estimate_of_reported_usd: 2.1,
    }),
    pilot: makeTotals({ turns: 5, usage: tokens(40_000, 2000), cost_usd: 0.75 }),
    executor: makeTotals({ turns: 15, usage: tokens(210_000, 10_000), cost_usd: 11.59, unpriced_turns: 1, unpriced_tokens: 4500 }),
    by_day: [
      group("2026-01-05", { turns: 12, cost_usd: 10.84 }),
      group("2026-01-06", { turns: 8, cost_usd: 1.5, unpriced_turns: 1, unpriced_tokens: 4500 }),
    ],
    by_model: [
      group("gpt-5", { turns: 14, cost_usd: 9.84 }),
      group("claude-sonnet-5", { turns: 5, cost_usd: 2.5, reported_cost_usd: 2.5, estimate_of_reported_usd: 2.1 }),
      group("mystery-model", { turns: 1, cost_usd: 0, unpriced_turns: 1, unpriced_tokens: 4500 }),
    ],
    by_adapter: [
      group("codex", { turns: 10, cost_usd: 9.09, usage: tokens(150_000, 8000) }),
      group("claude", { turns: 5, cost_usd: 2.5, usage: tokens(60_000, 2000) }),
      group("open_ai_responses", { turns: 5, cost_usd: 0.75, usage: tokens(40_000, 2000) }),
    ],
    top_sessions: [group("s-login", { turns: 6, cost_usd: 8 }), group("s-docs", { turns: 2, cost_usd: 3 })],
    session_titles: [
      ["s-login", "Fix the login bug"],
      ["s-docs", "Write the docs"],
    ],
    top_pilots: [group("p-refactor", { turns: 9, cost_usd: 5 }), group("r-tidy", { turns: 3, cost_usd: 1 })],
    pilot_names: [
      ["p-refactor", "Refactor pilot"],
      ["r-tidy", "Run: tidy the repo"],
    ],
    run_ids: ["r-tidy"],
    budgets: [
      budgetStatus("workspace", 50, 12.34),
      budgetStatus("pilot Refactor pilot", 6, 5),
      budgetStatus("pilot Other", 1, 1.2),
    ],
  };
}

export function priceEntry(overrides: Partial<PriceEntry> = {}): PriceEntry {
  return {
    prefix: "gpt-5",
    input: 1.25,
    cached_input: 0.125,
    cache_write: 0,
    output: 10,
    as_of: "2026-01-01",
    source: "https://openai.com/api/pricing",
    ...overrides,
  };
}
