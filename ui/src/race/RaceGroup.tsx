// A race in the session sidebar: one row that opens the comparison, with the
// entrants' sessions listed under it (as a run's sessions are).
import type { ReactNode } from "react";
import type { SessionSummary } from "../api";
import { adapterName } from "../shell/adapterNames";
import { StatusDot } from "../shell/StatusDot";
import "./race.css";

const PREFIX = "race:";

/** The sidebar's group key of a session: its race's, if it is an entrant. */
export function raceGroupKey(session: SessionSummary): string | null {
  return session.race ? `${PREFIX}${session.race}` : null;
}

/** The race id of a group key made by `raceGroupKey`, else null. */
export function raceOfGroup(key: string): string | null {
  return key.startsWith(PREFIX) ? key.slice(PREFIX.length) : null;
}

type Props = {
  raceId: string;
  sessions: SessionSummary[];
  selected: boolean;
  onOpen: (raceId: string) => void;
  children: ReactNode;
};

export function RaceGroup({ raceId, sessions, selected, onOpen, children }: Props) {
  const title = sessions[0]?.title || raceId.slice(0, 8);
  return (
    <li className="run-group race-group" data-testid="race-group" data-race-id={raceId}>
      <button
        type="button"
        className={`race-row${selected ? " selected" : ""}`}
        data-testid="race-row"
        aria-current={selected ? "true" : undefined}
        title={`Compare the ${sessions.length} agents of this race`}
        onClick={() => onOpen(raceId)}
      >
        <span className="race-row-label">Race</span>
        <span className="session-title">{title}</span>
        <span className="race-row-dots">
          {sessions.map((s) => (
            <StatusDot key={s.id} status={s.status} label={`${adapterName(s.adapter)}: ${s.status}`} />
          ))}
        </span>
      </button>
      <ul className="session-list">{children}</ul>
    </li>
  );
}
