// The Pilot view's left column: the workspace's pilots and "New pilot".
import type { PilotInfo } from "../api";
import type { PilotsState } from "./usePilots";
import { StatusDot } from "../shell/StatusDot";
import { useBeat } from "../shell/beat";

type Props = {
  state: PilotsState;
  selectedId: string | null;
  /** Pilots with a turn running in this window (the backend's flag lags until the next reload). */
  running: Set<string>;
  onSelect: (id: string) => void;
  onNew: () => void;
  onKeys: () => void;
};

function PilotRow({ info, selected, running, onSelect }: { info: PilotInfo; selected: boolean; running: boolean; onSelect: () => void }) {
  useBeat(running);
  const turns = info.nodes === 1 ? "1 turn" : `${info.nodes} turns`;
  return (
    <li>
      <button
        type="button"
        className={`session-row pilot-row${selected ? " selected" : ""}`}
        data-testid="pilot-row"
        data-pilot-id={info.meta.id}
        data-selected={selected ? "true" : "false"}
        data-running={running ? "true" : "false"}
        aria-current={selected ? "true" : undefined}
        onClick={onSelect}
      >
        <span className="session-row-top">
          <StatusDot status={running ? "running" : "completed"} label={running ? "running" : "idle"} />
          <span className="session-title">{info.meta.name}</span>
          {running && (
            <span className="small status-text-running" data-testid="pilot-running">
              running
            </span>
          )}
        </span>
        <span className="session-row-meta">
          <span className="path">{info.meta.model.model}</span>
          <span>{turns}</span>
        </span>
      </button>
    </li>
  );
}

export function PilotList({ state, selectedId, running, onSelect, onNew, onKeys }: Props) {
  return (
    <div className="pilot-list" data-testid="pilot-list">
      <div className="pilot-list-head">
        <h2>Pilots</h2>
        <button type="button" className="primary" data-testid="new-pilot-button" onClick={onNew}>
          New pilot
        </button>
      </div>
      {state.error && (
        <p role="alert" className="error small" data-testid="pilot-list-error">
          {state.error}
        </p>
      )}
      {state.loading && state.pilots.length === 0 && <p className="muted small">Loading pilots…</p>}
      {!state.loading && state.pilots.length === 0 && !state.error && (
        <p className="muted small" data-testid="pilot-list-empty">
          No pilots yet. A pilot is a model you talk to that starts and steers agent sessions for you.
        </p>
      )}
      <ul className="session-list">
        {state.pilots.map((info) => (
          <PilotRow
            key={info.meta.id}
            info={info}
            selected={info.meta.id === selectedId}
            running={info.running || running.has(info.meta.id)}
            onSelect={() => onSelect(info.meta.id)}
          />
        ))}
      </ul>
      <div className="pilot-list-foot">
        <button type="button" className="link small" data-testid="pilot-keys-button" onClick={onKeys}>
          API keys…
        </button>
      </div>
    </div>
  );
}
