//! OpenAI-compatible Chat Completions (`POST /v1/chat/completions`), the
//! lowest common denominator of model servers, for our own pilot clients.
//!
//! There is no standard tool set here, so semantic parts use plain names:
//! `shell {command}`, `write_file {path, content}`, `mcp__SERVER__TOOL`.

use serde_json::{json, Value};

use crate::context::Ctx;
use crate::scenario::{Part, Usage};
use crate::sse::{chunks, EventStream, SseEvent};

/// The streamed answer; usage goes in a last chunk only when the client asked
/// with `stream_options.include_usage`, as the real API does.
pub(crate) fn stream(
    ctx: &Ctx,
    parts: &[Part],
    usage: &Usage,
    deltas: bool,
    include_usage: bool,
) -> EventStream {
    let chunk = |delta: Value, finish: Option<&str>| {
        SseEvent::data(
            json!({
                "id": ctx.answer_id("chatcmpl"),
                "object": "chat.completion.chunk",
                "created": ctx.created,
                "model": ctx.model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            })
            .to_string(),
        )
    };
    let mut body = vec![chunk(json!({"role": "assistant", "content": ""}), None)];
    let mut tool_index = 0;
    for (index, part) in parts.iter().enumerate() {
        match part {
            Part::Text { text } => {
                for piece in chunks(text, deltas) {
                    body.push(chunk(json!({"content": piece}), None));
                }
            }
            Part::Reasoning { text } => {
                for piece in chunks(text, deltas) {
                    body.push(chunk(json!({"reasoning_content": piece}), None));
                }
            }
            _ => {
                let (name, arguments) = tool_call(part);
                let call = json!({
                    "index": tool_index,
                    "id": ctx.id("call", index),
                    "type": "function",
                    "function": {"name": name, "arguments": ""},
                });
                body.push(chunk(json!({"tool_calls": [call]}), None));
                let arguments = json!({"index": tool_index, "function": {"arguments": arguments}});
                body.push(chunk(json!({"tool_calls": [arguments]}), None));
                tool_index += 1;
            }
        }
    }
    let mut terminal = vec![chunk(json!({}), Some(finish_reason(parts)))];
    if include_usage {
        terminal.push(SseEvent::data(
            json!({
                "id": ctx.answer_id("chatcmpl"),
                "object": "chat.completion.chunk",
                "created": ctx.created,
                "model": ctx.model,
                "choices": [],
                "usage": usage_json(usage),
            })
            .to_string(),
        ));
    }
    terminal.push(SseEvent::data("[DONE]"));
    EventStream { body, terminal }
}

/// The non-streaming answer for `parts`.
pub(crate) fn json_body(ctx: &Ctx, parts: &[Part], usage: &Usage) -> Value {
    let text: String = parts
        .iter()
        .filter_map(|part| match part {
            Part::Text { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let reasoning: String = parts
        .iter()
        .filter_map(|part| match part {
            Part::Reasoning { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    let calls: Vec<Value> = parts
        .iter()
        .enumerate()
        .filter(|(_, part)| part.is_tool_call())
        .map(|(index, part)| {
            let (name, arguments) = tool_call(part);
            json!({
                "id": ctx.id("call", index),
                "type": "function",
                "function": {"name": name, "arguments": arguments},
            })
        })
        .collect();
    let mut message = json!({
        "role": "assistant",
        "content": if text.is_empty() && !calls.is_empty() { Value::Null } else { json!(text) },
    });
    if !reasoning.is_empty() {
        message["reasoning_content"] = json!(reasoning);
    }
    if !calls.is_empty() {
        message["tool_calls"] = json!(calls);
    }
    json!({
        "id": ctx.answer_id("chatcmpl"),
        "object": "chat.completion",
        "created": ctx.created,
        "model": ctx.model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason(parts)}],
        "usage": usage_json(usage),
    })
}

/// A stream that starts and then fails with an `error` chunk, no `[DONE]`.
pub(crate) fn failed_stream(ctx: &Ctx, message: &str) -> Vec<SseEvent> {
    let first = json!({
        "id": ctx.answer_id("chatcmpl"),
        "object": "chat.completion.chunk",
        "created": ctx.created,
        "model": ctx.model,
        "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": null}],
    });
    vec![
        SseEvent::data(first.to_string()),
        SseEvent::data(json!({"error": {"message": message, "type": "server_error"}}).to_string()),
    ]
}

fn usage_json(usage: &Usage) -> Value {
    json!({
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens(),
        "prompt_tokens_details": {"cached_tokens": usage.cached_input_tokens},
        "completion_tokens_details": {"reasoning_tokens": usage.reasoning_tokens},
    })
}

fn finish_reason(parts: &[Part]) -> &'static str {
    if parts.iter().any(Part::is_tool_call) {
        "tool_calls"
    } else {
        "stop"
    }
}

/// Tool name and JSON-encoded arguments of a tool-call part.
fn tool_call(part: &Part) -> (String, String) {
    match part {
        Part::Shell { command } => ("shell".into(), json!({"command": command}).to_string()),
        Part::WriteFile { path, content } => (
            "write_file".into(),
            json!({"path": path, "content": content}).to_string(),
        ),
        Part::Mcp {
            server,
            tool,
            arguments,
        } => (format!("mcp__{server}__{tool}"), arguments.to_string()),
        Part::Tool { name, arguments } => (name.clone(), arguments.to_string()),
        Part::Text { .. } | Part::Reasoning { .. } => (String::new(), "{}".into()),
    }
}
