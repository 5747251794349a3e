//! `zwarm orchestrate` runs to the end against the fake model server and
//! prints its summary; the exit code says whether it finished.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use fake_llm::{FakeServer, Part, Reply, Scenario};
use serde_json::{json, Value};

fn zwarm(workspace: &std::path::Path, server: &FakeServer) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zwarm"));
    command
        .arg("-C")
        .arg(workspace)
        .env("ZWARM_PILOT_API_KEY", "test-key")
        .env("ZWARM_PILOT_BASE_URL", format!("{}/v1", server.base_url()));
    command
}

fn tool(name: &str, arguments: Value) -> Reply {
    Reply::parts(vec![Part::Tool {
        name: name.into(),
        arguments,
    }])
}

#[test]
fn a_run_finishes_and_prints_a_json_summary() {
    let server = FakeServer::start(Scenario::new(vec![
        tool("shell", json!({"command": "ls"})),
        tool("finish", json!({"summary": "All good."})),
    ]))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = zwarm(dir.path(), &server)
        .args(["orchestrate", "--task", "check the repo", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["status"], "finished");
    assert_eq!(summary["reason"], "All good.");
    assert_eq!(summary["steps"], 2);
    assert!(summary["cost_usd"].is_number() && summary["sessions"].is_array());
}

#[test]
fn a_run_stopped_by_its_step_limit_exits_3_and_can_be_resumed() {
    let server = FakeServer::start(Scenario::new(vec![tool("list_sessions", json!({}))])).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = zwarm(dir.path(), &server)
        .args([
            "orchestrate",
            "--task",
            "loop",
            "--max-steps",
            "1",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["status"], "stopped");
    assert!(summary["reason"]
        .as_str()
        .unwrap()
        .contains("step limit of 1"));

    // Resuming with the limit already reached stops again at once, without a model call.
    let id = summary["id"].as_str().unwrap();
    let calls = server.requests().len();
    let out = zwarm(dir.path(), &server)
        .args(["orchestrate", "--resume", &id[..8], "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(server.requests().len(), calls);
}

#[test]
fn a_blank_task_is_refused_and_no_run_is_made() {
    let server = FakeServer::start(Scenario::new(vec![])).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = zwarm(dir.path(), &server)
        .args(["orchestrate", "--task", "  ", "--json"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the task is empty"), "{stderr}");
    assert!(server.requests().is_empty(), "no model call");
    let pilots = dir.path().join(".zwarm/pilots");
    let stored = std::fs::read_dir(pilots).map(|d| d.count()).unwrap_or(0);
    assert_eq!(stored, 0, "no run was stored");
}

/// `[orchestrate]` sets the run's shell as in the app: whether it has one by
/// default, and its output limit.
#[test]
fn the_orchestrate_table_sets_the_shell_and_its_limits() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".zwarm")).unwrap();
    let config = dir.path().join(".zwarm/config.toml");
    std::fs::write(&config, "[orchestrate]\nshell_output_chars = 100\n").unwrap();
    let server = FakeServer::start(Scenario::new(vec![
        tool("shell", json!({"command": "echo FIRST; seq 1 300; echo LAST"})),
        tool("finish", json!({"summary": "Read it."})),
    ]))
    .unwrap();
    let out = zwarm(dir.path(), &server)
        .args(["orchestrate", "--task", "look", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let requests = server.requests();
    let answered = requests
        .iter()
        .find(|r| r.body_contains("FIRST"))
        .expect("the shell output went back");
    assert!(answered.body_contains("characters cut") && answered.body_contains("LAST"));
    assert!(
        !answered.body_contains("\n150\n"),
        "the middle was cut to 100 characters"
    );

    // `shell = false` leaves runs without a shell unless asked otherwise.
    std::fs::write(&config, "[orchestrate]\nshell = false\n").unwrap();
    let server =
        FakeServer::start(Scenario::new(vec![tool("finish", json!({"summary": "Done."}))]))
            .unwrap();
    let out = zwarm(dir.path(), &server)
        .args(["orchestrate", "--task", "look", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = &server.requests()[0];
    assert!(first.body_contains("finish") && !first.body_contains("Run a shell command"));
}
