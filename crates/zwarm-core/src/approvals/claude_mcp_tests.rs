use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;

use serde_json::{json, Value};

use super::*;
use crate::approvals::{Answer, Approval, ApprovalStore};

/// A server on a socket pair, as Claude would talk to it: lines in, lines out.
struct Client {
    to_server: UnixStream,
    from_server: BufReader<UnixStream>,
}

impl Client {
    fn start(server: McpServer) -> Client {
        let (ours, theirs) = UnixStream::pair().unwrap();
        let (answers_in, answers_out) = UnixStream::pair().unwrap();
        std::thread::spawn(move || server.serve(BufReader::new(theirs), answers_out));
        Client {
            to_server: ours,
            from_server: BufReader::new(answers_in),
        }
    }

    fn send(&mut self, message: Value) {
        writeln!(self.to_server, "{message}").unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut line = String::new();
        self.from_server.read_line(&mut line).unwrap();
        serde_json::from_str(&line).unwrap()
    }

    /// The permission answer inside a `tools/call` result.
    fn verdict(reply: &Value) -> Value {
        let text = reply["result"]["content"][0]["text"].as_str().unwrap();
        serde_json::from_str(text).unwrap()
    }
}

fn server(dir: &std::path::Path) -> McpServer {
    McpServer {
        turn: TurnApprovals {
            state_dir: dir.to_path_buf(),
            session_id: "s1".into(),
            turn: 2,
            cwd: "/ws".into(),
            timeout: None,
        },
    }
}

fn call(id: u32, tool: &str, input: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
        "params": {"name": TOOL_NAME, "arguments": {"tool_name": tool, "input": input, "tool_use_id": "toolu_1"}}})
}

/// Waits for the request the server writes, then answers it.
fn answer_next(store: &ApprovalStore, answer: Answer) -> Approval {
    loop {
        if let Some(pending) = store.pending().approvals.into_iter().next() {
            store.decide(&pending.id, answer, "cli").unwrap();
            return pending;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn it_introduces_itself_and_lists_its_one_tool() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::start(server(dir.path()));
    client.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-03-26"}}));
    let init = client.receive();
    assert_eq!(init["result"]["protocolVersion"], "2025-03-26");
    assert_eq!(init["result"]["serverInfo"]["name"], SERVER_NAME);
    client.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    client.send(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}));
    let list = client.receive();
    assert_eq!(list["id"], 2, "the notification got no answer");
    assert_eq!(list["result"]["tools"][0]["name"], TOOL_NAME);
    client.send(json!({"jsonrpc": "2.0", "id": 3, "method": "resources/list"}));
    assert_eq!(client.receive()["error"]["code"], -32601);
}

#[test]
fn an_approved_command_is_allowed_with_its_input_and_a_denied_one_carries_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let store = ApprovalStore::new(dir.path());
    let mut client = Client::start(server(dir.path()));

    client.send(call(
        7,
        "Bash",
        json!({"command": "touch /etc/x", "description": "d"}),
    ));
    let asked = answer_next(&store, Answer::approve());
    assert_eq!(
        asked.action,
        ApprovalAction::Command {
            command: "touch /etc/x".into()
        }
    );
    assert_eq!(
        (asked.session_id.as_str(), asked.turn, asked.cwd.as_str()),
        ("s1", 2, "/ws")
    );
    let reply = client.receive();
    assert_eq!(reply["id"], 7);
    assert_eq!(
        Client::verdict(&reply),
        json!({"behavior": "allow", "updatedInput": {"command": "touch /etc/x", "description": "d"}})
    );

    client.send(call(8, "Bash", json!({"command": "rm -rf /"})));
    answer_next(&store, Answer::deny(Some("never".into())));
    let verdict = Client::verdict(&client.receive());
    assert_eq!(
        verdict,
        json!({"behavior": "deny", "message": "The user denied this: never"})
    );
    assert!(store.pending().approvals.is_empty());
}

#[test]
fn a_waiting_call_does_not_block_other_messages() {
    let dir = tempfile::tempdir().unwrap();
    let store = ApprovalStore::new(dir.path());
    let mut client = Client::start(server(dir.path()));
    client.send(call(1, "WebFetch", json!({"url": "http://127.0.0.1/"})));
    client.send(json!({"jsonrpc": "2.0", "id": 2, "method": "ping"}));
    assert_eq!(client.receive()["id"], 2, "answered while the call waits");
    let asked = answer_next(&store, Answer::approve());
    assert!(matches!(asked.action, ApprovalAction::Tool { ref name, .. } if name == "WebFetch"));
    assert_eq!(client.receive()["id"], 1);
}

#[test]
fn file_tools_show_the_text_they_replace_and_write() {
    let edit = action_of(
        "Edit",
        &json!({"file_path": "/ws/a.txt", "old_string": "one\ntwo", "new_string": "three"}),
    );
    let ApprovalAction::FileChange { changes } = edit else {
        panic!("{edit:?}")
    };
    assert_eq!(changes[0].path, "/ws/a.txt");
    assert_eq!(changes[0].diff, "-one\n-two\n+three\n");
    let write = action_of(
        "Write",
        &json!({"file_path": "/nonexistent/b", "content": "x"}),
    );
    let ApprovalAction::FileChange { changes } = write else {
        panic!("{write:?}")
    };
    assert_eq!(
        (changes[0].kind, changes[0].diff.as_str()),
        (FileChangeKind::Add, "+x\n")
    );
}
