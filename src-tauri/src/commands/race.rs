//! Races: one task run by several agents in sibling worktrees, compared side
//! by side, checked, and one entrant kept. Each command is one core call.
//! The window finds races through their sessions' `race` link (the sidebar
//! groups them), so it needs no listing of its own (`zwarm race list` has one).

use tauri::State;
use zwarm_core::race::{KeepOutcome, RaceComparison, RaceRequest, RaceStarted};

use crate::blocking::on_engine;
use crate::error::CommandResult;
use crate::state::AppState;

/// Starts the race (refused before any agent runs when something is
/// missing: a CLI, git, the budget).
#[tauri::command]
#[specta::specta]
pub async fn race_start(state: State<'_, AppState>, workspace: String, request: RaceRequest) -> CommandResult<RaceStarted> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.race_start(request)?)
    })
    .await
}

/// A race's entrants side by side, with their diffs.
#[tauri::command]
#[specta::specta]
pub async fn race_show(state: State<'_, AppState>, workspace: String, id: String) -> CommandResult<RaceComparison> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.race_show(&id)?)
    })
    .await
}

/// Runs the race's check (or `command`, which becomes its check) in every
/// ended entrant's worktree. It can run for minutes: on a blocking thread,
/// never on an async worker.
#[tauri::command]
#[specta::specta]
pub async fn race_check(
    state: State<'_, AppState>,
    workspace: String,
    id: String,
    command: Option<String>,
) -> CommandResult<RaceComparison> {
    on_engine(&state, &workspace, move |engine| {
        let race = engine.race_check(&id, command.as_deref())?;
        Ok(engine.race_show(&race.id)?)
    })
    .await
}

/// Merges entrant `session` home and removes the others' worktrees; a
/// conflict or the others' uncommitted work (unless `force`) is answered
/// with the refusal, nothing changed.
#[tauri::command]
#[specta::specta]
pub async fn race_keep(state: State<'_, AppState>, workspace: String, id: String, session: String, force: bool) -> CommandResult<KeepOutcome> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.race_keep(&id, &session, force)?)
    })
    .await
}
