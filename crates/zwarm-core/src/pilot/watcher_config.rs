//! The `[watchers]` table of `.zwarm/config.toml`: the thresholds of an
//! orchestrator run's watchers (`crate::orchestrate::watchers`, which
//! re-exports these). Read with the rest of the pilot's configuration
//! (`config.rs`), so it lives beside it.

use serde::{Deserialize, Serialize};

use crate::checkpoints::WatcherAction;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct ProgressConfig {
    pub enabled: bool,
    /// Identical calls (same tool, arguments and result) that mean "stuck".
    pub repeats: u32,
    /// How many recent non-polling calls are looked at.
    pub window: u32,
    pub action: WatcherAction,
}

impl Default for ProgressConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            repeats: 3,
            window: 8,
            action: WatcherAction::Message,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct BudgetWatchConfig {
    pub enabled: bool,
    /// Fraction of the step limit or dollar budget at which to warn.
    pub warn_at: f64,
    /// Sessions a run may start before it is told to stop starting more.
    pub max_sessions: u32,
}

impl Default for BudgetWatchConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            warn_at: 0.8,
            max_sessions: 10,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct DelegationConfig {
    pub enabled: bool,
    /// Shell commands that do the work (edit, build, install) since the last
    /// delegation before the watcher fires.
    pub threshold: u32,
    pub action: WatcherAction,
}

impl Default for DelegationConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            threshold: 3,
            action: WatcherAction::Message,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct ReminderConfig {
    pub enabled: bool,
    /// Steps without delegating (and without waiting on a session) before a reminder.
    pub every_steps: u32,
}

impl Default for ReminderConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            every_steps: 8,
        }
    }
}

/// The `[watchers]` table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct WatcherConfig {
    /// Steps a watcher stays quiet after it fired.
    pub cooldown_steps: u32,
    pub progress: ProgressConfig,
    pub budget: BudgetWatchConfig,
    pub delegation: DelegationConfig,
    pub reminder: ReminderConfig,
}

impl Default for WatcherConfig {
    fn default() -> Self {
        Self {
            cooldown_steps: 3,
            progress: ProgressConfig::default(),
            budget: BudgetWatchConfig::default(),
            delegation: DelegationConfig::default(),
            reminder: ReminderConfig::default(),
        }
    }
}
