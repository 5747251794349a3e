// The workspace's settings: prices (written to .zwarm/pricing.toml) and
// budgets (.zwarm/config.toml). API keys are set in the pilot view, where they
// are needed; the doctor is in the header.
import { BudgetSettings } from "./BudgetSettings";
import { PriceSettings } from "./PriceSettings";

export function SettingsView({ workspace }: { workspace: string }) {
  return (
    <div className="settings-view" data-testid="settings-view">
      <h1>Settings</h1>
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
