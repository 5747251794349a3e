// Where each budget stands, as a progress bar. At 80 % it warns; at 100 % it
// says plainly that agent turns are now refused, since that is what the
// pilot and orchestrator do (zwarm-core `spend::budget`), and the user would
// otherwise only learn it from a refused turn.
import type { BudgetStatus } from "../api";
import { formatUsd } from "../shell/money";
import { budgetPercent } from "./format";

export function BudgetBars({ budgets }: { budgets: BudgetStatus[] }) {
  return (
    <section className="spend-budgets" data-testid="spend-budgets">
      <h3 className="section-title">Budgets</h3>
      {budgets.length === 0 ? (
        <p className="muted small">No budgets set. Set them in Settings → Budgets.</p>
      ) : (
        budgets.map((b) => <BudgetBar key={b.scope} status={b} />)
      )}
    </section>
  );
}

function BudgetBar({ status }: { status: BudgetStatus }) {
  const percent = budgetPercent(status);
  const spent = status.spent_usd ?? 0;
  const limit = status.limit_usd ?? 0;
  return (
    <div className={`budget-status budget-${status.level}`} data-testid="budget-status" data-level={status.level}>
      <div className="budget-head">
        <span className="budget-scope">{status.scope}</span>
        <span data-testid="budget-figures">
          {formatUsd(spent)} of {formatUsd(limit)} ({Math.round(percent)} %)
        </span>
      </div>
      <div
        className="budget-track"
        role="progressbar"
        aria-label={`${status.scope} budget`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.min(100, Math.round(percent))}
      >
        <div className="budget-fill" style={{ width: `${Math.min(100, percent)}%` }} />
      </div>
      {status.level === "warning" && (
        <p className="budget-message small" data-testid="budget-message">
          Over 80 % of this budget is spent.
        </p>
      )}
      {status.level === "exceeded" && (
        <p className="budget-message small" role="alert" data-testid="budget-message">
          Budget spent: the pilot and orchestrator will refuse to start new agent turns until it is raised (Settings →
          Budgets).
        </p>
      )}
    </div>
  );
}
