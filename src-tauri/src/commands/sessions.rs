//! Agent sessions of an open workspace: list, read, start, continue, fork, kill,
//! delete, and reveal their folder. Each command names its workspace.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_opener::OpenerExt;
use zwarm_core::agents::Adapter;
use zwarm_core::engine::{EventPage, Isolation, KillResult, SessionSummary, StartRequest};
use zwarm_core::engine::search::EventHit;
use zwarm_core::files::RestorePreview;
use zwarm_core::spend::{check_session_budget, continue_within_budget, start_within_budget, SessionBudgetCheck};
use zwarm_core::store::{SessionStatus, TurnRecord};

use crate::confine::folder_inside;
use crate::blocking::on_engine;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Sessions of a workspace, newest first, and the ones that could not be read.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SessionList {
    pub sessions: Vec<SessionSummary>,
    /// `path: why` for each unreadable meta.json (shown, never dropped silently).
    pub broken: Vec<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn list_sessions(state: State<'_, AppState>, workspace: String, status: Option<SessionStatus>) -> CommandResult<SessionList> {
    on_engine(&state, &workspace, move |engine| {
        let listing = engine.list(status)?;
        Ok(SessionList {
            sessions: SessionSummary::of_listing(&listing),
            broken: listing.broken.iter().map(|(path, error)| format!("{}: {error}", path.display())).collect(),
        })
    })
    .await
}

/// One session with its turn records (duration, tokens and cost per turn).
#[derive(Debug, Clone, Serialize, Type)]
pub struct SessionDetail {
    pub summary: SessionSummary,
    pub turns: Vec<TurnRecord>,
}

#[tauri::command]
#[specta::specta]
pub async fn get_session(state: State<'_, AppState>, workspace: String, id: String) -> CommandResult<SessionDetail> {
    on_engine(&state, &workspace, move |engine| {
        let meta = engine.refresh(&id)?;
        Ok(SessionDetail { summary: SessionSummary::from(&meta), turns: meta.turns.clone() })
    })
    .await
}

/// A page of a session's transcript (never the whole of a long one at once).
#[tauri::command]
#[specta::specta]
pub async fn session_events(state: State<'_, AppState>, workspace: String, id: String, offset: u32, limit: u32) -> CommandResult<EventPage> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.events(&id, offset as usize, limit.min(2_000) as usize)?)
    })
    .await
}

/// What the new-session form sends.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct NewSessionRequest {
    pub task: String,
    pub adapter: Adapter,
    pub model: Option<String>,
    pub mode: Option<String>,
    /// A folder inside the workspace; `None` for its root.
    pub working_dir: Option<String>,
    /// In a worktree of its own or in the folder; `None` for the
    /// workspace's `[sessions] isolation`.
    pub isolation: Option<Isolation>,
}

#[tauri::command]
#[specta::specta]
pub async fn start_session(state: State<'_, AppState>, workspace: String, request: NewSessionRequest) -> CommandResult<SessionSummary> {
    on_engine(&state, &workspace, move |engine| {
        let (meta, _warning) = start_within_budget(
            &engine,
            StartRequest {
                task: request.task,
                adapter: request.adapter,
                model: request.model.filter(|m| !m.trim().is_empty()),
                mode: request.mode,
                working_dir: request.working_dir.filter(|d| !d.trim().is_empty()).map(PathBuf::from),
                source: "user".into(),
                isolation: request.isolation,
            },
        )?;
        Ok(SessionSummary::from(&meta))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn continue_session(state: State<'_, AppState>, workspace: String, id: String, message: String) -> CommandResult<SessionSummary> {
    on_engine(&state, &workspace, move |engine| {
        let (meta, _warning) = continue_within_budget(&engine, &id, &message)?;
        Ok(SessionSummary::from(&meta))
    })
    .await
}

/// Branches session `id` after its turn `turn` ("Branch from here"): the
/// new session, whose `forked_from` names the original and the turn. With
/// `restore_files`, the workspace's files are also put back as they were
/// after that turn (the files before are kept in `forked_from.files_backup`).
#[tauri::command]
#[specta::specta]
pub async fn fork_session(state: State<'_, AppState>, workspace: String, id: String, turn: u32, restore_files: bool) -> CommandResult<SessionSummary> {
    on_engine(&state, &workspace, move |engine| {
        let meta = if restore_files {
            engine.fork_with_files(&id, turn, None)?
        } else {
            engine.fork(&id, turn, None)?
        };
        Ok(SessionSummary::from(&meta))
    })
    .await
}

/// What putting the workspace's files back as they were after turn `turn`
/// of session `id` would change, with each file's diff.
#[tauri::command]
#[specta::specta]
pub async fn preview_turn_files(state: State<'_, AppState>, workspace: String, id: String, turn: u32) -> CommandResult<RestorePreview> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.preview_turn_files(&id, turn)?)
    })
    .await
}

/// The ids of the sessions whose title, prompts or messages hold every word
/// of `query` (any case): the sidebar's search box.
#[tauri::command]
#[specta::specta]
pub async fn search_sessions(state: State<'_, AppState>, workspace: String, query: String) -> CommandResult<Vec<String>> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.search(&query)?)
    })
    .await
}

/// The events of a session that hold every word of `query`, in order: the
/// thread's find bar jumps between them.
#[tauri::command]
#[specta::specta]
pub async fn find_in_session(state: State<'_, AppState>, workspace: String, id: String, query: String) -> CommandResult<Vec<EventHit>> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.find_in_session(&id, &query)?)
    })
    .await
}

/// Where the workspace budget stands for a new session: the New session
/// dialog shows the warning, or the refusal, before the user starts.
#[tauri::command]
#[specta::specta]
pub async fn session_budget(state: State<'_, AppState>, workspace: String) -> CommandResult<SessionBudgetCheck> {
    on_engine(&state, &workspace, move |engine| {
        Ok(check_session_budget(&engine))
    })
    .await
}

/// Kills the running turn, and says whether it was cut short, had already
/// ended by itself (and how), or was not running.
#[tauri::command]
#[specta::specta]
pub async fn kill_session(state: State<'_, AppState>, workspace: String, id: String) -> CommandResult<KillResult> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.kill(&id)?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn delete_session(state: State<'_, AppState>, workspace: String, id: String) -> CommandResult<()> {
    on_engine(&state, &workspace, move |engine| {
        engine.delete(&id)?;
        Ok(())
    })
    .await
}

/// The CLI's raw JSON lines of one turn, for debugging.
#[tauri::command]
#[specta::specta]
pub async fn raw_turn(state: State<'_, AppState>, workspace: String, id: String, turn: u32) -> CommandResult<String> {
    on_engine(&state, &workspace, move |engine| {
        Ok(engine.raw_turn(&id, turn)?)
    })
    .await
}

/// Opens a folder of the workspace in the system's file manager. Only
/// folders, and only inside the workspace: opening a file would run its
/// default application (a script, a `.desktop` file).
#[tauri::command]
#[specta::specta]
pub async fn reveal_folder<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, workspace: String, path: String) -> CommandResult<()> {
    on_engine(&state, &workspace, move |engine| {
        let folder = folder_inside(&engine, &path)?;
        // Called from Rust, the opener applies no scope of its own: `folder_inside` is the scope.
        app.opener()
            .open_path(folder.display().to_string(), None::<&str>)
            .map_err(|e| CommandError::from(format!("could not open {} in the file manager: {e}", folder.display())))?;
        Ok(())
    })
    .await
}
