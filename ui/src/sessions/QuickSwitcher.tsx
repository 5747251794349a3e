import { useState } from "react";
import type { SessionSummary } from "../api";
import { Dialog } from "../shell/Dialog";
import { StatusDot } from "../shell/StatusDot";
import { searchSessions } from "./fuzzyMatch";
import { useBeat } from "../shell/beat";

type Props = {
  sessions: SessionSummary[];
  onSelect: (id: string) => void;
  onClose: () => void;
};

const MAX_RESULTS = 50;

/** The DOM id of a session's row: the input names the active one to screen readers. */
const optionId = (id: string) => `quick-switcher-${id}`;

/** Ctrl+K: jump to a session by typing part of its title or id. */
export function QuickSwitcher({ sessions, onSelect, onClose }: Props) {
  const [query, setQuery] = useState("");
  const [highlight, setHighlight] = useState(0);
  const matches = searchSessions(sessions, query).slice(0, MAX_RESULTS);
  const current = Math.min(highlight, Math.max(0, matches.length - 1));
  useBeat(matches.some((s) => s.status === "running"));

  function choose(session: SessionSummary | undefined) {
    if (!session) return;
    onSelect(session.id);
    onClose();
  }

  return (
    <Dialog title="Go to session" testId="quick-switcher" onClose={onClose}>
      <input
        className="quick-switcher-input"
        data-testid="quick-switcher-input"
        aria-label="Search sessions"
        role="combobox"
        aria-expanded="true"
        aria-controls="quick-switcher-list"
        aria-autocomplete="list"
        aria-activedescendant={matches[current] ? optionId(matches[current].id) : undefined}
        autoFocus
        placeholder="Title or id…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setHighlight(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setHighlight(Math.min(current + 1, matches.length - 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setHighlight(Math.max(current - 1, 0));
          } else if (e.key === "Enter") {
            e.preventDefault();
            choose(matches[current]);
          }
        }}
      />
      <ul id="quick-switcher-list" className="quick-switcher-list" role="listbox" aria-label="Sessions">
        {matches.map((session, index) => (
          <li
            key={session.id}
            id={optionId(session.id)}
            role="option"
            aria-selected={index === current}
            className={index === current ? "highlighted" : undefined}
            data-testid="quick-switcher-item"
            onMouseEnter={() => setHighlight(index)}
            onClick={() => choose(session)}
          >
            <StatusDot status={session.status} label={session.status} />
            <span className="session-title">{session.title || session.id}</span>
            <span className="muted small">{session.id}</span>
          </li>
        ))}
        {matches.length === 0 && <li className="muted">No session matches.</li>}
      </ul>
    </Dialog>
  );
}
