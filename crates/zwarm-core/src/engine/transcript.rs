//! A session's transcript, read page by page: each turn is its prompt (a user
//! message) followed by the normalized events of its turn file.
//!
//! Items still running in a turn that has ended are reported as
//! interrupted: the turn file itself is never rewritten.
//!
//! Only the turns that overlap the requested page are parsed. How many events
//! a finished turn holds is cached by file size, so paging through a long
//! session does not re-read every earlier turn.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::events::AgentEvent;
use crate::launch::transcript::{replay_prompt, Exchange, Speaker};
use crate::store::SessionMeta;

use super::finalize::read_turn_log;
use super::{adapter_of, Engine, EngineResult};
use crate::agents::TurnLog;

/// One event of a session, with where it sits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SessionEvent {
    pub turn: u32,
    /// Position within the turn (0 is the turn's prompt). Live updates of a
    /// running item reuse its index.
    pub index: u32,
    pub event: AgentEvent,
}

/// A page of a transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EventPage {
    pub offset: u32,
    /// Events in the whole transcript (all turns) at the time of reading.
    pub total: u32,
    pub events: Vec<SessionEvent>,
    /// Lines of the turn files that could not be read as JSON (counted, skipped).
    pub malformed_lines: u32,
}

/// Event counts of turn files, keyed by path and size.
#[derive(Default)]
pub(super) struct CountCache(HashMap<PathBuf, (u64, usize, u64)>);

/// The last few turn files read whole, keyed by path and size: scrolling
/// through a long turn asks for many pages of the same file, and each would
/// otherwise parse all of it again.
#[derive(Default)]
pub(super) struct ParsedCache(Vec<(PathBuf, u64, Arc<TurnLog>)>);

/// Turn files kept parsed (a 50,000-event turn is about 20 MB in memory).
const PARSED_KEPT: usize = 4;

impl ParsedCache {
    fn get(&mut self, path: &PathBuf, size: u64) -> Option<Arc<TurnLog>> {
        let at = self
            .0
            .iter()
            .position(|(p, s, _)| p == path && *s == size)?;
        let entry = self.0.remove(at);
        let log = Arc::clone(&entry.2);
        self.0.push(entry);
        Some(log)
    }

    fn put(&mut self, path: PathBuf, size: u64, log: Arc<TurnLog>) {
        self.0.retain(|(p, _, _)| p != &path);
        if self.0.len() >= PARSED_KEPT {
            self.0.remove(0);
        }
        self.0.push((path, size, log));
    }
}

/// A turn file parsed, from the cache when it has not changed.
pub(super) fn parsed_turn(
    engine: &Engine,
    adapter: crate::agents::Adapter,
    path: &PathBuf,
    size: u64,
) -> EngineResult<Arc<TurnLog>> {
    if let Some(log) = engine
        .parsed
        .lock()
        .ok()
        .and_then(|mut c| c.get(path, size))
    {
        return Ok(log);
    }
    let log = Arc::new(read_turn_log(adapter, path)?);
    if let Ok(mut cache) = engine.parsed.lock() {
        cache.put(path.clone(), size, Arc::clone(&log));
    }
    Ok(log)
}

pub(super) fn page(
    engine: &Engine,
    meta: &SessionMeta,
    offset: usize,
    limit: usize,
) -> EngineResult<EventPage> {
    let adapter = adapter_of(meta)?;
    let mut turns: Vec<&crate::store::TurnRecord> = meta.turns.iter().collect();
    turns.sort_by_key(|t| t.number);
    let mut events = Vec::new();
    let mut position = 0usize;
    let mut malformed = 0u64;
    let end = offset.saturating_add(limit);
    for turn in turns {
        let path = engine.store.turn_stdout_path(&meta.id, turn.number)?;
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let cached = engine
            .counts
            .lock()
            .ok()
            .and_then(|c| c.0.get(&path).copied());
        let (count, bad) = match cached {
            Some((cached_size, count, bad))
                if cached_size == size && (position + count < offset || position >= end) =>
            {
                (count, bad)
            }
            _ => {
                let log = parsed_turn(engine, adapter, &path, size)?;
                let count = log.entries().len();
                let bad = log.malformed_lines();
                if let Ok(mut cache) = engine.counts.lock() {
                    cache.0.insert(path.clone(), (size, count, bad));
                }
                if position + count + 1 > offset && position < end {
                    let all = std::iter::once(AgentEvent::UserMessage {
                        text: turn.prompt.clone(),
                    })
                    .chain(log.entries().iter().cloned());
                    let ended = turn.ended_at.is_some();
                    for (index, mut event) in all.enumerate() {
                        let at = position + index;
                        if at >= offset && at < end {
                            if ended {
                                event.interrupt();
                            }
                            events.push(SessionEvent {
                                turn: turn.number,
                                index: index as u32,
                                event,
                            });
                        }
                    }
                }
                (count, bad)
            }
        };
        malformed += bad;
        position += count + 1;
    }
    Ok(EventPage {
        offset: offset as u32,
        total: position as u32,
        events,
        malformed_lines: malformed as u32,
    })
}

/// A prompt that carries `history` (`true` for the user's messages, `false`
/// for the agent's replies, oldest first) into a fresh agent session.
pub(super) fn replay_from_history(history: Vec<(bool, String)>, message: &str) -> String {
    let history: Vec<Exchange> = history
        .into_iter()
        .map(|(user, text)| Exchange {
            speaker: if user {
                Speaker::User
            } else {
                Speaker::Assistant
            },
            text,
        })
        .collect();
    replay_prompt(&history, message)
}

/// A prompt that carries the whole conversation so far into a fresh agent
/// session, for sessions whose CLI never reported a session id to resume.
pub(super) fn replay_from_messages(meta: &SessionMeta, message: &str) -> String {
    let history: Vec<Exchange> = meta
        .messages
        .iter()
        .filter_map(|m| {
            let speaker = match m.role.as_str() {
                "user" => Speaker::User,
                "assistant" => Speaker::Assistant,
                _ => return None,
            };
            Some(Exchange {
                speaker,
                text: m.content.clone(),
            })
        })
        .collect();
    replay_prompt(&history, message)
}
