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
//! Lines are read into the typed, borrowed structs below (see
//! [`lenient`](super::lenient)): every field accepts any JSON type and
//! degrades to "absent" when it is not the expected one, fields we do not
//! name are skipped unbuilt, and strings borrow from the line. Types we do
//! not know are re-read as a `Value` to be kept verbatim.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::json::{self, str_field};
use super::lenient::{self, Obj, Str, I64, U64};
use super::turn_log::{Change, Reported, Terminal, TurnLog};
use crate::events::{AgentEvent, FileChange, FileChangeKind, ItemStatus, TodoItem};
use crate::usage::TokenUsage;

/// The fields of a Codex line that any line type uses.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Line<'a> {
    #[serde(rename = "type", borrow)]
    kind: Str<'a>,
    #[serde(borrow)]
    thread_id: Str<'a>,
    usage: Obj<Usage>,
    #[serde(borrow)]
    error: Option<&'a RawValue>,
    #[serde(borrow)]
    message: Str<'a>,
    /// Boxed: the item is most of the line struct's size, and serde moves
    /// that struct several times per line (`memmove` was a sixth of the
    /// parse time unboxed).
    #[serde(borrow)]
    item: Obj<Box<Item<'a>>>,
}

/// The fields of an item that any item type uses.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Item<'a> {
    #[serde(borrow)]
    id: Str<'a>,
    #[serde(rename = "type", borrow)]
    kind: Str<'a>,
    #[serde(borrow)]
    status: Str<'a>,
    #[serde(borrow)]
    text: Str<'a>,
    #[serde(borrow)]
    command: Str<'a>,
    #[serde(borrow)]
    aggregated_output: Str<'a>,
    exit_code: I64,
    #[serde(borrow)]
    changes: Option<&'a RawValue>,
    #[serde(borrow)]
    server: Str<'a>,
    #[serde(borrow)]
    tool: Str<'a>,
    #[serde(borrow)]
    arguments: Option<&'a RawValue>,
    #[serde(borrow)]
    result: Option<&'a RawValue>,
    #[serde(borrow)]
    error: Option<&'a RawValue>,
    #[serde(borrow)]
    items: Option<&'a RawValue>,
    #[serde(borrow)]
    query: Str<'a>,
    #[serde(borrow)]
    message: Str<'a>,
}

/// Codex's usage object; it already follows the OpenAI convention of [`TokenUsage`].
#[derive(Deserialize, Default)]
#[serde(default)]
struct Usage {
    input_tokens: U64,
    cached_input_tokens: U64,
    cache_write_input_tokens: U64,
    output_tokens: U64,
    reasoning_output_tokens: U64,
}

impl From<Usage> for TokenUsage {
    fn from(u: Usage) -> Self {
        TokenUsage {
            input_tokens: u.input_tokens.0.unwrap_or(0),
            cached_input_tokens: u.cached_input_tokens.0.unwrap_or(0),
            cache_write_input_tokens: u.cache_write_input_tokens.0.unwrap_or(0),
            output_tokens: u.output_tokens.0.unwrap_or(0),
            reasoning_output_tokens: u.reasoning_output_tokens.0.unwrap_or(0),
        }
    }
}

/// Reads one non-blank Codex line into `log`.
pub(crate) fn read_line(log: &mut TurnLog, text: &str, changes: &mut Vec<Change>) {
    if let Some(line) = lenient::read_object::<Line>(text) {
        apply(log, line, text, changes);
        return;
    }
    // Malformed, or an object the structs refuse (duplicate keys): counted, or kept verbatim.
    log.keep_verbatim(text, changes);
}

fn apply(log: &mut TurnLog, line: Line, text: &str, changes: &mut Vec<Change>) {
    let kind = line.kind.or_empty();
    match kind {
        "thread.started" => {
            if let Some(id) = line.thread_id.as_str() {
                log.set_session_id(id, true);
            }
        }
        "turn.started" => {
            log.append(AgentEvent::TurnStarted, changes);
        }
        "turn.completed" => {
            let usage = line.usage.0.map(TokenUsage::from).unwrap_or_default();
            log.set_reported(Reported {
                usage,
                total_cost_usd: None,
            });
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
            let message = json::error_text(line.error)
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
                    message: line.message.into_string(),
                },
                changes,
            );
        }
        "item.started" | "item.updated" | "item.completed" => match line.item.0 {
            Some(mut item) => {
                let id = item.id.0.take();
                let event = item_event(item, kind == "item.completed", text);
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
                        raw: json::reread(text, ""),
                    },
                    changes,
                );
            }
        },
        _ => {
            log.append(
                AgentEvent::Unknown {
                    raw: json::reread(text, ""),
                },
                changes,
            );
        }
    }
}

/// One item in its current state. Unknown item types are kept whole.
fn item_event(item: Box<Item>, finished: bool, text: &str) -> AgentEvent {
    let status = status_of(item.status.or_empty(), finished);
    match item.kind.or_empty() {
        "agent_message" => AgentEvent::AgentMessage {
            text: item.text.into_string(),
        },
        "reasoning" => AgentEvent::Reasoning {
            text: item.text.into_string(),
        },
        "command_execution" => AgentEvent::Command {
            command: item.command.into_string(),
            output: item.aggregated_output.into_string(),
            exit_code: item.exit_code.0.and_then(|n| i32::try_from(n).ok()),
            status,
        },
        "file_change" => AgentEvent::FileChange {
            changes: file_changes(&json::value_of(item.changes)),
            status,
        },
        "mcp_tool_call" => AgentEvent::McpCall {
            server: item.server.into_string(),
            tool: item.tool.into_string(),
            arguments: json::value_of(item.arguments),
            result: item.result.map(|raw| json::value_of(Some(raw))),
            error: json::error_text(item.error),
            status,
        },
        "todo_list" => AgentEvent::TodoList {
            items: todo_items(&json::value_of(item.items)),
        },
        "web_search" => AgentEvent::WebSearch {
            query: item.query.into_string(),
            status,
        },
        "error" => AgentEvent::Error {
            message: item.message.into_string(),
        },
        _ => AgentEvent::Unknown {
            raw: json::reread(text, "/item"),
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

fn file_changes(changes: &Value) -> Vec<FileChange> {
    let Some(list) = changes.as_array() else {
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

fn todo_items(items: &Value) -> Vec<TodoItem> {
    let Some(list) = items.as_array() else {
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
