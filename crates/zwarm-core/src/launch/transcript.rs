//! Replayed-transcript prompts, for sessions that have no agent session id
//! to resume (created by zwarm before the CLI reported one, or imported).
//!
//! The Python zwarm replayed only the previous turn's messages, so the
//! original task and older turns vanished (reference §10.1). Here the caller
//! passes the whole history and every user/assistant exchange is replayed.

use crate::events::AgentEvent;

/// Who said something in a replayed conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Speaker {
    User,
    Assistant,
}

/// One message of the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub speaker: Speaker,
    pub text: String,
}

impl Exchange {
    /// The user or agent message in `event`; tool activity, reasoning and
    /// status events are not part of the replay.
    pub fn from_event(event: &AgentEvent) -> Option<Self> {
        match event {
            AgentEvent::UserMessage { text } => Some(Self {
                speaker: Speaker::User,
                text: text.clone(),
            }),
            AgentEvent::AgentMessage { text } => Some(Self {
                speaker: Speaker::Assistant,
                text: text.clone(),
            }),
            _ => None,
        }
    }
}

/// The prompt that continues `history` (all turns, oldest first) with
/// `new_message`. Messages are separated by blank lines and a label line, so
/// multi-line texts stay readable and unambiguous.
pub fn replay_prompt(history: &[Exchange], new_message: &str) -> String {
    let mut out = String::from("Continue the following conversation:\n");
    let labelled = history
        .iter()
        .filter(|e| !e.text.trim().is_empty())
        .map(|e| (e.speaker, e.text.as_str()))
        .chain(std::iter::once((Speaker::User, new_message)));
    for (speaker, text) in labelled {
        let label = match speaker {
            Speaker::User => "USER",
            Speaker::Assistant => "ASSISTANT",
        };
        out.push_str(&format!("\n{label}:\n{}\n", text.trim_end()));
    }
    out.push_str("\nContinue from where you left off, addressing the user's new message.\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(speaker: Speaker, text: &str) -> Exchange {
        Exchange {
            speaker,
            text: text.into(),
        }
    }

    #[test]
    fn every_turn_is_replayed_in_order() {
        let history = [
            ex(Speaker::User, "write a parser"),
            ex(Speaker::Assistant, "done: parser.rs"),
            ex(Speaker::User, "add tests"),
            ex(Speaker::Assistant, "added 3 tests\nall pass"),
        ];
        let prompt = replay_prompt(&history, "now docs");
        assert_eq!(
            prompt,
            "Continue the following conversation:\n\
             \nUSER:\nwrite a parser\n\
             \nASSISTANT:\ndone: parser.rs\n\
             \nUSER:\nadd tests\n\
             \nASSISTANT:\nadded 3 tests\nall pass\n\
             \nUSER:\nnow docs\n\
             \nContinue from where you left off, addressing the user's new message.\n"
        );
    }

    #[test]
    fn events_map_to_exchanges() {
        let events = [
            AgentEvent::UserMessage {
                text: "task".into(),
            },
            AgentEvent::Reasoning { text: "hmm".into() },
            AgentEvent::AgentMessage { text: "ok".into() },
        ];
        let history: Vec<Exchange> = events.iter().filter_map(Exchange::from_event).collect();
        assert_eq!(
            history,
            [ex(Speaker::User, "task"), ex(Speaker::Assistant, "ok")]
        );
    }
}
