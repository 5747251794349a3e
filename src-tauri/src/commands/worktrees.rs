//! Review and isolation of sessions: what a turn or a whole session changed
//! (per-file diffs), whether new sessions can have worktrees, and bringing a
//! worktree session's work home (merge, patch, open, remove) or pruning old
//! worktrees. Each command names its workspace.

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;
use zwarm_core::engine::{ReviewDiff, WorktreePrune, WorktreeSupport};
use zwarm_core::worktree::{MergeMode, MergeOutcome, WorktreeStatus};

use crate::blocking::on_engine;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// What turn `turn` of session `id` changed: its files when it started
/// against when it ended.
#[tauri::command]
#[specta::specta]
pub async fn turn_diff(state: State<'_, AppState>, workspace: String, id: String, turn: u32) -> CommandResult<ReviewDiff> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.turn_diff(&id, turn)?)
    })
    .await
}

/// Everything session `id` changed: its worktree against its base, or its
/// first recorded files against its last.
#[tauri::command]
#[specta::specta]
pub async fn session_diff(state: State<'_, AppState>, workspace: String, id: String) -> CommandResult<ReviewDiff> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.session_diff(&id)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn worktree_support(state: State<'_, AppState>, workspace: String) -> CommandResult<WorktreeSupport> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.worktree_support())
    })
    .await
}

/// Commits what the session left in its worktree and merges its branch into
/// the branch it came from; refused, with the files, on a conflict.
#[tauri::command]
#[specta::specta]
pub async fn merge_worktree(state: State<'_, AppState>, workspace: String, id: String, mode: MergeMode) -> CommandResult<MergeOutcome> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.merge_worktree(&id, mode)?)
    })
    .await
}

/// The session's work as a patch `git apply` takes (the page copies it).
#[tauri::command]
#[specta::specta]
pub async fn worktree_patch(state: State<'_, AppState>, workspace: String, id: String) -> CommandResult<String> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.worktree_patch(&id)?)
    })
    .await
}

/// Removes the session's worktree; refused while it holds uncommitted work
/// unless `force` (the page asks first, listing the files).
#[tauri::command]
#[specta::specta]
pub async fn remove_worktree(state: State<'_, AppState>, workspace: String, id: String, force: bool) -> CommandResult<()> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.remove_worktree(&id, force)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn list_worktrees(state: State<'_, AppState>, workspace: String) -> CommandResult<Vec<WorktreeStatus>> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.list_worktrees()?)
    })
    .await
}

/// Removes the clean worktrees left alone for `days` days whose session ended.
#[tauri::command]
#[specta::specta]
pub async fn prune_worktrees(state: State<'_, AppState>, workspace: String, days: u32) -> CommandResult<WorktreePrune> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.prune_worktrees(days)?)
    })
    .await
}

/// Opens the session's worktree folder in the file manager. The path comes
/// from the session's own record, never from the page.
#[tauri::command]
#[specta::specta]
pub async fn reveal_worktree<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, workspace: String, id: String) -> CommandResult<()> {
    on_engine(&state, &workspace, move |engine| {
        let meta = engine.refresh(&id)?;
        let worktree = meta
            .worktree
            .ok_or_else(|| CommandError::from(format!("session {} does not run in a worktree of its own", meta.id)))?;
        app.opener()
            .open_path(worktree.path.clone(), None::<&str>)
            .map_err(|e| CommandError::from(format!("could not open {} in the file manager: {e}", worktree.path)))?;
        Ok(())
    })
    .await
}
