//! What the app keeps between commands.

use crate::launch::LaunchOptions;
use crate::workspaces::Workspaces;

/// State shared by all commands (Tauri manages one instance).
pub struct AppState {
    /// How the app was launched (`make run DIR=...`, an argument, or cwd).
    pub launch: LaunchOptions,
    pub workspaces: Workspaces,
}

impl AppState {
    pub fn new(launch: LaunchOptions) -> Self {
        Self { launch, workspaces: Workspaces::default() }
    }
}
