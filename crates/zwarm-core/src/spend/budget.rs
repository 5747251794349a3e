//! Budgets in dollars, per workspace and per pilot. At 80 % the UI warns; at
//! 100 % the pilot (and the orchestrator) refuse to start executor turns and
//! say why.
//!
//! ```toml
//! [budget]
//! workspace_usd = 50.0   # everything spent in this workspace, all time
//! pilot_usd = 10.0       # each pilot: its own LLM plus the sessions it started
//! enforce_on_sessions = true  # refuse turns the user starts too, at 100 %
//! ```
//!
//! A pilot's own `budget_usd` (set in the app) wins over `pilot_usd`.

use serde::{Deserialize, Serialize};

/// The fraction of a budget at which the UI starts warning.
pub const WARN_AT: f64 = 0.8;

/// The `[budget]` table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct BudgetConfig {
    pub workspace_usd: Option<f64>,
    pub pilot_usd: Option<f64>,
    /// Sessions the user starts (the app's New session, `zwarm start`) and
    /// their follow-ups are refused once the workspace budget is spent; by
    /// default they are only warned about.
    #[serde(default)]
    pub enforce_on_sessions: bool,
}

impl BudgetConfig {
    /// The `[budget]` table of the workspace's config; defaults when absent.
    pub fn load(
        workspace: &crate::workspace::Workspace,
    ) -> Result<Self, crate::engine::ConfigError> {
        #[derive(Deserialize, Default)]
        struct Tables {
            #[serde(default)]
            budget: BudgetConfig,
        }
        let path = crate::engine::config_path(workspace);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => return Err(crate::engine::ConfigError::Read { path, source }),
        };
        // Other tables (zwarm's, ours) are not this reader's business.
        let table: toml::Table = toml::from_str(&text)
            .map_err(|e| crate::engine::ConfigError::from_toml(&path, &text, &e))?;
        let only_budget = toml::Table::from_iter(
            table
                .get("budget")
                .map(|b| ("budget".to_string(), b.clone())),
        );
        let tables: Tables = only_budget.try_into().map_err(|e: toml::de::Error| {
            crate::engine::ConfigError::Invalid {
                path,
                message: format!("[budget]: {}", e.message()),
            }
        })?;
        Ok(tables.budget)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum BudgetLevel {
    Ok,
    /// At or above 80 %.
    Warning,
    /// At or above 100 %: no new executor turns.
    Exceeded,
}

/// Where one budget stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BudgetStatus {
    /// `workspace`, or `pilot <name>`.
    pub scope: String,
    pub limit_usd: f64,
    /// Priced spend so far (unpriced tokens cannot count against a dollar budget).
    pub spent_usd: f64,
    pub fraction: f64,
    pub level: BudgetLevel,
}

impl BudgetStatus {
    pub fn new(scope: impl Into<String>, limit_usd: f64, spent_usd: f64) -> Self {
        let fraction = if limit_usd > 0.0 {
            spent_usd / limit_usd
        } else {
            f64::INFINITY
        };
        let level = if fraction >= 1.0 {
            BudgetLevel::Exceeded
        } else if fraction >= WARN_AT {
            BudgetLevel::Warning
        } else {
            BudgetLevel::Ok
        };
        Self {
            scope: scope.into(),
            limit_usd,
            spent_usd,
            fraction,
            level,
        }
    }

    /// The refusal the pilot reads when this budget is spent.
    pub fn refusal(&self) -> Option<String> {
        (self.level == BudgetLevel::Exceeded).then(|| {
            format!(
                "refused: the {} budget of ${:.2} is spent (${:.2} so far). No new agent turns can start; \
                 tell the user, who can raise the budget in Settings → Budgets or in [budget] of .zwarm/config.toml",
                self.scope, self.limit_usd, self.spent_usd
            )
        })
    }
}

/// Writes the workspace's `[budget]` table (a `None` removes the key).
pub fn save_budget(
    workspace: &crate::workspace::Workspace,
    budget: &BudgetConfig,
) -> Result<(), crate::engine::ConfigError> {
    let value = |v: Option<f64>| {
        v.filter(|v| v.is_finite() && *v >= 0.0)
            .map(toml_edit::Value::from)
    };
    crate::engine::set_table_values(
        workspace,
        "budget",
        &[
            ("workspace_usd", value(budget.workspace_usd)),
            ("pilot_usd", value(budget.pilot_usd)),
            (
                "enforce_on_sessions",
                budget
                    .enforce_on_sessions
                    .then(|| toml_edit::Value::from(true)),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_refusal() {
        assert_eq!(
            BudgetStatus::new("workspace", 10.0, 7.9).level,
            BudgetLevel::Ok
        );
        assert_eq!(
            BudgetStatus::new("workspace", 10.0, 8.0).level,
            BudgetLevel::Warning
        );
        let spent = BudgetStatus::new("pilot p", 10.0, 10.0);
        assert_eq!(spent.level, BudgetLevel::Exceeded);
        let refusal = spent.refusal().unwrap();
        assert!(refusal.contains("pilot p budget of $10.00"), "{refusal}");
        assert!(BudgetStatus::new("workspace", 10.0, 9.0)
            .refusal()
            .is_none());
        assert_eq!(
            BudgetStatus::new("zero", 0.0, 0.0).level,
            BudgetLevel::Exceeded
        );
    }
}
