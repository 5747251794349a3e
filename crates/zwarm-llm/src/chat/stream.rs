//! Reading a Chat Completions event stream into a completion.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::decoder::Decoder;
use crate::config::Provider;
use crate::error::{Fault, LlmError};
use crate::sse::SseEvent;
use crate::types::{
    arguments_from_wire, Completion, EventSink, Item, StopReason, StreamEvent, TokenUsage,
};
use crate::wire::{parse_event, str_at, u64_at};

const PROVIDER: Provider = Provider::ChatCompletions;

/// A tool call being assembled from fragments.
#[derive(Default)]
struct PartialCall {
    id: String,
    name: String,
    arguments: String,
}

/// Reads a Chat Completions event stream.
pub(crate) struct StreamDecoder {
    model: String,
    text: String,
    reasoning: String,
    calls: BTreeMap<u64, PartialCall>,
    /// Finished calls, once `finish_reason` or `[DONE]` arrived.
    finished_calls: Option<Vec<Item>>,
    finish_reason: Option<String>,
    usage: TokenUsage,
}

impl StreamDecoder {
    pub(crate) fn new(model: String) -> Self {
        StreamDecoder {
            model,
            text: String::new(),
            reasoning: String::new(),
            calls: BTreeMap::new(),
            finished_calls: None,
            finish_reason: None,
            usage: TokenUsage::default(),
        }
    }

    /// Completes the tool calls (once) and announces them.
    fn finish_calls(&mut self, sink: &mut dyn EventSink) {
        if self.finished_calls.is_some() {
            return;
        }
        let calls: Vec<Item> = std::mem::take(&mut self.calls)
            .into_values()
            .filter(|call| !call.name.is_empty())
            .map(|call| {
                let call_id = if call.id.is_empty() {
                    format!("call_{:016x}", fastrand::u64(..))
                } else {
                    call.id
                };
                let arguments = arguments_from_wire(&call.arguments);
                sink.event(StreamEvent::ToolCall {
                    call_id: call_id.clone(),
                    name: call.name.clone(),
                    arguments: arguments.clone(),
                });
                Item::ToolCall {
                    call_id,
                    name: call.name,
                    arguments,
                }
            })
            .collect();
        self.finished_calls = Some(calls);
    }

    fn choice(&mut self, choice: &Value, sink: &mut dyn EventSink) {
        let delta = choice.get("delta").unwrap_or(&Value::Null);
        let content = str_at(delta, "content");
        if !content.is_empty() {
            self.text.push_str(content);
            sink.event(StreamEvent::TextDelta {
                text: content.into(),
            });
        }
        let reasoning = match str_at(delta, "reasoning_content") {
            "" => str_at(delta, "reasoning"),
            text => text,
        };
        if !reasoning.is_empty() {
            self.reasoning.push_str(reasoning);
            sink.event(StreamEvent::ReasoningDelta {
                text: reasoning.into(),
            });
        }
        if let Some(fragments) = delta.get("tool_calls").and_then(Value::as_array) {
            for (position, fragment) in (0u64..).zip(fragments) {
                let index = fragment
                    .get("index")
                    .and_then(Value::as_u64)
                    .unwrap_or(position);
                let call = self.calls.entry(index).or_default();
                let id = str_at(fragment, "id");
                if call.id.is_empty() {
                    call.id = id.to_string();
                }
                let function = fragment.get("function").unwrap_or(&Value::Null);
                // OpenAI sends the name once; some servers repeat it whole
                // in every fragment, which must not double it.
                let name = str_at(function, "name");
                if !name.is_empty() && call.name != name {
                    call.name.push_str(name);
                }
                call.arguments.push_str(str_at(function, "arguments"));
            }
        }
        if let Some(reason) = choice.get("finish_reason").and_then(Value::as_str) {
            self.finish_reason = Some(reason.to_string());
            self.finish_calls(sink);
        }
    }
}

impl Decoder for StreamDecoder {
    fn event(&mut self, event: &SseEvent, sink: &mut dyn EventSink) -> Result<bool, Fault> {
        if event.data.trim() == "[DONE]" {
            self.finish_calls(sink);
            return Ok(true);
        }
        let data = parse_event(PROVIDER, &event.data)?;
        if let Some(error) = data.get("error").filter(|error| !error.is_null()) {
            let kind = [str_at(error, "code"), str_at(error, "type")]
                .into_iter()
                .find(|kind| !kind.is_empty())
                .unwrap_or("error");
            let message = match error.as_str() {
                Some(text) => text.to_string(),
                None => str_at(error, "message").to_string(),
            };
            return Err(Fault::InBand {
                kind: kind.to_string(),
                message,
            });
        }
        let model = str_at(&data, "model");
        if !model.is_empty() {
            self.model = model.to_string();
        }
        if let Some(usage) = data.get("usage").filter(|usage| usage.is_object()) {
            self.usage = TokenUsage {
                input_tokens: u64_at(usage, &["prompt_tokens"]),
                cached_input_tokens: u64_at(usage, &["prompt_tokens_details", "cached_tokens"]),
                cache_write_input_tokens: 0,
                output_tokens: u64_at(usage, &["completion_tokens"]),
                reasoning_output_tokens: u64_at(
                    usage,
                    &["completion_tokens_details", "reasoning_tokens"],
                ),
            };
        }
        // We ask for one choice; a server sending more gets its first read.
        let first = data
            .get("choices")
            .and_then(Value::as_array)
            .and_then(|choices| {
                choices
                    .iter()
                    .find(|choice| u64_at(choice, &["index"]) == 0)
                    .or_else(|| choices.first())
            });
        if let Some(choice) = first {
            self.choice(choice, sink);
        }
        Ok(false)
    }

    fn finish(&mut self, terminated: bool) -> Result<Completion, Fault> {
        let Some(calls) = self.finished_calls.take() else {
            return Err(Fault::Final(LlmError::StreamCutOff {
                provider: PROVIDER,
                detail: "the stream ended without a `finish_reason` or `[DONE]`".into(),
            }));
        };
        if !terminated {
            tracing::debug!("chat stream ended after finish_reason without [DONE]; accepted");
        }
        let mut items = Vec::new();
        if !self.reasoning.is_empty() {
            items.push(Item::Reasoning {
                text: std::mem::take(&mut self.reasoning),
                opaque: None,
            });
        }
        if !self.text.is_empty() {
            items.push(Item::Assistant {
                text: std::mem::take(&mut self.text),
            });
        }
        let has_tool_calls = !calls.is_empty();
        items.extend(calls);
        // Some servers (Ollama) say "stop" after tool calls.
        let stop_reason = match self.finish_reason.as_deref() {
            Some("length") => StopReason::MaxTokens,
            _ if has_tool_calls => StopReason::ToolUse,
            Some("stop") | None => StopReason::EndTurn,
            Some("content_filter") => StopReason::ContentFilter,
            Some(other) => StopReason::Other(other.to_string()),
        };
        Ok(Completion {
            items,
            usage: self.usage,
            model: self.model.clone(),
            stop_reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::wire::decode;

    fn chunk(delta: Value, finish: Option<&str>) -> Value {
        json!({"model": "qwen3:8b", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})
    }

    #[test]
    fn servers_without_ids_or_done_and_with_repeated_names() {
        let events = [
            chunk(json!({"reasoning": "hm"}), None),
            chunk(
                json!({"tool_calls": [{"index": 0, "function": {"name": "ls", "arguments": "{\"a\""}}]}),
                None,
            ),
            chunk(
                json!({"tool_calls": [{"index": 0, "function": {"name": "ls", "arguments": ":1}"}}]}),
                None,
            ),
            chunk(
                json!({"tool_calls": [{"index": 1, "function": {"name": "pwd", "arguments": ""}}]}),
                None,
            ),
            // Ollama says "stop" after tool calls, and may end without [DONE].
            chunk(json!({}), Some("stop")),
        ];
        let (result, sink) = decode(&mut StreamDecoder::new("m".into()), &events);
        let completion = result.expect("accepted without [DONE]");
        assert_eq!(completion.model, "qwen3:8b");
        assert_eq!(completion.stop_reason, StopReason::ToolUse);
        let calls: Vec<_> = completion.tool_calls().collect();
        assert_eq!(calls.len(), 2);
        assert_eq!((calls[0].1, calls[0].2), ("ls", &json!({"a": 1})));
        assert_eq!((calls[1].1, calls[1].2), ("pwd", &json!({})));
        assert!(calls[0].0.starts_with("call_") && calls[0].0 != calls[1].0);
        assert!(matches!(&completion.items[0], Item::Reasoning { text, .. } if text == "hm"));
        let announced = sink
            .iter()
            .filter(|event| matches!(event, StreamEvent::ToolCall { .. }))
            .count();
        assert_eq!(announced, 2);
    }

    #[test]
    fn endings() {
        let cut = [chunk(json!({"content": "par"}), None)];
        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &cut);
        assert!(matches!(
            result,
            Err(Fault::Final(LlmError::StreamCutOff { .. }))
        ));

        let long = [
            chunk(json!({"content": "par"}), Some("length")),
            json!("[DONE]"),
        ];
        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &long);
        assert_eq!(result.expect("complete").stop_reason, StopReason::MaxTokens);

        let failed = [json!({"error": {"message": "boom", "type": "server_error"}})];
        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &failed);
        assert!(matches!(result, Err(Fault::InBand { kind, .. }) if kind == "server_error"));

        let ollama = [json!({"error": "model crashed"})];
        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &ollama);
        assert!(matches!(result, Err(Fault::InBand { message, .. }) if message == "model crashed"));
    }
}
