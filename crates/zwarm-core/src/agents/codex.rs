//! Codex CLI (`codex exec --json`): one line → an update of a [`TurnLog`].
//!
//! Items (`item.started` / `item.updated` / `item.completed`) carry their full
//! state each time, so each event simply replaces the entry of its `item.id`.
//! Ids restart at `item_0` in every invocation, which is fine: a `TurnLog`
//! holds one invocation.
//!
//! A top-level `error` is NOT a failure: Codex prints retry notices
//! ("Reconnecting... 1/5") that way. Only `turn.failed` fails a turn.
//!
//! Lines are read into the lenient structs below rather than a generic
//! `Value` map: every field is optional and of any JSON type, so a shape
//! change degrades to "absent" instead of failing, and no map (nor a `String`
//! per key) is built for each line. Types we do not know are re-read as a
//! `Value` to be kept verbatim.

use serde::Deserialize;
use serde_json::Value;

use super::json::{self, str_field, u64_field, Object};
use super::turn_log::{Change, Terminal, TurnLog};
use crate::events::{AgentEvent, FileChange, FileChangeKind, ItemStatus, TodoItem};
use crate::usage::TokenUsage;

/// The fields of a Codex line that any line type uses.
#[derive(Deserialize)]
struct Line {
    #[serde(rename = "type")]
    kind: Option<Value>,
    thread_id: Option<Value>,
    usage: Option<Value>,
    error: Option<Value>,
    message: Option<Value>,
    item: Option<Item>,
}

/// The fields of an item that any item type uses.
#[derive(Deserialize)]
struct Item {
    id: Option<Value>,
    #[serde(rename = "type")]
    kind: Option<Value>,
    status: Option<Value>,
    text: Option<Value>,
    command: Option<Value>,
    aggregated_output: Option<Value>,
    exit_code: Option<Value>,
    changes: Option<Value>,
    server: Option<Value>,
    tool: Option<Value>,
    arguments: Option<Value>,
    result: Option<Value>,
    error: Option<Value>,
    items: Option<Value>,
    query: Option<Value>,
    message: Option<Value>,
}

/// Reads one non-blank Codex line into `log`.
pub(crate) fn read_line(log: &mut TurnLog, bytes: &[u8], changes: &mut Vec<Change>) {
    // Only an object may take the struct path: serde would also accept an array.
    if bytes.first() == Some(&b'{') {
        if let Ok(line) = serde_json::from_slice::<Line>(bytes) {
            apply(log, line, bytes, changes);
            return;
        }
    }
    // Malformed, or an object of a shape the structs refuse (duplicate keys,
    // an `item` that is not an object): counted, or kept verbatim.
    if let Some(obj) = log.parse_object(bytes) {
        log.append(
            AgentEvent::Unknown {
                raw: Value::Object(obj),
            },
            changes,
        );
    }
}

fn apply(log: &mut TurnLog, line: Line, bytes: &[u8], changes: &mut Vec<Change>) {
    let kind = as_str(&line.kind);
    match kind {
        "thread.started" => {
            if let Some(id) = line.thread_id.as_ref().and_then(Value::as_str) {
                log.set_session_id(id, true);
            }
        }
        "turn.started" => {
            log.append(AgentEvent::TurnStarted, changes);
        }
        "turn.completed" => {
            let usage = line
                .usage
                .as_ref()
                .and_then(Value::as_object)
                .map(usage_from)
                .unwrap_or_default();
            log.set_terminal(Terminal::Completed {
                usage,
                reported_cost_usd: None,
            });
            log.append(
                AgentEvent::TurnCompleted {
                    usage,
                    reported_cost_usd: None,
                },
                changes,
            );
        }
        "turn.failed" => {
            let message = line
                .error
                .as_ref()
                .and_then(json::message_text)
                .unwrap_or_else(|| "codex reported turn.failed without a message".to_string());
            log.note_error(&message);
            log.set_terminal(Terminal::Failed {
                message: message.clone(),
            });
            log.append(AgentEvent::TurnFailed { message }, changes);
        }
        "error" => {
            log.append(
                AgentEvent::Error {
                    message: string(line.message),
                },
                changes,
            );
        }
        "item.started" | "item.updated" | "item.completed" => match line.item {
            Some(item) => {
                let id = item.id.as_ref().and_then(Value::as_str).map(str::to_string);
                let event = item_event(item, kind == "item.completed", bytes);
                match id {
                    Some(id) => log.upsert(&id, event, changes),
                    None => {
                        log.append(event, changes);
                    }
                }
            }
            None => {
                log.append(
                    AgentEvent::Unknown {
                        raw: reread(bytes, None),
                    },
                    changes,
                );
            }
        },
        _ => {
            log.append(
                AgentEvent::Unknown {
                    raw: reread(bytes, None),
                },
                changes,
            );
        }
    }
}

/// The line (or one of its fields) as a `Value`, for entries kept verbatim.
fn reread(bytes: &[u8], field: Option<&str>) -> Value {
    let Ok(mut value) = serde_json::from_slice::<Value>(bytes) else {
        return Value::Null;
    };
    match field {
        None => value,
        Some(key) => value.get_mut(key).map(Value::take).unwrap_or(Value::Null),
    }
}

fn as_str(value: &Option<Value>) -> &str {
    value.as_ref().and_then(Value::as_str).unwrap_or_default()
}

/// Moves a string out, empty when absent or not a string.
fn string(value: Option<Value>) -> String {
    match value {
        Some(Value::String(s)) => s,
        _ => String::new(),
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
fn item_event(item: Item, finished: bool, bytes: &[u8]) -> AgentEvent {
    let status = status_of(as_str(&item.status), finished);
    match as_str(&item.kind) {
        "agent_message" => AgentEvent::AgentMessage {
            text: string(item.text),
        },
        "reasoning" => AgentEvent::Reasoning {
            text: string(item.text),
        },
        "command_execution" => AgentEvent::Command {
            command: string(item.command),
            output: string(item.aggregated_output),
            exit_code: item
                .exit_code
                .as_ref()
                .and_then(Value::as_i64)
                .and_then(|n| i32::try_from(n).ok()),
            status,
        },
        "file_change" => AgentEvent::FileChange {
            changes: file_changes(item.changes.as_ref()),
            status,
        },
        "mcp_tool_call" => AgentEvent::McpCall {
            server: string(item.server),
            tool: string(item.tool),
            arguments: item.arguments.unwrap_or(Value::Null),
            result: item.result,
            error: item.error.as_ref().and_then(json::message_text),
            status,
        },
        "todo_list" => AgentEvent::TodoList {
            items: todo_items(item.items.as_ref()),
        },
        "web_search" => AgentEvent::WebSearch {
            query: string(item.query),
            status,
        },
        "error" => AgentEvent::Error {
            message: string(item.message),
        },
        _ => AgentEvent::Unknown {
            raw: reread(bytes, Some("item")),
        },
    }
}

/// The item's own status when it has one, else inferred from the event type.
fn status_of(status: &str, finished: bool) -> ItemStatus {
    match status {
        "in_progress" => ItemStatus::Running,
        "completed" => ItemStatus::Completed,
        "failed" => ItemStatus::Failed,
        "declined" => ItemStatus::Denied,
        _ if finished => ItemStatus::Completed,
        _ => ItemStatus::Running,
    }
}

fn file_changes(changes: Option<&Value>) -> Vec<FileChange> {
    let Some(list) = changes.and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(Value::as_object)
        .map(|change| FileChange {
            path: json::string_or_empty(change, "path"),
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

fn todo_items(items: Option<&Value>) -> Vec<TodoItem> {
    let Some(list) = items.and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(Value::as_object)
        .map(|entry| TodoItem {
            text: json::string_or_empty(entry, "text"),
            completed: entry
                .get("completed")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        })
        .collect()
}
