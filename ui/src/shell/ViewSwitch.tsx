import "./view-switch.css";
import type { WorkspaceViewMode } from "./view";

type Props = { view: WorkspaceViewMode; onChange: (view: WorkspaceViewMode) => void; disabled?: boolean };

/** The header's tabs: the workspace's sessions, pilots, runs, spend and settings. */
export function ViewSwitch({ view, onChange, disabled }: Props) {
  const tab = (value: WorkspaceViewMode, label: string, title: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={view === value}
      className={`view-tab${view === value ? " active" : ""}`}
      data-testid={`view-${value}`}
      disabled={disabled}
      title={title}
      onClick={() => onChange(value)}
    >
      {label}
    </button>
  );
  return (
    <div className="view-switch" role="tablist" aria-label="View">
      {tab("sessions", "Sessions", "Agent sessions of this workspace")}
      {tab("pilot", "Pilot", "Chat with a pilot that drives agent sessions")}
      {tab("runs", "Runs", "Autonomous orchestrator runs, watched by watchers")}
      {tab("spend", "Spend", "What the agents and pilots cost")}
      {tab("settings", "Settings", "Agents, keys, pilot defaults, budgets and prices")}
    </div>
  );
}
