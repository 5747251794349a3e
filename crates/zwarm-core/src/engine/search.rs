//! Finding sessions by their words: the task (title), every turn's prompt and
//! the messages kept in `meta.json`. Served from the listing, so it is as
//! fast as listing; both front ends use it (the sidebar's search box,
//! `zwarm sessions --search`). And finding words inside one session's
//! transcript (the thread's find bar), from the paging index.

use serde::Serialize;
use serde_json::Value;

use crate::events::AgentEvent;
use crate::store::SessionMeta;

use super::{Engine, EngineResult};

/// Where an event that holds the words sits in the transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EventHit {
    /// Position in the whole transcript, as pages count it.
    pub offset: u32,
    pub turn: u32,
    pub index: u32,
}

/// The lowercase words `query` holds.
fn words_of(query: &str) -> Vec<String> {
    query.split_whitespace().map(str::to_lowercase).collect()
}

/// Every text an event carries (message, command and output, paths, tool
/// arguments and results, errors), lowercased and joined.
fn event_text(event: &AgentEvent) -> String {
    fn collect(value: &Value, out: &mut String) {
        match value {
            Value::String(text) => {
                out.push_str(&text.to_lowercase());
                out.push('\n');
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
            Value::Object(map) => map
                .iter()
                .filter(|(key, _)| key.as_str() != "kind" && key.as_str() != "status")
                .for_each(|(_, v)| collect(v, out)),
            _ => {}
        }
    }
    let mut text = String::new();
    if let Ok(value) = serde_json::to_value(event) {
        collect(&value, &mut text);
    }
    text
}

/// Whether every word of `query` occurs in the session's words, ignoring
/// case. An empty query matches every session.
pub fn matches(meta: &SessionMeta, query: &str) -> bool {
    let words = words_of(query);
    if words.is_empty() {
        return true;
    }
    let mut haystack = meta.task.to_lowercase();
    for turn in &meta.turns {
        haystack.push('\n');
        haystack.push_str(&turn.prompt.to_lowercase());
    }
    for message in &meta.messages {
        haystack.push('\n');
        haystack.push_str(&message.content.to_lowercase());
    }
    words.iter().all(|word| haystack.contains(word.as_str()))
}

impl Engine {
    /// The ids of the sessions whose words hold every word of `query`,
    /// newest first (as listed).
    pub fn search(&self, query: &str) -> EngineResult<Vec<String>> {
        Ok(self
            .list(None)?
            .sessions
            .iter()
            .filter(|meta| matches(meta, query))
            .map(|meta| meta.id.clone())
            .collect())
    }

    /// The events of session `id_or_prefix` whose text holds every word of
    /// `query` (any case), in transcript order. Nothing for an empty query.
    pub fn find_in_session(&self, id_or_prefix: &str, query: &str) -> EngineResult<Vec<EventHit>> {
        let words = words_of(query);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let page = self.events(id_or_prefix, 0, usize::MAX)?;
        Ok(page
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                let text = event_text(&e.event);
                words.iter().all(|w| text.contains(w.as_str()))
            })
            .map(|(position, e)| EventHit {
                offset: page.offset.saturating_add(position as u32),
                turn: e.turn,
                index: e.index,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewSession, ResumeMode};

    fn session() -> SessionMeta {
        let store_dir = tempfile::tempdir().unwrap();
        let store = crate::store::SessionStore::new(store_dir.path().join(".zwarm"));
        let meta = store.create(NewSession::new("Fix the flaky IO test", "/w")).unwrap();
        store
            .update(&meta.id, |m| {
                m.push_reply("The race was in the temp-file cleanup.");
                m.begin_follow_up("Now add a regression test for Windows", ResumeMode::Native);
            })
            .unwrap()
    }

    #[test]
    fn every_word_must_occur_in_the_title_a_prompt_or_a_message_any_case() {
        let meta = session();
        assert!(matches(&meta, "flaky"));
        assert!(matches(&meta, "FLAKY io"), "case and order do not matter");
        assert!(matches(&meta, "temp-file"), "the agent's reply");
        assert!(matches(&meta, "windows regression"), "a follow-up's prompt");
        assert!(!matches(&meta, "flaky linux"), "every word must occur");
        assert!(matches(&meta, "   "), "no words: everything");
    }

    #[test]
    fn an_events_text_covers_commands_outputs_and_paths_but_not_its_kind() {
        let event: AgentEvent = serde_json::from_value(serde_json::json!({
            "kind": "command", "id": "c1", "command": "cargo test -p Parser",
            "output": "test result: FAILED", "exit_code": 101, "status": "completed"
        }))
        .unwrap();
        let text = event_text(&event);
        assert!(text.contains("cargo test -p parser") && text.contains("failed"), "{text}");
        assert!(!text.contains("command\n"), "the kind is not text: {text}");
    }
}
