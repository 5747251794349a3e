//! Reading a Responses event stream into a completion.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::decoder::Decoder;
use crate::config::Provider;
use crate::error::{Fault, LlmError};
use crate::sse::SseEvent;
use crate::types::{
    arguments_from_wire, Completion, EventSink, Item, OpaqueReasoning, StopReason, StreamEvent,
    TokenUsage,
};
use crate::wire::{malformed, parse_event, str_at, u64_at};

const PROVIDER: Provider = Provider::OpenAiResponses;

/// Reads a Responses event stream.
pub(crate) struct StreamDecoder {
    model: String,
    /// Finished items by `output_index`, so the order is the model's.
    items: BTreeMap<u64, Item>,
    usage: TokenUsage,
    incomplete_reason: Option<String>,
}

impl StreamDecoder {
    pub(crate) fn new(model: String) -> Self {
        StreamDecoder {
            model,
            items: BTreeMap::new(),
            usage: TokenUsage::default(),
            incomplete_reason: None,
        }
    }

    fn note_model(&mut self, response: &Value) {
        let model = str_at(response, "model");
        if !model.is_empty() {
            self.model = model.to_string();
        }
    }

    /// Keeps a finished item, announcing tool calls.
    fn add_item(&mut self, index: u64, raw: &Value, sink: &mut dyn EventSink) -> Result<(), Fault> {
        let Some(item) = parse_item(raw)? else {
            return Ok(());
        };
        if let Item::ToolCall {
            call_id,
            name,
            arguments,
        } = &item
        {
            sink.event(StreamEvent::ToolCall {
                call_id: call_id.clone(),
                name: name.clone(),
                arguments: arguments.clone(),
            });
        }
        self.items.insert(index, item);
        Ok(())
    }

    /// `response.completed` / `response.incomplete`: usage, and any output
    /// item the stream did not deliver on its own.
    fn finish_response(&mut self, response: &Value, sink: &mut dyn EventSink) -> Result<(), Fault> {
        self.note_model(response);
        if let Some(usage) = response.get("usage").filter(|usage| usage.is_object()) {
            self.usage = TokenUsage {
                input_tokens: u64_at(usage, &["input_tokens"]),
                cached_input_tokens: u64_at(usage, &["input_tokens_details", "cached_tokens"]),
                cache_write_input_tokens: 0,
                output_tokens: u64_at(usage, &["output_tokens"]),
                reasoning_output_tokens: u64_at(
                    usage,
                    &["output_tokens_details", "reasoning_tokens"],
                ),
            };
        }
        if let Some(output) = response.get("output").and_then(Value::as_array) {
            for (index, raw) in (0u64..).zip(output) {
                if !self.items.contains_key(&index) {
                    self.add_item(index, raw, sink)?;
                }
            }
        }
        Ok(())
    }
}

impl Decoder for StreamDecoder {
    fn event(&mut self, event: &SseEvent, sink: &mut dyn EventSink) -> Result<bool, Fault> {
        let data = parse_event(PROVIDER, &event.data)?;
        match str_at(&data, "type") {
            "response.created" | "response.in_progress" => {
                if let Some(response) = data.get("response") {
                    self.note_model(response);
                }
            }
            "response.output_text.delta" | "response.refusal.delta" => {
                let delta = str_at(&data, "delta");
                if !delta.is_empty() {
                    sink.event(StreamEvent::TextDelta { text: delta.into() });
                }
            }
            "response.reasoning_summary_text.delta" | "response.reasoning_text.delta" => {
                let delta = str_at(&data, "delta");
                if !delta.is_empty() {
                    sink.event(StreamEvent::ReasoningDelta { text: delta.into() });
                }
            }
            // Summary parts are joined by a blank line in the final item;
            // show them the same way live.
            "response.reasoning_summary_part.added" if u64_at(&data, &["summary_index"]) > 0 => {
                sink.event(StreamEvent::ReasoningDelta {
                    text: "\n\n".into(),
                });
            }
            "response.output_item.done" => {
                let index = data
                    .get("output_index")
                    .and_then(Value::as_u64)
                    .unwrap_or(self.items.len() as u64);
                let item = data.get("item").unwrap_or(&Value::Null);
                self.add_item(index, item, sink)?;
            }
            "response.completed" => {
                self.finish_response(data.get("response").unwrap_or(&Value::Null), sink)?;
                return Ok(true);
            }
            "response.incomplete" => {
                let response = data.get("response").unwrap_or(&Value::Null);
                let reason = response
                    .get("incomplete_details")
                    .map(|details| str_at(details, "reason"))
                    .unwrap_or("");
                self.incomplete_reason = Some(reason.to_string());
                self.finish_response(response, sink)?;
                return Ok(true);
            }
            "response.failed" => {
                let error = data
                    .get("response")
                    .and_then(|response| response.get("error"))
                    .unwrap_or(&Value::Null);
                return Err(in_band(error));
            }
            "error" => {
                // Documented flat, seen nested under `error` too.
                let nested = data.get("error").filter(|error| error.is_object());
                return Err(in_band(nested.unwrap_or(&data)));
            }
            _ => {}
        }
        Ok(false)
    }

    fn finish(&mut self, terminated: bool) -> Result<Completion, Fault> {
        if !terminated {
            return Err(Fault::Final(LlmError::StreamCutOff {
                provider: PROVIDER,
                detail: "the stream ended without `response.completed`".into(),
            }));
        }
        let items: Vec<Item> = std::mem::take(&mut self.items).into_values().collect();
        let has_tool_calls = items
            .iter()
            .any(|item| matches!(item, Item::ToolCall { .. }));
        let stop_reason = match self.incomplete_reason.as_deref() {
            Some("max_output_tokens") => StopReason::MaxTokens,
            Some("content_filter") => StopReason::ContentFilter,
            Some("") => StopReason::Other("incomplete".into()),
            Some(other) => StopReason::Other(other.to_string()),
            None if has_tool_calls => StopReason::ToolUse,
            None => StopReason::EndTurn,
        };
        Ok(Completion {
            items,
            usage: self.usage,
            model: self.model.clone(),
            stop_reason,
        })
    }
}

/// An error object from `response.failed` or an `error` event.
fn in_band(error: &Value) -> Fault {
    let kind = [str_at(error, "code"), str_at(error, "type")]
        .into_iter()
        .find(|kind| !kind.is_empty())
        .unwrap_or("error");
    let message = match str_at(error, "message") {
        "" => "the response failed without a message".to_string(),
        message => message.to_string(),
    };
    Fault::InBand {
        kind: kind.to_string(),
        message,
    }
}

/// One output item as an [`Item`]; `None` for kinds we do not use
/// (built-in tool calls and the like).
fn parse_item(raw: &Value) -> Result<Option<Item>, Fault> {
    let texts = |field: &str, kinds: &[&str]| -> Vec<String> {
        raw.get(field)
            .and_then(Value::as_array)
            .map(|parts| {
                parts
                    .iter()
                    .filter(|part| kinds.contains(&str_at(part, "type")))
                    .map(|part| {
                        let text = str_at(part, "text");
                        if text.is_empty() {
                            str_at(part, "refusal").to_string()
                        } else {
                            text.to_string()
                        }
                    })
                    .filter(|text| !text.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let item = match str_at(raw, "type") {
        "message" => {
            let text = texts("content", &["output_text", "refusal"]).concat();
            if text.is_empty() {
                return Ok(None);
            }
            Item::Assistant { text }
        }
        "reasoning" => {
            let mut text = texts("summary", &["summary_text"]).join("\n\n");
            if text.is_empty() {
                text = texts("content", &["reasoning_text"]).join("\n\n");
            }
            let encrypted = raw
                .get("encrypted_content")
                .and_then(Value::as_str)
                .map(str::to_string);
            Item::Reasoning {
                text,
                opaque: Some(OpaqueReasoning::OpenaiResponses {
                    id: str_at(raw, "id").to_string(),
                    encrypted_content: encrypted,
                }),
            }
        }
        "function_call" => {
            let name = str_at(raw, "name");
            if name.is_empty() {
                return Err(malformed(PROVIDER, "a function call has no name"));
            }
            let call_id = match str_at(raw, "call_id") {
                "" => str_at(raw, "id"),
                id => id,
            };
            if call_id.is_empty() {
                return Err(malformed(
                    PROVIDER,
                    format!("the call of `{name}` has no call_id"),
                ));
            }
            Item::ToolCall {
                call_id: call_id.to_string(),
                name: name.to_string(),
                arguments: arguments_from_wire(str_at(raw, "arguments")),
            }
        }
        _ => return Ok(None),
    };
    Ok(Some(item))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    use crate::wire::decode;

    fn completed(output: Value) -> Value {
        json!({"type": "response.completed", "response": {"model": "gpt-real", "output": output,
               "usage": {"input_tokens": 3, "output_tokens": 4}}})
    }

    #[test]
    fn items_arrive_in_output_order_with_encrypted_reasoning() {
        let events = [
            json!({"type": "response.output_item.done", "output_index": 1,
                   "item": {"type": "function_call", "call_id": "c1", "name": "ls",
                            "arguments": "{not json"}}),
            json!({"type": "response.output_item.done", "output_index": 0,
                   "item": {"type": "reasoning", "id": "rs_1", "encrypted_content": "enc",
                            "summary": [{"type": "summary_text", "text": "a"},
                                        {"type": "summary_text", "text": "b"}]}}),
            completed(json!([])),
        ];
        let (result, sink) = decode(&mut StreamDecoder::new("m".into()), &events);
        let completion = result.expect("complete");
        assert_eq!(completion.model, "gpt-real");
        assert_eq!(completion.stop_reason, StopReason::ToolUse);
        assert_eq!(
            completion.items,
            vec![
                Item::Reasoning {
                    text: "a\n\nb".into(),
                    opaque: Some(OpaqueReasoning::OpenaiResponses {
                        id: "rs_1".into(),
                        encrypted_content: Some("enc".into()),
                    }),
                },
                Item::ToolCall {
                    call_id: "c1".into(),
                    name: "ls".into(),
                    arguments: json!("{not json"),
                },
            ]
        );
        assert_eq!(sink.len(), 1);
    }

    #[test]
    fn items_only_in_the_completed_response_are_kept() {
        let message = json!([{"type": "message", "role": "assistant",
                              "content": [{"type": "output_text", "text": "late"}]}]);
        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &[completed(message)]);
        let completion = result.expect("complete");
        assert_eq!(completion.items, vec![Item::assistant("late")]);
        assert_eq!(completion.usage.input_tokens, 3);
    }

    #[test]
    fn an_incomplete_response_says_why() {
        let events = [json!({"type": "response.incomplete", "response": {
            "incomplete_details": {"reason": "max_output_tokens"}, "output": []}})];
        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &events);
        assert_eq!(result.expect("complete").stop_reason, StopReason::MaxTokens);
    }

    #[test]
    fn error_events_become_in_band_faults() {
        let flat = [json!({"type": "error", "code": "rate_limit_exceeded", "message": "slow"})];
        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &flat);
        match result {
            Err(Fault::InBand { kind, message }) => {
                assert_eq!(
                    (kind.as_str(), message.as_str()),
                    ("rate_limit_exceeded", "slow")
                );
            }
            other => panic!("{other:?}"),
        }
        let nested = [json!({"type": "error", "error": {"type": "server_error", "message": "x"}})];
        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &nested);
        assert!(matches!(result, Err(Fault::InBand { kind, .. }) if kind == "server_error"));
        let (result, _) = decode(&mut StreamDecoder::new("m".into()), &[]);
        assert!(matches!(
            result,
            Err(Fault::Final(LlmError::StreamCutOff { .. }))
        ));
    }
}
