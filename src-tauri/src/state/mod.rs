//! What the app keeps between commands.

mod pilot_turns;
mod runs;

pub use pilot_turns::PilotTurns;
pub use runs::{RunUpdate, Runs};

use crate::app_data::AppData;
use crate::launch::LaunchOptions;
use crate::workspaces::Workspaces;

/// State shared by all commands (Tauri manages one instance).
pub struct AppState {
    /// How the app was launched (`make run DIR=...`, an argument, or cwd).
    pub launch: LaunchOptions,
    pub workspaces: Workspaces,
    /// Pilot turns running in this window, for Stop.
    pub pilot_turns: PilotTurns,
    /// Orchestrator runs driven by this app, and their subscribers.
    pub runs: Runs,
    /// The app's settings and API keys (never under a workspace).
    pub data: AppData,
}

impl AppState {
    pub fn new(launch: LaunchOptions) -> Self {
        let data = AppData::new(launch.data_dir.clone(), launch.os_keyring);
        Self { launch, workspaces: Workspaces::default(), pilot_turns: PilotTurns::default(), runs: Runs::default(), data }
    }
}
