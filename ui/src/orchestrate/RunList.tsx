// The workspace's runs, newest first: what each was asked (the task's first
// line), where it stands, how far it got against its step limit, what it
// cost, and why it is not running.
import type { RunInfo } from "../api";
import { formatTotalsCost } from "../spend/format";
import { formatSteps, spendTooltip, taskTitle } from "./format";
import { StatusBadge } from "./StatusBadge";

type Props = {
  runs: RunInfo[];
  loaded: boolean;
  error: string | null;
  selected: string | null;
  onSelect: (id: string) => void;
  onNewRun: () => void;
};

function RunRow({ info, selected, onSelect }: { info: RunInfo; selected: boolean; onSelect: () => void }) {
  const run = info.meta.run;
  if (!run) return null;
  return (
    <li>
      <button
        type="button"
        className={`run-row${selected ? " selected" : ""}`}
        data-testid="run-row"
        data-run-id={info.meta.id}
        data-status={run.status}
        aria-current={selected ? "true" : undefined}
        title={run.task}
        onClick={onSelect}
      >
        <span className="run-row-top">
          <StatusBadge status={run.status} />
          <span className="run-title">{taskTitle(run.task)}</span>
        </span>
        <span className="run-row-meta">
          <span data-testid="run-steps">{formatSteps(run)}</span>
          <span data-testid="run-spend" title={spendTooltip(info.spend)}>
            {formatTotalsCost(info.spend)}
          </span>
        </span>
        {run.reason && (
          <span className="run-reason" data-testid="run-reason">
            {run.reason}
          </span>
        )}
      </button>
    </li>
  );
}

export function RunList({ runs, loaded, error, selected, onSelect, onNewRun }: Props) {
  return (
    <div className="run-list" data-testid="run-list">
      <div className="run-list-head">
        <h2>Runs</h2>
        <button type="button" className="primary" data-testid="new-run-button" onClick={onNewRun}>
          New run
        </button>
      </div>
      {error && (
        <p role="alert" className="error small" data-testid="run-list-error">
          Could not list the runs: {error}
        </p>
      )}
      {!loaded ? (
        <p className="muted small">Loading runs…</p>
      ) : runs.length === 0 ? (
        <p className="muted small" data-testid="run-list-empty">
          No runs yet. A run works on a task on its own, delegating to coding agents, until it is done or a limit stops it.
        </p>
      ) : (
        <ul className="run-rows">
          {runs.map((info) => (
            <RunRow key={info.meta.id} info={info} selected={info.meta.id === selected} onSelect={() => onSelect(info.meta.id)} />
          ))}
        </ul>
      )}
    </div>
  );
}
