//! The pilot: an LLM the user chats with, which delegates the work to agent
//! sessions through tools. Each finished turn is a checkpoint node
//! ([`crate::checkpoints`]).

pub mod branch;
mod config;
mod files;
mod keys;
mod prompt;
pub mod tools;
pub(crate) mod tool_loop;
mod turn;
mod watcher_config;

pub use config::{client_for, OrchestrateConfig, PilotConfig, SavedKey, DEFAULT_MODEL};
pub use keys::{choose_key, key_env_vars, KeyFrom, PILOT_KEY_ENV};
pub use prompt::SYSTEM_PROMPT;
pub use turn::{Continue, PilotError, PilotEvent, PilotRunner};
pub use watcher_config::{
    BudgetWatchConfig, DelegationConfig, ProgressConfig, ReminderConfig, WatcherConfig,
};

use crate::agents::Adapter;
use crate::spend::BudgetConfig;

/// How a pilot turn runs.
#[derive(Debug, Clone, PartialEq)]
pub struct PilotSettings {
    /// LLM calls per turn before the turn is cut short.
    pub max_steps: u32,
    /// The agent `delegate` uses when the LLM names none.
    pub default_adapter: Adapter,
    /// Dollar limits; once spent, `delegate` and `converse` refuse.
    pub budget: BudgetConfig,
}

impl Default for PilotSettings {
    fn default() -> Self {
        Self {
            max_steps: 30,
            default_adapter: Adapter::Codex,
            budget: BudgetConfig::default(),
        }
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod off_thread_tests;
