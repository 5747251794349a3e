//! Review and isolation of sessions: what a turn or a whole session changed
//! (per-file diffs), whether new sessions can have worktrees, and bringing a
//! worktree session's work home (merge, patch, open, remove) or pruning old
//! worktrees. Each command names its workspace.

use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;
use zwarm_core::engine::{ReviewDiff, WorktreePrune, WorktreeSupport};
use zwarm_core::worktree::{MergeMode, MergeOutcome, WorktreeStatus};

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// What turn `turn` of session `id` changed: its files when it started
/// against when it ended.
#[tauri::command(async)]
#[specta::specta]
pub fn turn_diff(state: State<'_, AppState>, workspace: String, id: String, turn: u32) -> CommandResult<ReviewDiff> {
    Ok(state.workspaces.get(&workspace)?.turn_diff(&id, turn)?)
}

/// Everything session `id` changed: its worktree against its base, or its
/// first recorded files against its last.
#[tauri::command(async)]
#[specta::specta]
pub fn session_diff(state: State<'_, AppState>, workspace: String, id: String) -> CommandResult<ReviewDiff> {
    Ok(state.workspaces.get(&workspace)?.session_diff(&id)?)
}

#[tauri::command(async)]
#[specta::specta]
pub fn worktree_support(state: State<'_, AppState>, workspace: String) -> CommandResult<WorktreeSupport> {
    Ok(state.workspaces.get(&workspace)?.worktree_support())
}

/// Commits what the session left in its worktree and merges its branch into
/// the branch it came from; refused, with the files, on a conflict.
#[tauri::command(async)]
#[specta::specta]
pub fn merge_worktree(state: State<'_, AppState>, workspace: String, id: String, mode: MergeMode) -> CommandResult<MergeOutcome> {
    Ok(state.workspaces.get(&workspace)?.merge_worktree(&id, mode)?)
}

/// The session's work as a patch `git apply` takes (the page copies it).
#[tauri::command(async)]
#[specta::specta]
pub fn worktree_patch(state: State<'_, AppState>, workspace: String, id: String) -> CommandResult<String> {
    Ok(state.workspaces.get(&workspace)?.worktree_patch(&id)?)
}

/// Removes the session's worktree; refused while it holds uncommitted work
/// unless `force` (the page asks first, listing the files).
#[tauri::command(async)]
#[specta::specta]
pub fn remove_worktree(state: State<'_, AppState>, workspace: String, id: String, force: bool) -> CommandResult<()> {
    Ok(state.workspaces.get(&workspace)?.remove_worktree(&id, force)?)
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_worktrees(state: State<'_, AppState>, workspace: String) -> CommandResult<Vec<WorktreeStatus>> {
    Ok(state.workspaces.get(&workspace)?.list_worktrees()?)
}

/// Removes the clean worktrees left alone for `days` days whose session ended.
#[tauri::command(async)]
#[specta::specta]
pub fn prune_worktrees(state: State<'_, AppState>, workspace: String, days: u32) -> CommandResult<WorktreePrune> {
    Ok(state.workspaces.get(&workspace)?.prune_worktrees(days)?)
}

/// Opens the session's worktree folder in the file manager. The path comes
/// from the session's own record, never from the page.
#[tauri::command(async)]
#[specta::specta]
pub fn reveal_worktree<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, workspace: String, id: String) -> CommandResult<()> {
    let meta = state.workspaces.get(&workspace)?.refresh(&id)?;
    let worktree = meta
        .worktree
        .ok_or_else(|| CommandError::from(format!("session {} does not run in a worktree of its own", meta.id)))?;
    app.opener()
        .open_path(worktree.path.clone(), None::<&str>)
        .map_err(|e| CommandError::from(format!("could not open {} in the file manager: {e}", worktree.path)))?;
    Ok(())
}
