//! What the fake model answers: a scenario is a script of replies, written in
//! protocol-neutral terms ("run this shell command", "write this file") so one
//! script drives Codex, Claude Code and chat clients alike. Each protocol module
//! renders the parts the way its real CLI expects them.
//!
//! Scenarios are plain serde types so a test can build one in Rust and the
//! `fake-llm` binary can load the same thing from a JSON file.

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The wire protocol a request arrived on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    /// OpenAI Responses API (`/v1/responses`), spoken by Codex.
    Responses,
    /// Anthropic Messages API (`/v1/messages`), spoken by Claude Code.
    Anthropic,
    /// OpenAI-compatible Chat Completions (`/v1/chat/completions`).
    Chat,
}

/// A script of replies. Each model request consumes the next reply.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Replies shared by all protocols, consumed in order.
    #[serde(default)]
    pub replies: Vec<Reply>,
    /// Optional queues for one protocol; a request takes from its protocol's
    /// queue first and from `replies` once that queue is empty.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub per_protocol: BTreeMap<Protocol, Vec<Reply>>,
    /// The answer once every queue is empty; `None` means a text reply "ok".
    /// Clients send extra requests (titles, retries), so tests should not
    /// depend on the script ending exactly when the task does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<Reply>,
}

/// One answer to one model request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    /// A normal answer made of parts, streamed or not as the client asked.
    Respond {
        parts: Vec<Part>,
        #[serde(default)]
        usage: Usage,
        /// Wait this long before answering, to test spinners and timeouts.
        #[serde(default, skip_serializing_if = "is_zero")]
        delay_ms: u64,
        /// Split text into several delta events (true) or send it whole.
        #[serde(default = "default_true", skip_serializing_if = "is_true")]
        text_deltas: bool,
    },
    /// An HTTP error in the protocol's own JSON error shape.
    Error {
        status: u16,
        message: String,
        /// Sent as the `Retry-After` header (seconds), e.g. with a 429.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_secs: Option<u64>,
    },
    /// A stream that starts fine and then reports failure in-band:
    /// `response.failed`, an Anthropic `error` event, or a chat error chunk.
    /// Non-streaming requests get an HTTP 500 with the message instead.
    StreamError { message: String },
    /// The answer for `parts`, cut off: the stream ends without its terminal
    /// events (`response.completed`, `message_stop`, `[DONE]`). A
    /// non-streaming answer is aborted halfway.
    CutOff {
        parts: Vec<Part>,
        #[serde(default)]
        usage: Usage,
        /// Send at most this many events; by default all but the terminal ones.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after_events: Option<usize>,
        /// Break the connection (a transport error, as when a proxy dies)
        /// instead of ending the stream cleanly. Clients react differently:
        /// Claude Code re-asks with `stream: false` after a break or after a
        /// clean close inside a content block, but after a clean close
        /// between complete blocks it asks the model to continue.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        abort: bool,
    },
    /// Wait, then answer with `then` (the fallback when absent). A long delay
    /// holds the request open, for interrupt and timeout tests.
    Delay {
        ms: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        then: Option<Box<Reply>>,
    },
}

/// One piece of an answer, in protocol-neutral terms.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Part {
    /// Visible assistant text.
    Text { text: String },
    /// Reasoning: a Responses reasoning summary, Anthropic thinking (with a
    /// signature), chat `reasoning_content`.
    Reasoning { text: String },
    /// Run a shell command with the client's shell tool.
    Shell { command: String },
    /// Create a file with the client's file tool. Codex resolves a relative
    /// `path` in its workspace and ends every line with a newline; Claude
    /// Code's `Write` tool expects an absolute path.
    WriteFile { path: String, content: String },
    /// Call a tool of an MCP server configured in the client.
    Mcp {
        server: String,
        tool: String,
        #[serde(default = "empty_object")]
        arguments: Value,
    },
    /// Call any tool by its exact name, with JSON arguments.
    Tool {
        name: String,
        #[serde(default = "empty_object")]
        arguments: Value,
    },
}

/// Token counts reported with an answer. The numbers are copied verbatim into
/// each protocol's fields (no conversion), so a test can assert that a client
/// reports exactly what the scenario sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Usage {
    /// Responses `input_tokens`, Anthropic `input_tokens`, chat `prompt_tokens`.
    pub input_tokens: u64,
    /// Responses `input_tokens_details.cached_tokens`, Anthropic
    /// `cache_read_input_tokens`, chat `prompt_tokens_details.cached_tokens`.
    pub cached_input_tokens: u64,
    /// Anthropic `cache_creation_input_tokens` (other protocols have none).
    pub cache_creation_input_tokens: u64,
    /// Responses `output_tokens`, Anthropic `output_tokens`, chat `completion_tokens`.
    pub output_tokens: u64,
    /// Responses `output_tokens_details.reasoning_tokens`, chat
    /// `completion_tokens_details.reasoning_tokens`.
    pub reasoning_tokens: u64,
}

impl Usage {
    /// Input plus output, as OpenAI reports `total_tokens`.
    pub fn total_tokens(&self) -> u64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }
}

impl Scenario {
    /// A scenario answering with these replies in order, then "ok".
    pub fn new(replies: Vec<Reply>) -> Self {
        Scenario {
            replies,
            ..Scenario::default()
        }
    }

    /// Replaces the fallback reply.
    pub fn with_fallback(mut self, reply: Reply) -> Self {
        self.fallback = Some(reply);
        self
    }

    /// Adds a queue consumed only by requests of `protocol`.
    pub fn with_queue(mut self, protocol: Protocol, replies: Vec<Reply>) -> Self {
        self.per_protocol.insert(protocol, replies);
        self
    }

    /// Reads a scenario from a JSON file.
    pub fn from_file(path: &Path) -> std::io::Result<Self> {
        let text = std::fs::read_to_string(path)?;
        serde_json::from_str(&text).map_err(|e| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )
        })
    }
}

impl Reply {
    /// A text answer.
    pub fn text(text: impl Into<String>) -> Self {
        Reply::parts(vec![Part::text(text)])
    }

    /// An answer made of these parts, with zero usage and no delay.
    pub fn parts(parts: Vec<Part>) -> Self {
        Reply::Respond {
            parts,
            usage: Usage::default(),
            delay_ms: 0,
            text_deltas: true,
        }
    }

    /// Sets the usage of a `Respond` or `CutOff` reply (others are unchanged).
    pub fn with_usage(mut self, new: Usage) -> Self {
        if let Reply::Respond { usage, .. } | Reply::CutOff { usage, .. } = &mut self {
            *usage = new;
        }
        self
    }

    /// An HTTP error reply.
    pub fn error(status: u16, message: impl Into<String>) -> Self {
        Reply::Error {
            status,
            message: message.into(),
            retry_after_secs: None,
        }
    }
}

impl Part {
    /// Visible text.
    pub fn text(text: impl Into<String>) -> Self {
        Part::Text { text: text.into() }
    }

    /// Reasoning / thinking text.
    pub fn reasoning(text: impl Into<String>) -> Self {
        Part::Reasoning { text: text.into() }
    }

    /// A shell command.
    pub fn shell(command: impl Into<String>) -> Self {
        Part::Shell {
            command: command.into(),
        }
    }

    /// A file creation.
    pub fn write_file(path: impl Into<String>, content: impl Into<String>) -> Self {
        Part::WriteFile {
            path: path.into(),
            content: content.into(),
        }
    }

    /// Whether the client must run something and call the model again.
    pub fn is_tool_call(&self) -> bool {
        !matches!(self, Part::Text { .. } | Part::Reasoning { .. })
    }
}

/// The replies still to be given; shared by all requests of one server.
#[derive(Debug)]
pub(crate) struct Script {
    shared: VecDeque<Reply>,
    queues: BTreeMap<Protocol, VecDeque<Reply>>,
    fallback: Reply,
}

impl Script {
    pub(crate) fn new(scenario: Scenario) -> Self {
        Script {
            shared: scenario.replies.into(),
            queues: scenario
                .per_protocol
                .into_iter()
                .map(|(protocol, replies)| (protocol, replies.into()))
                .collect(),
            fallback: scenario.fallback.unwrap_or_else(|| Reply::text("ok")),
        }
    }

    /// The reply for the next request on `protocol`.
    pub(crate) fn next(&mut self, protocol: Protocol) -> Reply {
        if let Some(reply) = self.queues.get_mut(&protocol).and_then(VecDeque::pop_front) {
            return reply;
        }
        self.shared
            .pop_front()
            .unwrap_or_else(|| self.fallback.clone())
    }

    /// The fallback reply, also the default continuation of a `Delay`.
    pub(crate) fn fallback(&self) -> Reply {
        self.fallback.clone()
    }

    /// Appends a reply to the shared queue.
    pub(crate) fn push(&mut self, reply: Reply) {
        self.shared.push_back(reply);
    }
}

fn default_true() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

fn is_zero(value: &u64) -> bool {
    *value == 0
}

fn empty_object() -> Value {
    Value::Object(serde_json::Map::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_json_shape() {
        let json = r#"{
            "replies": [
                {"type": "respond", "parts": [
                    {"type": "reasoning", "text": "plan"},
                    {"type": "shell", "command": "echo hi"}],
                 "usage": {"input_tokens": 10, "output_tokens": 2}},
                {"type": "error", "status": 429, "message": "slow", "retry_after_secs": 3},
                {"type": "cut_off", "parts": [{"type": "text", "text": "par"}]},
                {"type": "delay", "ms": 5}
            ],
            "per_protocol": {"anthropic": [{"type": "stream_error", "message": "x"}]},
            "fallback": {"type": "respond", "parts": [{"type": "text", "text": "bye"}]}
        }"#;
        let scenario: Scenario = serde_json::from_str(json).expect("valid scenario");
        assert_eq!(scenario.replies.len(), 4);
        assert_eq!(
            scenario.replies[0],
            Reply::parts(vec![Part::reasoning("plan"), Part::shell("echo hi")]).with_usage(Usage {
                input_tokens: 10,
                output_tokens: 2,
                ..Usage::default()
            })
        );
        let round_trip: Scenario =
            serde_json::from_value(serde_json::to_value(&scenario).expect("serializable"))
                .expect("round trip");
        assert_eq!(round_trip, scenario);
    }

    #[test]
    fn protocol_queue_first_then_shared_then_fallback() {
        let mut script = Script::new(
            Scenario::new(vec![Reply::text("shared")])
                .with_queue(Protocol::Chat, vec![Reply::text("chat")]),
        );
        assert_eq!(script.next(Protocol::Chat), Reply::text("chat"));
        assert_eq!(script.next(Protocol::Chat), Reply::text("shared"));
        assert_eq!(script.next(Protocol::Anthropic), Reply::text("ok"));
        assert_eq!(script.next(Protocol::Responses), Reply::text("ok"));
    }
}
