// Budgets in dollars: one for everything the workspace spends, and a default
// for each pilot (its own LLM plus the sessions it started). At 100 % the
// pilot and orchestrator refuse to start agent turns, so an empty field (no
// budget) and a number are both deliberate choices, saved as such.
import { useEffect, useState, type FormEvent } from "react";
import { getBudget, setBudget } from "../api";
import { messageOf } from "../shell/errors";
import { PilotBudgets } from "./PilotBudgets";
import { amountText, parseOptionalAmount } from "./amounts";
import "./spendSettings.css";

export type BudgetSettingsProps = { workspace: string };

export function BudgetSettings({ workspace }: BudgetSettingsProps) {
  const [loaded, setLoaded] = useState(false);
  const [workspaceUsd, setWorkspaceUsd] = useState("");
  const [pilotUsd, setPilotUsd] = useState("");
  const [enforceOnSessions, setEnforceOnSessions] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setLoaded(false);
    getBudget(workspace).then(
      (config) => {
        if (!live) return;
        setWorkspaceUsd(amountText(config.workspace_usd));
        setPilotUsd(amountText(config.pilot_usd));
        setEnforceOnSessions(config.enforce_on_sessions ?? false);
        setLoaded(true);
      },
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [workspace]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const ws = parseOptionalAmount("The workspace budget", workspaceUsd);
    if (!ws.ok) return setError(ws.error);
    const pilot = parseOptionalAmount("The pilot budget", pilotUsd);
    if (!pilot.ok) return setError(pilot.error);
    setError(null);
    setBusy(true);
    try {
      await setBudget(workspace, {
        workspace_usd: ws.value,
        pilot_usd: pilot.value,
        enforce_on_sessions: enforceOnSessions,
      });
      setSaved(true);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="spend-settings" data-testid="budget-settings">
      <p className="muted small">
        Budgets in US dollars. Leave a field empty for no budget. At 80 % the app warns; at 100 % the pilot and orchestrator refuse to start new
        agent turns, and sessions you start are warned about, or refused too when the box below is ticked. Unpriced
        tokens cannot count against a dollar budget.
      </p>
      <form className="budget-form" onSubmit={submit} noValidate>
        <label>
          Workspace, all time
          <input
            name="workspace_usd"
            inputMode="decimal"
            value={workspaceUsd}
            onChange={(e) => setWorkspaceUsd(e.target.value)}
            disabled={!loaded}
            placeholder="none"
          />
        </label>
        <label>
          Each pilot, by default
          <input
            name="pilot_usd"
            inputMode="decimal"
            value={pilotUsd}
            onChange={(e) => setPilotUsd(e.target.value)}
            disabled={!loaded}
            placeholder="none"
          />
        </label>
        <label className="budget-checkbox">
          <input
            type="checkbox"
            name="enforce_on_sessions"
            checked={enforceOnSessions}
            onChange={(e) => setEnforceOnSessions(e.target.checked)}
            disabled={!loaded}
          />
          Also refuse sessions I start when the workspace budget is spent
        </label>
        {error && (
          <p role="alert" className="error small" data-testid="budget-error">
            {error}
          </p>
        )}
        {saved && (
          <p className="muted small" data-testid="budget-saved">
            Saved to .zwarm/config.toml.
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={!loaded || busy} data-testid="budget-save">
            Save budgets
          </button>
        </div>
      </form>
      <PilotBudgets workspace={workspace} />
    </section>
  );
}
