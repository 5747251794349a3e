import type { SessionSummary } from "../api";
import { adapterName } from "../shell/adapterNames";
import { formatCost } from "../shell/money";
import { formatModel, formatRelativeTime, formatSource, formatTokens, totalTokens } from "./format";
import { StatusDot } from "../shell/StatusDot";
import { useBeat } from "../shell/beat";

type Props = {
  session: SessionSummary;
  /** How many forks deep it is listed under its original (0: on its own). */
  depth?: number;
  /** The original it was forked from, when listed. */
  parentTitle?: string | null;
  selected: boolean;
  unread: boolean;
  /** How many of its requests wait for the user's approval. */
  waiting?: number;
  now: number;
  onSelect: (id: string) => void;
};

export function SessionRow({ session, depth = 0, parentTitle, selected, unread, waiting = 0, now, onSelect }: Props) {
  useBeat(session.status === "running");
  const model = `${adapterName(session.adapter)} · ${formatModel(session.model)}`;
  const fork = session.forked_from;
  return (
    <li className={depth > 0 ? "session-fork" : undefined} style={depth > 0 ? { paddingLeft: `${Math.min(depth, 4) * 14}px` } : undefined}>
      <button
        type="button"
        className={`session-row${selected ? " selected" : ""}`}
        data-testid="session-row"
        data-session-id={session.id}
        data-status={session.status}
        aria-current={selected ? "true" : undefined}
        onClick={() => onSelect(session.id)}
        title={session.task}
      >
        <span className="session-row-top">
          <StatusDot status={session.status} label={session.status} />
          <span className="session-title">{session.title || session.id}</span>
          {waiting > 0 && (
            <span className="approvals-waiting" data-testid="session-waiting" title="Waiting for your approval">
              {waiting === 1 ? "asks you" : `asks you ×${waiting}`}
            </span>
          )}
          {unread && (
            <span className="unread-marker" data-testid="unread-marker" aria-label="finished since you last looked" />
          )}
        </span>
        <span className="session-row-meta">
          <span data-testid="session-model">{model}</span>
          <span>{session.turn} {session.turn === 1 ? "turn" : "turns"}</span>
          <span>{formatTokens(totalTokens(session))} tok</span>
          <span title={session.unpriced ? "Some turns have no price" : undefined}>{formatCost(session.cost_usd, session.unpriced)}</span>
        </span>
        {fork && (
          <span className="session-row-fork" data-testid="session-forked-from">
            ↳ forked from {parentTitle ?? fork.session_id.slice(0, 8)} at turn {fork.turn}
          </span>
        )}
        {session.problem && (
          <span className="session-row-problem" data-testid="session-problem" role="note">
            ⚠ {session.problem}
          </span>
        )}
        <span className="session-row-meta">
          <span className="session-updated">{formatRelativeTime(session.updated_at, now)}</span>
          <span>by {formatSource(session.source)}</span>
        </span>
      </button>
    </li>
  );
}
