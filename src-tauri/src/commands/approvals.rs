//! Approvals from the window: what "Ask me" sessions wait for, the user's
//! answer, and the workspace's "always" rules (see `zwarm_core::approvals`).
//! Requests are found by id among the workspace's pending ones only.

use tauri::State;
use zwarm_core::approvals::{Answer, ApprovalListing, RuleList};

use crate::error::CommandResult;
use crate::state::AppState;

/// Every pending approval of the workspace, oldest first.
#[tauri::command(async)]
#[specta::specta]
pub fn list_approvals(state: State<'_, AppState>, workspace: String) -> CommandResult<ApprovalListing> {
    Ok(state.workspaces.get(&workspace)?.approvals().pending())
}

/// Answers pending approval `id`; refused when it was answered already or
/// its agent stopped waiting.
#[tauri::command(async)]
#[specta::specta]
pub fn answer_approval(state: State<'_, AppState>, workspace: String, id: String, answer: Answer) -> CommandResult<()> {
    state.workspaces.get(&workspace)?.approvals().decide(&id, answer, "app")?;
    Ok(())
}

/// The workspace's "always" rules, oldest first, and whether they apply (not
/// when the file is not what zwarm wrote for this user).
#[tauri::command(async)]
#[specta::specta]
pub fn approval_rules(state: State<'_, AppState>, workspace: String) -> CommandResult<RuleList> {
    Ok(state.workspaces.get(&workspace)?.approvals().rules().list()?)
}

/// Removes "always" rule `id`: that action is asked about again. `false` when there was none.
#[tauri::command(async)]
#[specta::specta]
pub fn remove_approval_rule(state: State<'_, AppState>, workspace: String, id: String) -> CommandResult<bool> {
    Ok(state.workspaces.get(&workspace)?.approvals().rules().remove(&id)?)
}
