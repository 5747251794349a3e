//! Issue 11 through the `zwarm` binary: one bad session or a broken config
//! file must not take `sessions`, `spend`, `show` or `rm` down with it.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use zwarm_core::store::{NewSession, SessionStatus, SessionStore};

fn zwarm(workspace: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zwarm"))
        .arg("-C")
        .arg(workspace)
        .args(args)
        .env_remove("ZWARM_WORKSPACE")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn store(workspace: &Path) -> SessionStore {
    SessionStore::new(workspace.join(".zwarm"))
}

fn session(workspace: &Path, task: &str, adapter: &str, status: SessionStatus) -> String {
    let store = store(workspace);
    let meta = store
        .create(NewSession::new(task, workspace.display().to_string()))
        .unwrap();
    store
        .update(&meta.id, |m| {
            m.adapter = adapter.into();
            m.status = status;
            m.current_turn_mut().unwrap().status = status;
        })
        .unwrap();
    meta.id
}

#[test]
fn a_session_that_cannot_be_finalized_does_not_break_sessions_spend_or_rm() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let good = session(ws, "good", "codex", SessionStatus::Completed);
    let bad = session(ws, "bad", "gemini", SessionStatus::Running);

    let out = zwarm(ws, &["sessions", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let row = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    assert!(row(&bad)["problem"].as_str().unwrap().contains("gemini"));
    assert!(
        row(&good).get("problem").is_none(),
        "healthy rows keep their shape"
    );
    assert!(text(&out.stderr).contains(&format!("session {bad}")));

    let out = zwarm(ws, &["sessions"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("running!"),
        "{}",
        text(&out.stdout)
    );

    let out = zwarm(ws, &["spend", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = zwarm(ws, &["rm", &bad[..8]]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(!store(ws).session_dir(&bad).unwrap().exists());
}

#[test]
fn rm_removes_a_session_whose_meta_json_is_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let bad = session(ws, "bad", "codex", SessionStatus::Completed);
    std::fs::write(store(ws).meta_path(&bad).unwrap(), "{ not json").unwrap();
    let out = zwarm(ws, &["rm", &bad]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&format!("deleted {bad}")));
    assert!(!store(ws).session_dir(&bad).unwrap().exists());
}

#[test]
fn a_broken_config_is_reported_with_its_line_and_only_start_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    let done = session(ws, "done", "codex", SessionStatus::Completed);
    let config = ws.join(".zwarm/config.toml");
    std::fs::write(&config, "[codex]\nargs = [\"-c\"\npath = 1\n").unwrap();
    let at = format!("{}:3:", config.display());

    let out = zwarm(ws, &["sessions", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains(&at), "{}", text(&out.stderr));
    let out = zwarm(ws, &["show", &done[..8]]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = zwarm(ws, &["--codex", "/bin/true", "start", "hello"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains(&at), "{}", text(&out.stderr));
    assert_eq!(store(ws).list(None).unwrap().sessions.len(), 1);

    let out = zwarm(ws, &["doctor"]);
    assert!(!out.status.success(), "a broken config fails the doctor");
    assert!(text(&out.stdout).contains(&at), "{}", text(&out.stdout));

    let out = zwarm(ws, &["rm", &done]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}
