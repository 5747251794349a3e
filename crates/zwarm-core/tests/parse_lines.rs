//! Hand-written lines for shapes the recordings do not cover.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;
use zwarm_core::agents::{Adapter, Change, ChangeKind, TurnLog, TurnOutcome};
use zwarm_core::events::{AgentEvent, FileChange, FileChangeKind, ItemStatus, TodoItem};
use zwarm_core::usage::TokenUsage;

fn changes(pairs: &[(usize, ChangeKind)]) -> Vec<Change> {
    pairs
        .iter()
        .map(|&(index, kind)| Change { index, kind })
        .collect()
}

#[test]
fn codex_item_started_then_completed_is_one_entry_replaced() {
    let mut log = TurnLog::new(Adapter::Codex);
    let started = log.push_line(
        br#"{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"ls","aggregated_output":"","exit_code":null,"status":"in_progress"}}"#,
    );
    assert_eq!(started, changes(&[(0, ChangeKind::Appended)]));
    assert_eq!(
        log.entries()[0],
        AgentEvent::Command {
            command: "ls".into(),
            output: String::new(),
            exit_code: None,
            status: ItemStatus::Running
        }
    );
    let done = log.push_line(
        br#"{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"ls","aggregated_output":"a\n","exit_code":0,"status":"completed"}}"#,
    );
    assert_eq!(done, changes(&[(0, ChangeKind::Replaced)]));
    assert_eq!(
        log.entries(),
        [AgentEvent::Command {
            command: "ls".into(),
            output: "a\n".into(),
            exit_code: Some(0),
            status: ItemStatus::Completed
        }]
    );
}

#[test]
fn codex_declined_command_is_denied() {
    let mut log = TurnLog::new(Adapter::Codex);
    log.push_line(br#"{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":"rm -rf /","status":"declined"}}"#);
    assert!(matches!(
        log.entries()[0],
        AgentEvent::Command {
            status: ItemStatus::Denied,
            ..
        }
    ));
}

#[test]
fn codex_mcp_tool_call_with_object_result_and_string_or_object_error() {
    let mut log = TurnLog::new(Adapter::Codex);
    log.push_line(
        br#"{"type":"item.completed","item":{"id":"item_0","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{"q":"x"},"result":{"content":[{"type":"text","text":"hit"}]},"error":null,"status":"completed"}}"#,
    );
    log.push_line(
        br#"{"type":"item.completed","item":{"id":"item_1","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{},"result":null,"error":{"message":"boom"},"status":"failed"}}"#,
    );
    log.push_line(
        br#"{"type":"item.completed","item":{"id":"item_2","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{},"error":"plain","status":"failed"}}"#,
    );
    assert_eq!(
        log.entries()[0],
        AgentEvent::McpCall {
            server: "docs".into(),
            tool: "search".into(),
            arguments: json!({"q": "x"}),
            result: Some(json!({"content": [{"type": "text", "text": "hit"}]})),
            error: None,
            status: ItemStatus::Completed,
        }
    );
    assert!(
        matches!(&log.entries()[1], AgentEvent::McpCall { error: Some(e), result: None, status: ItemStatus::Failed, .. } if e == "boom")
    );
    assert!(
        matches!(&log.entries()[2], AgentEvent::McpCall { error: Some(e), .. } if e == "plain")
    );
}

#[test]
fn codex_todo_list_web_search_file_change_and_error_items() {
    let mut log = TurnLog::new(Adapter::Codex);
    log.push_line(br#"{"type":"item.started","item":{"id":"item_0","type":"todo_list","items":[{"text":"a","completed":true},{"text":"b","completed":false}]}}"#);
    log.push_line(br#"{"type":"item.started","item":{"id":"item_1","type":"web_search","query":"rust serde"}}"#);
    log.push_line(br#"{"type":"item.completed","item":{"id":"item_1","type":"web_search","query":"rust serde"}}"#);
    log.push_line(br#"{"type":"item.completed","item":{"id":"item_2","type":"file_change","changes":[{"path":"a.rs","kind":"add"},{"path":"b.rs","kind":"delete"},{"path":"c.rs","kind":"update"}],"status":"completed"}}"#);
    log.push_line(br#"{"type":"item.completed","item":{"id":"item_3","type":"error","message":"model metadata not found"}}"#);
    let file = |path: &str, kind| FileChange {
        path: path.into(),
        kind,
    };
    assert_eq!(
        log.entries(),
        [
            AgentEvent::TodoList {
                items: vec![
                    TodoItem {
                        text: "a".into(),
                        completed: true
                    },
                    TodoItem {
                        text: "b".into(),
                        completed: false
                    }
                ]
            },
            AgentEvent::WebSearch {
                query: "rust serde".into(),
                status: ItemStatus::Completed
            },
            AgentEvent::FileChange {
                changes: vec![
                    file("a.rs", FileChangeKind::Add),
                    file("b.rs", FileChangeKind::Delete),
                    file("c.rs", FileChangeKind::Update)
                ],
                status: ItemStatus::Completed,
            },
            AgentEvent::Error {
                message: "model metadata not found".into()
            },
        ]
    );
    assert_eq!(log.last_error(), Some("model metadata not found"));
}

#[test]
fn codex_unknown_item_types_and_line_types_are_kept() {
    let mut log = TurnLog::new(Adapter::Codex);
    log.push_line(
        br#"{"type":"item.completed","item":{"id":"item_0","type":"collab_tool_call","x":1}}"#,
    );
    log.push_line(br#"{"type":"thread.archived","why":"test"}"#);
    assert_eq!(
        log.entries(),
        [
            AgentEvent::Unknown {
                raw: json!({"id": "item_0", "type": "collab_tool_call", "x": 1})
            },
            AgentEvent::Unknown {
                raw: json!({"type": "thread.archived", "why": "test"})
            },
        ]
    );
}

#[test]
fn malformed_line_in_the_middle_is_counted_and_the_rest_read() {
    let input = b"{\"type\":\"turn.started\"}\n\nnot json at all\n[1,2]\n{\"type\":\"error\",\"message\":\"x\"}\n";
    let log = TurnLog::parse_all(Adapter::Codex, input);
    assert_eq!(log.malformed_lines(), 2);
    let samples = log.malformed_samples();
    assert_eq!((samples[0].line, samples[1].line), (3, 4));
    assert!(
        samples[0].reason.starts_with("invalid JSON"),
        "{}",
        samples[0].reason
    );
    assert_eq!(samples[1].reason, "not a JSON object but an array");
    assert_eq!(log.entries().len(), 2);
}

#[test]
fn chunk_split_mid_line_waits_for_the_newline() {
    let mut log = TurnLog::new(Adapter::Codex);
    assert!(log
        .push_bytes(b"{\"type\":\"thread.started\",\"thread_id\":\"abc\"}\n{\"type\":\"tu")
        .is_empty());
    assert_eq!(log.agent_session_id(), Some("abc"));
    assert_eq!(log.entries().len(), 0);
    assert_eq!(
        log.push_bytes(b"rn.started\"}\n{\"type\":\"error\",").len(),
        1
    );
    assert_eq!(log.entries(), [AgentEvent::TurnStarted]);
    assert!(log.push_bytes(b"\"message\":\"last words\"}").is_empty());
    assert_eq!(log.finish(), changes(&[(1, ChangeKind::Appended)]));
    assert_eq!(log.last_error(), Some("last words"));
    assert_eq!(log.malformed_lines(), 0);
}

#[test]
fn crlf_line_endings_are_accepted() {
    let log = TurnLog::parse_all(
        Adapter::Codex,
        b"{\"type\":\"turn.started\"}\r\n{\"type\":\"turn.started\"}\r\n",
    );
    assert_eq!((log.entries().len(), log.malformed_lines()), (2, 0));
}

fn assistant_tool_use(id: &str, name: &str, input: serde_json::Value) -> Vec<u8> {
    let line = json!({"type": "assistant", "session_id": "s", "message": {"id": "m", "model": "claude-x",
        "content": [{"type": "tool_use", "id": id, "name": name, "input": input}]}});
    serde_json::to_vec(&line).unwrap()
}

fn tool_result(
    id: &str,
    content: serde_json::Value,
    is_error: bool,
    detail: serde_json::Value,
) -> Vec<u8> {
    let line = json!({"type": "user", "message": {"role": "user",
        "content": [{"type": "tool_result", "tool_use_id": id, "content": content, "is_error": is_error}]},
        "tool_use_result": detail});
    serde_json::to_vec(&line).unwrap()
}

#[test]
fn claude_write_tool_is_an_add_refined_to_update_by_its_result() {
    let mut log = TurnLog::new(Adapter::Claude);
    log.push_line(&assistant_tool_use(
        "t1",
        "Write",
        json!({"file_path": "/w/new.txt", "content": "x"}),
    ));
    log.push_line(&assistant_tool_use(
        "t2",
        "Write",
        json!({"file_path": "/w/old.txt", "content": "y"}),
    ));
    let file = |path: &str, kind, status| AgentEvent::FileChange {
        changes: vec![FileChange {
            path: path.into(),
            kind,
        }],
        status,
    };
    assert_eq!(
        log.entries()[0],
        file("/w/new.txt", FileChangeKind::Add, ItemStatus::Running)
    );
    log.push_line(&tool_result(
        "t1",
        json!("File created"),
        false,
        json!({"type": "create", "filePath": "/w/new.txt"}),
    ));
    let changed = log.push_line(&tool_result(
        "t2",
        json!("Updated"),
        false,
        json!({"type": "update", "filePath": "/w/old.txt"}),
    ));
    assert_eq!(changed, changes(&[(1, ChangeKind::Replaced)]));
    assert_eq!(
        log.entries(),
        [
            file("/w/new.txt", FileChangeKind::Add, ItemStatus::Completed),
            file("/w/old.txt", FileChangeKind::Update, ItemStatus::Completed)
        ]
    );
    assert_eq!(log.model(), Some("claude-x"));
}

#[test]
fn claude_tools_map_to_their_entries_and_results_pair_by_id() {
    let mut log = TurnLog::new(Adapter::Claude);
    log.push_line(&assistant_tool_use(
        "e",
        "Edit",
        json!({"file_path": "/w/a.rs", "old_string": "a", "new_string": "b"}),
    ));
    log.push_line(&assistant_tool_use("todo", "TodoWrite", json!({"todos": [{"content": "x", "status": "completed"}, {"content": "y", "status": "pending"}]})));
    log.push_line(&assistant_tool_use(
        "ws",
        "WebSearch",
        json!({"query": "tauri specta"}),
    ));
    log.push_line(&assistant_tool_use(
        "mcp",
        "mcp__docs__search_all",
        json!({"q": 1}),
    ));
    log.push_line(&assistant_tool_use(
        "r",
        "Read",
        json!({"file_path": "/w/a.rs"}),
    ));
    log.push_line(&tool_result(
        "mcp",
        json!([{"type": "text", "text": "one"}, {"type": "text", "text": "two"}]),
        false,
        json!([{"type": "text", "text": "one"}]),
    ));
    log.push_line(&tool_result(
        "r",
        json!([{"type": "text", "text": "body"}]),
        true,
        json!("Error: nope"),
    ));
    let e = log.entries();
    assert!(
        matches!(&e[0], AgentEvent::FileChange { changes, .. } if changes[0].kind == FileChangeKind::Update)
    );
    assert_eq!(
        e[1],
        AgentEvent::TodoList {
            items: vec![
                TodoItem {
                    text: "x".into(),
                    completed: true
                },
                TodoItem {
                    text: "y".into(),
                    completed: false
                }
            ]
        }
    );
    assert_eq!(
        e[2],
        AgentEvent::WebSearch {
            query: "tauri specta".into(),
            status: ItemStatus::Running
        }
    );
    assert_eq!(
        e[3],
        AgentEvent::McpCall {
            server: "docs".into(),
            tool: "search_all".into(),
            arguments: json!({"q": 1}),
            result: Some(json!([{"type": "text", "text": "one"}])),
            error: None,
            status: ItemStatus::Completed,
        }
    );
    assert_eq!(
        e[4],
        AgentEvent::ToolCall {
            name: "Read".into(),
            input: json!({"file_path": "/w/a.rs"}),
            output: Some(json!("Error: nope")),
            is_error: true,
            status: ItemStatus::Failed,
        }
    );
}

#[test]
fn claude_plain_user_text_and_max_turns_failure() {
    let mut log = TurnLog::new(Adapter::Claude);
    log.push_line(br#"{"type":"user","message":{"role":"user","content":"hello there"}}"#);
    log.push_line(br#"{"type":"result","subtype":"error_max_turns","is_error":false,"terminal_reason":"max_turns","total_cost_usd":0.5,"usage":{"input_tokens":1}}"#);
    assert_eq!(
        log.entries()[0],
        AgentEvent::UserMessage {
            text: "hello there".into()
        }
    );
    assert_eq!(
        log.outcome(Some(0)),
        zwarm_core::agents::TurnOutcome::Failed {
            message: "max_turns".into()
        }
    );
}

#[test]
fn claude_permission_denials_in_the_result_mark_the_call_denied() {
    let mut log = TurnLog::new(Adapter::Claude);
    log.push_line(&assistant_tool_use(
        "w",
        "Write",
        json!({"file_path": "/w/x", "content": ""}),
    ));
    let line = json!({"type": "result", "subtype": "success", "is_error": false, "terminal_reason": "completed",
        "total_cost_usd": 0.25, "usage": {"input_tokens": 10, "cache_read_input_tokens": 5, "cache_creation_input_tokens": 3, "output_tokens": 2},
        "permission_denials": [{"tool_name": "Write", "tool_use_id": "w", "tool_input": {}}]});
    let changed = log.push_line(&serde_json::to_vec(&line).unwrap());
    assert_eq!(
        changed,
        changes(&[(0, ChangeKind::Replaced), (1, ChangeKind::Appended)])
    );
    assert!(matches!(
        log.entries()[0],
        AgentEvent::FileChange {
            status: ItemStatus::Denied,
            ..
        }
    ));
    let usage = zwarm_core::TokenUsage {
        input_tokens: 18,
        cached_input_tokens: 5,
        cache_write_input_tokens: 3,
        output_tokens: 2,
        reasoning_output_tokens: 0,
    };
    assert_eq!(
        log.entries()[1],
        AgentEvent::TurnCompleted {
            usage,
            reported_cost_usd: Some(0.25)
        }
    );
    assert_eq!(
        log.outcome(Some(0)),
        zwarm_core::agents::TurnOutcome::Completed
    );
}

#[test]
fn claude_death_without_result_reports_the_last_error() {
    let mut log = TurnLog::new(Adapter::Claude);
    log.push_line(br#"{"type":"system","subtype":"api_retry","attempt":3,"max_retries":3,"error":"overloaded_error"}"#);
    assert_eq!(
        log.outcome(Some(1)),
        zwarm_core::agents::TurnOutcome::Failed {
            message: "API retry 3/3: overloaded_error".into()
        }
    );
    assert_eq!(
        TurnLog::new(Adapter::Claude).outcome(Some(0)),
        zwarm_core::agents::TurnOutcome::Incomplete
    );
}

#[test]
fn codex_odd_shapes_degrade_instead_of_failing() {
    let mut log = TurnLog::new(Adapter::Codex);
    log.push_line(br#"{"type":"item.completed","item":5}"#);
    log.push_line(br#"{"type":"turn.started","type":"turn.started"}"#);
    log.push_line(br#"[1,2,3,4,5,6]"#);
    log.push_line(br#"{"type":"item.completed","item":{"id":"item_0","type":"command_execution","command":7,"exit_code":"zero","status":null}}"#);
    assert_eq!(log.malformed_lines(), 1);
    assert_eq!(
        log.entries(),
        [
            AgentEvent::Unknown {
                raw: json!({"type": "item.completed", "item": 5})
            },
            AgentEvent::Unknown {
                raw: json!({"type": "turn.started"})
            },
            AgentEvent::Command {
                command: String::new(),
                output: String::new(),
                exit_code: None,
                status: ItemStatus::Completed
            },
        ]
    );
}

#[test]
fn one_push_reports_each_entry_once_in_index_order() {
    let mut log = TurnLog::new(Adapter::Codex);
    log.push_bytes(b"{\"type\":\"turn.started\"}\n");
    let lines = concat!(
        r#"{"type":"item.started","item":{"id":"a","type":"command_execution","command":"ls","aggregated_output":"","status":"in_progress"}}"#,
        "\n",
        r#"{"type":"item.completed","item":{"id":"b","type":"agent_message","text":"hi"}}"#,
        "\n",
        r#"{"type":"item.completed","item":{"id":"a","type":"command_execution","command":"ls","aggregated_output":"x","exit_code":0,"status":"completed"}}"#,
        "\n",
    );
    // `a` was appended in this push and then updated: it stays `Appended`, once.
    assert_eq!(
        log.push_bytes(lines.as_bytes()),
        changes(&[(1, ChangeKind::Appended), (2, ChangeKind::Appended)])
    );
    let update = r#"{"type":"item.updated","item":{"id":"a","type":"command_execution","command":"ls","aggregated_output":"xy","status":"in_progress"}}"#;
    let twice = format!("{update}\n{update}\n");
    assert_eq!(
        log.push_bytes(twice.as_bytes()),
        changes(&[(1, ChangeKind::Replaced)])
    );
}

#[test]
fn claude_odd_shapes_degrade_and_unknown_blocks_are_kept_verbatim() {
    let mut log = TurnLog::new(Adapter::Claude);
    log.push_line(br#"{"type":"assistant","session_id":7,"is_api_error_message":"yes","message":{"model":["x"],"content":["loose",{"type":"text","text":"a\u00e9"},{"type":"server_tool_use","id":"s1","input":{"q":1}},{"type":"thinking","thinking":5}]}}"#);
    log.push_line(br#"{"type":"assistant","message":"hello"}"#);
    log.push_line(br#"{"type":"user","message":{"content":42}}"#);
    log.push_line(br#"{"type":"rate_limit_event","type":"rate_limit_event","n":1}"#);
    log.push_line(br#"{"type":"result","subtype":"success","session_id":"s-9","usage":{"input_tokens":"12","output_tokens":3,"output_tokens_details":[1]},"total_cost_usd":"free","permission_denials":{"x":1}}"#);
    assert_eq!(log.malformed_lines(), 0);
    assert_eq!(log.agent_session_id(), Some("s-9"));
    assert_eq!(log.model(), None);
    assert_eq!(
        log.entries(),
        [
            AgentEvent::AgentMessage {
                text: "a\u{e9}".into()
            },
            AgentEvent::Unknown {
                raw: json!({"type": "server_tool_use", "id": "s1", "input": {"q": 1}})
            },
            AgentEvent::Reasoning {
                text: String::new()
            },
            AgentEvent::Unknown {
                raw: json!({"type": "rate_limit_event", "n": 1})
            },
            AgentEvent::TurnCompleted {
                usage: TokenUsage {
                    output_tokens: 3,
                    ..TokenUsage::default()
                },
                reported_cost_usd: None
            },
        ]
    );
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Completed);
}

#[test]
fn claude_last_message_uuid_is_where_a_fork_resumes() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/claude/turn1.jsonl"),
    )
    .unwrap();
    let log = TurnLog::parse_all(Adapter::Claude, &bytes);
    assert_eq!(
        log.last_message_uuid(),
        Some("19e00922-aa22-43d0-8e7a-210ea6a3f7e9")
    );
    // System and result lines carry uuids too; only message lines count.
    let mut log = TurnLog::new(Adapter::Claude);
    log.push_line(br#"{"type":"assistant","uuid":"m-1","session_id":"s","message":{"content":[{"type":"text","text":"hi"}]}}"#);
    log.push_line(
        br#"{"type":"result","subtype":"success","uuid":"r-1","session_id":"s","usage":{}}"#,
    );
    assert_eq!(log.last_message_uuid(), Some("m-1"));
    assert_eq!(TurnLog::new(Adapter::Codex).last_message_uuid(), None);
}
