//! Live updates: watches a workspace's session folders (inotify, through
//! `notify`), parses only the bytes appended to running turn files, and
//! delivers new or changed events and session changes to a subscriber.
//!
//! Zero at rest: only events that change a file's content wake the watcher
//! (`changes.rs`); a burst of them is gathered into one batch, each file read
//! once; a meta.json whose stamp (size, times, inode) is unchanged is not read
//! again, nor a turn file no longer than what was read (`stamp.rs`); and a
//! session is sent only when its summary differs from the one last sent.
//!
//! Approval requests (`sessions/<id>/approvals/`) are reported as each
//! session's list of pending ones whenever a file there appears or goes.
//!
//! A slow tick backs the file events up: it finalizes turns whose process died
//! without a sound (SIGKILL, a crash) and catches up on files whose change
//! notification was missed; with nothing running it only looks at the
//! workspace folder. The final read of an ended turn reports the items still
//! running in it as interrupted. When the watcher starts it re-attaches:
//! running turns are read to their current end silently and stream from there.

mod changes;
mod stamp;
mod state;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use serde::Serialize;

use super::summary::SessionSummary;
use super::transcript::SessionEvent;
use super::{Engine, EngineResult};
use changes::content_changes_to;
use state::LiveState;

/// How often running sessions are checked even without file events.
const TICK: Duration = Duration::from_millis(500);

/// What a subscriber receives.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EngineEvent {
    /// Events appended to, or updated in, a session's transcript; upsert by (turn, index).
    Events {
        session_id: String,
        events: Vec<SessionEvent>,
    },
    /// A session was created or its metadata changed (status, usage, turn).
    Session { session: Box<SessionSummary> },
    /// A session's folder disappeared.
    Removed { session_id: String },
    /// A session's pending approvals changed (one was asked, answered or
    /// withdrawn): all of them now, oldest first.
    Approvals {
        session_id: String,
        approvals: Vec<crate::approvals::Approval>,
    },
    /// The workspace folder itself disappeared (`exists: false`: deleted or
    /// moved while open) or came back. Sent when that changes, so a window
    /// can say so instead of showing errors or stale sessions.
    WorkspaceFolder { root: String, exists: bool },
}

/// A running watcher; dropping it stops the thread.
pub struct LiveWatcher {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for LiveWatcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Engine {
    /// Starts watching this workspace; events go to `sink` until the watcher
    /// is dropped or the receiver hangs up.
    pub fn watch(self: &Arc<Self>, sink: Sender<EngineEvent>) -> EngineResult<LiveWatcher> {
        let sessions_dir = self.store.sessions_dir().to_path_buf();
        std::fs::create_dir_all(&sessions_dir).map_err(|source| super::EngineError::Io {
            path: sessions_dir.clone(),
            source,
        })?;
        let (tx, rx) = channel();
        let watch_failed = |source| super::EngineError::Watch {
            path: sessions_dir.clone(),
            source,
        };
        let mut watcher =
            notify::recommended_watcher(content_changes_to(tx)).map_err(watch_failed)?;
        watcher
            .watch(&sessions_dir, RecursiveMode::Recursive)
            .map_err(watch_failed)?;

        let stop = Arc::new(AtomicBool::new(false));
        let mut state = LiveState::attach(Arc::clone(self), sink);
        let stop_flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("zwarm-live".into())
            .spawn(move || {
                let _watcher = watcher;
                state.run(rx, &stop_flag);
            })
            .map_err(|source| super::EngineError::Thread {
                what: "live update",
                source,
            })?;
        Ok(LiveWatcher {
            stop,
            thread: Some(thread),
        })
    }
}

#[cfg(test)]
mod tests;
