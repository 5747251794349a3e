// The start-run form. Empty limits are sent as `null` so the backend applies
// the workspace's `[orchestrate]` defaults rather than a number the form made
// up; the model is the workspace's pilot default (same provider and URL)
// unless the user names another.
import { useEffect, useState, type FormEvent } from "react";
import { pilotDefaults, startRun, type NewRunRequest, type PilotMeta, type PilotModel } from "../api";
import { Dialog } from "../shell/Dialog";
import { adapterName } from "../shell/adapterNames";
import { useEscape } from "../thread/useEscape";
import { messageOf } from "./format";

type Props = {
  workspace: string;
  onClose: () => void;
  onStarted: (meta: PilotMeta) => void;
  /** The backend may have created the run before failing to drive it: the list should look again. */
  onFailed: () => void;
};

/** The form's limits as the request wants them, or the reason they cannot be. */
export function parseLimits(maxSteps: string, budget: string): { max_steps: number | null; budget_usd: number | null } | string {
  const steps = maxSteps.trim();
  const dollars = budget.trim().replace(/^\$/, "");
  const max_steps = steps === "" ? null : Number(steps);
  if (max_steps !== null && (!Number.isInteger(max_steps) || max_steps < 1)) return "Max steps must be a whole number of at least 1.";
  const budget_usd = dollars === "" ? null : Number(dollars);
  if (budget_usd !== null && (!Number.isFinite(budget_usd) || budget_usd <= 0)) return "The budget must be an amount in dollars above 0.";
  return { max_steps, budget_usd };
}

export function NewRunDialog({ workspace, onClose, onStarted, onFailed }: Props) {
  const [task, setTask] = useState("");
  const [maxSteps, setMaxSteps] = useState("");
  const [budget, setBudget] = useState("");
  const [shell, setShell] = useState(true);
  const [defaults, setDefaults] = useState<PilotModel | null>(null);
  const [model, setModel] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEscape(onClose);

  useEffect(() => {
    let cancelled = false;
    pilotDefaults(workspace)
      .then((defaults) => {
        if (!cancelled) {
          setDefaults(defaults);
          setModel((typed) => typed || defaults.model);
        }
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [workspace]);

  const canStart = task.trim() !== "" && !busy;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!canStart) return;
    const limits = parseLimits(maxSteps, budget);
    if (typeof limits === "string") {
      setError(limits);
      return;
    }
    const named = model.trim();
    const chosen = defaults && named !== "" && named !== defaults.model ? { ...defaults, model: named } : null;
    const request: NewRunRequest = { task: task.trim(), model: chosen, ...limits, shell };
    setBusy(true);
    setError(null);
    try {
      onStarted(await startRun(workspace, request));
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
      onFailed();
    }
  }

  return (
    <Dialog title="New run" testId="new-run-dialog" onClose={onClose} wide>
      <form className="form" onSubmit={submit}>
        <label>
          Task
          <textarea
            data-testid="run-task-input"
            autoFocus
            rows={6}
            value={task}
            placeholder="What should the run achieve? It works alone until it calls finish or a limit stops it."
            onChange={(e) => setTask(e.target.value)}
          />
        </label>
        <div className="form-row">
          <label>
            Max steps
            <input
              data-testid="run-max-steps-input"
              inputMode="numeric"
              value={maxSteps}
              placeholder="workspace default"
              onChange={(e) => setMaxSteps(e.target.value)}
            />
          </label>
          <label>
            Budget ($)
            <input
              data-testid="run-budget-input"
              inputMode="decimal"
              value={budget}
              placeholder="workspace default"
              onChange={(e) => setBudget(e.target.value)}
            />
          </label>
        </div>
        <label className="run-shell-option">
          <span>
            <input type="checkbox" data-testid="run-shell-input" checked={shell} onChange={(e) => setShell(e.target.checked)} /> Shell tool
          </span>
          <span className="muted small" data-testid="run-shell-note">
            Lets the run execute shell commands in the workspace folder (with a timeout), to inspect files and run tests.
          </span>
        </label>
        <label>
          Model
          <input
            data-testid="run-model-input"
            value={model}
            placeholder="the workspace's pilot default"
            onChange={(e) => setModel(e.target.value)}
          />
        </label>
        <p className="muted small" data-testid="run-model-note">
          {defaults ? `Through ${adapterName(defaults.provider)}${defaults.base_url ? ` at ${defaults.base_url}` : ""}, as the workspace's pilot. ` : ""}
          Limits left empty take the workspace's [orchestrate] defaults.
        </p>
        {error && (
          <p role="alert" className="error" data-testid="new-run-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="start-run" disabled={!canStart}>
            {busy ? "Starting…" : "Start run"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
