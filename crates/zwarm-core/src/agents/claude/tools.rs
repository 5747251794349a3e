//! Claude Code tool calls: a `tool_use` block becomes an entry, and the
//! matching `tool_result` (paired by `tool_use_id`) completes it in place.

use serde_json::Value;

use crate::agents::json::{i32_field, str_field, string_or_empty, Object};
use crate::events::{AgentEvent, FileChange, FileChangeKind, ItemStatus, TodoItem};

/// The entry for a `tool_use` block, still running.
pub(super) fn tool_use_event(name: &str, input: Value) -> AgentEvent {
    let running = ItemStatus::Running;
    let fields = input.as_object();
    let text = |key: &str| fields.map(|f| string_or_empty(f, key)).unwrap_or_default();
    match name {
        "Bash" => AgentEvent::Command {
            command: text("command"),
            output: String::new(),
            exit_code: None,
            status: running,
        },
        "Edit" | "MultiEdit" => file_change(text("file_path"), FileChangeKind::Update),
        "Write" => file_change(text("file_path"), FileChangeKind::Add),
        "TodoWrite" => AgentEvent::TodoList {
            items: todo_items(fields),
        },
        "WebSearch" => AgentEvent::WebSearch {
            query: text("query"),
            status: running,
        },
        _ => match mcp_name(name) {
            Some((server, tool)) => AgentEvent::McpCall {
                server: server.to_string(),
                tool: tool.to_string(),
                arguments: input,
                result: None,
                error: None,
                status: running,
            },
            None => AgentEvent::ToolCall {
                name: name.to_string(),
                input,
                output: None,
                is_error: false,
                status: running,
            },
        },
    }
}

/// `mcp__SERVER__TOOL` → (SERVER, TOOL). Server names never contain `__`.
fn mcp_name(name: &str) -> Option<(&str, &str)> {
    name.strip_prefix("mcp__")?.split_once("__")
}

fn file_change(path: String, kind: FileChangeKind) -> AgentEvent {
    AgentEvent::FileChange {
        changes: vec![FileChange { path, kind }],
        status: ItemStatus::Running,
    }
}

/// `TodoWrite` input: `{todos: [{content, status, activeForm}]}`.
fn todo_items(input: Option<&Object>) -> Vec<TodoItem> {
    let Some(list) = input.and_then(|i| i.get("todos")).and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(Value::as_object)
        .map(|todo| TodoItem {
            text: string_or_empty(todo, "content"),
            completed: str_field(todo, "status") == Some("completed"),
        })
        .collect()
}

/// What a `tool_result` block (and its line) says about one tool call.
pub(super) struct ToolResult {
    /// The result as the model saw it (`content`, flattened to text).
    pub text: String,
    pub is_error: bool,
    /// Refused by a permission rule or the user, not run.
    pub denied: bool,
    /// The line's `tool_use_result`: structured (object), error text (string) or MCP content (list).
    pub detail: Option<Value>,
}

impl ToolResult {
    /// A `tool_result` block's `content` and `is_error`; `detail` is the line's `tool_use_result`.
    pub fn new(content: &Value, is_error: bool, detail: Option<Value>, denied: bool) -> Self {
        ToolResult {
            text: content_text(content),
            is_error,
            denied,
            detail,
        }
    }

    fn status(&self, current: ItemStatus) -> ItemStatus {
        if self.denied || current == ItemStatus::Denied {
            ItemStatus::Denied
        } else if self.is_error {
            ItemStatus::Failed
        } else {
            ItemStatus::Completed
        }
    }

    /// For a failed Bash call: the exit code from the structured result, or
    /// from Claude's own "Exit code N" prefix of the error text.
    fn exit_code(&self) -> Option<i32> {
        if let Some(detail) = self.detail.as_ref().and_then(Value::as_object) {
            let code = i32_field(detail, "exit_code")
                .or_else(|| i32_field(detail, "exitCode"))
                .or_else(|| i32_field(detail, "returnCode"));
            if code.is_some() {
                return code;
            }
        }
        if !self.is_error {
            return None;
        }
        let digits = self.text.strip_prefix("Exit code ")?;
        let end = digits
            .find(|c: char| !c.is_ascii_digit() && c != '-')
            .unwrap_or(digits.len());
        digits[..end].parse().ok()
    }
}

/// Completes a tool entry with its result. Returns whether the entry changed.
pub(super) fn apply_result(entry: &mut AgentEvent, result: ToolResult) -> bool {
    match entry {
        AgentEvent::Command {
            output,
            exit_code,
            status,
            ..
        } => {
            *exit_code = result.exit_code();
            *status = result.status(*status);
            *output = result.text;
        }
        AgentEvent::FileChange { changes, status } => {
            *status = result.status(*status);
            let written = result
                .detail
                .as_ref()
                .and_then(Value::as_object)
                .and_then(|d| str_field(d, "type"));
            let refined = match written {
                Some("update") => Some(FileChangeKind::Update),
                Some("create") => Some(FileChangeKind::Add),
                _ => None,
            };
            if let Some(kind) = refined {
                changes.iter_mut().for_each(|change| change.kind = kind);
            }
        }
        AgentEvent::McpCall {
            result: mcp_result,
            error,
            status,
            ..
        } => {
            *status = result.status(*status);
            if result.is_error {
                *error = Some(result.text);
            } else {
                *mcp_result = Some(result.detail.unwrap_or(Value::String(result.text)));
            }
        }
        AgentEvent::ToolCall {
            output,
            is_error,
            status,
            ..
        } => {
            *status = result.status(*status);
            *is_error = result.is_error;
            *output = Some(result.detail.unwrap_or(Value::String(result.text)));
        }
        AgentEvent::WebSearch { status, .. } => *status = result.status(*status),
        _ => return false,
    }
    true
}

/// A result whose `tool_use` we never saw (the file starts mid-turn): kept as a bare tool call.
pub(super) fn orphan_result(result: ToolResult) -> AgentEvent {
    let status = result.status(ItemStatus::Running);
    AgentEvent::ToolCall {
        name: String::new(),
        input: Value::Null,
        output: Some(result.detail.unwrap_or(Value::String(result.text))),
        is_error: result.is_error,
        status,
    }
}

/// Marks a tool call as refused (a `permission_denials` entry or a `permission_denied` notice).
pub(super) fn deny(entry: &mut AgentEvent) -> bool {
    let status = match entry {
        AgentEvent::Command { status, .. }
        | AgentEvent::FileChange { status, .. }
        | AgentEvent::McpCall { status, .. }
        | AgentEvent::ToolCall { status, .. }
        | AgentEvent::WebSearch { status, .. } => status,
        _ => return false,
    };
    let changed = *status != ItemStatus::Denied;
    *status = ItemStatus::Denied;
    changed
}

/// `content` is a string, or a list of blocks of which the text ones matter.
fn content_text(content: &Value) -> String {
    match content {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(blocks) => {
            let texts: Vec<&str> = blocks
                .iter()
                .filter_map(Value::as_object)
                .filter(|b| str_field(b, "type") == Some("text"))
                .filter_map(|b| str_field(b, "text"))
                .collect();
            texts.join("\n")
        }
        other => other.to_string(),
    }
}
