// The open run's header: the task, where the run stands and why, its steps
// against the limit, its spend against its budget, and the controls that
// apply to its status (pause while running, resume when paused or stopped,
// stop while running or paused; retry and delete once it no longer works).
import { useState } from "react";
import { pauseRun, resumeRun, stopRun, type PilotMeta, type RunInfo, type RunStatus } from "../api";
import { adapterName } from "../shell/adapterNames";
import { messageOf } from "../shell/errors";
import { formatTotalsCost } from "../spend/format";
import { canPause, canResume, canStop, formatBudget, formatSteps, spendTooltip, taskTitle } from "./format";
import { RunAfterwards } from "./RunAfterwards";
import { StatusBadge } from "./StatusBadge";

type Props = {
  workspace: string;
  info: RunInfo;
  /** The run's state as a control's answer left it. */
  onChanged: (meta: PilotMeta) => void;
  /** Retry started a new run. */
  onStarted: (meta: PilotMeta) => void;
  onDeleted: (id: string) => void;
};

type Action = "pause" | "resume" | "stop";

type Control = {
  action: Action;
  applies: (status: RunStatus) => boolean;
  call: (workspace: string, run: string) => Promise<PilotMeta>;
  label: string;
  busyLabel: string;
  title: string;
  className?: string;
};

const CONTROLS: Control[] = [
  { action: "pause", applies: canPause, call: pauseRun, label: "Pause", busyLabel: "Pausing…", title: "Pause after the current step" },
  {
    action: "resume",
    applies: canResume,
    call: resumeRun,
    label: "Resume",
    busyLabel: "Resuming…",
    title: "Carry on from the last step",
    className: "primary",
  },
  {
    action: "stop",
    applies: canStop,
    call: stopRun,
    label: "Stop",
    busyLabel: "Stopping…",
    title: "Stop at once: the model call in flight is cancelled",
    className: "run-stop-button",
  },
];

export function RunHeader({ workspace, info, onChanged, onStarted, onDeleted }: Props) {
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = info.meta.run;
  if (!run) return null;
  const budget = formatBudget(run);

  async function act(control: Control) {
    setBusy(control.action);
    setError(null);
    try {
      onChanged(await control.call(workspace, info.meta.id));
    } catch (e) {
      setError(`Could not ${control.action} the run: ${messageOf(e)}`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <header className="run-header" data-testid="run-header">
      <div className="run-header-top">
        <StatusBadge status={run.status} />
        <h2 className="run-header-title" title={run.task}>
          {taskTitle(run.task)}
        </h2>
        <div className="run-controls">
          {CONTROLS.filter((c) => c.applies(run.status)).map((c) => (
            <button
              key={c.action}
              type="button"
              className={c.className}
              data-testid={`run-${c.action}`}
              title={c.title}
              disabled={busy !== null}
              onClick={() => void act(c)}
            >
              {busy === c.action ? c.busyLabel : c.label}
            </button>
          ))}
          <RunAfterwards workspace={workspace} info={info} onStarted={onStarted} onDeleted={onDeleted} />
        </div>
      </div>
      <div className="run-header-meta">
        <span data-testid="run-detail-steps">{formatSteps(run)}</span>
        <span data-testid="run-detail-spend" title={spendTooltip(info.spend)}>
          {formatTotalsCost(info.spend)}
          {budget && ` ${budget}`}
        </span>
        <span>shell tool {run.shell ? "on" : "off"}</span>
        <span data-testid="run-detail-model" title={info.meta.model.base_url ?? undefined}>
          {info.meta.model.model} · {adapterName(info.meta.model.provider)}
        </span>
      </div>
      {run.reason && (
        <p className={`run-header-reason run-header-reason-${run.status}`} data-testid="run-detail-reason">
          {run.reason}
        </p>
      )}
      {error && (
        <p role="alert" className="error small" data-testid="run-action-error">
          {error}
        </p>
      )}
    </header>
  );
}
