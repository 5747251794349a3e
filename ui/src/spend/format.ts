// Spend wording for the spend view, badge, settings and runs. Dollar amounts
// go through shell/money, so every screen writes them the same way and
// unpriced work is never shown as "$0.00".
import type { BudgetLevel, BudgetStatus, SpendTotals } from "../api";
import { formatTokens } from "../sessions/format";
import { formatCost, formatUsd } from "../shell/money";

/** Whether some of the turns summed had tokens but no price (then `cost_usd` is a lower bound). */
export function hasUnpriced(totals: SpendTotals): boolean {
  return totals.unpriced_turns > 0 || totals.unpriced_tokens > 0;
}

/**
 * What a group of turns cost (or a run, its own LLM and its sessions):
 * "$1.50", "$1.50+" when some turns had no price (the sum is a lower bound),
 * "unpriced" when none did.
 */
export function formatTotalsCost(totals: SpendTotals): string {
  return formatCost(totals.cost_usd, hasUnpriced(totals));
}

export function totalsTokens(totals: SpendTotals): number {
  return totals.usage.input_tokens + totals.usage.output_tokens;
}

/**
 * "of which 4.5k tokens unpriced", or null when everything was priced. The
 * unpriced tokens are part of the token total shown beside it (never extra
 * tokens on top of it); only the dollar figure leaves them out.
 */
export function unpricedNote(totals: SpendTotals): string | null {
  if (!hasUnpriced(totals)) return null;
  return `of which ${formatTokens(totals.unpriced_tokens)} tokens unpriced`;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * Whether the CLIs' own cost figures and our price-table estimate for the
 * same turns differ by more than a tenth of a cent (as `Totals::reported_differs`
 * in zwarm-core), or we could not price some of them at all.
 */
export function reportedDiffers(totals: SpendTotals): boolean {
  const reported = totals.reported_cost_usd ?? 0;
  const estimate = totals.estimate_of_reported_usd;
  if (estimate === null) return reported > 0;
  return Math.abs(reported - estimate) > 0.001;
}

/** "reported by the CLI $2.50 · our estimate $2.10" (or "no price in our table"). */
export function reportedNote(totals: SpendTotals): string {
  const estimate = totals.estimate_of_reported_usd;
  const ours = estimate === null ? "no price in our table" : formatUsd(estimate);
  return `reported by the CLI ${formatUsd(totals.reported_cost_usd ?? 0)} · our estimate ${ours}`;
}

const SEVERITY: Record<BudgetLevel, number> = { ok: 0, warning: 1, exceeded: 2 };

/** The most pressing level among the budgets ("ok" when there are none). */
export function worstLevel(budgets: BudgetStatus[]): BudgetLevel {
  return budgets.reduce<BudgetLevel>((worst, b) => (SEVERITY[b.level] > SEVERITY[worst] ? b.level : worst), "ok");
}

/**
 * The share of a budget used, in percent, for a progress bar. A null fraction
 * means the backend could not divide (a $0 limit): that budget is all spent.
 */
export function budgetPercent(status: BudgetStatus): number {
  if (status.fraction === null || !Number.isFinite(status.fraction)) return 100;
  return Math.max(0, status.fraction * 100);
}
