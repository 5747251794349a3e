//! Reading an Anthropic Messages event stream into a completion.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::decoder::Decoder;
use crate::config::Provider;
use crate::error::{Fault, LlmError};
use crate::sse::SseEvent;
use crate::types::{
    arguments_from_wire, Completion, EventSink, Item, OpaqueReasoning, StopReason, StreamEvent,
    TokenUsage,
};
use crate::wire::{has_number, malformed, parse_event, str_at, u64_at};

const PROVIDER: Provider = Provider::Anthropic;

/// A content block being streamed.
enum Block {
    Text(String),
    Thinking {
        text: String,
        signature: String,
    },
    Redacted(String),
    ToolUse {
        id: String,
        name: String,
        /// `input` from `content_block_start`, used when no delta follows.
        initial: Value,
        json: String,
    },
    /// Kinds we do not use (server tools and the like).
    Other,
}

/// Reads a Messages event stream.
pub(crate) struct StreamDecoder {
    model: String,
    open: BTreeMap<u64, Block>,
    items: BTreeMap<u64, Item>,
    input_tokens: u64,
    cache_read: u64,
    cache_write: u64,
    output_tokens: u64,
    stop_reason: Option<String>,
}

impl StreamDecoder {
    pub(crate) fn new(model: String) -> Self {
        StreamDecoder {
            model,
            open: BTreeMap::new(),
            items: BTreeMap::new(),
            input_tokens: 0,
            cache_read: 0,
            cache_write: 0,
            output_tokens: 0,
            stop_reason: None,
        }
    }

    /// Usage figures are cumulative; a field that is present replaces the
    /// previous value, an absent one keeps it.
    fn note_usage(&mut self, usage: &Value) {
        let fields = [
            ("input_tokens", &mut self.input_tokens),
            ("cache_read_input_tokens", &mut self.cache_read),
            ("cache_creation_input_tokens", &mut self.cache_write),
            ("output_tokens", &mut self.output_tokens),
        ];
        for (key, slot) in fields {
            if has_number(usage, &[key]) {
                *slot = u64_at(usage, &[key]);
            }
        }
    }

    fn start(&mut self, index: u64, block: &Value, sink: &mut dyn EventSink) {
        let block = match str_at(block, "type") {
            "text" => {
                let text = str_at(block, "text");
                if !text.is_empty() {
                    sink.event(StreamEvent::TextDelta { text: text.into() });
                }
                Block::Text(text.to_string())
            }
            "thinking" => Block::Thinking {
                text: str_at(block, "thinking").to_string(),
                signature: str_at(block, "signature").to_string(),
            },
            "redacted_thinking" => Block::Redacted(str_at(block, "data").to_string()),
            "tool_use" => Block::ToolUse {
                id: str_at(block, "id").to_string(),
                name: str_at(block, "name").to_string(),
                initial: block.get("input").cloned().unwrap_or_else(|| json!({})),
                json: String::new(),
            },
            _ => Block::Other,
        };
        self.open.insert(index, block);
    }

    fn delta(&mut self, index: u64, delta: &Value, sink: &mut dyn EventSink) -> Result<(), Fault> {
        let kind = str_at(delta, "type");
        // Text may arrive for a block whose start we missed; a tool's
        // arguments cannot, they would have no name.
        let block = match self.open.entry(index) {
            Entry::Occupied(open) => open.into_mut(),
            Entry::Vacant(slot) => match kind {
                "text_delta" => slot.insert(Block::Text(String::new())),
                "thinking_delta" | "signature_delta" => slot.insert(Block::Thinking {
                    text: String::new(),
                    signature: String::new(),
                }),
                _ => {
                    return Err(malformed(
                        PROVIDER,
                        format!("a `{kind}` for content block {index}, which never started"),
                    ))
                }
            },
        };
        match (block, kind) {
            (Block::Text(text), "text_delta") => {
                let piece = str_at(delta, "text");
                text.push_str(piece);
                if !piece.is_empty() {
                    sink.event(StreamEvent::TextDelta { text: piece.into() });
                }
            }
            (Block::Thinking { text, .. }, "thinking_delta") => {
                let piece = str_at(delta, "thinking");
                text.push_str(piece);
                if !piece.is_empty() {
                    sink.event(StreamEvent::ReasoningDelta { text: piece.into() });
                }
            }
            (Block::Thinking { signature, .. }, "signature_delta") => {
                signature.push_str(str_at(delta, "signature"));
            }
            (Block::ToolUse { json, .. }, "input_json_delta") => {
                json.push_str(str_at(delta, "partial_json"));
            }
            // Citations and deltas of kinds we do not read.
            _ => {}
        }
        Ok(())
    }

    fn stop(&mut self, index: u64, sink: &mut dyn EventSink) -> Result<(), Fault> {
        let Some(block) = self.open.remove(&index) else {
            return Ok(());
        };
        let item = match block {
            Block::Text(text) if text.is_empty() => return Ok(()),
            Block::Text(text) => Item::Assistant { text },
            Block::Thinking { text, signature } => Item::Reasoning {
                text,
                opaque: (!signature.is_empty())
                    .then_some(OpaqueReasoning::AnthropicThinking { signature }),
            },
            Block::Redacted(data) => Item::Reasoning {
                text: String::new(),
                opaque: Some(OpaqueReasoning::AnthropicRedacted { data }),
            },
            Block::ToolUse {
                id,
                name,
                initial,
                json,
            } => {
                if id.is_empty() || name.is_empty() {
                    return Err(malformed(PROVIDER, "a tool_use block has no id or name"));
                }
                let arguments = if json.is_empty() {
                    initial
                } else {
                    arguments_from_wire(&json)
                };
                sink.event(StreamEvent::ToolCall {
                    call_id: id.clone(),
                    name: name.clone(),
                    arguments: arguments.clone(),
                });
                Item::ToolCall {
                    call_id: id,
                    name,
                    arguments,
                }
            }
            Block::Other => return Ok(()),
        };
        self.items.insert(index, item);
        Ok(())
    }
}

impl Decoder for StreamDecoder {
    fn event(&mut self, event: &SseEvent, sink: &mut dyn EventSink) -> Result<bool, Fault> {
        let data = parse_event(PROVIDER, &event.data)?;
        let index = u64_at(&data, &["index"]);
        match str_at(&data, "type") {
            "message_start" => {
                let message = data.get("message").unwrap_or(&Value::Null);
                let model = str_at(message, "model");
                if !model.is_empty() {
                    self.model = model.to_string();
                }
                if let Some(usage) = message.get("usage") {
                    self.note_usage(usage);
                }
            }
            "content_block_start" => {
                let block = data.get("content_block").unwrap_or(&Value::Null);
                self.start(index, block, sink);
            }
            "content_block_delta" => {
                self.delta(index, data.get("delta").unwrap_or(&Value::Null), sink)?;
            }
            "content_block_stop" => self.stop(index, sink)?,
            "message_delta" => {
                let reason = data
                    .get("delta")
                    .map(|delta| str_at(delta, "stop_reason"))
                    .unwrap_or("");
                if !reason.is_empty() {
                    self.stop_reason = Some(reason.to_string());
                }
                if let Some(usage) = data.get("usage") {
                    self.note_usage(usage);
                }
            }
            "message_stop" => return Ok(true),
            "error" => {
                let error = data.get("error").unwrap_or(&Value::Null);
                return Err(Fault::InBand {
                    kind: match str_at(error, "type") {
                        "" => "error".to_string(),
                        kind => kind.to_string(),
                    },
                    message: str_at(error, "message").to_string(),
                });
            }
            _ => {}
        }
        Ok(false)
    }

    fn finish(&mut self, terminated: bool) -> Result<Completion, Fault> {
        if !terminated {
            return Err(Fault::Final(LlmError::StreamCutOff {
                provider: PROVIDER,
                detail: "the stream ended without `message_stop`".into(),
            }));
        }
        let items: Vec<Item> = std::mem::take(&mut self.items).into_values().collect();
        let has_tool_calls = items
            .iter()
            .any(|item| matches!(item, Item::ToolCall { .. }));
        let stop_reason = match self.stop_reason.as_deref() {
            Some("end_turn" | "stop_sequence") => StopReason::EndTurn,
            Some("tool_use") => StopReason::ToolUse,
            Some("max_tokens") => StopReason::MaxTokens,
            Some("refusal") => StopReason::ContentFilter,
            Some(other) => StopReason::Other(other.to_string()),
            None if has_tool_calls => StopReason::ToolUse,
            None => StopReason::EndTurn,
        };
        // Anthropic counts cache reads and writes beside `input_tokens`;
        // OpenAI's convention (ours) counts them inside.
        let usage = TokenUsage {
            input_tokens: self
                .input_tokens
                .saturating_add(self.cache_read)
                .saturating_add(self.cache_write),
            cached_input_tokens: self.cache_read,
            cache_write_input_tokens: self.cache_write,
            output_tokens: self.output_tokens,
            reasoning_output_tokens: 0,
        };
        Ok(Completion {
            items,
            usage,
            model: self.model.clone(),
            stop_reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::decode;

    fn start(index: u64, block: Value) -> Value {
        json!({"type": "content_block_start", "index": index, "content_block": block})
    }

    fn delta(index: u64, delta: Value) -> Value {
        json!({"type": "content_block_delta", "index": index, "delta": delta})
    }

    fn stop(index: u64) -> Value {
        json!({"type": "content_block_stop", "index": index})
    }

    fn end(reason: &str) -> [Value; 2] {
        [
            json!({"type": "message_delta", "delta": {"stop_reason": reason}, "usage": {"output_tokens": 9}}),
            json!({"type": "message_stop"}),
        ]
    }

    #[test]
    fn redacted_thinking_and_input_without_deltas() {
        let mut events = vec![
            json!({"type": "message_start", "message": {"model": "claude-real-2025",
                   "usage": {"input_tokens": 5, "output_tokens": 1}}}),
            start(0, json!({"type": "redacted_thinking", "data": "opaque=="})),
            stop(0),
            start(
                1,
                json!({"type": "tool_use", "id": "t1", "name": "ls", "input": {"a": 1}}),
            ),
            stop(1),
        ];
        events.extend(end("max_tokens"));
        let (result, sink) = decode(&mut StreamDecoder::new("m".into()), &events);
        let completion = result.expect("complete");
        assert_eq!(completion.model, "claude-real-2025");
        assert_eq!(completion.stop_reason, StopReason::MaxTokens);
        assert_eq!(completion.usage.input_tokens, 5);
        assert_eq!(completion.usage.output_tokens, 9);
        assert_eq!(
            completion.items,
            vec![
                Item::Reasoning {
                    text: String::new(),
                    opaque: Some(OpaqueReasoning::AnthropicRedacted {
                        data: "opaque==".into()
                    }),
                },
                Item::ToolCall {
                    call_id: "t1".into(),
                    name: "ls".into(),
                    arguments: json!({"a": 1}),
                },
            ]
        );
        assert_eq!(sink.len(), 1, "only the tool call is announced: {sink:?}");
    }

    #[test]
    fn stream_violations_are_malformed_not_panics() {
        let orphan = [delta(
            3,
            json!({"type": "input_json_delta", "partial_json": "{"}),
        )];
        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &orphan);
        assert!(matches!(
            result,
            Err(Fault::Final(LlmError::MalformedStream { .. }))
        ));

        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &[json!("{oops")]);
        assert!(matches!(
            result,
            Err(Fault::Final(LlmError::MalformedStream { .. }))
        ));

        let nameless = [start(0, json!({"type": "tool_use"})), stop(0)];
        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &nameless);
        assert!(result.is_err());
    }

    #[test]
    fn an_overloaded_error_event_is_retryable() {
        let events = [json!({"type": "error",
                             "error": {"type": "overloaded_error", "message": "Overloaded"}})];
        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &events);
        let fault = result.expect_err("error event");
        assert!(fault.retry().is_some(), "{fault:?}");
    }

    #[test]
    fn text_without_its_start_is_still_kept() {
        let mut events = vec![
            delta(0, json!({"type": "text_delta", "text": "hi"})),
            stop(0),
        ];
        events.extend(end("end_turn"));
        let (result, sink) = decode(&mut StreamDecoder::new("m".into()), &events);
        assert_eq!(result.expect("complete").items, vec![Item::assistant("hi")]);
        assert_eq!(sink, vec![StreamEvent::TextDelta { text: "hi".into() }]);
    }
}
