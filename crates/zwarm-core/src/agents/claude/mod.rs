//! Claude Code (`claude -p --output-format stream-json --verbose`): one line →
//! an update of a [`TurnLog`].
//!
//! Each `assistant` line carries ONE content block; several lines share a
//! `message.id`. Each text block becomes its own `AgentMessage` entry (they
//! are not joined): an entry never changes once appended, except tool calls,
//! which their `tool_result` completes in place. The `usage` on assistant
//! lines is a placeholder and is ignored; only `result.usage` counts.
//!
//! Claude reports API failures as `subtype: "success"` with `is_error: true`,
//! so the terminal status looks at `is_error`, `subtype` and `terminal_reason`.
//! The synthetic assistant message it prints before such a result
//! (`is_api_error_message: true`) becomes an `Error` entry, not agent speech.

mod tools;

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::Value;

use super::json::{self, obj_field, str_field, u64_field, Object};
use super::turn_log::{Change, Terminal, TurnLog};
use crate::events::AgentEvent;
use crate::usage::TokenUsage;
use tools::ToolResult;

/// Claude's stand-in model name on locally generated (error) messages.
const SYNTHETIC_MODEL: &str = "<synthetic>";
/// Only lines containing this can be system lines (a cheap pre-filter).
const SYSTEM_TAG: &[u8] = b"\"system\"";

/// Just what the fast path needs from a line; every other field is skipped
/// without being built.
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(rename = "type", borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(borrow)]
    subtype: Option<Cow<'a, str>>,
    #[serde(borrow)]
    session_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    model: Option<Cow<'a, str>>,
}

/// Handles `system/init` and `system/thinking_tokens` without building a
/// `Value`: the init line is the largest of a turn (40% of its bytes) and
/// yields two strings. Returns `false` when the line needs the full parse.
fn read_system_fast(log: &mut TurnLog, line: &[u8]) -> bool {
    if memchr::memmem::find(line, SYSTEM_TAG).is_none() {
        return false;
    }
    let Ok(head) = serde_json::from_slice::<Head>(line) else {
        return false;
    };
    if head.kind.as_deref() != Some("system") {
        return false;
    }
    match head.subtype.as_deref() {
        Some("init") => {
            if let Some(id) = head.session_id.as_deref() {
                log.set_session_id(id, true);
            }
            if let Some(model) = head.model.as_deref() {
                log.set_model(model, true);
            }
            true
        }
        Some("thinking_tokens") => {
            if let Some(id) = head.session_id.as_deref() {
                log.set_session_id(id, false);
            }
            true
        }
        _ => false,
    }
}

/// Reads one non-blank Claude line into `log`.
pub(crate) fn read_line(log: &mut TurnLog, line: &[u8], changes: &mut Vec<Change>) {
    if read_system_fast(log, line) {
        return;
    }
    if let Some(obj) = log.parse_object(line) {
        apply(log, obj, changes);
    }
}

/// Applies one parsed Claude line to `log`.
fn apply(log: &mut TurnLog, mut line: Object, changes: &mut Vec<Change>) {
    if !log.has_session_id() {
        if let Some(id) = str_field(&line, "session_id") {
            log.set_session_id(id, false);
        }
    }
    match str_field(&line, "type").unwrap_or_default() {
        "system" => system(log, line, changes),
        "assistant" => assistant(log, &mut line, changes),
        "user" => user(log, &mut line, changes),
        "result" => result(log, &line, changes),
        _ => {
            log.append(
                AgentEvent::Unknown {
                    raw: Value::Object(line),
                },
                changes,
            );
        }
    }
}

fn system(log: &mut TurnLog, line: Object, changes: &mut Vec<Change>) {
    match str_field(&line, "subtype").unwrap_or_default() {
        "init" => {
            if let Some(id) = str_field(&line, "session_id") {
                log.set_session_id(id, true);
            }
            if let Some(model) = str_field(&line, "model") {
                log.set_model(model, true);
            }
        }
        // A running estimate of hidden thinking: progress, not transcript.
        "thinking_tokens" => {}
        "api_retry" => {
            log.append(
                AgentEvent::Error {
                    message: retry_notice(&line),
                },
                changes,
            );
        }
        "permission_denied" => {
            if let Some(id) = str_field(&line, "tool_use_id") {
                log.update(id, changes, tools::deny);
            }
            let tool = str_field(&line, "tool_name").unwrap_or("a tool");
            let message = match str_field(&line, "message") {
                Some(why) => format!("permission denied for {tool}: {why}"),
                None => format!("permission denied for {tool}"),
            };
            log.append(AgentEvent::Error { message }, changes);
        }
        _ => {
            log.append(
                AgentEvent::Unknown {
                    raw: Value::Object(line),
                },
                changes,
            );
        }
    }
}

/// "API retry 2/10: overloaded_error (HTTP 529)", with whatever parts the line has.
fn retry_notice(line: &Object) -> String {
    let mut notice = String::from("API retry");
    if let Some(attempt) = line.get("attempt").and_then(Value::as_u64) {
        notice.push_str(&format!(" {attempt}"));
        if let Some(max) = line.get("max_retries").and_then(Value::as_u64) {
            notice.push_str(&format!("/{max}"));
        }
    }
    if let Some(error) = line.get("error").and_then(json::message_text) {
        notice.push_str(&format!(": {error}"));
    }
    if let Some(status) = line.get("error_status").and_then(Value::as_u64) {
        notice.push_str(&format!(" (HTTP {status})"));
    }
    notice
}

fn assistant(log: &mut TurnLog, line: &mut Object, changes: &mut Vec<Change>) {
    // Claude's own rendering of an API failure, not the model speaking.
    let api_error = line
        .get("is_api_error_message")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let Value::Object(mut message) = json::take(line, "message") else {
        return;
    };
    if !log.has_model() {
        if let Some(model) = str_field(&message, "model").filter(|m| *m != SYNTHETIC_MODEL) {
            log.set_model(model, false);
        }
    }
    let blocks = match json::take(&mut message, "content") {
        Value::Array(blocks) => blocks,
        Value::String(text) => vec![serde_json::json!({"type": "text", "text": text})],
        _ => Vec::new(),
    };
    for block in blocks {
        let Value::Object(mut block) = block else {
            continue;
        };
        match str_field(&block, "type").unwrap_or_default() {
            "text" => {
                let text = json::take_string(&mut block, "text");
                let event = if api_error {
                    AgentEvent::Error { message: text }
                } else {
                    AgentEvent::AgentMessage { text }
                };
                log.append(event, changes);
            }
            "thinking" => {
                let text = json::take_string(&mut block, "thinking");
                log.append(AgentEvent::Reasoning { text }, changes);
            }
            "tool_use" => {
                let name = json::string_or_empty(&block, "name");
                let event = tools::tool_use_event(&name, json::take(&mut block, "input"));
                match str_field(&block, "id") {
                    Some(id) => log.upsert(id, event, changes),
                    None => {
                        log.append(event, changes);
                    }
                }
            }
            _ => {
                log.append(
                    AgentEvent::Unknown {
                        raw: Value::Object(block),
                    },
                    changes,
                );
            }
        }
    }
}

fn user(log: &mut TurnLog, line: &mut Object, changes: &mut Vec<Change>) {
    let Value::Object(mut message) = json::take(line, "message") else {
        return;
    };
    let blocks = match json::take(&mut message, "content") {
        Value::Array(blocks) => blocks,
        Value::String(text) => {
            log.append(AgentEvent::UserMessage { text }, changes);
            return;
        }
        _ => return,
    };
    let results = blocks
        .iter()
        .filter(|b| b.get("type").and_then(Value::as_str) == Some("tool_result"))
        .count();
    // `tool_use_result` describes the line's only result; with several it is ambiguous.
    let mut detail = if results == 1 {
        line.remove("tool_use_result")
    } else {
        None
    };
    for block in blocks {
        let Value::Object(block) = block else {
            continue;
        };
        match str_field(&block, "type").unwrap_or_default() {
            "text" => {
                let text = json::string_or_empty(&block, "text");
                log.append(AgentEvent::UserMessage { text }, changes);
            }
            "tool_result" => {
                let id = str_field(&block, "tool_use_id").unwrap_or_default();
                let denied = is_rejected(line, id);
                let result = ToolResult::from_block(&block, detail.take(), denied);
                let mut pending = Some(result);
                let known = log.update(id, changes, |entry| match pending.take() {
                    Some(result) => tools::apply_result(entry, result),
                    None => false,
                });
                if !known {
                    if let Some(result) = pending {
                        log.append(tools::orphan_result(result), changes);
                    }
                }
            }
            _ => {
                log.append(
                    AgentEvent::Unknown {
                        raw: Value::Object(block),
                    },
                    changes,
                );
            }
        }
    }
}

/// Whether `tool_result_meta` says the call `id` was refused rather than run.
fn is_rejected(line: &Object, id: &str) -> bool {
    let Some(metas) = line.get("tool_result_meta").and_then(Value::as_array) else {
        return false;
    };
    metas
        .iter()
        .filter_map(Value::as_object)
        .filter(|m| str_field(m, "id") == Some(id))
        .any(|meta| {
            let decision =
                obj_field(meta, "permission_decision").and_then(|d| str_field(d, "decision"));
            let kind = str_field(meta, "non_execution_kind").unwrap_or_default();
            decision == Some("reject") || kind.contains("reject") || kind.contains("denied")
        })
}

fn result(log: &mut TurnLog, line: &Object, changes: &mut Vec<Change>) {
    if let Some(denials) = line.get("permission_denials").and_then(Value::as_array) {
        for denial in denials.iter().filter_map(Value::as_object) {
            if let Some(id) = str_field(denial, "tool_use_id") {
                log.update(id, changes, tools::deny);
            }
        }
    }
    match failure_message(line) {
        None => {
            let usage = obj_field(line, "usage").map(usage_from).unwrap_or_default();
            let reported_cost_usd = line.get("total_cost_usd").and_then(Value::as_f64);
            log.set_terminal(Terminal::Completed {
                usage,
                reported_cost_usd,
            });
            log.append(
                AgentEvent::TurnCompleted {
                    usage,
                    reported_cost_usd,
                },
                changes,
            );
        }
        Some(message) => {
            log.note_error(&message);
            log.set_terminal(Terminal::Failed {
                message: message.clone(),
            });
            log.append(AgentEvent::TurnFailed { message }, changes);
        }
    }
}

/// `None` when the result is a genuine success; else the CLI's own words.
fn failure_message(line: &Object) -> Option<String> {
    let is_error = line
        .get("is_error")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let subtype = str_field(line, "subtype").unwrap_or("success");
    let reason = str_field(line, "terminal_reason");
    if !is_error && subtype == "success" && !reason.is_some_and(is_error_reason) {
        return None;
    }
    if let Some(text) = str_field(line, "result").filter(|t| !t.trim().is_empty()) {
        return Some(text.to_string());
    }
    let errors: Vec<&str> = line
        .get("errors")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let context = reason.unwrap_or(subtype);
    if errors.is_empty() {
        Some(context.to_string())
    } else {
        Some(format!("{context}: {}", errors.join("; ")))
    }
}

/// Terminal reasons that mean the turn did not finish normally ("completed" is the normal one).
fn is_error_reason(reason: &str) -> bool {
    reason == "error"
        || reason.ends_with("_error")
        || reason.starts_with("max_")
        || ["abort", "interrupt", "cancel", "kill", "timeout"]
            .iter()
            .any(|w| reason.contains(w))
}

/// Anthropic counts cache reads and writes beside `input_tokens`; [`TokenUsage`]
/// includes them in `input_tokens` (OpenAI convention).
fn usage_from(usage: &Object) -> TokenUsage {
    let input = u64_field(usage, "input_tokens");
    let cache_read = u64_field(usage, "cache_read_input_tokens");
    let cache_write = u64_field(usage, "cache_creation_input_tokens");
    let thinking = obj_field(usage, "output_tokens_details")
        .map(|d| u64_field(d, "thinking_tokens"))
        .unwrap_or(0);
    TokenUsage {
        input_tokens: input.saturating_add(cache_read).saturating_add(cache_write),
        cached_input_tokens: cache_read,
        cache_write_input_tokens: cache_write,
        output_tokens: u64_field(usage, "output_tokens"),
        reasoning_output_tokens: thinking,
    }
}
