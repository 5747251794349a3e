//! The protocol-neutral conversation and what one model call returns.
//!
//! [`Item`]s are persisted in pilot checkpoints, so their JSON shape is a
//! contract: tagged by `kind`, snake_case, optional fields omitted when empty,
//! unknown providers' opaque data kept verbatim. Each protocol module converts
//! a list of items to its own wire format and the answer back into items.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One entry of a conversation, as stored in checkpoints and sent to any
/// provider.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    /// What the user said.
    User { text: String },
    /// Visible text the assistant answered.
    Assistant { text: String },
    /// The assistant's reasoning: a summary (OpenAI) or its thinking
    /// (Anthropic, local models). `opaque` holds what the provider needs to
    /// accept the reasoning back on the next call; without it the reasoning
    /// is shown to the user but not replayed.
    Reasoning {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        opaque: Option<OpaqueReasoning>,
    },
    /// A function tool the assistant wants run. `arguments` is the parsed
    /// JSON; when the model produced invalid JSON it is a JSON string holding
    /// the raw text (sent back verbatim), so the tool runner can report the
    /// mistake to the model instead of the call failing here.
    ToolCall {
        call_id: String,
        name: String,
        arguments: Value,
    },
    /// The output of a tool call, fed back to the model.
    ToolResult {
        call_id: String,
        output: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        is_error: bool,
    },
}

impl Item {
    /// A user message.
    pub fn user(text: impl Into<String>) -> Self {
        Item::User { text: text.into() }
    }

    /// An assistant message.
    pub fn assistant(text: impl Into<String>) -> Self {
        Item::Assistant { text: text.into() }
    }

    /// A successful tool result.
    pub fn tool_result(call_id: impl Into<String>, output: impl Into<String>) -> Self {
        Item::ToolResult {
            call_id: call_id.into(),
            output: output.into(),
            is_error: false,
        }
    }

    /// A failed tool result (the output explains the failure to the model).
    pub fn tool_error(call_id: impl Into<String>, output: impl Into<String>) -> Self {
        Item::ToolResult {
            call_id: call_id.into(),
            output: output.into(),
            is_error: true,
        }
    }
}

/// Provider data that lets reasoning be sent back. It only means something
/// to the protocol that produced it; the others drop it when replaying.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OpaqueReasoning {
    /// An OpenAI Responses reasoning item. We do not store responses at
    /// OpenAI (`store: false`), so only `encrypted_content` (asked for with
    /// `include: ["reasoning.encrypted_content"]`) makes it replayable.
    OpenaiResponses {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        encrypted_content: Option<String>,
    },
    /// An Anthropic `thinking` block's signature, required to send the
    /// thinking back before a `tool_result`.
    AnthropicThinking { signature: String },
    /// An Anthropic `redacted_thinking` block: encrypted, no text to show.
    AnthropicRedacted { data: String },
}

/// A function tool the model may call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    /// JSON schema of the arguments object.
    pub parameters: Value,
}

/// How hard a reasoning model should think.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReasoningEffort {
    Minimal,
    Low,
    Medium,
    High,
}

impl ReasoningEffort {
    /// The name OpenAI uses for this effort.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasoningEffort::Minimal => "minimal",
            ReasoningEffort::Low => "low",
            ReasoningEffort::Medium => "medium",
            ReasoningEffort::High => "high",
        }
    }

    /// A thinking budget for Anthropic, which wants tokens, not a level.
    pub fn anthropic_budget(self) -> u32 {
        match self {
            ReasoningEffort::Minimal => 1024,
            ReasoningEffort::Low => 2048,
            ReasoningEffort::Medium => 8192,
            ReasoningEffort::High => 24576,
        }
    }
}

/// Reasoning options of one call. Absent means the provider's default
/// (no extended thinking for Anthropic).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReasoningOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<ReasoningEffort>,
    /// Ask OpenAI for reasoning summaries (`summary: "auto"`).
    #[serde(default)]
    pub summaries: bool,
    /// Anthropic thinking budget; derived from `effort` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_tokens: Option<u32>,
}

/// One model call: everything but where to send it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Request {
    /// System prompt (OpenAI `instructions` / system message, Anthropic
    /// top-level `system`). Empty means none.
    #[serde(default)]
    pub system: String,
    /// The whole conversation so far; every call is stateless.
    pub items: Vec<Item>,
    #[serde(default)]
    pub tools: Vec<ToolSpec>,
    /// Cap on the answer's tokens. Anthropic requires one and gets
    /// [`DEFAULT_ANTHROPIC_MAX_TOKENS`] when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_output_tokens: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<ReasoningOptions>,
}

/// The `max_tokens` sent to Anthropic when the request sets none.
pub const DEFAULT_ANTHROPIC_MAX_TOKENS: u32 = 16_384;

impl Request {
    /// A request with a system prompt and a conversation, no tools.
    pub fn new(system: impl Into<String>, items: Vec<Item>) -> Self {
        Request {
            system: system.into(),
            items,
            ..Request::default()
        }
    }

    /// Adds tools.
    pub fn with_tools(mut self, tools: Vec<ToolSpec>) -> Self {
        self.tools = tools;
        self
    }
}

/// Token counts of one call, in OpenAI's convention: `input_tokens` includes
/// the cached ones. Field names match `zwarm_core::TokenUsage`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TokenUsage {
    /// All prompt tokens, cache reads and writes included.
    pub input_tokens: u64,
    /// Of `input_tokens`, those read from the prompt cache.
    pub cached_input_tokens: u64,
    /// Of `input_tokens`, those written to the prompt cache (Anthropic).
    pub cache_write_input_tokens: u64,
    /// Completion tokens, reasoning included.
    pub output_tokens: u64,
    /// Of `output_tokens`, those spent on reasoning.
    pub reasoning_output_tokens: u64,
}

impl TokenUsage {
    /// Input plus output.
    pub fn total(&self) -> u64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }
}

/// Why the model stopped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StopReason {
    /// It finished its answer.
    EndTurn,
    /// It wants tools run (the completion holds tool calls).
    ToolUse,
    /// It hit the output token cap; the answer is truncated.
    MaxTokens,
    /// The provider filtered or the model refused the content.
    ContentFilter,
    /// Anything else, as the provider named it.
    Other(String),
}

/// The result of one call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Completion {
    /// The assistant's new items, in the order it produced them.
    pub items: Vec<Item>,
    pub usage: TokenUsage,
    /// The model as the API reported it (e.g. a dated snapshot name).
    pub model: String,
    pub stop_reason: StopReason,
}

impl Completion {
    /// The visible text of the answer, all assistant items joined.
    pub fn text(&self) -> String {
        self.items
            .iter()
            .filter_map(|item| match item {
                Item::Assistant { text } => Some(text.as_str()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// The tool calls of the answer, in order.
    pub fn tool_calls(&self) -> impl Iterator<Item = (&str, &str, &Value)> {
        self.items.iter().filter_map(|item| match item {
            Item::ToolCall {
                call_id,
                name,
                arguments,
            } => Some((call_id.as_str(), name.as_str(), arguments)),
            _ => None,
        })
    }
}

/// What a call reports while it runs, for live display.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StreamEvent {
    /// A piece of visible text.
    TextDelta { text: String },
    /// A piece of reasoning (summary or thinking).
    ReasoningDelta { text: String },
    /// A tool call whose arguments are complete.
    ToolCall {
        call_id: String,
        name: String,
        arguments: Value,
    },
    /// The request failed in a way worth retrying; the next attempt starts
    /// after `delay_ms`. Nothing was streamed from the failed attempt.
    Retrying {
        attempt: u32,
        delay_ms: u64,
        reason: String,
    },
}

/// Receives [`StreamEvent`]s as they arrive. Any `FnMut(StreamEvent)` is a
/// sink; use [`NoSink`] to ignore them.
pub trait EventSink: Send {
    fn event(&mut self, event: StreamEvent);
}

impl<F: FnMut(StreamEvent) + Send> EventSink for F {
    fn event(&mut self, event: StreamEvent) {
        self(event)
    }
}

/// Forwards events to another task (the UI); a closed channel drops them,
/// since the call itself should still finish and be recorded.
impl EventSink for tokio::sync::mpsc::UnboundedSender<StreamEvent> {
    fn event(&mut self, event: StreamEvent) {
        let _ = self.send(event);
    }
}

/// A sink that drops every event.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoSink;

impl EventSink for NoSink {
    fn event(&mut self, _event: StreamEvent) {}
}

/// Tool arguments as the wire wants them: a JSON string. A string value is
/// raw text the model sent that was not valid JSON, so it goes back as is.
pub(crate) fn arguments_to_wire(arguments: &Value) -> String {
    match arguments {
        Value::String(raw) => raw.clone(),
        other => other.to_string(),
    }
}

/// Parses streamed tool arguments. Empty means no arguments (`{}`); invalid
/// JSON is kept as a string (see [`Item::ToolCall`]).
pub(crate) fn arguments_from_wire(raw: &str) -> Value {
    if raw.trim().is_empty() {
        return Value::Object(serde_json::Map::new());
    }
    serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn items_have_a_stable_tagged_shape() {
        let items = vec![
            Item::user("hi"),
            Item::Reasoning {
                text: "think".into(),
                opaque: Some(OpaqueReasoning::AnthropicThinking {
                    signature: "sig".into(),
                }),
            },
            Item::ToolCall {
                call_id: "c1".into(),
                name: "list".into(),
                arguments: json!({"a": 1}),
            },
            Item::tool_result("c1", "out"),
            Item::tool_error("c2", "boom"),
        ];
        let value = serde_json::to_value(&items).expect("serializable");
        assert_eq!(
            value,
            json!([
                {"kind": "user", "text": "hi"},
                {"kind": "reasoning", "text": "think",
                 "opaque": {"type": "anthropic_thinking", "signature": "sig"}},
                {"kind": "tool_call", "call_id": "c1", "name": "list", "arguments": {"a": 1}},
                {"kind": "tool_result", "call_id": "c1", "output": "out"},
                {"kind": "tool_result", "call_id": "c2", "output": "boom", "is_error": true},
            ])
        );
        let back: Vec<Item> = serde_json::from_value(value).expect("round trip");
        assert_eq!(back, items);
    }

    #[test]
    fn invalid_arguments_survive_a_round_trip() {
        assert_eq!(arguments_from_wire(""), json!({}));
        assert_eq!(arguments_from_wire(r#"{"a":1}"#), json!({"a": 1}));
        let broken = arguments_from_wire(r#"{"a":"#);
        assert_eq!(broken, json!(r#"{"a":"#));
        assert_eq!(arguments_to_wire(&broken), r#"{"a":"#);
        assert_eq!(arguments_to_wire(&json!({"a": 1})), r#"{"a":1}"#);
    }
}
