// The workspace's settings: the pilot's default model and the API keys' status
// ([pilot] in .zwarm/config.toml; keys in the app's settings), prices
// (.zwarm/pricing.toml) and budgets (.zwarm/config.toml). The doctor is in the header.
import { BudgetSettings } from "./BudgetSettings";
import { PilotSettings } from "./PilotSettings";
import { PriceSettings } from "./PriceSettings";

export function SettingsView({ workspace }: { workspace: string }) {
  return (
    <div className="settings-view" data-testid="settings-view">
      <h1>Settings</h1>
      <section>
        <h2 className="section-title">Pilot</h2>
        <PilotSettings workspace={workspace} />
      </section>
      <section>
        <h2 className="section-title">Budgets</h2>
        <BudgetSettings workspace={workspace} />
      </section>
      <section>
        <h2 className="section-title">Prices</h2>
        <PriceSettings workspace={workspace} />
      </section>
    </div>
  );
}
