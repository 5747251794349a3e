//! Tauri commands: each one adapts a core call to IPC and does nothing more.
//!
//! Commands live in this module rather than the crate root: `pub` commands at
//! the root collide with the macros Tauri generates (E0255).

use serde::Serialize;
use specta::Type;
use tauri::State;
use zwarm_core::WorkspaceInfo;

use crate::state::AppState;

/// What the window needs to draw its shell.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AppInfo {
    /// The desktop app's version.
    pub version: String,
    /// The version of `zwarm-core` it was built with.
    pub core_version: String,
    /// The open workspace, when it could be opened.
    pub workspace: Option<WorkspaceInfo>,
    /// Why the workspace could not be opened, to show instead of it.
    pub workspace_error: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        core_version: zwarm_core::VERSION.to_string(),
        workspace: state.workspace.as_ref().ok().map(|ws| ws.info()),
        workspace_error: state.workspace.as_ref().err().cloned(),
    }
}

/// Called once by the UI after its first render. It marks the moment the window
/// is usable: `make run SCREENSHOT=...` waits for this line in the log.
#[tauri::command]
#[specta::specta]
pub fn ui_ready() {
    tracing::info!("ui ready");
}
