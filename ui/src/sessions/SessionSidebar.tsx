import { useMemo, useState } from "react";
import { useApprovals } from "../approvals/store";
import type { SessionStatus } from "../api";
import { groupByRun, nestForks } from "./forkTree";
import { SessionRow } from "./SessionRow";
import { adaptersOf, ALL_STATUSES, applyFilter, countByStatus, COUNTED_STATUSES, runOf, type Origin, type SessionFilter } from "./filters";
import { nextRelativeChange } from "./format";
import { isUnread, type LastSeen } from "./lastSeen";
import { useNow } from "./useNow";
import { useSessionSearch } from "./useSessionSearch";
import type { SessionsState } from "./useSessions";
import { adapterName } from "../shell/adapterNames";
import { useBeat } from "../shell/beat";
import { RaceGroup, raceGroupKey, raceOfGroup } from "../race/RaceGroup";

type Props = {
  workspace: string;
  state: SessionsState;
  selectedId: string | null;
  lastSeen: LastSeen;
  onSelect: (id: string) => void;
  /** The race whose comparison is open, and opening one (a race is one row, its entrants under it). */
  openRaceId?: string | null;
  onOpenRace?: (raceId: string) => void;
};

/** Counts, filters and the list of a workspace's sessions. */
const ORIGINS: [Origin, string][] = [
  ["user", "Started by you"],
  ["pilot", "Started by a pilot"],
  ["run", "Started by a run"],
];

export function SessionSidebar({ workspace, state, selectedId, lastSeen, onSelect, openRaceId = null, onOpenRace = () => undefined }: Props) {
  const [filter, setFilter] = useState<SessionFilter>({ status: "all", adapter: "all", origin: "all" });
  const [query, setQuery] = useState("");
  const search = useSessionSearch(workspace, query, state.sessions.length);
  const counts = countByStatus(state.sessions);
  useBeat(counts.running > 0);
  const searching = query.trim() !== "" && search.matches === null && !search.error;
  const visible = applyFilter(state.sessions, filter, search.matches);
  const now = useNow((at) => nextRelativeChange(visible.map((s) => s.updated_at), at));
  const groups = groupByRun(nestForks(visible), (session) => raceGroupKey(session) ?? runOf(session.source));
  const { approvals } = useApprovals(workspace);
  const waiting = useMemo(() => {
    const counts = new Map<string, number>();
    for (const approval of approvals) counts.set(approval.session_id, (counts.get(approval.session_id) ?? 0) + 1);
    return counts;
  }, [approvals]);

  const row = ({ session, depth, parent }: ReturnType<typeof nestForks>[number]) => (
    <SessionRow
      key={session.id}
      session={session}
      depth={depth}
      parentTitle={parent ? parent.title || parent.id.slice(0, 8) : null}
      selected={session.id === selectedId}
      unread={session.id !== selectedId && isUnread(session, lastSeen)}
      waiting={waiting.get(session.id) ?? 0}
      now={now}
      onSelect={onSelect}
    />
  );

  return (
    <div className="session-sidebar">
      <div className="session-counts" data-testid="session-counts">
        {COUNTED_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className={`count count-${status}${filter.status === status ? " active" : ""}`}
            data-testid={`count-${status}`}
            onClick={() => setFilter((f) => ({ ...f, status: f.status === status ? "all" : status }))}
          >
            {/* A count of nothing does not pulse: nothing animates while nothing runs. */}
            <span
              className={`status-dot status-${status}${counts[status] === 0 ? " still" : ""}`}
              data-testid={`count-dot-${status}`}
              aria-hidden
            />
            {counts[status]} {status}
          </button>
        ))}
      </div>
      <input
        type="search"
        className="session-search"
        data-testid="session-search"
        aria-label="Search sessions"
        placeholder="Search titles, prompts and messages"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <div className="session-filters">
        <select
          aria-label="Filter by status"
          data-testid="filter-status"
          value={filter.status}
          onChange={(e) => setFilter((f) => ({ ...f, status: e.target.value as SessionStatus | "all" }))}
        >
          <option value="all">All statuses</option>
          {ALL_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
        <select
          aria-label="Filter by adapter"
          data-testid="filter-adapter"
          value={filter.adapter}
          onChange={(e) => setFilter((f) => ({ ...f, adapter: e.target.value }))}
        >
          <option value="all">All agents</option>
          {adaptersOf(state.sessions).map((adapter) => (
            <option key={adapter} value={adapter}>
              {adapterName(adapter)}
            </option>
          ))}
        </select>
        <select
          aria-label="Filter by who started it"
          data-testid="filter-origin"
          value={filter.origin}
          onChange={(e) => setFilter((f) => ({ ...f, origin: e.target.value as Origin | "all" }))}
        >
          <option value="all">Started by anyone</option>
          {ORIGINS.map(([origin, label]) => (
            <option key={origin} value={origin}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {search.error && (
        <p role="alert" className="error small" data-testid="search-error">
          Could not search: {search.error}
        </p>
      )}
      {state.error && (
        <p role="alert" className="error small">
          {state.error}
        </p>
      )}
      {state.broken.map((line) => (
        <p key={line} className="warning small" data-testid="broken-session">
          ⚠ Unreadable session: {line}
        </p>
      ))}
      {state.loading ? (
        <p className="muted">Loading sessions…</p>
      ) : searching ? (
        <p className="muted small">Searching…</p>
      ) : visible.length === 0 ? (
        <p className="muted">{state.sessions.length === 0 ? "No sessions yet." : "No session matches the filters."}</p>
      ) : null}
      <ul className="session-list" data-testid="session-list">
        {groups.map((group) =>
          group.runId === null ? (
            group.rows.map(row)
          ) : raceOfGroup(group.runId) !== null ? (
            <RaceGroup
              key={group.runId}
              raceId={raceOfGroup(group.runId) ?? ""}
              sessions={group.rows.map((r) => r.session)}
              selected={raceOfGroup(group.runId) === openRaceId}
              onOpen={onOpenRace}
            >
              {group.rows.map(row)}
            </RaceGroup>
          ) : (
            <li key={`run-${group.runId}`} className="run-group" data-testid="run-group" data-run-id={group.runId}>
              <div className="run-group-title muted small" title={group.runId}>
                Started by run {group.runId.slice(0, 8)} ({group.rows.length})
              </div>
              <ul className="session-list">{group.rows.map(row)}</ul>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}
