// One figure of the spend view's summary: dollars, tokens and turns of a
// period or a kind of spend, with what could not be priced said beside it.
import type { SpendTotals } from "../api";
import { formatTokens } from "../sessions/format";
import { formatTotalsCost, plural, reportedDiffers, reportedNote, totalsTokens, unpricedNote } from "./format";

type Props = { title: string; totals: SpendTotals; testId: string; hint?: string };

export function TotalsCard({ title, totals, testId, hint }: Props) {
  const unpriced = unpricedNote(totals);
  return (
    <section className="spend-card" data-testid={testId} title={hint}>
      <h3 className="spend-card-title">{title}</h3>
      <div className="spend-card-cost" data-testid="spend-cost">
        {formatTotalsCost(totals)}
      </div>
      <div className="muted small">
        <span data-testid="spend-tokens">{formatTokens(totalsTokens(totals))} tokens</span>
        {unpriced && (
          <>
            ,{" "}
            <span
              className="spend-unpriced"
              data-testid="spend-unpriced"
              title={`${plural(totals.unpriced_turns, "turn")} used a model with no price in the table: their tokens are in the total, the dollar figure leaves them out`}
            >
              {unpriced}
            </span>
          </>
        )}{" "}
        · <span data-testid="spend-turns">{plural(totals.turns, "turn")}</span>
      </div>
      {reportedDiffers(totals) && (
        <div className="muted small" data-testid="spend-reported-note">
          {reportedNote(totals)}
        </div>
      )}
    </section>
  );
}
