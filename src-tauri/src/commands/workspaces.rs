//! Opening, closing and remembering workspace folders.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use zwarm_core::{Workspace, WorkspaceInfo};

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Opens a folder as a workspace and puts it first in the recent list.
#[tauri::command(async)]
#[specta::specta]
pub fn open_workspace<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, path: String) -> CommandResult<WorkspaceInfo> {
    let engine = state.workspaces.open(&PathBuf::from(&path))?;
    let info = engine.workspace().info();
    state.data.settings(&app)?.remember_workspace(&info.root)?;
    Ok(info)
}

#[tauri::command]
#[specta::specta]
pub fn close_workspace(state: State<'_, AppState>, workspace: String) {
    state.workspaces.close(&workspace);
}

/// The workspaces open in this window.
#[tauri::command]
#[specta::specta]
pub fn open_workspaces(state: State<'_, AppState>) -> Vec<WorkspaceInfo> {
    state
        .workspaces
        .roots()
        .into_iter()
        .filter_map(|root| Workspace::open(root).ok().map(|ws| ws.info()))
        .collect()
}

/// Recently opened folders, newest first (missing folders left out).
#[tauri::command(async)]
#[specta::specta]
pub fn recent_workspaces<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    recent_folders(&app, &state)
}

/// The recent list without folders that no longer exist.
pub fn recent_folders<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> CommandResult<Vec<String>> {
    let recent = state.data.settings(app)?.recent_workspaces();
    Ok(recent.into_iter().filter(|p| std::path::Path::new(p).is_dir()).collect())
}

/// Asks the user for a folder with the native dialog; `None` if cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_folder<R: Runtime>(app: AppHandle<R>) -> CommandResult<Option<String>> {
    let (tx, rx) = std::sync::mpsc::channel();
    app.dialog().file().set_title("Open a workspace folder").pick_folder(move |folder| {
        let _ = tx.send(folder.and_then(|f| f.into_path().ok()));
    });
    let picked = tauri::async_runtime::spawn_blocking(move || rx.recv().ok().flatten())
        .await
        .map_err(CommandError::from)?;
    Ok(picked.map(|p| p.display().to_string()))
}
