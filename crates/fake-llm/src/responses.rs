//! OpenAI Responses API (`POST /v1/responses`), the protocol of Codex.
//!
//! Codex executes output items by name: a `function_call` named
//! `exec_command` runs a command, a `custom_tool_call` named `apply_patch`
//! edits files. Codex 0.169 offers MCP tools as Responses "namespace" tools,
//! so an MCP call is a `function_call` with `namespace: "mcp__SERVER"` and
//! the bare tool name (a flat `mcp__SERVER__TOOL` name is refused as an
//! unsupported call). The stream must end with `response.completed`
//! carrying usage, otherwise Codex treats the turn as broken.

use serde_json::{json, Value};

use crate::context::Ctx;
use crate::scenario::{Part, Usage};
use crate::sse::{chunks, EventStream, SseEvent};

/// The streamed answer for `parts`.
pub(crate) fn stream(ctx: &Ctx, parts: &[Part], usage: &Usage, deltas: bool) -> EventStream {
    let mut events = vec![
        json!({"type": "response.created", "response": response(ctx, "in_progress", &[], None)}),
        json!({"type": "response.in_progress", "response": response(ctx, "in_progress", &[], None)}),
    ];
    let items: Vec<Value> = parts
        .iter()
        .enumerate()
        .map(|(index, part)| item(ctx, index, part))
        .collect();
    for (index, item) in items.iter().enumerate() {
        events.extend(item_events(index, item, deltas));
    }
    let completed = json!({
        "type": "response.completed",
        "response": response(ctx, "completed", &items, Some(usage)),
    });
    let body_len = events.len();
    events.push(completed);
    let mut numbered = numbered(events);
    let terminal = numbered.split_off(body_len);
    EventStream {
        body: numbered,
        terminal,
    }
}

/// The non-streaming answer for `parts`.
pub(crate) fn json_body(ctx: &Ctx, parts: &[Part], usage: &Usage) -> Value {
    let items: Vec<Value> = parts
        .iter()
        .enumerate()
        .map(|(index, part)| item(ctx, index, part))
        .collect();
    response(ctx, "completed", &items, Some(usage))
}

/// A stream that starts and then fails in-band with `response.failed`.
pub(crate) fn failed_stream(ctx: &Ctx, message: &str) -> Vec<SseEvent> {
    let mut failed = response(ctx, "failed", &[], None);
    failed["error"] = json!({"code": "server_error", "message": message});
    numbered(vec![
        json!({"type": "response.created", "response": response(ctx, "in_progress", &[], None)}),
        json!({"type": "response.failed", "response": failed}),
    ])
}

/// OpenAI's JSON error shape, shared with Chat Completions.
pub(crate) fn error_body(status: u16, message: &str) -> Value {
    let (kind, code) = match status {
        400 => ("invalid_request_error", Value::Null),
        401 => ("invalid_request_error", json!("invalid_api_key")),
        403 => ("permission_error", Value::Null),
        404 => ("invalid_request_error", json!("model_not_found")),
        429 => ("rate_limit_error", json!("rate_limit_exceeded")),
        _ => ("server_error", Value::Null),
    };
    json!({"error": {"message": message, "type": kind, "param": null, "code": code}})
}

/// The `apply_patch` envelope that creates `path` with `content`.
pub(crate) fn add_file_patch(path: &str, content: &str) -> String {
    let mut patch = format!("*** Begin Patch\n*** Add File: {path}\n");
    for line in content.lines() {
        patch.push('+');
        patch.push_str(line);
        patch.push('\n');
    }
    patch.push_str("*** End Patch");
    patch
}

/// The usage object of `response.completed`.
pub(crate) fn usage_json(usage: &Usage) -> Value {
    json!({
        "input_tokens": usage.input_tokens,
        "input_tokens_details": {"cached_tokens": usage.cached_input_tokens},
        "output_tokens": usage.output_tokens,
        "output_tokens_details": {"reasoning_tokens": usage.reasoning_tokens},
        "total_tokens": usage.total_tokens(),
    })
}

fn response(ctx: &Ctx, status: &str, output: &[Value], usage: Option<&Usage>) -> Value {
    json!({
        "id": ctx.answer_id("resp"),
        "object": "response",
        "created_at": ctx.created,
        "status": status,
        "model": ctx.model,
        "output": output,
        "usage": usage.map(usage_json),
        "error": null,
        "incomplete_details": null,
    })
}

/// The finished output item for one part.
fn item(ctx: &Ctx, index: usize, part: &Part) -> Value {
    let call_id = ctx.id("call", index);
    match part {
        Part::Text { text } => json!({
            "type": "message",
            "id": ctx.id("msg", index),
            "status": "completed",
            "role": "assistant",
            "content": [{"type": "output_text", "text": text, "annotations": []}],
        }),
        Part::Reasoning { text } => json!({
            "type": "reasoning",
            "id": ctx.id("rs", index),
            "summary": [{"type": "summary_text", "text": text}],
        }),
        Part::Shell { command } => function_call(
            ctx,
            index,
            call_id,
            "exec_command",
            &json!({"cmd": command}),
        ),
        Part::WriteFile { path, content } => json!({
            "type": "custom_tool_call",
            "id": ctx.id("ctc", index),
            "call_id": call_id,
            "name": "apply_patch",
            "input": add_file_patch(path, content),
            "status": "completed",
        }),
        Part::Mcp {
            server,
            tool,
            arguments,
        } => {
            let mut call = function_call(ctx, index, call_id, tool, arguments);
            call["namespace"] = json!(format!("mcp__{server}"));
            call
        }
        Part::Tool { name, arguments } => function_call(ctx, index, call_id, name, arguments),
    }
}

fn function_call(ctx: &Ctx, index: usize, call_id: String, name: &str, arguments: &Value) -> Value {
    json!({
        "type": "function_call",
        "id": ctx.id("fc", index),
        "call_id": call_id,
        "name": name,
        "arguments": arguments.to_string(),
        "status": "completed",
    })
}

/// `output_item.added`, the deltas of the item's text, `output_item.done`.
fn item_events(index: usize, item: &Value, deltas: bool) -> Vec<Value> {
    let id = item["id"].clone();
    let mut added = item.clone();
    added["status"] = json!("in_progress");
    let mut events = vec![];
    match item["type"].as_str() {
        Some("message") => {
            let text = item["content"][0]["text"].as_str().unwrap_or_default();
            added["content"] = json!([]);
            events.push(
                json!({"type": "response.output_item.added", "output_index": index, "item": added}),
            );
            if deltas {
                let part =
                    |text: &str| json!({"type": "output_text", "text": text, "annotations": []});
                let at = json!({"item_id": id, "output_index": index, "content_index": 0});
                events.push(with(
                    &at,
                    json!({"type": "response.content_part.added", "part": part("")}),
                ));
                for piece in chunks(text, true) {
                    events.push(with(
                        &at,
                        json!({"type": "response.output_text.delta", "delta": piece}),
                    ));
                }
                events.push(with(
                    &at,
                    json!({"type": "response.output_text.done", "text": text}),
                ));
                events.push(with(
                    &at,
                    json!({"type": "response.content_part.done", "part": part(text)}),
                ));
            }
        }
        Some("reasoning") => {
            let text = item["summary"][0]["text"].as_str().unwrap_or_default();
            added["summary"] = json!([]);
            events.push(
                json!({"type": "response.output_item.added", "output_index": index, "item": added}),
            );
            if deltas {
                let at = json!({"item_id": id, "output_index": index, "summary_index": 0});
                let part = |text: &str| json!({"type": "summary_text", "text": text});
                events.push(with(
                    &at,
                    json!({"type": "response.reasoning_summary_part.added", "part": part("")}),
                ));
                for piece in chunks(text, true) {
                    events.push(with(
                        &at,
                        json!({"type": "response.reasoning_summary_text.delta", "delta": piece}),
                    ));
                }
                events.push(with(
                    &at,
                    json!({"type": "response.reasoning_summary_text.done", "text": text}),
                ));
                events.push(with(
                    &at,
                    json!({"type": "response.reasoning_summary_part.done", "part": part(text)}),
                ));
            }
        }
        Some(kind) => {
            let (field, event) = if kind == "custom_tool_call" {
                ("input", "response.custom_tool_call_input")
            } else {
                ("arguments", "response.function_call_arguments")
            };
            let full = item[field].as_str().unwrap_or_default().to_string();
            added[field] = json!("");
            events.push(
                json!({"type": "response.output_item.added", "output_index": index, "item": added}),
            );
            let at = json!({"item_id": id, "output_index": index});
            events.push(with(
                &at,
                json!({"type": format!("{event}.delta"), "delta": full}),
            ));
            events.push(with(
                &at,
                json!({"type": format!("{event}.done"), field: full}),
            ));
        }
        None => {}
    }
    events.push(json!({"type": "response.output_item.done", "output_index": index, "item": item}));
    events
}

/// `base` merged with the fields of `event`.
fn with(base: &Value, event: Value) -> Value {
    let mut merged = base.clone();
    if let (Some(target), Value::Object(fields)) = (merged.as_object_mut(), event) {
        target.extend(fields);
    }
    merged
}

/// Adds `sequence_number` and turns each payload into a named SSE event.
fn numbered(events: Vec<Value>) -> Vec<SseEvent> {
    events
        .into_iter()
        .enumerate()
        .map(|(seq, mut event)| {
            event["sequence_number"] = json!(seq);
            let name = event["type"].as_str().unwrap_or_default().to_string();
            SseEvent::named(&name, &event)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_envelope_adds_every_line() {
        assert_eq!(
            add_file_patch("a/b.txt", "one\ntwo\n"),
            "*** Begin Patch\n*** Add File: a/b.txt\n+one\n+two\n*** End Patch"
        );
    }
}
