// The Race dialog: one task, the agents that race on it (each with an
// optional model; an agent may enter twice with two models), an optional
// check command run in each worktree once its agent ended, and the branch
// the worktrees start from.
import { useEffect, useState } from "react";
import { startRace, worktreeSupport, type Adapter, type RaceStarted, type WorktreeSupport } from "../api";
import { Dialog } from "../shell/Dialog";
import { adapterName } from "../shell/adapterNames";
import { SessionBudgetNotice, useSessionBudget } from "../sessions/SessionBudgetNotice";
import { messageOf } from "../shell/errors";
import { useSubmitForm } from "../shell/useSubmitForm";
import "./race.css";

type Draft = { adapter: Adapter; model: string };

const ADAPTERS: Adapter[] = ["codex", "claude"];
/** More entrants than this would mostly fight over the machine's cores. */
export const MAX_ENTRANTS = 4;

type Props = {
  workspace: string;
  /** The task typed in the New session dialog, if the race was opened from there. */
  initialTask?: string;
  onClose: () => void;
  onStarted: (started: RaceStarted) => void;
};

export function RaceDialog({ workspace, initialTask = "", onClose, onStarted }: Props) {
  const [task, setTask] = useState(initialTask);
  const [entrants, setEntrants] = useState<Draft[]>([
    { adapter: "codex", model: "" },
    { adapter: "claude", model: "" },
  ]);
  const [check, setCheck] = useState("");
  const [base, setBase] = useState("");
  const [support, setSupport] = useState<WorktreeSupport | null>(null);
  const budget = useSessionBudget(workspace);
  const refusal = budget.check?.refusal ?? null;
  const ready = task.trim().length > 0 && entrants.length >= 2 && !refusal && !!support?.available;
  const { busy, error, formProps } = useSubmitForm({
    ready,
    send: async () => {
      onStarted(
        await startRace(workspace, {
          task: task.trim(),
          entrants: entrants.map((e) => ({ adapter: e.adapter, model: e.model.trim() || null })),
          check: check.trim() || null,
          base: base.trim() || null,
        }),
      );
    },
    onFailed: budget.refresh,
  });
  const canStart = ready && !busy;

  // A race needs worktrees: say so before the user writes a task, and offer the branches.
  useEffect(() => {
    let live = true;
    worktreeSupport(workspace).then(
      (answer) => live && setSupport(answer),
      (e: unknown) =>
        live && setSupport({ available: false, why_not: messageOf(e), by_default: false, branches: [], current_branch: null }),
    );
    return () => {
      live = false;
    };
  }, [workspace]);

  function change(index: number, next: Partial<Draft>) {
    setEntrants((list) => list.map((entrant, i) => (i === index ? { ...entrant, ...next } : entrant)));
  }

  return (
    <Dialog title="Race" testId="race-dialog" onClose={onClose} wide>
      <form className="form" {...formProps}>
        <p className="muted small">
          Every agent gets the same task in a git worktree of its own; then you compare their work side by side and keep
          one.
        </p>
        <label>
          Task
          <textarea
            data-testid="race-task-input"
            autoFocus
            rows={5}
            value={task}
            placeholder="What should the agents do?"
            onChange={(e) => setTask(e.target.value)}
          />
        </label>
        <fieldset className="race-entrants-form" data-testid="race-entrants">
          <legend className="muted small">Agents</legend>
          {entrants.map((entrant, index) => (
            <div className="race-entrant-row" key={index} data-testid="race-entrant-row">
              <select
                aria-label={`Agent ${index + 1}`}
                data-testid="race-adapter-select"
                value={entrant.adapter}
                onChange={(e) => change(index, { adapter: e.target.value as Adapter })}
              >
                {ADAPTERS.map((adapter) => (
                  <option key={adapter} value={adapter}>
                    {adapterName(adapter)}
                  </option>
                ))}
              </select>
              <input
                aria-label={`Model of agent ${index + 1}`}
                data-testid="race-model-input"
                value={entrant.model}
                placeholder="CLI default model"
                onChange={(e) => change(index, { model: e.target.value })}
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove agent ${index + 1}`}
                disabled={entrants.length <= 2}
                onClick={() => setEntrants((list) => list.filter((_, i) => i !== index))}
              >
                ×
              </button>
            </div>
          ))}
          {entrants.length < MAX_ENTRANTS && (
            <button
              type="button"
              data-testid="race-add-entrant"
              onClick={() => setEntrants((list) => [...list, { adapter: "codex", model: "" }])}
            >
              Add an agent
            </button>
          )}
        </fieldset>
        <div className="form-row race-form-row">
          <label>
            Check command (optional)
            <input
              data-testid="race-check-input"
              value={check}
              placeholder="e.g. npm test"
              onChange={(e) => setCheck(e.target.value)}
            />
          </label>
          <label>
            From branch
            <select data-testid="race-base-select" value={base} disabled={!support?.available} onChange={(e) => setBase(e.target.value)}>
              <option value="">{support?.current_branch ? `${support.current_branch} (checked out now)` : "the current commit"}</option>
              {(support?.branches ?? [])
                .filter((b) => b !== support?.current_branch)
                .map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
            </select>
          </label>
        </div>
        <p className="muted small">The check runs with sh -c in each worktree once its agent has ended; exit 0 passes.</p>
        {support && !support.available && (
          <p role="alert" className="error small" data-testid="race-unavailable">
            A race runs each agent in a git worktree of its own: {support.why_not}
          </p>
        )}
        <SessionBudgetNotice budget={budget} />
        {error && !(refusal && error.includes(refusal)) && (
          <p role="alert" className="error" data-testid="race-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="start-race" disabled={!canStart} title={refusal ?? undefined}>
            {busy ? "Starting…" : `Start race (${entrants.length} agents)`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
