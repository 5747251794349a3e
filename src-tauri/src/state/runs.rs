//! The orchestrator runs this app drives (so Stop can reach them and a run
//! is never driven twice) and each workspace's run subscriber.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::Serialize;
use specta::Type;
use tauri::ipc::Channel;
use zwarm_core::checkpoints::PilotMeta;
use zwarm_core::llm::CancellationToken;
use zwarm_core::orchestrate::RunEvent;

/// A run's progress, for the workspace's run subscriber.
#[derive(Debug, Clone, Serialize, Type)]
pub struct RunUpdate {
    pub run_id: String,
    /// `None` when only the run's state changed (paused, stopped, finished).
    pub event: Option<RunEvent>,
    pub meta: Option<PilotMeta>,
}

/// Runs driven by this app, and each workspace's subscriber.
#[derive(Default)]
pub struct Runs {
    active: Mutex<HashMap<String, CancellationToken>>,
    subscribers: Mutex<HashMap<String, Channel<RunUpdate>>>,
}

impl Runs {
    pub fn begin(&self, run: &str) -> Option<CancellationToken> {
        let mut active = self.active.lock().ok()?;
        if active.contains_key(run) {
            return None;
        }
        let token = CancellationToken::new();
        active.insert(run.to_string(), token.clone());
        Some(token)
    }

    pub fn end(&self, run: &str) {
        if let Ok(mut active) = self.active.lock() {
            active.remove(run);
        }
    }

    pub fn cancel(&self, run: &str) {
        if let Some(token) = self.active.lock().ok().and_then(|a| a.get(run).cloned()) {
            token.cancel();
        }
    }

    pub fn is_active(&self, run: &str) -> bool {
        self.active.lock().map(|a| a.contains_key(run)).unwrap_or(false)
    }

    pub fn subscribe(&self, workspace: &str, channel: Channel<RunUpdate>) {
        if let Ok(mut subs) = self.subscribers.lock() {
            subs.insert(workspace.to_string(), channel);
        }
    }

    pub fn publish(&self, workspace: &str, run_id: &str, event: Option<RunEvent>, meta: Option<PilotMeta>) {
        if let Some(channel) = self.subscribers.lock().ok().and_then(|s| s.get(workspace).cloned()) {
            let _ = channel.send(RunUpdate { run_id: run_id.to_string(), event, meta });
        }
    }
}
