// The workspace's settings, one heading per section: the agent CLIs' paths
// and arguments (`[codex]`/`[claude]` in .zwarm/config.toml, with what the
// doctor found), the "always" approval rules, every API key and its source, the pilot's defaults
// (`[pilot]`), budgets (`[budget]`), prices (.zwarm/pricing.toml) and the
// sessions' git worktrees (disk, pruning).
// Hints elsewhere in the app name these sections ("Settings → Keys").
import type { ReactNode } from "react";
import { AgentSettings } from "./AgentSettings";
import { ApprovalSettings } from "./ApprovalSettings";
import { BudgetSettings } from "./BudgetSettings";
import { KeySettings } from "./KeySettings";
import { PilotSettings } from "./PilotSettings";
import { PriceSettings } from "./PriceSettings";
import { useDoctor } from "./useDoctor";
import { WorktreeSettings } from "./WorktreeSettings";
import "./spendSettings.css";

export const SETTINGS_SECTIONS = ["Agents", "Approvals", "Keys", "Pilot", "Budgets", "Prices", "Worktrees"] as const;

export function SettingsView({ workspace }: { workspace: string }) {
  const doctor = useDoctor(workspace);
  const body: Record<(typeof SETTINGS_SECTIONS)[number], ReactNode> = {
    Agents: <AgentSettings workspace={workspace} doctor={doctor.state} onRecheck={doctor.recheck} />,
    Approvals: <ApprovalSettings workspace={workspace} />,
    Keys: <KeySettings doctor={doctor.state} />,
    Pilot: <PilotSettings workspace={workspace} />,
    Budgets: <BudgetSettings workspace={workspace} />,
    Prices: <PriceSettings workspace={workspace} />,
    Worktrees: <WorktreeSettings workspace={workspace} />,
  };
  return (
    <div className="settings-view" data-testid="settings-view">
      <h1>Settings</h1>
      {SETTINGS_SECTIONS.map((name) => (
        <section key={name} aria-labelledby={`settings-${name}`} data-testid={`settings-section-${name.toLowerCase()}`}>
          <h2 className="section-title" id={`settings-${name}`}>
            {name}
          </h2>
          {body[name]}
        </section>
      ))}
    </div>
  );
}
