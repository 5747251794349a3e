import { useEffect, useState } from "react";
import {
  sessionModes,
  startSession,
  worktreeSupport,
  type AdapterModes,
  type NewSessionRequest,
  type SessionSummary,
  type WorktreeSupport,
} from "../api";
import { Dialog } from "../shell/Dialog";
import { messageOf } from "../shell/errors";
import { useSubmitForm } from "../shell/useSubmitForm";
import { SessionBudgetNotice, useSessionBudget } from "./SessionBudgetNotice";

type Adapter = NewSessionRequest["adapter"];

type Props = {
  workspace: string;
  onClose: () => void;
  onStarted: (session: SessionSummary) => void;
  /** Opens the Race dialog instead, with the task typed so far. */
  onRace?: (task: string) => void;
};

/** What "Ask me" does, under the mode when it is chosen. */
export const ASK_HINT =
  "The agent asks you before it leaves its sandbox (Codex) or runs a command (Claude); answer in its thread, or with `zwarm approve`.";

/** The words for a mode: its name, but "Ask me" for `ask`. */
export function modeLabel(name: string): string {
  return name === "ask" ? "Ask me" : name;
}

export const DANGER_WARNING =
  "This mode turns off the agent's sandbox/approvals: it can change anything your user can";

/** Why a working folder is refused, or null when it is acceptable (empty = workspace root). */
export function workingDirProblem(workspace: string, folder: string): string | null {
  const trimmed = folder.trim();
  if (!trimmed) return null;
  if (trimmed.split(/[\\/]/).includes("..")) return "The working folder must stay inside the workspace (no “..”).";
  const absolute = trimmed.startsWith("/") || /^[A-Za-z]:[\\/]/.test(trimmed);
  const root = workspace.replace(/[\\/]+$/, "");
  if (absolute && trimmed !== root && !trimmed.startsWith(`${root}/`) && !trimmed.startsWith(`${root}\\`)) {
    return `The working folder must be inside ${workspace}.`;
  }
  return null;
}

export function NewSessionDialog({ workspace, onClose, onStarted, onRace }: Props) {
  const [modes, setModes] = useState<AdapterModes[]>([]);
  const [task, setTask] = useState("");
  const [adapter, setAdapter] = useState<Adapter>("codex");
  const [model, setModel] = useState("");
  const [mode, setMode] = useState<string | null>(null);
  const [workingDir, setWorkingDir] = useState("");
  const [support, setSupport] = useState<WorktreeSupport | null>(null);
  /** The user's choice; `null` until they make one (then the workspace's default holds). */
  const [isolate, setIsolate] = useState<boolean | null>(null);
  const [base, setBase] = useState("");
  const budget = useSessionBudget(workspace);
  const refusal = budget.check?.refusal ?? null;

  useEffect(() => {
    let cancelled = false;
    worktreeSupport(workspace)
      .then((answer) => !cancelled && setSupport(answer))
      .catch((e: unknown) => {
        if (!cancelled) setSupport({ available: false, why_not: messageOf(e), by_default: false, branches: [], current_branch: null });
      });
    return () => {
      cancelled = true;
    };
  }, [workspace]);
  const inWorktree = !!support?.available && (isolate ?? support.by_default);

  // Unless the user picks one, the workspace's default (`[codex]`/`[claude] mode`).
  const forAdapter = modes.find((m) => m.adapter === adapter);
  const adapterModes = forAdapter?.modes ?? [];
  const selectedMode =
    adapterModes.find((m) => m.name === (mode ?? forAdapter?.default)) ?? adapterModes[0] ?? null;
  const folderProblem = workingDirProblem(workspace, workingDir);
  const ready = task.trim().length > 0 && !folderProblem && !refusal;
  const { busy, error, setError, formProps } = useSubmitForm({
    ready,
    send: async () => {
      const request: NewSessionRequest = {
        task: task.trim(),
        adapter,
        model: model.trim() || null,
        mode: selectedMode?.name ?? null,
        working_dir: workingDir.trim() || null,
        // Sent only once known, so a failed look never overrides the workspace's default.
        isolation: support?.available ? (inWorktree ? { kind: "worktree", base: base || null } : { kind: "none" }) : null,
      };
      onStarted(await startSession(workspace, request));
    },
    // A start refused for the budget (spent since the dialog opened): the
    // fresh check shows the refusal and turns Start off.
    onFailed: budget.refresh,
  });
  const canStart = ready && !busy;

  useEffect(() => {
    let cancelled = false;
    sessionModes(workspace)
      .then((list) => {
        if (!cancelled) setModes(list);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(`Could not load the modes: ${messageOf(e)}`);
      });
    return () => {
      cancelled = true;
    };
  }, [workspace, setError]);

  function changeAdapter(next: Adapter) {
    setAdapter(next);
    setMode(null);
  }

  return (
    <Dialog title="New session" testId="new-session-dialog" onClose={onClose} wide>
      <form className="form" {...formProps}>
        <label>
          Task
          <textarea
            data-testid="task-input"
            autoFocus
            rows={6}
            value={task}
            placeholder="What should the agent do?"
            onChange={(e) => setTask(e.target.value)}
          />
        </label>
        <div className="form-row">
          <label>
            Agent
            <select data-testid="adapter-select" value={adapter} onChange={(e) => changeAdapter(e.target.value as Adapter)}>
              <option value="codex">Codex CLI</option>
              <option value="claude">Claude Code</option>
            </select>
          </label>
          <label>
            Model
            <input data-testid="model-input" value={model} placeholder="CLI default" onChange={(e) => setModel(e.target.value)} />
          </label>
          <label>
            Mode
            <select
              data-testid="mode-select"
              value={selectedMode?.name ?? ""}
              disabled={adapterModes.length === 0}
              onChange={(e) => setMode(e.target.value)}
            >
              {adapterModes.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.dangerous ? `${modeLabel(m.name)} (dangerous)` : modeLabel(m.name)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {selectedMode?.name === "ask" && (
          <p className="muted small" data-testid="ask-hint">
            {ASK_HINT}
          </p>
        )}
        {selectedMode?.dangerous && (
          <p role="alert" className="danger-warning" data-testid="danger-warning">
            {DANGER_WARNING}
          </p>
        )}
        <label>
          Working folder (optional)
          <input
            data-testid="working-dir-input"
            value={workingDir}
            placeholder={`${workspace} (workspace root)`}
            onChange={(e) => setWorkingDir(e.target.value)}
          />
        </label>
        {folderProblem && <p className="error small">{folderProblem}</p>}
        <div className="isolation-choice" data-testid="isolation-choice">
          <label className="checkbox">
            <input
              type="checkbox"
              data-testid="worktree-checkbox"
              checked={inWorktree}
              disabled={!support?.available}
              onChange={(e) => setIsolate(e.target.checked)}
            />
            Run in a git worktree of its own (its own branch, so parallel agents never write over each other)
          </label>
          {support && !support.available && (
            <p className="muted small" data-testid="worktree-unavailable">
              {support.why_not}
            </p>
          )}
          {inWorktree && support && (
            <label>
              From branch
              <select data-testid="worktree-base-select" value={base} onChange={(e) => setBase(e.target.value)}>
                <option value="">{support.current_branch ? `${support.current_branch} (checked out now)` : "the current commit"}</option>
                {support.branches
                  .filter((b) => b !== support.current_branch)
                  .map((b) => (
                    <option key={b} value={b}>
                      {b}
                    </option>
                  ))}
              </select>
            </label>
          )}
        </div>
        <SessionBudgetNotice budget={budget} />
        {error && !(refusal && error.includes(refusal)) && (
          <p role="alert" className="error" data-testid="new-session-error">
            {error}
          </p>
        )}
        <div className="form-actions">
          {onRace && (
            <button type="button" data-testid="race-button" title="Run this task with several agents and compare" onClick={() => onRace(task)}>
              Race…
            </button>
          )}
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            data-testid="start-session"
            disabled={!canStart}
            title={refusal ?? undefined}
          >
            {busy ? "Starting…" : "Start session"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
