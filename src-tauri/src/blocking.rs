//! Disk and process work of the commands, off the async runtime.
//!
//! An `async` command (and a `#[tauri::command(async)]` one) runs on one of
//! tokio's few worker threads: a listing of thousands of sessions, a shadow
//! git snapshot or the doctor asking a CLI for its login would hold that
//! worker, and every other command queued behind it would wait. Commands do
//! such work through [`blocking`] (or [`on_engine`]), on tokio's blocking
//! pool, which grows as needed. A sync command without `async` would run on
//! the main thread and freeze the window; none does disk or process work.

use std::sync::Arc;

use zwarm_core::engine::Engine;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// Runs `work` on a blocking thread and answers what it answered.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| CommandError::from(format!("the app's background task stopped unexpectedly ({e}); try again")))?
}

/// Runs `work` with the engine of the open workspace `workspace`, on a
/// blocking thread.
pub async fn on_engine<T: Send + 'static>(
    state: &AppState,
    workspace: &str,
    work: impl FnOnce(Arc<Engine>) -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    let engine = state.workspaces.get(workspace)?;
    blocking(move || work(engine)).await
}
