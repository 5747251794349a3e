// The top of the thread: what the session is about, where it stands and what
// it has used so far, with the session's actions.
import { useState, type ReactNode } from "react";
import type { SessionSummary } from "../api";
import { formatModel, formatTokens, totalTokens } from "../sessions/format";
import { formatCost } from "../shell/money";
import { adapterName } from "../shell/adapterNames";
import { useBeat } from "../shell/beat";

type Props = { summary: SessionSummary; actions: ReactNode };

export function ThreadHeader({ summary, actions }: Props) {
  const [showTask, setShowTask] = useState(false);
  useBeat(summary.status === "running");
  const multiline = summary.task.trim() !== summary.title.trim();
  return (
    <header className="thread-header" data-testid="thread-header">
      <div className="thread-title-row">
        <span
          className={`thread-status status-text-${summary.status}`}
          data-testid="thread-status"
          data-status={summary.status}
        >
          <span className={`status-dot status-${summary.status}`} aria-hidden="true" /> {summary.status}
        </span>
        <h1 className="thread-title" title={summary.task} data-testid="thread-title">
          {summary.title || summary.id}
        </h1>
        {multiline && (
          <button
            type="button"
            className="link small"
            aria-expanded={showTask}
            data-testid="toggle-task"
            onClick={() => setShowTask(!showTask)}
          >
            {showTask ? "Hide task" : "Full task"}
          </button>
        )}
        <span className="header-spacer" />
        {actions}
      </div>
      {showTask && (
        <pre className="thread-task" data-testid="thread-task">
          {summary.task}
        </pre>
      )}
      <div className="thread-meta" data-testid="thread-meta">
        <span data-testid="thread-adapter">{adapterName(summary.adapter)}</span>
        <span
          data-testid="thread-model"
          title={summary.model ? "The model the last turn used" : "Not known: the CLI did not say and no model was chosen"}
        >
          {formatModel(summary.model)}
        </span>
        {summary.mode && <span>{summary.mode}</span>}
        <span>
          {summary.turn} {summary.turn === 1 ? "turn" : "turns"}
        </span>
        <span>{formatTokens(totalTokens(summary))} tok</span>
        <span title={summary.unpriced ? "Some turns have no price" : undefined}>{formatCost(summary.cost_usd, summary.unpriced)}</span>
      </div>
    </header>
  );
}
