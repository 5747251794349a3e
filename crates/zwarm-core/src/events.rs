//! The normalized event model: one entry type for every agent CLI's output.
//!
//! Codex (`exec --json`) and Claude Code (`-p --output-format stream-json`)
//! describe the same things in different shapes. Parsers in `agents::*` turn
//! each CLI's lines into [`AgentEvent`]s, so the store, the UI, the pilot and
//! the `zwarm parse --json` output deal with one model only.
//!
//! Items that change while a turn runs (a command that starts, then finishes)
//! keep one position in a turn's event list: a later update replaces the
//! earlier entry at the same index rather than appending a second one.
//!
//! The serialized form (snake_case, tagged by `kind`) is a public contract of
//! `zwarm parse --json`: add fields, never rename them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::usage::TokenUsage;

/// One normalized entry of an agent session's transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AgentEvent {
    /// What the user (or a pilot) asked in this turn.
    UserMessage { text: String },
    /// The agent's reply text (Markdown).
    AgentMessage { text: String },
    /// Reasoning or thinking the CLI chose to show.
    Reasoning { text: String },
    /// A shell command (Codex `command_execution`, Claude `Bash`).
    Command {
        command: String,
        /// Combined output so far; complete once `status` is not `running`.
        output: String,
        exit_code: Option<i32>,
        status: ItemStatus,
    },
    /// Files written by the agent (Codex `file_change`, Claude `Edit`/`Write`/`MultiEdit`).
    FileChange {
        changes: Vec<FileChange>,
        status: ItemStatus,
    },
    /// A call to a tool of an MCP server.
    McpCall {
        server: String,
        tool: String,
        arguments: Value,
        result: Option<Value>,
        error: Option<String>,
        status: ItemStatus,
    },
    /// Any other tool call (Claude's Read, Grep, Task, ...).
    ToolCall {
        name: String,
        input: Value,
        output: Option<Value>,
        is_error: bool,
        status: ItemStatus,
    },
    /// A web search the agent ran.
    WebSearch { query: String, status: ItemStatus },
    /// The agent's to-do list as it stands now.
    TodoList { items: Vec<TodoItem> },
    /// A non-fatal error or retry notice ("Reconnecting... 1/5", a denied permission).
    /// Fatal failures are [`AgentEvent::TurnFailed`].
    Error { message: String },
    /// The CLI began working on the turn.
    TurnStarted,
    /// The CLI's own terminal success event, with the usage it reported.
    TurnCompleted {
        /// As the CLI reported it (Codex: cumulative over the thread;
        /// Claude: this run only). Per-turn figures live in the turn record.
        usage: TokenUsage,
        /// Cost the CLI itself reported (Claude's cumulative `total_cost_usd`).
        reported_cost_usd: Option<f64>,
    },
    /// The turn ended in failure, with the CLI's own message.
    TurnFailed { message: String },
    /// A line of a type we do not know, kept verbatim so nothing is dropped silently.
    Unknown { raw: Value },
}

/// Progress of an item that can run for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Running,
    Completed,
    Failed,
    /// The user or a policy refused it (Claude permission denials).
    Denied,
    /// The turn ended while it was still running (killed, or the CLI ended
    /// without reporting it finished). Never in a turn file: readers derive
    /// it from a `running` item of an ended turn (see [`AgentEvent::interrupt`]).
    Interrupted,
}

/// One file touched by a [`AgentEvent::FileChange`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FileChange {
    pub path: String,
    pub kind: FileChangeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum FileChangeKind {
    Add,
    Update,
    Delete,
}

/// One line of a [`AgentEvent::TodoList`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TodoItem {
    pub text: String,
    pub completed: bool,
}

impl AgentEvent {
    /// The `kind` tag as serialized (for filters and logs).
    pub fn kind(&self) -> &'static str {
        match self {
            AgentEvent::UserMessage { .. } => "user_message",
            AgentEvent::AgentMessage { .. } => "agent_message",
            AgentEvent::Reasoning { .. } => "reasoning",
            AgentEvent::Command { .. } => "command",
            AgentEvent::FileChange { .. } => "file_change",
            AgentEvent::McpCall { .. } => "mcp_call",
            AgentEvent::ToolCall { .. } => "tool_call",
            AgentEvent::WebSearch { .. } => "web_search",
            AgentEvent::TodoList { .. } => "todo_list",
            AgentEvent::Error { .. } => "error",
            AgentEvent::TurnStarted => "turn_started",
            AgentEvent::TurnCompleted { .. } => "turn_completed",
            AgentEvent::TurnFailed { .. } => "turn_failed",
            AgentEvent::Unknown { .. } => "unknown",
        }
    }
}

impl AgentEvent {
    /// Marks an item still `running` as `interrupted`: its turn has ended,
    /// so it will never finish. Returns whether anything changed.
    pub fn interrupt(&mut self) -> bool {
        let status = match self {
            AgentEvent::Command { status, .. }
            | AgentEvent::FileChange { status, .. }
            | AgentEvent::McpCall { status, .. }
            | AgentEvent::ToolCall { status, .. }
            | AgentEvent::WebSearch { status, .. } => status,
            _ => return false,
        };
        if *status != ItemStatus::Running {
            return false;
        }
        *status = ItemStatus::Interrupted;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_running_items_are_interrupted() {
        let mut running = AgentEvent::WebSearch {
            query: "q".into(),
            status: ItemStatus::Running,
        };
        assert!(running.interrupt());
        assert_eq!(
            serde_json::to_value(&running).unwrap(),
            json!({"kind": "web_search", "query": "q", "status": "interrupted"})
        );
        assert!(!running.interrupt(), "once");
        let mut done = AgentEvent::Command {
            command: "true".into(),
            output: String::new(),
            exit_code: Some(0),
            status: ItemStatus::Completed,
        };
        assert!(!done.interrupt());
        assert!(!AgentEvent::TurnStarted.interrupt());
    }

    #[test]
    fn serializes_with_the_public_kind_tag_and_field_names() {
        let event = AgentEvent::Command {
            command: "echo hi".into(),
            output: "hi\n".into(),
            exit_code: Some(0),
            status: ItemStatus::Completed,
        };
        let value = serde_json::to_value(&event).unwrap();
        assert_eq!(
            value,
            json!({"kind": "command", "command": "echo hi", "output": "hi\n", "exit_code": 0, "status": "completed"})
        );
        assert_eq!(event.kind(), "command");
        let back: AgentEvent = serde_json::from_value(value).unwrap();
        assert_eq!(back, event);
    }

    #[test]
    fn unit_variants_serialize_as_a_bare_kind() {
        assert_eq!(
            serde_json::to_value(AgentEvent::TurnStarted).unwrap(),
            json!({"kind": "turn_started"})
        );
    }
}
