//! Live updates of one workspace, delivered on a Channel the UI passes in:
//! events reach only the subscriber that asked for that workspace, never a
//! global event that other windows or sessions would see.

use std::collections::{HashMap, HashSet};
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
    // Setting up the watch reads the sessions folder and the pending
    // approvals, and may stop the previous watcher's thread: not on an
    // async worker.
    on_engine(&state, &workspace.clone(), move |engine| {
        // Runs that were going when the app last closed go on now.
        if let Err(error) = crate::commands::orchestrate::resume_interrupted(&app, &workspace) {
            tracing::warn!(message = %error.message, "could not resume interrupted runs");
        }
        let (tx, rx) = channel();
        let watcher = engine.watch(tx)?;
        app.state::<AppState>().workspaces.set_watcher(&workspace, watcher);
        // Each session's approvals already announced; those waiting when the
        // window subscribes are seen in its list.
        let mut announced: HashMap<String, HashSet<String>> = HashMap::new();
        for approval in engine.approvals().pending().approvals {
            announced.entry(approval.session_id).or_default().insert(approval.id);
        }
        std::thread::Builder::new().name("zwarm-live-forward".into()).spawn(move || {
            for event in rx {
                if let EngineEvent::Session { session } = &event {
                    if matches!(session.status, SessionStatus::Completed | SessionStatus::Failed) {
                        notify_if_unfocused(&app, &format!("Session {}", verb(session.status)), &session.title);
                    }
                }
                if let EngineEvent::Approvals { session_id, approvals } = &event {
                    let before = announced.remove(session_id).unwrap_or_default();
                    for approval in approvals.iter().filter(|a| !before.contains(&a.id)) {
                        let title = format!("{} asks for approval", adapter_name(&approval.adapter));
                        notify_if_unfocused(&app, &title, &approval.action.summary());
                    }
                    if !approvals.is_empty() {
                        announced.insert(session_id.clone(), approvals.iter().map(|a| a.id.clone()).collect());
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

fn verb(status: SessionStatus) -> &'static str {
    if status == SessionStatus::Completed {
        "completed"
    } else {
        "failed"
    }
}

fn adapter_name(adapter: &str) -> &str {
    match adapter {
        "codex" => "Codex",
        "claude" => "Claude",
        other => other,
    }
}

/// A desktop notification while the window is not focused: a session
/// finished, or an agent waits for the user's approval.
fn notify_if_unfocused<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    let focused = app.get_webview_window("main").and_then(|w| w.is_focused().ok()).unwrap_or(true);
    if focused {
        return;
    }
    if let Err(error) = app.notification().builder().title(title).body(body).show() {
        tracing::warn!(%error, "could not show a notification");
    }
}
