//! A session's transcript as the pilot reads it: one short line per step.

use serde_json::Value;

use super::truncate::head_tail;
use crate::events::{AgentEvent, FileChangeKind, ItemStatus};

/// The agent's last reply in these events.
pub fn last_reply(events: &[AgentEvent]) -> Option<&str> {
    events.iter().rev().find_map(|e| match e {
        AgentEvent::AgentMessage { text } => Some(text.as_str()),
        _ => None,
    })
}

/// One line per event; `full` keeps reasoning and command output.
pub fn trajectory_lines(events: &[AgentEvent], full: bool) -> Vec<String> {
    events
        .iter()
        .filter_map(|event| line(event, full))
        .collect()
}

fn short(text: &str, max: usize) -> String {
    head_tail(text.trim(), max).replace('\n', " ⏎ ")
}

fn json_short(value: &Value, max: usize) -> String {
    short(&value.to_string(), max)
}

fn status(status: ItemStatus) -> &'static str {
    match status {
        ItemStatus::Running => "running",
        ItemStatus::Completed => "ok",
        ItemStatus::Failed => "failed",
        ItemStatus::Denied => "denied",
        ItemStatus::Interrupted => "interrupted",
    }
}

fn mark(kind: FileChangeKind) -> &'static str {
    match kind {
        FileChangeKind::Add => "+",
        FileChangeKind::Update => "~",
        FileChangeKind::Delete => "-",
    }
}

fn line(event: &AgentEvent, full: bool) -> Option<String> {
    Some(match event {
        AgentEvent::UserMessage { text } => format!("user: {}", short(text, 300)),
        AgentEvent::AgentMessage { text } => {
            format!("agent: {}", short(text, if full { 2_000 } else { 500 }))
        }
        AgentEvent::Reasoning { text } if full => format!("thinking: {}", short(text, 300)),
        AgentEvent::Reasoning { .. } => return None,
        AgentEvent::Command {
            command,
            output,
            exit_code,
            status: s,
        } => {
            let exit = exit_code.map(|c| format!(" exit {c}")).unwrap_or_default();
            let mut line = format!("$ {} [{}{exit}]", short(command, 300), status(*s));
            if full && !output.trim().is_empty() {
                line.push_str(&format!("\n  {}", short(output, 600)));
            }
            line
        }
        AgentEvent::FileChange { changes, status: s } => {
            let files: Vec<String> = changes
                .iter()
                .map(|c| format!("{}{}", mark(c.kind), c.path))
                .collect();
            format!("files [{}]: {}", status(*s), files.join(", "))
        }
        AgentEvent::McpCall {
            server,
            tool,
            arguments,
            error,
            status: s,
            ..
        } => {
            let error = error
                .as_deref()
                .map(|e| format!(" error: {}", short(e, 200)))
                .unwrap_or_default();
            format!(
                "mcp {server}.{tool}({}) [{}]{error}",
                json_short(arguments, 200),
                status(*s)
            )
        }
        AgentEvent::ToolCall {
            name,
            input,
            is_error,
            status: s,
            ..
        } => {
            let error = if *is_error { " error" } else { "" };
            format!(
                "tool {name}({}) [{}{error}]",
                json_short(input, 200),
                status(*s)
            )
        }
        AgentEvent::WebSearch { query, .. } => format!("web search: {}", short(query, 200)),
        AgentEvent::TodoList { items } => {
            let items: Vec<String> = items
                .iter()
                .map(|i| {
                    format!(
                        "[{}] {}",
                        if i.completed { "x" } else { " " },
                        short(&i.text, 80)
                    )
                })
                .collect();
            format!("todo: {}", items.join("; "))
        }
        AgentEvent::Error { message } => format!("notice: {}", short(message, 300)),
        AgentEvent::TurnStarted => return None,
        AgentEvent::TurnCompleted { usage, .. } => {
            format!("-- turn completed ({} tokens)", usage.total())
        }
        AgentEvent::TurnFailed { message } => format!("-- turn failed: {}", short(message, 500)),
        AgentEvent::Unknown { raw } => format!("(unrecognized event) {}", json_short(raw, 200)),
    })
}
