//! The `zwarm` binary's public contract: flags and `--json` shapes.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn zwarm() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zwarm"))
}

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../zwarm-core/tests/fixtures")
        .join(path)
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
