//! A minimal MCP server (JSON-RPC over stdio lines) with one tool, `echo`.
//!
//! The agent CLIs start it from their MCP configuration; the fake model then
//! calls `echo`, so a test sees the whole MCP path of a real CLI work offline.
//! The stdio loop is the `fake-mcp` binary of the `zwarm-tests` package; the
//! protocol answers live here so they are unit-tested.

use serde_json::{json, Value};

/// The reply line for one request line, or `None` for notifications and
/// lines that are not JSON-RPC requests (which MCP says to ignore).
pub fn reply_to_line(line: &str) -> Option<String> {
    let message: Value = serde_json::from_str(line).ok()?;
    let id = message.get("id")?.clone();
    let method = message.get("method").and_then(Value::as_str).unwrap_or_default();
    let params = message.get("params").cloned().unwrap_or(Value::Null);
    let reply = match answer(method, &params) {
        Some(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
        None => json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32601, "message": "method not found"}}),
    };
    Some(reply.to_string())
}

fn answer(method: &str, params: &Value) -> Option<Value> {
    match method {
        "initialize" => Some(json!({
            "protocolVersion": params.get("protocolVersion").cloned().unwrap_or(json!("2025-06-18")),
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "echo", "version": "1.0.0"},
        })),
        "tools/list" => Some(json!({"tools": [{
            "name": "echo",
            "description": "Returns its text argument.",
            "inputSchema": {
                "type": "object",
                "properties": {"text": {"type": "string"}},
                "required": ["text"],
            },
        }]})),
        "tools/call" => {
            let text = params.pointer("/arguments/text").and_then(Value::as_str).unwrap_or_default();
            Some(json!({"content": [{"type": "text", "text": format!("echo: {text}")}], "isError": false}))
        }
        "ping" => Some(json!({})),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(line: &str) -> Value {
        serde_json::from_str(&reply_to_line(line).expect("a reply")).unwrap()
    }

    #[test]
    fn answers_the_handshake_and_lists_echo() {
        let init = reply(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-03-26"}}"#);
        assert_eq!(init["result"]["protocolVersion"], "2025-03-26");
        let list = reply(r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#);
        assert_eq!(list["result"]["tools"][0]["name"], "echo");
    }

    #[test]
    fn echo_returns_its_text() {
        let call = reply(r#"{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}"#);
        assert_eq!(call["id"], "a");
        assert_eq!(call["result"]["content"][0]["text"], "echo: hi");
    }

    #[test]
    fn ignores_notifications_and_garbage_and_rejects_unknown_methods() {
        assert!(reply_to_line(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).is_none());
        assert!(reply_to_line("not json").is_none());
        assert_eq!(reply(r#"{"jsonrpc":"2.0","id":3,"method":"nope"}"#)["error"]["code"], -32601);
    }
}
