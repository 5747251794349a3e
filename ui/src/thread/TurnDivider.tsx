// The line between turns: which turn, how it ended, how long it took, what it
// used and cost, what it changed in the files ("N files, +a −b", a click
// opens the diff), the way to its raw CLI output, and "Branch from here".
import { memo } from "react";
import type { SessionStatus, TurnRecord } from "../api";
import { formatTokens } from "../sessions/format";
import { formatTurnCost, turnDuration, usageTokens } from "./format";
import { useBeat } from "../shell/beat";
import { DiffCounts } from "../diff/FileDiffView";

type Props = {
  turn: number;
  record: TurnRecord | undefined;
  /** The turn's status; the session's own for its current turn, which the record may not have caught up with. */
  status: SessionStatus | undefined;
  /** The current time, for the elapsed time of a running turn (0 when the turn is not running). */
  now: number;
  onShowRaw: (turn: number) => void;
  /** Branches the session after this turn; absent where branching is not offered. */
  onBranch?: (turn: number) => void;
  /** A branch of this session is being made: one at a time. */
  branching?: boolean;
  /** Opens what the turn changed; absent where diffs are not offered. */
  onReview?: (turn: number) => void;
};

export const TurnDivider = memo(function TurnDivider({ turn, record, status, now, onShowRaw, onBranch, branching, onReview }: Props) {
  const running = status === "running" || status === "pending";
  useBeat(status === "running");
  // A finished turn without an end time has no duration to show (never a growing one),
  // nor has a turn rebuilt from zwarm 3.x's files, whose start time is a guess.
  const duration = record && !record.adopted && (running || record.ended_at) ? turnDuration(record, now) : "";
  const tokens = usageTokens(record?.usage);
  const cost = record ? formatTurnCost(record) : "";
  return (
    <div className="turn-divider" data-testid="turn-divider" data-turn={turn} data-status={status}>
      <span className="turn-label">Turn {turn}</span>
      {status && (
        <span className={`turn-status status-text-${status}`}>
          <span className={`status-dot status-${status}`} aria-hidden="true" /> {status}
        </span>
      )}
      {record?.adopted && (
        <span
          className="turn-adopted"
          data-testid="turn-adopted"
          title="Rebuilt from the output file zwarm 3.x wrote for this turn: its message and times were not recorded"
        >
          from zwarm 3.x
        </span>
      )}
      {record?.model && (
        <span className="turn-model" data-testid="turn-model" title="The model this turn used">
          {record.model}
        </span>
      )}
      {duration && (
        <span title={running ? "Running for" : "Duration"} data-testid="turn-duration">
          {duration}
        </span>
      )}
      {tokens > 0 && <span data-testid="turn-tokens">{formatTokens(tokens)} tok</span>}
      {cost && (
        <span data-testid="turn-cost" title={cost === "unpriced" ? "No price is known for this model" : undefined}>
          {cost}
        </span>
      )}
      {record?.files_changed && record.files_changed.files > 0 && (
        <button
          type="button"
          className="link turn-files"
          data-testid="turn-files"
          disabled={!onReview}
          title={`What turn ${turn} changed in the files`}
          onClick={() => onReview?.(turn)}
        >
          {record.files_changed.files} {record.files_changed.files === 1 ? "file" : "files"}{" "}
          <DiffCounts additions={record.files_changed.additions} deletions={record.files_changed.deletions} />
        </button>
      )}
      {record?.error && (
        <span className="error turn-error" title={record.error}>
          {record.error}
        </span>
      )}
      <span className="turn-rule" aria-hidden="true" />
      {onBranch && (
        <button
          type="button"
          className="link branch-turn-button"
          data-testid="branch-turn-button"
          // Only an ended turn has a state to branch from.
          disabled={branching || running || !record}
          title={`A new session with turns 1 to ${turn} of this one, continuing from here; this session stays as it is`}
          onClick={() => onBranch(turn)}
        >
          Branch from here
        </button>
      )}
      <button
        type="button"
        className="icon-button raw-turn-button"
        data-testid="raw-turn-button"
        title={`Raw CLI output of turn ${turn}`}
        aria-label={`Raw CLI output of turn ${turn}`}
        onClick={() => onShowRaw(turn)}
      >
        {"{ }"}
      </button>
    </div>
  );
});
