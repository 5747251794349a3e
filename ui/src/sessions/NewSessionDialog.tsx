import { useEffect, useState, type FormEvent } from "react";
import { sessionModes, startSession, type AdapterModes, type NewSessionRequest, type SessionSummary } from "../api";
import { Dialog } from "../shell/Dialog";
import { SessionBudgetNotice, useSessionBudget } from "./SessionBudgetNotice";

type Adapter = NewSessionRequest["adapter"];

type Props = {
  workspace: string;
  onClose: () => void;
  onStarted: (session: SessionSummary) => void;
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

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

export function NewSessionDialog({ workspace, onClose, onStarted }: Props) {
  const [modes, setModes] = useState<AdapterModes[]>([]);
  const [task, setTask] = useState("");
  const [adapter, setAdapter] = useState<Adapter>("codex");
  const [model, setModel] = useState("");
  const [mode, setMode] = useState<string | null>(null);
  const [workingDir, setWorkingDir] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const budget = useSessionBudget(workspace);
  const refusal = budget.check?.refusal ?? null;

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
  }, [workspace]);

  // Unless the user picks one, the workspace's default (`[codex]`/`[claude] mode`).
  const forAdapter = modes.find((m) => m.adapter === adapter);
  const adapterModes = forAdapter?.modes ?? [];
  const selectedMode =
    adapterModes.find((m) => m.name === (mode ?? forAdapter?.default)) ?? adapterModes[0] ?? null;
  const folderProblem = workingDirProblem(workspace, workingDir);
  const canStart = task.trim().length > 0 && !folderProblem && !busy && !refusal;

  function changeAdapter(next: Adapter) {
    setAdapter(next);
    setMode(null);
  }

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!canStart) return;
    const request: NewSessionRequest = {
      task: task.trim(),
      adapter,
      model: model.trim() || null,
      mode: selectedMode?.name ?? null,
      working_dir: workingDir.trim() || null,
    };
    setBusy(true);
    setError(null);
    try {
      onStarted(await startSession(workspace, request));
    } catch (e) {
      setError(messageOf(e));
      setBusy(false);
      // A start refused for the budget (spent since the dialog opened): the
      // fresh check shows the refusal and turns Start off.
      await budget.refresh();
    }
  }

  return (
    <Dialog title="New session" testId="new-session-dialog" onClose={onClose} wide>
      <form className="form" onSubmit={submit}>
        <label>
          Task
          <textarea
            data-testid="task-input"
            autoFocus
            rows={6}
            value={task}
            placeholder="What should the agent do?"
            onChange={(e) => setTask(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void submit();
            }}
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
        <SessionBudgetNotice budget={budget} />
        {error && !(refusal && error.includes(refusal)) && (
          <p role="alert" className="error" data-testid="new-session-error">
            {error}
          </p>
        )}
        <div className="form-actions">
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
