//! Opening, closing and remembering workspace folders.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;
use zwarm_core::{Workspace, WorkspaceInfo};

use crate::blocking::blocking;
use crate::error::CommandResult;
use crate::state::AppState;

/// Opens a folder as a workspace and puts it first in the recent list.
#[tauri::command]
#[specta::specta]
pub async fn open_workspace<R: Runtime>(app: AppHandle<R>, path: String) -> CommandResult<WorkspaceInfo> {
    blocking(move || {
        let state = app.state::<AppState>();
        let engine = state.workspaces.open(&PathBuf::from(&path))?;
        let info = engine.workspace().info();
        state.data.settings(&app)?.remember_workspace(&info.root)?;
        Ok(info)
    })
    .await
}

/// Closes a workspace: its live watcher stops (its thread is joined, so not
/// on the main thread).
#[tauri::command]
#[specta::specta]
pub async fn close_workspace<R: Runtime>(app: AppHandle<R>, workspace: String) {
    let closed = blocking(move || {
        app.state::<AppState>().workspaces.close(&workspace);
        Ok(())
    })
    .await;
    if let Err(error) = closed {
        tracing::warn!(message = %error.message, "could not close the workspace");
    }
}

/// The workspaces open in this window.
#[tauri::command]
#[specta::specta]
pub async fn open_workspaces<R: Runtime>(app: AppHandle<R>) -> Vec<WorkspaceInfo> {
    let infos = blocking(move || {
        Ok(app
            .state::<AppState>()
            .workspaces
            .roots()
            .into_iter()
            .filter_map(|root| Workspace::open(root).ok().map(|ws| ws.info()))
            .collect())
    })
    .await;
    infos.unwrap_or_default()
}

/// Recently opened folders, newest first (missing folders left out).
#[tauri::command]
#[specta::specta]
pub async fn recent_workspaces<R: Runtime>(app: AppHandle<R>) -> CommandResult<Vec<String>> {
    blocking(move || recent_folders(&app, &app.state::<AppState>())).await
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
    let picked = blocking(move || Ok(rx.recv().ok().flatten())).await?;
    Ok(picked.map(|p| p.display().to_string()))
}
