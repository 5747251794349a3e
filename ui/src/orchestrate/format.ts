// Wording of a run's state for the list and the detail header: its title,
// status, steps against the limit, spend, and which controls apply. Money goes
// through shell/money (a run's spend through spend/format's `formatTotalsCost`)
// so a run's cost reads like every other amount in the app, and unpriced work
// is never shown as "$0.00".
import type { PilotNode, RunState, RunStatus, SpendTotals } from "../api";
import { formatTokens } from "../sessions/format";
import { formatCost, formatUsd } from "../shell/money";
import { unpricedNote } from "../spend/format";

/** The task's first non-empty line: what the run is called in the list. */
export function taskTitle(task: string): string {
  return task.split("\n").find((line) => line.trim() !== "")?.trim() ?? "(no task)";
}

/** "3/40 steps". */
export function formatSteps(run: Pick<RunState, "steps" | "max_steps">): string {
  return `${run.steps}/${run.max_steps} step${run.max_steps === 1 ? "" : "s"}`;
}

/** The tooltip of the spend: "12k tokens, of which 4.5k tokens unpriced", when some had no price. */
export function spendTooltip(spend: SpendTotals): string | undefined {
  const note = unpricedNote(spend);
  if (!note) return undefined;
  return `${formatTokens(spend.usage.input_tokens + spend.usage.output_tokens)} tokens, ${note}`;
}

/** A budget for the header: "of $2.00" or nothing. */
export function formatBudget(run: Pick<RunState, "budget_usd">): string | null {
  return run.budget_usd === null ? null : `of ${formatUsd(run.budget_usd)}`;
}

/** One step's own LLM figures: "1.5k tok · $0.0123" (or "· unpriced"). */
export function formatStepCost(node: Pick<PilotNode, "pilot_usage" | "pilot_cost_usd">): string {
  const tokens = node.pilot_usage.input_tokens + node.pilot_usage.output_tokens;
  const cost = formatCost(node.pilot_cost_usd, node.pilot_cost_usd === null && tokens > 0);
  return `${formatTokens(tokens)} tok · ${cost}`;
}

/** Pause takes effect after the current step, so only a running run can be paused. */
export const canPause = (status: RunStatus): boolean => status === "running";
/** A paused run, or one a limit, a watcher or the user stopped, can carry on from its last step. */
export const canResume = (status: RunStatus): boolean => status === "paused" || status === "stopped";
export const canStop = (status: RunStatus): boolean => status === "running" || status === "paused";
/** A run that ended without reaching its goal can be started again with the same task and limits. */
export const canRetry = (status: RunStatus): boolean => status === "failed" || status === "stopped";
export const canDelete = (status: RunStatus): boolean => status !== "running";

/** Nothing spent yet: the spend of a run the list has not reported on. */
export function zeroTotals(): SpendTotals {
  return {
    turns: 0,
    usage: { input_tokens: 0, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0 },
    cost_usd: 0,
    unpriced_turns: 0,
    unpriced_tokens: 0,
    reported_cost_usd: null,
    estimate_of_reported_usd: null,
  };
}
