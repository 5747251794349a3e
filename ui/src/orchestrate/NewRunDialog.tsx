// The start-run form. Empty limits, and a shell option left as it was, are
// sent as `null` so the backend applies the workspace's `[orchestrate]`
// defaults rather than a value the form made up (the option shows that
// default once it is read). The model is always sent: the workspace's pilot default, the model of
// one of its pilots, or one the user types (provider, model, base URL), with
// where the chosen provider's key comes from.
import { useEffect, useMemo, useState } from "react";
import { listPilots, pilotDefaults, runDefaults, startRun, type NewRunRequest, type PilotInfo, type PilotMeta, type PilotModel, type Provider } from "../api";
import { KeyNotice, keySource, usePilotKeys } from "../pilot/keys";
import { ModelFields, modelOf, modelWords } from "../pilot/ModelFields";
import { Dialog } from "../shell/Dialog";
import { adapterName } from "../shell/adapterNames";
import { messageOf } from "../shell/errors";
import { useSubmitForm } from "../shell/useSubmitForm";
import { useEscape } from "../thread/useEscape";

/** The model choices: `default`, `pilot:<id>`, or `custom`. */
export const DEFAULT_CHOICE = "default";
export const CUSTOM_CHOICE = "custom";

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
  /** `null` until the user changes it: the workspace's default applies. */
  const [shell, setShell] = useState<boolean | null>(null);
  const [shellDefault, setShellDefault] = useState(true);
  const [defaults, setDefaults] = useState<PilotModel | null>(null);
  const [defaultsError, setDefaultsError] = useState<string | null>(null);
  const [pilots, setPilots] = useState<PilotInfo[]>([]);
  const [choice, setChoice] = useState(DEFAULT_CHOICE);
  const [provider, setProvider] = useState<Provider>("open_ai_responses");
  const [model, setModel] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const keys = usePilotKeys();
  useEscape(onClose);

  useEffect(() => {
    let cancelled = false;
    pilotDefaults(workspace)
      .then((defaults) => {
        if (cancelled) return;
        setDefaults(defaults);
        // "Custom…" starts from the default, as something to edit.
        setProvider(defaults.provider);
        setModel((typed) => typed || defaults.model);
        setBaseUrl((typed) => typed || (defaults.base_url ?? ""));
      })
      .catch((e: unknown) => !cancelled && setDefaultsError(messageOf(e)));
    listPilots(workspace)
      .then((list) => !cancelled && setPilots(list.filter((p) => !p.meta.run)))
      .catch(() => undefined);
    runDefaults(workspace)
      .then((config) => !cancelled && setShellDefault(config.shell ?? true))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [workspace]);

  const chosen = useMemo<PilotModel | null>(() => {
    if (choice === DEFAULT_CHOICE) return defaults;
    if (choice === CUSTOM_CHOICE) return model.trim() ? modelOf(provider, model, baseUrl) : null;
    return pilots.find((p) => `pilot:${p.meta.id}` === choice)?.meta.model ?? null;
  }, [choice, defaults, pilots, provider, model, baseUrl]);

  const limits = parseLimits(maxSteps, budget);
  const ready = task.trim() !== "" && chosen !== null;
  const { busy, error, formProps } = useSubmitForm({
    ready,
    problem: typeof limits === "string" ? limits : null,
    send: async () => {
      // `ready` and `problem` already rule both out: this only narrows the types.
      if (!chosen || typeof limits === "string") return;
      const request: NewRunRequest = { task: task.trim(), model: chosen, ...limits, shell };
      onStarted(await startRun(workspace, request));
    },
    onFailed,
  });
  const canStart = ready && !busy;

  const source = chosen ? keySource(chosen.provider, keys.keys) : null;

  return (
    <Dialog title="New run" testId="new-run-dialog" onClose={onClose} wide>
      <form className="form" {...formProps}>
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
            <input type="checkbox" data-testid="run-shell-input" checked={shell ?? shellDefault} onChange={(e) => setShell(e.target.checked)} /> Shell tool
          </span>
          <span className="muted small" data-testid="run-shell-note">
            Lets the run execute shell commands in the workspace folder (with a timeout), to inspect files and run tests.
          </span>
        </label>
        <label>
          Model
          <select data-testid="run-model-select" value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value={DEFAULT_CHOICE}>
              {defaults ? `Workspace default: ${modelWords(defaults)}` : defaultsError ? "Workspace default (unreadable)" : "Workspace default (loading…)"}
            </option>
            {pilots.map((p) => (
              <option key={p.meta.id} value={`pilot:${p.meta.id}`}>
                {`As pilot “${p.meta.name}”: ${modelWords(p.meta.model)}`}
              </option>
            ))}
            <option value={CUSTOM_CHOICE}>Custom…</option>
          </select>
        </label>
        {choice === CUSTOM_CHOICE && (
          <ModelFields
            testIdPrefix="run"
            provider={provider}
            model={model}
            baseUrl={baseUrl}
            onProvider={setProvider}
            onModel={setModel}
            onBaseUrl={setBaseUrl}
          />
        )}
        <p className="muted small" data-testid="run-model-note">
          {chosen
            ? `The run talks to ${chosen.model} through ${adapterName(chosen.provider)}${chosen.base_url ? ` at ${chosen.base_url}` : ""}. `
            : choice === DEFAULT_CHOICE && defaultsError
              ? `Could not read the workspace's pilot defaults (${defaultsError}): choose a pilot's model or Custom…. `
              : choice === CUSTOM_CHOICE
                ? "Type the model's name. "
                : ""}
          {chosen && source && <span data-testid="run-key-status">Key for {adapterName(chosen.provider)}: {source}. </span>}
          Limits left empty take the workspace's [orchestrate] defaults.
        </p>
        {chosen && <KeyNotice provider={chosen.provider} keys={keys.keys} onSaved={() => void keys.reload()} />}
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
