//! The tools the pilot LLM sees: names, what they are for, JSON schemas.
//!
//! zwarm exposed tools the pilot must not use (`exit`, its legacy agents) and
//! relied on the prompt to keep it off them (§10.14); here the pilot is shown
//! exactly the tools it may call.

use serde_json::json;
use zwarm_llm::ToolSpec;

pub const DELEGATE: &str = "delegate";
pub const CONVERSE: &str = "converse";
pub const CHECK_SESSION: &str = "check_session";
pub const GET_TRAJECTORY: &str = "get_trajectory";
pub const LIST_SESSIONS: &str = "list_sessions";
pub const END_SESSION: &str = "end_session";
pub const WAIT: &str = "wait";

fn spec(name: &str, description: &str, parameters: serde_json::Value) -> ToolSpec {
    ToolSpec {
        name: name.to_string(),
        description: description.to_string(),
        parameters,
    }
}

/// Every tool of the pilot.
pub fn tool_specs() -> Vec<ToolSpec> {
    vec![
        spec(
            DELEGATE,
            "Start a new coding-agent session that works on a task in the workspace. Returns at once with the \
             session id; the agent works in the background. Use `wait` to let it work, then `check_session`.",
            json!({
                "type": "object",
                "properties": {
                    "task": {"type": "string", "description": "Everything the agent needs to know: goal, files, constraints, how to check its work."},
                    "adapter": {"type": "string", "enum": ["codex", "claude"], "description": "Which agent CLI; default codex."},
                    "model": {"type": "string", "description": "The agent's model; default: the CLI's own."},
                    "working_dir": {"type": "string", "description": "A folder inside the workspace, relative to its root; default the root."},
                    "worktree": {"type": "boolean", "description": "Run in a git worktree of its own (its own branch), so agents working in parallel never write over each other; default: the workspace's setting."}
                },
                "required": ["task"],
                "additionalProperties": false
            }),
        ),
        spec(
            CONVERSE,
            "Send a follow-up message to a session whose turn has finished (same agent, same context). Returns at once.",
            json!({
                "type": "object",
                "properties": {
                    "session_id": {"type": "string", "description": "The session's id or a unique prefix."},
                    "message": {"type": "string"}
                },
                "required": ["session_id", "message"],
                "additionalProperties": false
            }),
        ),
        spec(
            CHECK_SESSION,
            "A session's status, its last reply, tokens, cost and errors.",
            json!({
                "type": "object",
                "properties": {"session_id": {"type": "string"}},
                "required": ["session_id"],
                "additionalProperties": false
            }),
        ),
        spec(
            GET_TRAJECTORY,
            "What a session did step by step: messages, commands with exit codes, file changes, tool calls. \
             The last steps by default; `full` for all of them (long).",
            json!({
                "type": "object",
                "properties": {
                    "session_id": {"type": "string"},
                    "full": {"type": "boolean", "description": "Every step instead of the last ones."}
                },
                "required": ["session_id"],
                "additionalProperties": false
            }),
        ),
        spec(
            LIST_SESSIONS,
            "The sessions of the workspace with status, agent, turns and cost.",
            json!({
                "type": "object",
                "properties": {
                    "status": {"type": "string", "enum": ["pending", "running", "completed", "failed", "killed"]}
                },
                "additionalProperties": false
            }),
        ),
        spec(
            END_SESSION,
            "Stop a session's running turn; with `delete` also remove the session and its logs.",
            json!({
                "type": "object",
                "properties": {
                    "session_id": {"type": "string"},
                    "delete": {"type": "boolean"}
                },
                "required": ["session_id"],
                "additionalProperties": false
            }),
        ),
        spec(
            WAIT,
            "Wait until one of the watched sessions finishes its turn, or `seconds` pass, whichever comes first. \
             Without `session_ids`, watches every running session this pilot started.",
            json!({
                "type": "object",
                "properties": {
                    "seconds": {"type": "number", "description": "The longest to wait (at most 600)."},
                    "session_ids": {"type": "array", "items": {"type": "string"}}
                },
                "required": ["seconds"],
                "additionalProperties": false
            }),
        ),
    ]
}
