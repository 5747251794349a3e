//! `codex app-server` notifications as the lines `codex exec --json` prints,
//! so the turn file of a hosted turn is read by the same parser
//! (`agents::codex`) as any other Codex turn: the same items, usage and
//! terminal events, hence the same status, cost and resume.
//!
//! The app-server's items (camelCase, checked against `codex-cli 0.169.0`'s
//! schema) are renamed to exec's (snake_case); item types exec does not have
//! are written under their own type, which the parser keeps verbatim.
//! Usage: `thread/tokenUsage/updated`'s `total` counts the whole thread, as
//! exec's `turn.completed.usage` does.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::approvals::ProposedChange;
use crate::events::FileChangeKind;

/// How a turn ended, once it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ended {
    Completed,
    Failed,
}

/// Turns notifications into exec lines; remembers what later lines need.
#[derive(Debug, Default)]
pub(super) struct Translator {
    /// The thread's latest cumulative usage.
    usage: Option<Value>,
    /// The file changes each file-change item proposes, for its approval.
    changes: HashMap<String, Vec<ProposedChange>>,
    /// Why the user denied each denied item: its output in the thread.
    denials: HashMap<String, String>,
    ended: Option<Ended>,
}

impl Translator {
    /// The exec lines for notification `method` with `params` (often none).
    pub(super) fn notification(&mut self, method: &str, params: &Value) -> Vec<Value> {
        match method {
            "turn/started" => vec![json!({"type": "turn.started"})],
            "item/started" | "item/completed" => {
                let kind = if method == "item/started" {
                    "item.started"
                } else {
                    "item.completed"
                };
                self.item(&params["item"])
                    .map(|item| json!({"type": kind, "item": item}))
                    .into_iter()
                    .collect()
            }
            "thread/tokenUsage/updated" => {
                self.usage = params.pointer("/tokenUsage/total").cloned();
                Vec::new()
            }
            "error" => {
                let message = params
                    .pointer("/error/message")
                    .and_then(Value::as_str)
                    .unwrap_or("codex reported an error");
                vec![json!({"type": "error", "message": message})]
            }
            "turn/completed" => vec![self.turn_completed(&params["turn"])],
            _ => Vec::new(),
        }
    }

    /// Whether the turn has ended, and how.
    pub(super) fn ended(&self) -> Option<Ended> {
        self.ended
    }

    /// The files item `item_id` would change, as seen when it started.
    pub(super) fn proposed_changes(&self, item_id: &str) -> Vec<ProposedChange> {
        self.changes.get(item_id).cloned().unwrap_or_default()
    }

    /// Records why item `item_id` was denied: the thread shows it as the
    /// item's output.
    pub(super) fn note_denial(&mut self, item_id: &str, message: String) {
        self.denials.insert(item_id.to_string(), message);
    }

    /// The failure line for a turn that could not run at all.
    pub(super) fn failed(message: &str) -> Value {
        json!({"type": "turn.failed", "error": {"message": message}})
    }

    fn turn_completed(&mut self, turn: &Value) -> Value {
        match turn["status"].as_str() {
            Some("completed") => {
                self.ended = Some(Ended::Completed);
                let count = |key: &str| {
                    self.usage
                        .as_ref()
                        .and_then(|u| u.get(key))
                        .and_then(Value::as_u64)
                        .unwrap_or(0)
                };
                json!({"type": "turn.completed", "usage": {
                    "input_tokens": count("inputTokens"),
                    "cached_input_tokens": count("cachedInputTokens"),
                    "cache_write_input_tokens": count("cacheWriteInputTokens"),
                    "output_tokens": count("outputTokens"),
                    "reasoning_output_tokens": count("reasoningOutputTokens"),
                }})
            }
            status => {
                self.ended = Some(Ended::Failed);
                let message = turn
                    .pointer("/error/message")
                    .and_then(Value::as_str)
                    .map(String::from)
                    .unwrap_or_else(|| match status {
                        Some("interrupted") => "the turn was interrupted".into(),
                        _ => "codex ended the turn without saying why".into(),
                    });
                Self::failed(&message)
            }
        }
    }

    /// An app-server item in exec's shape; `None` for the user's own message
    /// (the thread shows the prompt already).
    fn item(&mut self, item: &Value) -> Option<Value> {
        let id = item["id"].as_str().unwrap_or_default();
        let text = |key: &str| item[key].as_str().unwrap_or_default().to_string();
        let status = status_of(item["status"].as_str());
        Some(match item["type"].as_str().unwrap_or_default() {
            "userMessage" => return None,
            "agentMessage" => json!({"id": id, "type": "agent_message", "text": text("text")}),
            "reasoning" => {
                let parts = item["summary"].as_array().into_iter().flatten();
                let summary: Vec<&str> = parts.filter_map(Value::as_str).collect();
                json!({"id": id, "type": "reasoning", "text": summary.join("\n")})
            }
            "commandExecution" => {
                let mut output = text("aggregatedOutput");
                if status == "declined" && output.is_empty() {
                    output = self.denials.get(id).cloned().unwrap_or_default();
                }
                json!({"id": id, "type": "command_execution", "command": text("command"),
                    "aggregated_output": output, "exit_code": item["exitCode"], "status": status})
            }
            "fileChange" => {
                let proposed = proposed_of(item);
                let changes: Vec<Value> = proposed
                    .iter()
                    .map(|c| json!({"path": c.path, "kind": kind_name(c.kind)}))
                    .collect();
                self.changes.insert(id.to_string(), proposed);
                json!({"id": id, "type": "file_change", "changes": changes, "status": status})
            }
            "mcpToolCall" => json!({"id": id, "type": "mcp_tool_call",
                "server": text("server"), "tool": text("tool"), "arguments": item["arguments"],
                "result": item["result"], "error": item.pointer("/error/message"), "status": status}),
            "webSearch" => json!({"id": id, "type": "web_search", "query": text("query")}),
            other => {
                let mut kept: Map<String, Value> = item.as_object().cloned().unwrap_or_default();
                kept.insert("type".into(), Value::from(other));
                Value::Object(kept)
            }
        })
    }
}

/// exec's spelling of an item status.
fn status_of(status: Option<&str>) -> &'static str {
    match status {
        Some("completed") => "completed",
        Some("failed") => "failed",
        Some("declined") => "declined",
        _ => "in_progress",
    }
}

fn kind_name(kind: FileChangeKind) -> &'static str {
    match kind {
        FileChangeKind::Add => "add",
        FileChangeKind::Delete => "delete",
        FileChangeKind::Update => "update",
    }
}

/// The changes of a `fileChange` item: `{path, kind: {type}, diff}` each.
fn proposed_of(item: &Value) -> Vec<ProposedChange> {
    let changes = item["changes"].as_array().into_iter().flatten();
    changes
        .map(|change| ProposedChange {
            path: change["path"].as_str().unwrap_or_default().to_string(),
            kind: match change.pointer("/kind/type").and_then(Value::as_str) {
                Some("add") => FileChangeKind::Add,
                Some("delete") => FileChangeKind::Delete,
                _ => FileChangeKind::Update,
            },
            diff: change["diff"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agents::{turn_log::TurnLog, Adapter};
    use crate::events::{AgentEvent, ItemStatus};

    /// The events our Codex parser reads from `lines`.
    fn parsed(lines: &[Value]) -> TurnLog {
        let text: String = lines.iter().map(|line| format!("{line}\n")).collect();
        TurnLog::parse_all(Adapter::Codex, text.as_bytes())
    }

    #[test]
    fn a_turn_reads_like_codex_exec() {
        let mut t = Translator::default();
        let mut lines = vec![json!({"type": "thread.started", "thread_id": "th1"})];
        let notes = [
            ("turn/started", json!({"turn": {"id": "t1"}})),
            (
                "item/completed",
                json!({"item": {"type": "userMessage", "id": "u", "content": []}}),
            ),
            (
                "item/started",
                json!({"item": {"type": "commandExecution", "id": "c1", "command": "ls", "status": "inProgress", "cwd": "/ws", "commandActions": []}}),
            ),
            (
                "item/completed",
                json!({"item": {"type": "commandExecution", "id": "c1", "command": "ls", "aggregatedOutput": "a\n", "exitCode": 0, "status": "completed", "cwd": "/ws", "commandActions": []}}),
            ),
            (
                "item/completed",
                json!({"item": {"type": "reasoning", "id": "r1", "summary": ["think", "more"], "content": []}}),
            ),
            (
                "item/completed",
                json!({"item": {"type": "agentMessage", "id": "m1", "text": "Done."}}),
            ),
            (
                "item/completed",
                json!({"item": {"type": "plan", "id": "p1", "text": "1. x"}}),
            ),
            (
                "thread/tokenUsage/updated",
                json!({"tokenUsage": {"total": {"inputTokens": 100, "cachedInputTokens": 40, "outputTokens": 7, "reasoningOutputTokens": 2, "totalTokens": 107}, "last": {}}}),
            ),
            (
                "turn/completed",
                json!({"turn": {"id": "t1", "status": "completed", "items": []}}),
            ),
        ];
        for (method, params) in notes {
            lines.extend(t.notification(method, &params));
        }
        assert_eq!(t.ended(), Some(Ended::Completed));
        let log = parsed(&lines);
        assert_eq!(log.agent_session_id(), Some("th1"));
        let entries = log.entries();
        assert!(matches!(entries[0], AgentEvent::TurnStarted));
        assert_eq!(
            entries[1],
            AgentEvent::Command {
                command: "ls".into(),
                output: "a\n".into(),
                exit_code: Some(0),
                status: ItemStatus::Completed
            }
        );
        assert_eq!(
            entries[2],
            AgentEvent::Reasoning {
                text: "think\nmore".into()
            }
        );
        assert_eq!(
            entries[3],
            AgentEvent::AgentMessage {
                text: "Done.".into()
            }
        );
        assert!(matches!(&entries[4], AgentEvent::Unknown { raw } if raw["type"] == "plan"));
        let AgentEvent::TurnCompleted { usage, .. } = &entries[5] else {
            panic!("{entries:?}")
        };
        assert_eq!(
            (
                usage.input_tokens,
                usage.cached_input_tokens,
                usage.output_tokens
            ),
            (100, 40, 7)
        );
    }

    #[test]
    fn a_denied_command_shows_why_and_a_failed_turn_fails() {
        let mut t = Translator::default();
        let started = json!({"item": {"type": "fileChange", "id": "f1", "status": "inProgress",
            "changes": [{"path": "/etc/x", "kind": {"type": "add"}, "diff": "+hi\n"}]}});
        t.notification("item/started", &started);
        assert_eq!(t.proposed_changes("f1")[0].diff, "+hi\n");
        t.note_denial("c1", "The user denied this: no".into());
        let mut lines = t.notification(
            "item/completed",
            &json!({"item": {"type": "commandExecution", "id": "c1", "command": "rm x", "status": "declined", "cwd": "/", "commandActions": []}}),
        );
        lines.extend(t.notification(
            "turn/completed",
            &json!({"turn": {"id": "t", "status": "failed", "items": [], "error": {"message": "quota"}}}),
        ));
        assert_eq!(t.ended(), Some(Ended::Failed));
        let log = parsed(&lines);
        assert_eq!(
            log.entries()[0],
            AgentEvent::Command {
                command: "rm x".into(),
                output: "The user denied this: no".into(),
                exit_code: None,
                status: ItemStatus::Denied
            }
        );
        assert_eq!(
            log.entries()[1],
            AgentEvent::TurnFailed {
                message: "quota".into()
            }
        );
    }
}
