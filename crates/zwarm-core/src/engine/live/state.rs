//! The watcher's thread: what it knows of each session, and what it reads
//! and sends when a batch of file changes or a tick comes.

use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::agents::turn_log::TurnLog;
use crate::approvals::{Approval, ApprovalStore};
use crate::events::AgentEvent;
use crate::store::{SessionMeta, SessionStatus};

use super::super::summary::SessionSummary;
use super::super::transcript::SessionEvent;
use super::super::{adapter_of, finalize, Engine, EngineResult};
use super::changes::{approvals_session, gather, session_file, turn_number, LONGEST, QUIET};
use super::stamp::Stamped;
use super::{EngineEvent, TICK};

/// How long a new session folder without a readable meta.json is looked at.
const PENDING_FOR: Duration = Duration::from_secs(30);

struct Tail {
    offset: u64,
    log: TurnLog,
}

pub(super) struct LiveState {
    engine: Arc<Engine>,
    sink: Sender<EngineEvent>,
    tails: HashMap<(String, u32), Tail>,
    /// Each session as last sent (or as it was when the watcher started):
    /// a session is sent again only when this would change.
    known: HashMap<String, SessionSummary>,
    /// Each session's meta.json as last read.
    metas: Stamped<String, SessionMeta>,
    /// Session folders seen appear whose meta.json could not be read yet, and
    /// when: a process writes the folder, then its files, often before the
    /// watch on the new folder is in place, so those writes may never be
    /// reported. The tick looks at them until they read or [`PENDING_FOR`] passes.
    pending: HashMap<String, Instant>,
    open: bool,
    /// Whether the workspace folder existed at the last look.
    root_exists: bool,
    approvals: ApprovalStore,
    /// Each session's pending approvals as last sent (or seen at attach).
    asked: HashMap<String, Vec<Approval>>,
}

impl LiveState {
    /// Remembers every session as it is now and reads running turns to their end.
    pub(super) fn attach(engine: Arc<Engine>, sink: Sender<EngineEvent>) -> Self {
        let approvals = engine.approvals();
        let mut state = Self {
            engine,
            sink,
            tails: HashMap::new(),
            known: HashMap::new(),
            metas: Stamped::new(),
            pending: HashMap::new(),
            open: true,
            root_exists: true,
            approvals,
            asked: HashMap::new(),
        };
        for approval in state.approvals.pending().approvals {
            state
                .asked
                .entry(approval.session_id.clone())
                .or_default()
                .push(approval);
        }
        if let Ok(listing) = state.engine.list(None) {
            for meta in listing.sessions {
                state
                    .known
                    .insert(meta.id.clone(), SessionSummary::from(&meta));
                if meta.status == SessionStatus::Running {
                    state.read_turn(&meta, meta.turn, false);
                }
            }
        }
        state
    }

    pub(super) fn run(&mut self, rx: Receiver<Vec<PathBuf>>, stop: &AtomicBool) {
        let mut last_tick = Instant::now();
        while self.open && !stop.load(Ordering::SeqCst) {
            match rx.recv_timeout(TICK) {
                Ok(first) => {
                    let paths = gather(first, &rx, QUIET, LONGEST);
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

    pub(super) fn on_path(&mut self, path: &Path) {
        // A session's own folder created or removed (a delete removes its
        // files first, while the folder still exists): look at it again.
        if path.parent() == Some(self.engine.store.sessions_dir()) {
            if let Some(id) = path.file_name().and_then(|n| n.to_str()) {
                let id = id.to_string();
                self.check_session(&id);
            }
            return;
        }
        if let Some(session_id) = approvals_session(path) {
            self.check_approvals(&session_id);
            return;
        }
        let Some((session_id, file)) = session_file(path) else {
            return;
        };
        if let Some(turn) = turn_number(&file, ".jsonl") {
            if let Ok(meta) = self.session(&session_id) {
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
    /// With none running, this is one look at the workspace folder.
    pub(super) fn tick(&mut self) {
        self.check_workspace();
        let waiting: Vec<String> = self.pending.keys().cloned().collect();
        for id in waiting {
            self.check_session(&id);
        }
        self.pending.retain(|_, since| since.elapsed() < PENDING_FOR);
        let running: Vec<String> = self
            .known
            .iter()
            .filter(|(_, s)| s.status == SessionStatus::Running)
            .map(|(id, _)| id.clone())
            .collect();
        for id in running {
            if let Ok(meta) = self.session(&id) {
                self.read_turn(&meta, meta.turn, true);
            }
            self.check_session(&id);
        }
    }

    /// Session `id` as on disk, read again only when its meta.json changed.
    fn session(&mut self, id: &str) -> EngineResult<SessionMeta> {
        let path = self.engine.store.meta_path(id)?;
        let mut meta = self
            .metas
            .get_or_read(&id.to_string(), &path, || self.engine.store.load(id))?;
        self.engine.adopt(&mut meta);
        Ok(meta)
    }

    /// Session `id` brought up to date: a running turn that has ended is
    /// finalized (see [`super::super::liveness`]).
    fn refreshed(&mut self, id: &str) -> EngineResult<SessionMeta> {
        let meta = self.session(id)?;
        if meta.status != SessionStatus::Running {
            return Ok(meta);
        }
        finalize::finalize_if_ended(&self.engine, meta)
    }

    fn check_session(&mut self, id: &str) {
        let meta = match self.refreshed(id) {
            Ok(meta) => meta,
            Err(_) => {
                let folder = self.engine.store.sessions_dir().join(id);
                if folder.is_dir() && !self.known.contains_key(id) {
                    self.pending.entry(id.to_string()).or_insert_with(Instant::now);
                }
                if !folder.exists() {
                    self.pending.remove(id);
                    self.metas.forget(&id.to_string());
                    self.tails.retain(|(sid, _), _| sid != id);
                    if self.known.remove(id).is_some() {
                        self.send(EngineEvent::Removed {
                            session_id: id.to_string(),
                        });
                    }
                }
                return;
            }
        };
        self.pending.remove(id);
        let summary = SessionSummary::from(&meta);
        if self.known.get(id) == Some(&summary) {
            return;
        }
        self.known.insert(id.to_string(), summary.clone());
        if meta.status != SessionStatus::Running {
            self.read_turn(&meta, meta.turn, true);
            self.tails.retain(|(sid, _), _| sid != id);
        }
        self.send(EngineEvent::Session {
            session: Box::new(summary),
        });
    }

    /// Sends session `id`'s pending approvals when they differ from the last sent.
    fn check_approvals(&mut self, id: &str) {
        let now = self.approvals.pending_of(id).approvals;
        let before = self.asked.get(id).map(Vec::as_slice).unwrap_or_default();
        if now == before {
            return;
        }
        if now.is_empty() {
            self.asked.remove(id);
        } else {
            self.asked.insert(id.to_string(), now.clone());
        }
        self.send(EngineEvent::Approvals {
            session_id: id.to_string(),
            approvals: now,
        });
    }

    /// Parses what was appended to turn `turn` since the last read; sends the
    /// new or changed events when `emit` is set. A file no longer than what
    /// was read is not opened.
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
        let ended = meta
            .turns
            .iter()
            .any(|t| t.number == turn && t.ended_at.is_some());
        let Ok(len) = std::fs::metadata(&path).map(|m| m.len()) else {
            return;
        };
        let grown = len > tail.offset;
        if !grown && events.is_empty() && !ended {
            return;
        }
        let bytes = if grown {
            match read_from(&path, tail.offset) {
                Ok(bytes) => bytes,
                Err(_) => return,
            }
        } else {
            Vec::new()
        };
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

fn read_from(path: &Path, offset: u64) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}
