//! The `zwarm` binary's public contract: flags and `--json` shapes.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use serde_json::Value;

mod common;
use common::{fake_codex, fixture};

fn zwarm() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zwarm"))
}

fn parse_json(adapter: &str, file: &str) -> Value {
    let out = zwarm()
        .args(["parse", "--adapter", adapter, "--json"])
        .arg(fixture(file))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn parse_json_has_the_documented_shape() {
    let report = parse_json("codex", "codex/turn1.jsonl");
    assert_eq!(report["status"], "completed");
    assert_eq!(
        report["agent_session_id"],
        "01a20ce2-9781-7420-8a21-77f1bbc1a22d"
    );
    assert!(report["error"].is_null());
    for key in [
        "input_tokens",
        "cached_input_tokens",
        "cache_write_input_tokens",
        "output_tokens",
        "reasoning_output_tokens",
    ] {
        assert!(report["usage"][key].is_u64(), "usage.{key}");
    }
    assert_eq!(report["usage"]["input_tokens"], 19435);
    assert_eq!(report["malformed_lines"], 0);
    assert!(
        report["cost_usd"].is_null(),
        "codex names no model: unpriced, not $0"
    );
    let command = report["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "command")
        .expect("a command");
    assert_eq!(command["exit_code"], 0);
    assert!(command["command"]
        .as_str()
        .unwrap()
        .contains("echo hello > out.txt"));
    assert!(command["output"].is_string());
}

#[test]
fn parse_json_reports_failures_and_claude_cost() {
    let failed = parse_json("codex", "codex/fail401.jsonl");
    assert_eq!(failed["status"], "failed");
    assert!(failed["error"].as_str().unwrap().contains("401"));
    let claude = parse_json("claude", "claude/turn1.jsonl");
    assert_eq!(claude["status"], "completed");
    assert_eq!(claude["cost_usd"], 0.0298946);
    let interrupted = parse_json("claude", "claude/interrupted_sigint.jsonl");
    assert_ne!(interrupted["status"], "completed");
    assert_eq!(
        interrupted["cost_usd"], 0.015231,
        "an interrupted run's spend counts"
    );
}

#[test]
fn parse_counts_malformed_lines_and_reads_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("turn.jsonl");
    let mut text = std::fs::read_to_string(fixture("codex/turn1.jsonl")).unwrap();
    text.insert_str(0, "not json at all\n{\"truncated\": \n");
    std::fs::write(&file, text).unwrap();
    let out = zwarm()
        .args(["parse", "-a", "codex", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["malformed_lines"], 2);
    assert_eq!(report["status"], "completed");
}

#[test]
fn sessions_json_lists_nothing_in_a_fresh_workspace_and_unknown_ids_fail_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let out = zwarm()
        .arg("-C")
        .arg(dir.path())
        .args(["sessions", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        serde_json::json!([])
    );
    let out = zwarm()
        .arg("-C")
        .arg(dir.path())
        .args(["show", "deadbeef"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("deadbeef"));
}

#[test]
fn a_missing_cli_is_an_error_that_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = zwarm()
        .arg("-C")
        .arg(dir.path())
        .args(["--codex", "/nonexistent/codex", "start", "hello"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("/nonexistent/codex"), "{stderr}");
}

#[test]
fn spend_keeps_a_deleted_sessions_money_and_the_check_agrees_with_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let home = dir.path().join("codex-home");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    // The default model codex would use, as most users run it: no --model.
    std::fs::write(home.join("config.toml"), "model = \"gpt-5.1-codex-mini\"\n").unwrap();
    let codex = fake_codex(dir.path());
    let run = |args: &[&str]| {
        let out = zwarm()
            .arg("-C")
            .arg(&ws)
            .arg("--codex")
            .arg(&codex)
            .env("CODEX_HOME", &home)
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, started) = run(&["start", "--wait", "--json", "price me"]);
    assert_eq!(code, Some(0), "{started}");
    let id = serde_json::from_str::<Value>(&started).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    run(&["start", "--wait", "--json", "keep me"]);

    let spend = |label: &str| -> Value {
        let (code, out) = run(&["spend", "--json"]);
        assert_eq!(code, Some(0), "{label}: {out}");
        serde_json::from_str(&out).unwrap()
    };
    let before = spend("before");
    let usd = before["all_time"]["cost_usd"].as_f64().unwrap();
    assert!(
        (usd - 2.0 * 0.002_750_225).abs() < 1e-12,
        "default model priced: {usd}"
    );
    assert_eq!(before["all_time"]["unpriced_turns"], 0);

    let (code, _) = run(&["rm", &id]);
    assert_eq!(code, Some(0));
    let after = spend("after");
    assert_eq!(
        after["all_time"]["cost_usd"],
        before["all_time"]["cost_usd"]
    );
    assert_eq!(after["deleted_sessions"], serde_json::json!([id]));

    let (code, out) = run(&["spend", "--check", "--json"]);
    assert_eq!(code, Some(0), "{out}");
    let check: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(check["sessions_checked"], 1);
    assert_eq!(check["discrepancies"], serde_json::json!([]));
}

#[test]
fn a_workspace_config_naming_a_program_is_refused_until_zwarm_trust() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    std::fs::create_dir_all(ws.join(".zwarm")).unwrap();
    let codex = fake_codex(dir.path());
    std::fs::write(
        ws.join(".zwarm/config.toml"),
        format!("[codex]\npath = {:?}\n", codex.display().to_string()),
    )
    .unwrap();
    let user_config = dir.path().join("user-config");
    let run = |args: &[&str]| {
        let out = zwarm()
            .arg("-C")
            .arg(&ws)
            .env("ZWARM_CONFIG_DIR", &user_config)
            .env_remove("ZWARM_CODEX")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _, err) = run(&["start", "--wait", "hello"]);
    assert_ne!(code, Some(0));
    assert!(
        err.contains("zwarm trust") && err.contains("a program zwarm runs"),
        "{err}"
    );
    let (code, out, _) = run(&["sessions", "--json"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        serde_json::json!([])
    );

    let (code, out, err) = run(&["trust"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("[codex] path"), "{out}");
    let (code, _, err) = run(&["start", "--wait", "hello"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, _) = run(&["trust", "--revoke"]);
    assert_eq!(code, Some(0));
    let (code, _, _) = run(&["start", "hello again"]);
    assert_ne!(code, Some(0), "refused again once revoked");
}

#[test]
fn sessions_json_prints_exactly_the_stored_sessions_with_and_without_the_listing_index() {
    use zwarm_core::store::{NewSession, SessionStatus, SessionStore, INDEX_FILE};
    let dir = tempfile::tempdir().unwrap();
    let store = SessionStore::new(dir.path().join(".zwarm"));
    for task in ["first", "quotes \" and \\ and ünïcode", "third"] {
        let id = store.create(NewSession::new(task, ".")).unwrap().id;
        store
            .update(&id, |m| {
                m.status = SessionStatus::Completed;
                m.current_turn_mut().unwrap().cost_usd = Some(0.1 + 0.2);
            })
            .unwrap();
        // Written a minute ago, so the index may keep it.
        std::fs::File::options()
            .write(true)
            .open(store.meta_path(&id).unwrap())
            .unwrap()
            .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(60))
            .unwrap();
    }
    let listed = store.list(None).unwrap().sessions;
    let sessions: Vec<&zwarm_core::store::SessionMeta> = listed.iter().map(|m| m.as_ref()).collect();
    let expected = serde_json::to_string_pretty(&sessions).unwrap() + "\n";
    let list = || {
        let out = zwarm()
            .arg("-C")
            .arg(dir.path())
            .args(["sessions", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(list(), expected, "without an index file");
    assert!(dir.path().join(".zwarm").join(INDEX_FILE).is_file());
    assert_eq!(list(), expected, "from the index file");
}

#[test]
fn start_and_continue_refuse_a_blank_task_or_message() {
    let dir = tempfile::tempdir().unwrap();
    let codex = common::fake_codex(dir.path());
    let ws = dir.path().join("ws");
    std::fs::create_dir_all(&ws).unwrap();
    let home = dir.path().join("codex-home");
    let (code, _, stderr) = common::run_zwarm(&ws, &codex, &home, &["start", ""]);
    assert_ne!(code, Some(0));
    assert!(stderr.contains("the task is empty"), "{stderr}");
    let (code, _, stderr) = common::run_zwarm(&ws, &codex, &home, &["continue", "abc", " \n"]);
    assert_ne!(code, Some(0));
    assert!(stderr.contains("the message is empty"), "{stderr}");
    let (_, listed, _) = common::run_zwarm(&ws, &codex, &home, &["sessions", "--json"]);
    assert_eq!(listed.trim(), "[]", "nothing was started");
}

#[test]
fn spend_names_an_unreadable_pilot_and_still_prints_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join(".zwarm/pilots/0123456789abcdef");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("pilot.json"), "{ torn").unwrap();
    let out = zwarm()
        .arg("-C")
        .arg(dir.path())
        .arg("spend")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unreadable pilot") && stderr.contains("0123456789abcdef"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("all time"));
    let out = zwarm()
        .arg("-C")
        .arg(dir.path())
        .args(["spend", "--json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["problems"].as_array().map(Vec::len), Some(1));
}
