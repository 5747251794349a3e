//! `zwarm approvals`, `zwarm approve`, `zwarm deny` (a public contract),
//! answering the very helper Claude's "Ask me" turns run: `zwarm
//! __approval-mcp`, driven here as Claude drives it (MCP lines on stdio).

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The helper of turn 1 of session `s1` in `ws`, as Claude would start it.
struct Helper {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Helper {
    fn start(ws: &Path) -> Helper {
        let state = ws.join(".zwarm");
        let mut child = Command::new(env!("CARGO_BIN_EXE_zwarm"))
            .env("ZWARM_CONFIG_DIR", user_config(ws))
            .arg("__approval-mcp")
            .args(["--state-dir", &state.display().to_string()])
            .args(["--session", "s1", "--turn", "1"])
            .args(["--cwd", &ws.display().to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Helper {
            child,
            stdin,
            stdout,
        }
    }

    /// Asks permission for Claude's Bash `command`, as call `id`.
    fn ask(&mut self, id: u32, command: &str) {
        let call = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {
            "name": "approval_prompt",
            "arguments": {"tool_name": "Bash", "input": {"command": command}, "tool_use_id": "t"}}});
        writeln!(self.stdin, "{call}").unwrap();
    }

    /// The permission answer of the next reply.
    fn verdict(&mut self) -> Value {
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        let reply: Value = serde_json::from_str(&line).unwrap();
        serde_json::from_str(reply["result"]["content"][0]["text"].as_str().unwrap()).unwrap()
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The user's config folder of these tests (where "always" rules are sealed).
fn user_config(ws: &Path) -> std::path::PathBuf {
    ws.join("user-config")
}

fn zwarm(ws: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zwarm"))
        .env("ZWARM_CONFIG_DIR", user_config(ws))
        .arg("-C")
        .arg(ws)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The pending approvals, once there are `count` of them.
fn pending(ws: &Path, count: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (code, out, err) = zwarm(ws, &["approvals", "--json"]);
        assert_eq!(code, Some(0), "{err}");
        let list: Vec<Value> = serde_json::from_str(&out).unwrap();
        if list.len() == count {
            return list;
        }
        assert!(Instant::now() < deadline, "never {count} pending: {list:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_request_is_listed_then_denied_with_a_reason_or_approved_for_good_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let ws = std::fs::canonicalize(dir.path()).unwrap();
    let (code, out, _) = zwarm(&ws, &["approvals"]);
    assert_eq!((code, out.trim()), (Some(0), "No approvals waiting."));

    let mut helper = Helper::start(&ws);
    helper.ask(1, "curl http://127.0.0.1:9/deploy");
    let asked = pending(&ws, 1).remove(0);
    assert_eq!(asked["session_id"], "s1");
    assert_eq!(asked["turn"], 1);
    assert_eq!(asked["adapter"], "claude");
    assert_eq!(
        asked["action"],
        json!({"kind": "command", "command": "curl http://127.0.0.1:9/deploy"})
    );
    assert_eq!(asked["cwd"], ws.display().to_string());
    let id = asked["id"].as_str().unwrap();
    let (_, human, _) = zwarm(&ws, &["approvals"]);
    assert!(
        human.contains(id) && human.contains("$ curl http://127.0.0.1:9/deploy"),
        "{human}"
    );

    let (code, out, err) = zwarm(
        &ws,
        &["deny", &id[..6], "--reason", "use the staging server"],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(out.starts_with(&format!("Denied {id}")), "{out}");
    assert_eq!(
        helper.verdict(),
        json!({"behavior": "deny", "message": "The user denied this: use the staging server"})
    );
    let (code, _, err) = zwarm(&ws, &["approve", id]);
    assert_eq!(code, Some(1), "answered once only");
    assert!(err.contains("no pending approval"), "{err}");

    helper.ask(2, "make test");
    let id = pending(&ws, 1)[0]["id"].as_str().unwrap().to_string();
    let (code, out, err) = zwarm(&ws, &["approve", &id, "--always"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("from now on"), "{out}");
    assert_eq!(
        helper.verdict(),
        json!({"behavior": "allow", "updatedInput": {"command": "make test"}})
    );
    // The same command again: approved by the rule, never listed.
    helper.ask(3, "make test");
    assert_eq!(helper.verdict()["behavior"], "allow");
    assert!(pending(&ws, 0).is_empty());
}

#[test]
fn claude_requests_may_be_approved_with_other_input_and_bad_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ws = std::fs::canonicalize(dir.path()).unwrap();
    let mut helper = Helper::start(&ws);
    helper.ask(1, "rm -rf build");
    let id = pending(&ws, 1)[0]["id"].as_str().unwrap().to_string();
    let (code, _, err) = zwarm(&ws, &["approve", &id, "--input", "{not json"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("--input must be a JSON object"), "{err}");
    let (code, _, err) = zwarm(
        &ws,
        &[
            "approve",
            &id,
            "--input",
            r#"{"command": "rm -rf build/tmp"}"#,
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        helper.verdict(),
        json!({"behavior": "allow", "updatedInput": {"command": "rm -rf build/tmp"}})
    );
    let (code, _, err) = zwarm(&ws, &["deny", "ffff"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("zwarm approvals"),
        "says how to list them: {err}"
    );
}
