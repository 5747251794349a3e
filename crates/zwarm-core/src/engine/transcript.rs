//! A session's transcript, read page by page: each turn is its prompt (a user
//! message) followed by the normalized events of its turn file.
//!
//! Items still running in a turn that has ended are reported as
//! interrupted: the turn file itself is never rewritten.
//!
//! Only the turns that overlap the requested page are read, each from the
//! paging index (`turn_index`): a page is a slice of a turn's folded
//! entries, and a turn the page does not reach counts from the index alone.

use crate::events::AgentEvent;
use crate::launch::transcript::{replay_prompt, Exchange, Speaker};
use crate::store::SessionMeta;

use serde::Serialize;

use super::turn_index::{folded, Stamp};
use super::{adapter_of, Engine, EngineResult};

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
        let known = match Stamp::of(&path)? {
            None => Some((0, 0)),
            Some(stamp) => engine
                .turns
                .lock()
                .ok()
                .and_then(|index| index.counts(&path, &stamp)),
        };
        // The turn holds positions position..=position + count (its prompt first).
        let (count, bad) = match known {
            Some((count, bad)) if position + count < offset || position >= end => (count, bad),
            _ => {
                let log = folded(&engine.turns, adapter, &path)?;
                let entries = log.entries();
                let from = offset.saturating_sub(position);
                let to = (entries.len() + 1).min(end.saturating_sub(position));
                let prompt = (from == 0 && to > 0).then(|| AgentEvent::UserMessage {
                    text: turn.prompt.clone(),
                });
                let first = from.max(1);
                let shown = entries.get(first - 1..to.max(1) - 1).unwrap_or_default();
                let indexed = prompt
                    .into_iter()
                    .map(|event| (0, event))
                    .chain((first..).zip(shown.iter().cloned()));
                let ended = turn.ended_at.is_some();
                for (index, mut event) in indexed {
                    if ended {
                        event.interrupt();
                    }
                    events.push(SessionEvent {
                        turn: turn.number,
                        index: index as u32,
                        event,
                    });
                }
                (entries.len(), log.malformed_lines())
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
