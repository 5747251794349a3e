//! Codex CLI (`codex exec --json`): one line → an update of a [`TurnLog`].
//!
//! Items (`item.started` / `item.updated` / `item.completed`) carry their full
//! state each time, so each event simply replaces the entry of its `item.id`.
//! Ids restart at `item_0` in every invocation, which is fine: a `TurnLog`
//! holds one invocation.
//!
//! A top-level `error` is NOT a failure: Codex prints retry notices
//! ("Reconnecting... 1/5") that way. Only `turn.failed` fails a turn.

use serde_json::Value;

use super::json::{self, i32_field, obj_field, str_field, string_or_empty, u64_field, Object};
use super::turn_log::{Change, Terminal, TurnLog};
use crate::events::{AgentEvent, FileChange, FileChangeKind, ItemStatus, TodoItem};
use crate::usage::TokenUsage;

/// Applies one parsed Codex line to `log`.
pub(crate) fn apply(log: &mut TurnLog, mut line: Object, changes: &mut Vec<Change>) {
    let kind = str_field(&line, "type").unwrap_or_default();
    match kind {
        "thread.started" => {
            if let Some(id) = str_field(&line, "thread_id") {
                log.set_session_id(id, true);
            }
        }
        "turn.started" => {
            log.append(AgentEvent::TurnStarted, changes);
        }
        "turn.completed" => {
            let usage = obj_field(&line, "usage").map(usage_from).unwrap_or_default();
            log.set_terminal(Terminal::Completed { usage, reported_cost_usd: None });
            log.append(AgentEvent::TurnCompleted { usage, reported_cost_usd: None }, changes);
        }
        "turn.failed" => {
            let message = line
                .get("error")
                .and_then(json::message_text)
                .unwrap_or_else(|| "codex reported turn.failed without a message".to_string());
            log.note_error(&message);
            log.set_terminal(Terminal::Failed { message: message.clone() });
            log.append(AgentEvent::TurnFailed { message }, changes);
        }
        "error" => {
            let message = json::take_string(&mut line, "message");
            log.append(AgentEvent::Error { message }, changes);
        }
        "item.started" | "item.updated" | "item.completed" => {
            let finished = kind == "item.completed";
            match json::take(&mut line, "item") {
                Value::Object(item) => {
                    let id = str_field(&item, "id").map(str::to_string);
                    let event = item_event(item, finished);
                    match id {
                        Some(id) => log.upsert(&id, event, changes),
                        None => {
                            log.append(event, changes);
                        }
                    }
                }
                other => {
                    line.insert("item".to_string(), other);
                    log.append(AgentEvent::Unknown { raw: Value::Object(line) }, changes);
                }
            }
        }
        _ => {
            log.append(AgentEvent::Unknown { raw: Value::Object(line) }, changes);
        }
    }
}

/// Codex's usage object already follows the OpenAI convention of [`TokenUsage`].
fn usage_from(usage: &Object) -> TokenUsage {
    TokenUsage {
        input_tokens: u64_field(usage, "input_tokens"),
        cached_input_tokens: u64_field(usage, "cached_input_tokens"),
        cache_write_input_tokens: u64_field(usage, "cache_write_input_tokens"),
        output_tokens: u64_field(usage, "output_tokens"),
        reasoning_output_tokens: u64_field(usage, "reasoning_output_tokens"),
    }
}

/// One item in its current state. Unknown item types are kept whole.
fn item_event(mut item: Object, finished: bool) -> AgentEvent {
    let status = status_of(&item, finished);
    match str_field(&item, "type").unwrap_or_default() {
        "agent_message" => AgentEvent::AgentMessage { text: json::take_string(&mut item, "text") },
        "reasoning" => AgentEvent::Reasoning { text: json::take_string(&mut item, "text") },
        "command_execution" => AgentEvent::Command {
            command: json::take_string(&mut item, "command"),
            output: json::take_string(&mut item, "aggregated_output"),
            exit_code: i32_field(&item, "exit_code"),
            status,
        },
        "file_change" => AgentEvent::FileChange { changes: file_changes(&item), status },
        "mcp_tool_call" => AgentEvent::McpCall {
            server: string_or_empty(&item, "server"),
            tool: string_or_empty(&item, "tool"),
            arguments: json::take(&mut item, "arguments"),
            result: Some(json::take(&mut item, "result")).filter(|v| !v.is_null()),
            error: item.get("error").and_then(json::message_text),
            status,
        },
        "todo_list" => AgentEvent::TodoList { items: todo_items(&item) },
        "web_search" => AgentEvent::WebSearch { query: string_or_empty(&item, "query"), status },
        "error" => AgentEvent::Error { message: string_or_empty(&item, "message") },
        _ => AgentEvent::Unknown { raw: Value::Object(item) },
    }
}

/// The item's own status when it has one, else inferred from the event type.
fn status_of(item: &Object, finished: bool) -> ItemStatus {
    match str_field(item, "status") {
        Some("in_progress") => ItemStatus::Running,
        Some("completed") => ItemStatus::Completed,
        Some("failed") => ItemStatus::Failed,
        Some("declined") => ItemStatus::Denied,
        _ if finished => ItemStatus::Completed,
        _ => ItemStatus::Running,
    }
}

fn file_changes(item: &Object) -> Vec<FileChange> {
    let Some(list) = item.get("changes").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(Value::as_object)
        .map(|change| FileChange {
            path: string_or_empty(change, "path"),
            kind: file_change_kind(change.get("kind")),
        })
        .collect()
}

/// `kind` is a string today; older builds used `{"type": "update", ...}`.
fn file_change_kind(kind: Option<&Value>) -> FileChangeKind {
    let name = match kind {
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Object(o)) => str_field(o, "type").unwrap_or_default(),
        _ => "",
    };
    match name {
        "add" => FileChangeKind::Add,
        "delete" => FileChangeKind::Delete,
        _ => FileChangeKind::Update,
    }
}

fn todo_items(item: &Object) -> Vec<TodoItem> {
    let Some(list) = item.get("items").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(Value::as_object)
        .map(|entry| TodoItem {
            text: string_or_empty(entry, "text"),
            completed: entry.get("completed").and_then(Value::as_bool).unwrap_or(false),
        })
        .collect()
}
