//! Finding sessions by their words: the task (title), every turn's prompt and
//! the messages kept in `meta.json`. Served from the listing, so it is as
//! fast as listing; both front ends use it (the sidebar's search box,
//! `zwarm sessions --search`).

use crate::store::SessionMeta;

use super::{Engine, EngineResult};

/// Whether every word of `query` occurs in the session's words, ignoring
/// case. An empty query matches every session.
pub fn matches(meta: &SessionMeta, query: &str) -> bool {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
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
}
