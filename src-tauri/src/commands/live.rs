//! Live updates of one workspace, delivered on a Channel the UI passes in:
//! events reach only the subscriber that asked for that workspace, never a
//! global event that other windows or sessions would see.

use std::sync::mpsc::channel;

use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_notification::NotificationExt;
use zwarm_core::engine::EngineEvent;
use zwarm_core::store::SessionStatus;

use crate::blocking::on_engine;
use crate::error::CommandResult;
use crate::state::AppState;

/// Sends the workspace's live events to `on_event`, replacing the
/// workspace's previous subscriber (a reloaded page subscribes again).
#[tauri::command]
#[specta::specta]
pub async fn subscribe<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    workspace: String,
    on_event: Channel<EngineEvent>,
) -> CommandResult<()> {
    // Setting up the watch reads the sessions folder and may stop the
    // previous watcher's thread: not on an async worker.
    on_engine(&state, &workspace.clone(), move |engine| {
        // Runs that were going when the app last closed go on now.
        if let Err(error) = crate::commands::orchestrate::resume_interrupted(&app, &workspace) {
            tracing::warn!(message = %error.message, "could not resume interrupted runs");
        }
        let (tx, rx) = channel();
        let watcher = engine.watch(tx)?;
        app.state::<AppState>().workspaces.set_watcher(&workspace, watcher);
        std::thread::Builder::new().name("zwarm-live-forward".into()).spawn(move || {
            for event in rx {
                if let EngineEvent::Session { session } = &event {
                    if matches!(session.status, SessionStatus::Completed | SessionStatus::Failed) {
                        notify_if_unfocused(&app, &session.title, session.status);
                    }
                }
                if on_event.send(event).is_err() {
                    break;
                }
            }
        })?;
        Ok(())
    })
    .await
}

/// A desktop notification when a session finishes while the window is not focused.
fn notify_if_unfocused<R: Runtime>(app: &AppHandle<R>, title: &str, status: SessionStatus) {
    let focused = app.get_webview_window("main").and_then(|w| w.is_focused().ok()).unwrap_or(true);
    if focused {
        return;
    }
    let verb = if status == SessionStatus::Completed { "completed" } else { "failed" };
    if let Err(error) = app.notification().builder().title(format!("Session {verb}")).body(title).show() {
        tracing::warn!(%error, "could not show a notification");
    }
}
