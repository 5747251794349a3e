//! The app itself: versions, readiness, the doctor, the modes a session can use.

use std::path::PathBuf;

use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Manager, Runtime, State};
use zwarm_core::agents::Adapter;
use zwarm_core::doctor::CliReport;
use zwarm_core::engine::{modes, EngineSettings};
use zwarm_core::WorkspaceInfo;

use crate::commands::workspaces::recent_folders;
use crate::blocking::blocking;
use crate::error::CommandResult;
use crate::state::AppState;

/// What the window needs to draw its shell.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AppInfo {
    /// The desktop app's version.
    pub version: String,
    /// The version of `zwarm-core` it was built with.
    pub core_version: String,
    /// The folder the app was launched on, opened.
    pub workspace: Option<WorkspaceInfo>,
    /// Why the launch folder could not be opened, to show instead of it.
    pub workspace_error: Option<String>,
    /// The app's settings file could not be read: where it was kept aside.
    pub settings_notice: Option<String>,
}

/// Opens the first workspace: the folder named at launch, else the last one the
/// user had open, else the current directory.
#[tauri::command]
#[specta::specta]
pub async fn app_info<R: Runtime>(app: AppHandle<R>) -> AppInfo {
    let opened = blocking(move || Ok(first_workspace(&app))).await;
    opened.unwrap_or_else(|error| AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        core_version: zwarm_core::VERSION.to_string(),
        workspace: None,
        workspace_error: Some(error.message),
        settings_notice: None,
    })
}

fn first_workspace<R: Runtime>(app: &AppHandle<R>) -> AppInfo {
    let state = app.state::<AppState>();
    let settings = state.data.settings(app);
    let last = (!state.launch.explicit)
        .then(|| recent_folders(app, &state).ok().and_then(|r| r.into_iter().next()))
        .flatten();
    let folder = last.map(PathBuf::from).unwrap_or_else(|| state.launch.workspace.clone());
    let opened = state.workspaces.open(&folder);
    // The launch folder is a folder the user opened: it belongs in Recent.
    if let (Ok(engine), Ok(settings)) = (&opened, &settings) {
        if let Err(error) = settings.remember_workspace(&engine.workspace().info().root) {
            tracing::warn!(%error, "could not remember the launch folder in the recent list");
        }
    }
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        core_version: zwarm_core::VERSION.to_string(),
        workspace: opened.as_ref().ok().map(|engine| engine.workspace().info()),
        workspace_error: opened.err().map(|e| e.message),
        settings_notice: match settings {
            Ok(settings) => settings.notice().map(str::to_string),
            Err(error) => Some(error.message),
        },
    }
}

/// Called once by the UI after its first render. It marks the moment the window
/// is usable: `make run SCREENSHOT=...` waits for this line in the log.
#[tauri::command]
#[specta::specta]
pub fn ui_ready() {
    tracing::info!("ui ready");
}

/// Where the agent CLIs are (at the paths the workspace's config sets, if
/// any) and whether each is logged in to its model. Only an open workspace's
/// config is read: the page cannot point it elsewhere. On a blocking thread:
/// the CLIs' status commands never hold the window or an async worker.
#[tauri::command]
#[specta::specta]
pub async fn doctor(state: State<'_, AppState>, workspace: Option<String>) -> CommandResult<Vec<CliReport>> {
    let engine = workspace.map(|root| state.workspaces.get(&root)).transpose()?;
    blocking(move || {
        let (settings, root) = match engine {
            Some(engine) => (EngineSettings::load(engine.workspace())?, Some(engine.workspace().root().to_path_buf())),
            None => (EngineSettings::default(), None),
        };
        Ok(zwarm_core::doctor::doctor(&settings, root.as_deref()))
    })
    .await
}

/// One sandbox or permission mode a session can run in.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ModeInfo {
    pub name: String,
    /// Turns off the CLI's sandbox or approvals: the UI must warn.
    pub dangerous: bool,
}

/// The modes of one adapter, the safe default first.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AdapterModes {
    pub adapter: Adapter,
    pub modes: Vec<ModeInfo>,
    /// The mode a new session gets: the workspace's `[codex]`/`[claude] mode`,
    /// else the safe default.
    pub default: String,
}

/// The modes of each CLI, with the default of `workspace` when it is open.
#[tauri::command]
#[specta::specta]
pub fn session_modes(state: State<'_, AppState>, workspace: Option<String>) -> Vec<AdapterModes> {
    let engine = workspace.and_then(|root| state.workspaces.get(&root).ok());
    [Adapter::Codex, Adapter::Claude]
        .into_iter()
        .map(|adapter| AdapterModes {
            adapter,
            modes: modes::mode_names(adapter)
                .iter()
                .map(|name| ModeInfo { name: name.to_string(), dangerous: modes::is_dangerous(name) })
                .collect(),
            default: match &engine {
                Some(engine) => engine.settings().default_mode(adapter).to_string(),
                None => modes::default_mode(adapter).to_string(),
            },
        })
        .collect()
}
