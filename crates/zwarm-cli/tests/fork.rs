//! `zwarm fork ID --turn N [--restore-files] [--json]`: a public contract.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;

mod common;
use common::{fake_codex, run_zwarm};

#[test]
fn fork_prints_the_new_session_with_where_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let home = dir.path().join("codex-home");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    let codex = fake_codex(dir.path());
    let run = |args: &[&str]| run_zwarm(&ws, &codex, &home, args);
    let (code, started, err) = run(&["start", "--wait", "--json", "remember A"]);
    assert_eq!(code, Some(0), "{err}");
    let original: Value = serde_json::from_str(&started).unwrap();
    let id = original["id"].as_str().unwrap().to_string();

    let (code, out, err) = run(&["fork", &id[..8], "--turn", "1", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let fork: Value = serde_json::from_str(&out).unwrap();
    assert_ne!(fork["id"], original["id"]);
    assert_eq!(fork["forked_from"]["session_id"], id.as_str());
    assert_eq!(fork["forked_from"]["turn"], 1);
    // This stand-in cannot fork a thread: the fork says so and will replay.
    assert_eq!(fork["forked_from"]["fork_mode"], "replayed");
    assert!(fork["forked_from"]["note"]
        .as_str()
        .unwrap()
        .contains("app-server"));
    assert_eq!(fork["turn"], 1);
    assert_eq!(fork["turns"][0]["copied_from"]["session_id"], id.as_str());
    assert_eq!(fork["task"], "remember A");

    let (code, out, _) = run(&["fork", &id, "--turn", "1"]);
    assert_eq!(code, Some(0));
    let new_id = out.trim();
    assert_eq!(new_id.len(), 36, "the plain output is the new id: {out}");

    // The copied turn is the original's money, counted once.
    let (_, spend, _) = run(&["spend", "--json"]);
    let spend: Value = serde_json::from_str(&spend).unwrap();
    assert_eq!(spend["executor"]["turns"], 1, "{spend}");

    let (code, _, err) = run(&["fork", &id, "--turn", "3"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("no turn 3"), "{err}");
    let (_, listed, _) = run(&["sessions", "--json"]);
    let listed: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 3);

    // --search keeps the sessions whose words hold every word asked, any case.
    let (code, found, err) = run(&["sessions", "--search", "REMEMBER a", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let found: Value = serde_json::from_str(&found).unwrap();
    assert_eq!(found.as_array().unwrap().len(), 3, "the original and its two forks");
    assert_eq!(found[0]["task"], "remember A");
    let (_, none, _) = run(&["sessions", "--search", "remember zebra", "--json"]);
    assert_eq!(serde_json::from_str::<Value>(&none).unwrap(), serde_json::json!([]));
    let (_, table, _) = run(&["sessions", "--search", "remember"]);
    assert!(table.contains("remember A"), "{table}");
}

#[test]
fn fork_restore_files_puts_the_files_back_as_they_were_after_the_turn() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let home = dir.path().join("codex-home");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    let codex = fake_codex(dir.path());
    let run = |args: &[&str]| run_zwarm(&ws, &codex, &home, args);
    std::fs::write(ws.join("notes.txt"), "after turn 1\n").unwrap();
    let (code, started, err) = run(&["start", "--wait", "--json", "write notes"]);
    assert_eq!(code, Some(0), "{err}");
    let original: Value = serde_json::from_str(&started).unwrap();
    let id = original["id"].as_str().unwrap().to_string();
    let turn = &original["turns"][0];
    assert!(turn["files_before"].is_string() && turn["files_after"].is_string(), "{turn}");

    std::fs::write(ws.join("notes.txt"), "later\n").unwrap();
    std::fs::write(ws.join("new.txt"), "made later\n").unwrap();
    let (code, out, err) = run(&["fork", &id, "--turn", "1", "--restore-files", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let fork: Value = serde_json::from_str(&out).unwrap();
    let backup = fork["forked_from"]["files_backup"].as_str().unwrap();
    assert_eq!(backup.len(), 40, "{fork}");
    assert_eq!(std::fs::read_to_string(ws.join("notes.txt")).unwrap(), "after turn 1\n");
    assert!(!ws.join("new.txt").exists(), "a file made after the turn is removed");

    // Without recorded files, nothing is forked.
    std::fs::write(ws.join(".zwarm/config.toml"), "[sessions]\ntrack_files = false\n").unwrap();
    let (code, started, err) = run(&["start", "--wait", "--json", "untracked"]);
    assert_eq!(code, Some(0), "{err}");
    let untracked: Value = serde_json::from_str(&started).unwrap();
    assert!(untracked["turns"][0].get("files_after").is_none(), "{untracked}");
    let untracked = untracked["id"].as_str().unwrap();
    let (code, _, err) = run(&["fork", untracked, "--turn", "1", "--restore-files"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("no files recorded after turn 1"), "{err}");
    let (_, listed, _) = run(&["sessions", "--json"]);
    let listed: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 3, "the refused fork made no session");
}
