// The status strip's spend figure: today and all time, compact. It turns
// amber when a budget passes 80 % and red at 100 %, so a spent budget is
// noticed before a refused agent turn explains it.
import { formatTokens } from "../sessions/format";
import { formatTotalsCost, totalsTokens, unpricedNote, worstLevel } from "./format";
import { useSpendReport } from "./useSpendReport";
import "./spend.css";

export type SpendBadgeProps = { workspace: string };

const LEVEL_HINT = {
  ok: "",
  warning: " · a budget is over 80 % spent",
  exceeded: " · a budget is spent: new agent turns are refused",
} as const;

export function SpendBadge({ workspace }: SpendBadgeProps) {
  const { report, error } = useSpendReport(workspace);
  if (!report) {
    return (
      <span className="spend-badge" data-testid="spend-badge" data-level="ok" title={error ?? undefined}>
        spend …
      </span>
    );
  }
  const level = worstLevel(report.budgets);
  const unpriced = unpricedNote(report.all_time);
  // Unpriced tokens are part of the all-time tokens, said so (never as tokens on top).
  const unpricedHint = unpriced ? ` · all time ${formatTokens(totalsTokens(report.all_time))} tokens, ${unpriced}` : "";
  return (
    <span
      className={`spend-badge spend-badge-${level}`}
      data-testid="spend-badge"
      data-level={level}
      title={`Spend today and in all time${unpricedHint}${LEVEL_HINT[level]}${error ? ` · last refresh failed: ${error}` : ""}`}
    >
      today {formatTotalsCost(report.today)} · all {formatTotalsCost(report.all_time)}
    </span>
  );
}
