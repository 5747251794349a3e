//! Anthropic Messages API (`POST /v1/messages`), the protocol of Claude Code.
//!
//! Claude Code runs `tool_use` blocks by tool name: `Bash` for commands,
//! `Write` for new files, `mcp__SERVER__TOOL` for MCP tools. When a stream
//! breaks it silently asks again with `stream: false`, so both forms exist.

use serde_json::{json, Value};

use crate::context::Ctx;
use crate::scenario::{Part, Usage};
use crate::sse::{chunks, EventStream, SseEvent};

/// Signature sent with thinking blocks ("fake-signature" in base64); Claude
/// Code keeps it and sends it back, it never checks it.
const SIGNATURE: &str = "ZmFrZS1zaWduYXR1cmU=";

/// The streamed answer for `parts`.
pub(crate) fn stream(ctx: &Ctx, parts: &[Part], usage: &Usage, deltas: bool) -> EventStream {
    let mut start_usage = usage_json(usage);
    start_usage["output_tokens"] = json!(1);
    let mut message = message(ctx, &[], None, &start_usage);
    message["stop_reason"] = Value::Null;
    let mut body = vec![
        SseEvent::named(
            "message_start",
            &json!({"type": "message_start", "message": message}),
        ),
        SseEvent::named("ping", &json!({"type": "ping"})),
    ];
    for (index, part) in parts.iter().enumerate() {
        body.extend(block_events(index, &block(ctx, index, part), deltas));
    }
    let terminal = vec![
        SseEvent::named(
            "message_delta",
            &json!({
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason(parts), "stop_sequence": null},
                "usage": usage_json(usage),
            }),
        ),
        SseEvent::named("message_stop", &json!({"type": "message_stop"})),
    ];
    EventStream { body, terminal }
}

/// The non-streaming answer for `parts`.
pub(crate) fn json_body(ctx: &Ctx, parts: &[Part], usage: &Usage) -> Value {
    let blocks: Vec<Value> = parts
        .iter()
        .enumerate()
        .map(|(index, part)| block(ctx, index, part))
        .collect();
    message(ctx, &blocks, Some(stop_reason(parts)), &usage_json(usage))
}

/// A stream that starts and then fails in-band with an `error` event.
pub(crate) fn failed_stream(ctx: &Ctx, message_text: &str) -> Vec<SseEvent> {
    let mut start = message(ctx, &[], None, &usage_json(&Usage::default()));
    start["stop_reason"] = Value::Null;
    vec![
        SseEvent::named(
            "message_start",
            &json!({"type": "message_start", "message": start}),
        ),
        SseEvent::named(
            "error",
            &json!({"type": "error", "error": {"type": "api_error", "message": message_text}}),
        ),
    ]
}

/// Anthropic's JSON error shape; the `type` follows the status code.
pub(crate) fn error_body(status: u16, message_text: &str) -> Value {
    let kind = match status {
        400 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        529 => "overloaded_error",
        _ => "api_error",
    };
    json!({"type": "error", "error": {"type": kind, "message": message_text}})
}

fn usage_json(usage: &Usage) -> Value {
    json!({
        "input_tokens": usage.input_tokens,
        "cache_creation_input_tokens": usage.cache_creation_input_tokens,
        "cache_read_input_tokens": usage.cached_input_tokens,
        "output_tokens": usage.output_tokens,
    })
}

fn message(ctx: &Ctx, content: &[Value], stop: Option<&str>, usage: &Value) -> Value {
    json!({
        "id": ctx.answer_id("msg"),
        "type": "message",
        "role": "assistant",
        "model": ctx.model,
        "content": content,
        "stop_reason": stop,
        "stop_sequence": null,
        "usage": usage,
    })
}

fn stop_reason(parts: &[Part]) -> &'static str {
    if parts.iter().any(Part::is_tool_call) {
        "tool_use"
    } else {
        "end_turn"
    }
}

/// The finished content block for one part.
fn block(ctx: &Ctx, index: usize, part: &Part) -> Value {
    let tool = |name: &str, input: Value| json!({"type": "tool_use", "id": ctx.id("toolu", index), "name": name, "input": input});
    match part {
        Part::Text { text } => json!({"type": "text", "text": text}),
        Part::Reasoning { text } => {
            json!({"type": "thinking", "thinking": text, "signature": SIGNATURE})
        }
        Part::Shell { command } => tool(
            "Bash",
            json!({"command": command, "description": "Run the requested command"}),
        ),
        Part::WriteFile { path, content } => {
            tool("Write", json!({"file_path": path, "content": content}))
        }
        Part::Mcp {
            server,
            tool: name,
            arguments,
        } => tool(&format!("mcp__{server}__{name}"), arguments.clone()),
        Part::Tool { name, arguments } => tool(name, arguments.clone()),
    }
}

/// `content_block_start`, its deltas, `content_block_stop`.
fn block_events(index: usize, block: &Value, deltas: bool) -> Vec<SseEvent> {
    let delta = |delta: Value| {
        SseEvent::named(
            "content_block_delta",
            &json!({"type": "content_block_delta", "index": index, "delta": delta}),
        )
    };
    let mut start = block.clone();
    let mut events = vec![];
    match block["type"].as_str() {
        Some("text") => {
            start["text"] = json!("");
            for piece in chunks(block["text"].as_str().unwrap_or_default(), deltas) {
                events.push(delta(json!({"type": "text_delta", "text": piece})));
            }
        }
        Some("thinking") => {
            start["thinking"] = json!("");
            start["signature"] = json!("");
            for piece in chunks(block["thinking"].as_str().unwrap_or_default(), deltas) {
                events.push(delta(json!({"type": "thinking_delta", "thinking": piece})));
            }
            events.push(delta(
                json!({"type": "signature_delta", "signature": SIGNATURE}),
            ));
        }
        _ => {
            start["input"] = json!({});
            let input = block["input"].to_string();
            for piece in split_json(&input, deltas) {
                events.push(delta(
                    json!({"type": "input_json_delta", "partial_json": piece}),
                ));
            }
        }
    }
    let mut all = vec![SseEvent::named(
        "content_block_start",
        &json!({"type": "content_block_start", "index": index, "content_block": start}),
    )];
    all.extend(events);
    all.push(SseEvent::named(
        "content_block_stop",
        &json!({"type": "content_block_stop", "index": index}),
    ));
    all
}

/// Splits serialized JSON in two at a char boundary, as the real API streams
/// tool input in fragments that are not valid JSON on their own.
fn split_json(json: &str, split: bool) -> Vec<String> {
    let mut middle = json.len() / 2;
    while !json.is_char_boundary(middle) {
        middle -= 1;
    }
    if !split || middle == 0 {
        return vec![json.to_string()];
    }
    vec![json[..middle].to_string(), json[middle..].to_string()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_input_fragments_join_to_the_input() {
        let input = r#"{"command":"echo é > out.txt"}"#;
        let pieces = split_json(input, true);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces.concat(), input);
    }
}
