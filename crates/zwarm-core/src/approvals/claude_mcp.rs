//! The stdio MCP server behind Claude's `--permission-prompt-tool` in "Ask
//! me" mode: one tool, [`TOOL_NAME`], which Claude calls with
//! `{tool_name, input, tool_use_id}` whenever a tool needs permission. The
//! call turns into a pending approval (see [`ApprovalStore::ask`]) and is
//! answered, once decided, with the text Claude expects:
//! `{"behavior":"allow","updatedInput":{...}}` or
//! `{"behavior":"deny","message":"..."}`.
//!
//! MCP here is JSON-RPC 2.0, one message per line on stdin and stdout; we
//! answer `initialize`, `tools/list`, `tools/call` and `ping`, and ignore
//! notifications. Each call waits on a thread of its own, so a second
//! request (or a ping) is answered while the first waits for the user.

use std::io::{BufRead, Write};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

use super::turn::TurnApprovals;
use super::{ApprovalAction, ProposedChange};
use crate::events::FileChangeKind;

/// The server's name in Claude's `--mcp-config`.
pub const SERVER_NAME: &str = "zwarm";
/// The tool's name; Claude knows it as `mcp__zwarm__approval_prompt`.
pub const TOOL_NAME: &str = "approval_prompt";

/// The server of one turn's permission requests.
#[derive(Debug, Clone)]
pub struct McpServer {
    pub turn: TurnApprovals,
}

impl McpServer {
    /// Serves requests from `input` until it ends, answering on `output`.
    pub fn serve(&self, input: impl BufRead, output: impl Write + Send + 'static) {
        let output = Arc::new(Mutex::new(output));
        for line in input.lines() {
            let Ok(line) = line else { break };
            let Ok(message) = serde_json::from_str::<Value>(&line) else {
                continue;
            };
            let Some(id) = message.get("id").cloned() else {
                continue; // a notification
            };
            let method = message.get("method").and_then(Value::as_str).unwrap_or("");
            let params = message.get("params").cloned().unwrap_or(Value::Null);
            if method == "tools/call" {
                let server = self.clone();
                let shared = Arc::clone(&output);
                let waiting = std::thread::Builder::new()
                    .name("zwarm-approval".into())
                    .spawn(move || {
                        let result = server.call(&params);
                        send(
                            &shared,
                            json!({"jsonrpc": "2.0", "id": id, "result": result}),
                        );
                    });
                if let Err(error) = waiting {
                    let refusal = json!({"behavior": "deny",
                        "message": format!("zwarm could not wait for the user ({error}), so this was denied.")});
                    let id = message.get("id").cloned();
                    send(
                        &output,
                        json!({"jsonrpc": "2.0", "id": id,
                        "result": tool_text(&refusal.to_string(), false)}),
                    );
                }
                continue;
            }
            let reply = match answer(method, &params) {
                Some(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
                None => json!({"jsonrpc": "2.0", "id": id,
                    "error": {"code": -32601, "message": format!("zwarm has no method {method:?}")}}),
            };
            send(&output, reply);
        }
        // Stdin closed: Claude is done with us. Calls still waiting have
        // nobody to answer; their requests go when the turn is finalized.
    }

    /// The result of one `tools/call`: the permission answer as text.
    fn call(&self, params: &Value) -> Value {
        let name = params.get("name").and_then(Value::as_str).unwrap_or("");
        if name != TOOL_NAME {
            return tool_text(&format!("zwarm has no tool {name:?}"), true);
        }
        let arguments = params.get("arguments").cloned().unwrap_or(Value::Null);
        let tool = arguments
            .get("tool_name")
            .and_then(Value::as_str)
            .unwrap_or("a tool");
        let input = arguments.get("input").cloned().unwrap_or_else(|| json!({}));
        let approval = self.turn.request("claude", action_of(tool, &input), None);
        let verdict = match self.turn.store().ask(&approval, self.turn.timeout) {
            Ok(decision) if decision.approved => json!({
                "behavior": "allow",
                "updatedInput": decision.updated_input.unwrap_or(input),
            }),
            Ok(decision) => json!({"behavior": "deny", "message": decision.denial_message()}),
            Err(error) => json!({
                "behavior": "deny",
                "message": format!("zwarm could not ask the user ({error}), so this was denied."),
            }),
        };
        tool_text(&verdict.to_string(), false)
    }
}

/// What Claude's tool call `tool` with `input` would do, as the user sees it.
pub fn action_of(tool: &str, input: &Value) -> ApprovalAction {
    let text = |key: &str| input.get(key).and_then(Value::as_str).unwrap_or("");
    let edit = |old: &str, new: &str| {
        let mut diff = String::new();
        for line in old.lines() {
            diff.push_str(&format!("-{line}\n"));
        }
        for line in new.lines() {
            diff.push_str(&format!("+{line}\n"));
        }
        diff
    };
    let change = |kind, diff| ApprovalAction::FileChange {
        changes: vec![ProposedChange {
            path: text("file_path").to_string(),
            kind,
            diff,
        }],
    };
    match tool {
        "Bash" if !text("command").is_empty() => ApprovalAction::Command {
            command: text("command").to_string(),
        },
        "Edit" => change(
            FileChangeKind::Update,
            edit(text("old_string"), text("new_string")),
        ),
        "MultiEdit" => {
            let edits = input.get("edits").and_then(Value::as_array);
            let diff = edits
                .into_iter()
                .flatten()
                .map(|e| {
                    let field = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("");
                    edit(field("old_string"), field("new_string"))
                })
                .collect::<Vec<_>>()
                .join("\n");
            change(FileChangeKind::Update, diff)
        }
        "Write" => {
            let exists = std::path::Path::new(text("file_path")).exists();
            let kind = if exists {
                FileChangeKind::Update
            } else {
                FileChangeKind::Add
            };
            change(kind, edit("", text("content")))
        }
        _ => ApprovalAction::Tool {
            name: tool.to_string(),
            input: input.clone(),
        },
    }
}

/// The answers that need no waiting.
fn answer(method: &str, params: &Value) -> Option<Value> {
    match method {
        "initialize" => Some(json!({
            "protocolVersion": params.get("protocolVersion").cloned().unwrap_or(json!("2025-06-18")),
            "capabilities": {"tools": {}},
            "serverInfo": {"name": SERVER_NAME, "version": crate::VERSION},
        })),
        "tools/list" => Some(json!({"tools": [{
            "name": TOOL_NAME,
            "description": "Asks the zwarm user to approve or deny a tool call.",
            "inputSchema": {
                "type": "object",
                "properties": {
                    "tool_name": {"type": "string"},
                    "input": {"type": "object"},
                    "tool_use_id": {"type": "string"},
                },
                "required": ["tool_name", "input"],
            },
        }]})),
        "ping" => Some(json!({})),
        _ => None,
    }
}

fn tool_text(text: &str, is_error: bool) -> Value {
    json!({"content": [{"type": "text", "text": text}], "isError": is_error})
}

fn send(output: &Mutex<impl Write>, message: Value) {
    let mut output = match output.lock() {
        Ok(output) => output,
        Err(poisoned) => poisoned.into_inner(),
    };
    // Claude gone: nobody to tell.
    let _ = writeln!(output, "{message}").and_then(|()| output.flush());
}

#[cfg(test)]
#[path = "claude_mcp_tests.rs"]
mod tests;
