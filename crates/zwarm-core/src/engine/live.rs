//! Live updates: watches a workspace's session folders (inotify, through
//! `notify`), parses only the bytes appended to running turn files, and
//! delivers new or changed events and session changes to a subscriber.
//!
//! A slow tick backs the file events up: it finalizes turns whose process died
//! without a sound (SIGKILL, a crash) and re-reads files whose change
//! notification was missed. The final read of an ended turn reports the
//! items still running in it as interrupted. When the watcher starts it re-attaches: running
//! turns are read to their current end silently and stream from there.

use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use serde::Serialize;

use crate::agents::turn_log::TurnLog;
use crate::events::AgentEvent;
use crate::store::{SessionMeta, SessionStatus};

use super::summary::SessionSummary;
use super::transcript::SessionEvent;
use super::{adapter_of, Engine, EngineResult};

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
        let mut watcher = notify::recommended_watcher(content_changes_to(tx))
            .map_err(|e| super::EngineError::Signal(std::io::Error::other(e)))?;
        watcher
            .watch(&sessions_dir, RecursiveMode::Recursive)
            .map_err(|e| super::EngineError::Signal(std::io::Error::other(e)))?;

        let stop = Arc::new(AtomicBool::new(false));
        let mut state = LiveState::attach(Arc::clone(self), sink);
        let stop_flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("zwarm-live".into())
            .spawn(move || {
                let _watcher = watcher;
                state.run(rx, &stop_flag);
            })
            .map_err(super::EngineError::Signal)?;
        Ok(LiveWatcher {
            stop,
            thread: Some(thread),
        })
    }
}

struct Tail {
    offset: u64,
    log: TurnLog,
}

struct LiveState {
    engine: Arc<Engine>,
    sink: Sender<EngineEvent>,
    tails: HashMap<(String, u32), Tail>,
    known: HashMap<String, String>,
    open: bool,
    /// Whether the workspace folder existed at the last look.
    root_exists: bool,
}

impl LiveState {
    /// Remembers every session as it is now and reads running turns to their end.
    fn attach(engine: Arc<Engine>, sink: Sender<EngineEvent>) -> Self {
        let mut state = Self {
            engine,
            sink,
            tails: HashMap::new(),
            known: HashMap::new(),
            open: true,
            root_exists: true,
        };
        if let Ok(listing) = state.engine.list(None) {
            for meta in listing.sessions {
                state.known.insert(meta.id.clone(), fingerprint(&meta));
                if meta.status == SessionStatus::Running {
                    state.read_turn(&meta, meta.turn, false);
                }
            }
        }
        state
    }

    fn run(&mut self, rx: Receiver<Vec<PathBuf>>, stop: &AtomicBool) {
        let mut last_tick = Instant::now();
        while self.open && !stop.load(Ordering::SeqCst) {
            match rx.recv_timeout(TICK) {
                Ok(paths) => {
                    // First, so a deleted workspace is reported before the
                    // removal of each of its sessions.
                    self.check_workspace();
                    for path in paths {
                        self.on_path(&path);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if last_tick.elapsed() >= TICK {
                last_tick = Instant::now();
                self.tick();
            }
        }
    }

    fn on_path(&mut self, path: &Path) {
        // A session's own folder created or removed (a delete removes its
        // files first, while the folder still exists): look at it again.
        if path.parent() == Some(self.engine.store.sessions_dir()) {
            if let Some(id) = path.file_name().and_then(|n| n.to_str()) {
                let id = id.to_string();
                self.check_session(&id);
            }
            return;
        }
        let Some((session_id, file)) = session_file(path) else {
            return;
        };
        if let Some(turn) = turn_number(&file, ".jsonl") {
            if let Ok(meta) = self.engine.load_session(&session_id) {
                self.read_turn(&meta, turn, true);
            }
        } else if file == "meta.json" || turn_number(&file, ".exit").is_some() {
            self.check_session(&session_id);
        }
    }

    /// Reports the workspace folder disappearing or coming back.
    fn check_workspace(&mut self) {
        let root = self.engine.workspace().root();
        let exists = root.is_dir();
        if exists != self.root_exists {
            self.root_exists = exists;
            self.send(EngineEvent::WorkspaceFolder {
                root: root.display().to_string(),
                exists,
            });
        }
    }

    /// Running sessions: catch up on their files and finalize dead processes.
    fn tick(&mut self) {
        self.check_workspace();
        let running: Vec<String> = self
            .known
            .iter()
            .filter(|(_, f)| f.starts_with("running"))
            .map(|(id, _)| id.clone())
            .collect();
        for id in running {
            if let Ok(meta) = self.engine.load_session(&id) {
                self.read_turn(&meta, meta.turn, true);
            }
            self.check_session(&id);
        }
    }

    fn check_session(&mut self, id: &str) {
        let meta = match self.engine.refresh(id) {
            Ok(meta) => meta,
            Err(_) => {
                if !self.engine.store.sessions_dir().join(id).exists()
                    && self.known.remove(id).is_some()
                {
                    self.send(EngineEvent::Removed {
                        session_id: id.to_string(),
                    });
                }
                return;
            }
        };
        let print = fingerprint(&meta);
        if self.known.get(id) != Some(&print) {
            self.known.insert(id.to_string(), print);
            if meta.status != SessionStatus::Running {
                self.read_turn(&meta, meta.turn, true);
                self.tails.retain(|(sid, _), _| sid != id);
            }
            self.send(EngineEvent::Session {
                session: Box::new(SessionSummary::from(&meta)),
            });
        }
    }

    /// Parses what was appended to turn `turn` since the last read; sends the
    /// new or changed events when `emit` is set.
    fn read_turn(&mut self, meta: &SessionMeta, turn: u32, emit: bool) {
        let Ok(adapter) = adapter_of(meta) else {
            return;
        };
        let Ok(path) = self.engine.store.turn_stdout_path(&meta.id, turn) else {
            return;
        };
        let key = (meta.id.clone(), turn);
        let mut events = Vec::new();
        let tail = self.tails.entry(key).or_insert_with(|| {
            if emit {
                let prompt = meta
                    .turns
                    .iter()
                    .find(|t| t.number == turn)
                    .map(|t| t.prompt.clone())
                    .unwrap_or_default();
                events.push(SessionEvent {
                    turn,
                    index: 0,
                    event: AgentEvent::UserMessage { text: prompt },
                });
            }
            Tail {
                offset: 0,
                log: TurnLog::new(adapter),
            }
        });
        let Ok(bytes) = read_from(&path, tail.offset) else {
            return;
        };
        let ended = meta
            .turns
            .iter()
            .any(|t| t.number == turn && t.ended_at.is_some());
        if bytes.is_empty() && events.is_empty() && !ended {
            return;
        }
        tail.offset += bytes.len() as u64;
        let changes = tail.log.push_bytes(&bytes);
        if !emit {
            return;
        }
        for change in changes {
            if let Some(event) = tail.log.entries().get(change.index) {
                events.push(SessionEvent {
                    turn,
                    index: change.index as u32 + 1,
                    event: event.clone(),
                });
            }
        }
        if ended {
            interrupt_unfinished(&mut events, &tail.log, turn);
        }
        if !events.is_empty() {
            self.send(EngineEvent::Events {
                session_id: meta.id.clone(),
                events,
            });
        }
    }

    fn send(&mut self, event: EngineEvent) {
        if self.sink.send(event).is_err() {
            self.open = false;
        }
    }
}

/// The final read of an ended turn: items still running never will finish.
/// Those among `events` become interrupted, and any other running item of
/// `log` is added as interrupted, so a subscriber's last word on each is right.
fn interrupt_unfinished(events: &mut Vec<SessionEvent>, log: &TurnLog, turn: u32) {
    for event in events.iter_mut() {
        event.event.interrupt();
    }
    for (at, entry) in log.entries().iter().enumerate() {
        let index = at as u32 + 1;
        let mut event = entry.clone();
        if event.interrupt() && !events.iter().any(|e| e.index == index) {
            events.push(SessionEvent { turn, index, event });
        }
    }
}

/// What changes when a session changes in a way subscribers care about.
fn fingerprint(meta: &SessionMeta) -> String {
    let status = serde_json::to_string(&meta.status).unwrap_or_default();
    format!(
        "{}|{}|{}",
        status.trim_matches('"'),
        meta.turn,
        meta.updated_at
    )
}

/// A notify handler that passes on the paths of events that change what a
/// file holds or which files exist. Opening, reading and closing a file after
/// reading (the watcher's own reads of meta.json among them) change nothing:
/// reacting to them made every read trigger the next one, forever.
fn content_changes_to(
    tx: Sender<Vec<PathBuf>>,
) -> impl FnMut(notify::Result<notify::Event>) + Send + 'static {
    move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if changes_content(&event.kind) {
                let _ = tx.send(event.paths);
            }
        }
    }
}

fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, ModifyKind};
    use notify::EventKind;
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// `(session id, file name)` for a path under `sessions/<id>/...`.
fn session_file(path: &Path) -> Option<(String, String)> {
    let file = path.file_name()?.to_str()?.to_string();
    let parent = path.parent()?;
    let session_dir = if parent.file_name()? == "turns" {
        parent.parent()?
    } else {
        parent
    };
    Some((session_dir.file_name()?.to_str()?.to_string(), file))
}

/// `N` for a file named `turn_N<suffix>`.
fn turn_number(file: &str, suffix: &str) -> Option<u32> {
    file.strip_prefix("turn_")?
        .strip_suffix(suffix)?
        .parse()
        .ok()
}

fn read_from(path: &Path, offset: u64) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_files_is_not_a_change_writing_them_is() {
        let dir = tempfile::tempdir().unwrap();
        let meta = dir.path().join("meta.json");
        std::fs::write(&meta, "{}").unwrap();
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(content_changes_to(tx)).unwrap();
        watcher.watch(dir.path(), RecursiveMode::Recursive).unwrap();
        for _ in 0..20 {
            std::fs::read(&meta).unwrap();
        }
        // A real change after the reads: events arrive in order, so whatever
        // the reads caused would come before it.
        let marker = dir.path().join("turn_1.exit");
        std::fs::write(&marker, "0\n").unwrap();
        loop {
            let paths = rx
                .recv_timeout(Duration::from_secs(30))
                .expect("the write is reported");
            assert!(
                !paths.contains(&meta),
                "a read was reported as a change: {paths:?}"
            );
            if paths.contains(&marker) {
                break;
            }
        }
    }

    /// Case 12 of issue 11: a workspace deleted while watched is reported.
    #[test]
    fn a_deleted_workspace_is_reported() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("ws");
        std::fs::create_dir(&root).unwrap();
        let workspace = crate::Workspace::open(&root).unwrap();
        let shown = workspace.root().display().to_string();
        let engine =
            Arc::new(Engine::open(workspace, super::super::EngineSettings::default()).unwrap());
        let (tx, rx) = channel();
        let _watcher = engine.watch(tx).unwrap();
        std::fs::remove_dir_all(&root).unwrap();
        // Waits for the event; the long bound only keeps a broken build from hanging.
        let deadline = Instant::now() + Duration::from_secs(60);
        let event = loop {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(event @ EngineEvent::WorkspaceFolder { .. }) => break event,
                Ok(_) => {}
                Err(_) => panic!("the watcher never reported the folder gone"),
            }
        };
        let EngineEvent::WorkspaceFolder {
            root: reported,
            exists,
        } = event
        else {
            unreachable!()
        };
        assert_eq!((reported, exists), (shown, false));
    }

    #[test]
    fn a_deleted_session_is_reported_removed() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = crate::Workspace::open(dir.path()).unwrap();
        let engine =
            Arc::new(Engine::open(workspace, super::super::EngineSettings::default()).unwrap());
        let mut new = crate::store::NewSession::new("done already", ".");
        new.adapter = "codex".into();
        let meta = engine.store().create(new).unwrap();
        engine
            .store()
            .update(&meta.id, |m| m.status = SessionStatus::Completed)
            .unwrap();
        let (tx, rx) = channel();
        let _watcher = engine.watch(tx).unwrap();
        engine.delete(&meta.id).unwrap();
        // Waits for the event; the long bound only keeps a broken build from hanging.
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(EngineEvent::Removed { session_id }) => {
                    assert_eq!(session_id, meta.id);
                    break;
                }
                Ok(_) => {}
                Err(_) => panic!("the watcher never reported the session removed"),
            }
        }
    }

    #[test]
    fn recognizes_turn_files_and_sessions() {
        let path = Path::new("/w/.zwarm/sessions/abc/turns/turn_12.jsonl");
        let (id, file) = session_file(path).unwrap();
        assert_eq!(
            (id.as_str(), turn_number(&file, ".jsonl")),
            ("abc", Some(12))
        );
        let (id, file) = session_file(Path::new("/w/.zwarm/sessions/abc/meta.json")).unwrap();
        assert_eq!((id.as_str(), file.as_str()), ("abc", "meta.json"));
        assert_eq!(turn_number("turn_3.exit", ".exit"), Some(3));
        assert_eq!(turn_number("turn_x.jsonl", ".jsonl"), None);
    }
}
