//! Approvals from the window: what "Ask me" sessions wait for, the user's
//! answer, and the workspace's "always" rules (see `zwarm_core::approvals`).
//! Requests are found by id among the workspace's pending ones only.

use tauri::State;
use zwarm_core::approvals::{Answer, ApprovalListing, RuleList};

use crate::blocking::on_engine;
use crate::error::CommandResult;
use crate::state::AppState;

/// Every pending approval of the workspace, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn list_approvals(state: State<'_, AppState>, workspace: String) -> CommandResult<ApprovalListing> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.approvals().pending())
    })
    .await
}

/// Answers pending approval `id`; refused when it was answered already or
/// its agent stopped waiting.
#[tauri::command]
#[specta::specta]
pub async fn answer_approval(state: State<'_, AppState>, workspace: String, id: String, answer: Answer) -> CommandResult<()> {
    on_engine(&state, &workspace, move |engine| {
        engine.approvals().decide(&id, answer, "app")?;
        Ok(())
    })
    .await
}

/// The workspace's "always" rules, oldest first, and whether they apply (not
/// when the file is not what zwarm wrote for this user).
#[tauri::command]
#[specta::specta]
pub async fn approval_rules(state: State<'_, AppState>, workspace: String) -> CommandResult<RuleList> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.approvals().rules().list()?)
    })
    .await
}

/// Removes "always" rule `id`: that action is asked about again. `false` when there was none.
#[tauri::command]
#[specta::specta]
pub async fn remove_approval_rule(state: State<'_, AppState>, workspace: String, id: String) -> CommandResult<bool> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.approvals().rules().remove(&id)?)
    })
    .await
}
