//! Golden tests: real recordings of codex-cli 0.169.0 and Claude Code 2.1.330
//! (tests/fixtures, see /work/shared/fixtures/README.md) read to the
//! conclusions a correct reader must reach.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use zwarm_core::agents::{Adapter, TurnLog, TurnOutcome};
use zwarm_core::events::{AgentEvent, ItemStatus};
use zwarm_core::TokenUsage;

fn fixture(adapter: Adapter, name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/{adapter}/{name}.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn parse(adapter: Adapter, name: &str) -> TurnLog {
    let log = TurnLog::parse_all(adapter, &fixture(adapter, name));
    assert_eq!(
        log.malformed_lines(),
        0,
        "{adapter}/{name}: {:?}",
        log.malformed_samples()
    );
    log
}

fn commands(log: &TurnLog) -> Vec<(&str, Option<i32>, ItemStatus, &str)> {
    log.entries()
        .iter()
        .filter_map(|e| match e {
            AgentEvent::Command {
                command,
                exit_code,
                status,
                output,
            } => Some((command.as_str(), *exit_code, *status, output.as_str())),
            _ => None,
        })
        .collect()
}

fn completed_usage(log: &TurnLog) -> (TokenUsage, Option<f64>) {
    let found = log.entries().iter().find_map(|e| match e {
        AgentEvent::TurnCompleted {
            usage,
            reported_cost_usd,
        } => Some((*usage, *reported_cost_usd)),
        _ => None,
    });
    found.expect("a turn_completed entry")
}

fn failed_message(outcome: TurnOutcome) -> String {
    match outcome {
        TurnOutcome::Failed { message } => message,
        other => panic!("expected a failure, got {other:?}"),
    }
}

fn usage(input: u64, cached: u64, write: u64, output: u64, reasoning: u64) -> TokenUsage {
    TokenUsage {
        input_tokens: input,
        cached_input_tokens: cached,
        cache_write_input_tokens: write,
        output_tokens: output,
        reasoning_output_tokens: reasoning,
    }
}

fn kinds(log: &TurnLog) -> Vec<&'static str> {
    log.entries().iter().map(AgentEvent::kind).collect()
}

// ---- Codex ------------------------------------------------------------------

#[test]
fn codex_turn1_completes_with_one_command_and_the_thread_id() {
    let log = parse(Adapter::Codex, "turn1");
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Completed);
    assert_eq!(
        log.agent_session_id(),
        Some("01a20ce2-9781-7420-8a21-77f1bbc1a22d")
    );
    assert_eq!(
        commands(&log),
        vec![(
            "/bin/bash -lc 'echo hello > out.txt'",
            Some(0),
            ItemStatus::Completed,
            ""
        )]
    );
    assert_eq!(
        kinds(&log),
        [
            "turn_started",
            "reasoning",
            "command",
            "agent_message",
            "turn_completed"
        ]
    );
    assert_eq!(completed_usage(&log), (usage(19435, 9629, 0, 29, 6), None));
}

#[test]
fn codex_turn2_keeps_the_thread_id_and_reports_cumulative_usage() {
    let turn1 = parse(Adapter::Codex, "turn1");
    let log = parse(Adapter::Codex, "turn2");
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Completed);
    assert_eq!(log.agent_session_id(), turn1.agent_session_id());
    assert_eq!(
        commands(&log),
        vec![(
            "/bin/bash -lc 'cat out.txt'",
            Some(0),
            ItemStatus::Completed,
            "hello\n"
        )]
    );
    let (cumulative, _) = completed_usage(&log);
    assert_eq!(cumulative, usage(39457, 29358, 0, 58, 12));
    assert_eq!(
        cumulative.saturating_sub(&completed_usage(&turn1).0),
        usage(20022, 19729, 0, 29, 6)
    );
}

#[test]
fn codex_nonzero_command_fails_but_the_turn_completes() {
    let log = parse(Adapter::Codex, "cmd_nonzero");
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Completed);
    let cmds = commands(&log);
    assert_eq!(cmds.len(), 1);
    assert_eq!(cmds[0].0, "/bin/bash -lc 'ls /nonexistent-dir'");
    assert_eq!((cmds[0].1, cmds[0].2), (Some(2), ItemStatus::Failed));
    assert!(cmds[0].3.contains("No such file or directory"));
    assert_eq!(completed_usage(&log).0, usage(19449, 9628, 0, 29, 6));
}

#[test]
fn codex_workspace_write_sandbox_run_completes() {
    let log = parse(Adapter::Codex, "sandbox_workspace_write");
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Completed);
    assert_eq!(
        log.agent_session_id(),
        Some("01a20ce2-b549-70b0-b017-335e7d8c1ef7")
    );
    assert_eq!(commands(&log)[0].1, Some(0));
    assert_eq!(completed_usage(&log).0, usage(19838, 9822, 0, 29, 6));
}

#[test]
fn codex_http_500_fails_with_codex_words() {
    let log = parse(Adapter::Codex, "fail500");
    let message = failed_message(log.outcome(Some(1)));
    assert!(message.contains("experiencing high demand"), "{message}");
    assert_eq!(kinds(&log), ["turn_started", "error", "turn_failed"]);
}

#[test]
fn codex_http_401_fails_with_codex_words() {
    let log = parse(Adapter::Codex, "fail401");
    let message = failed_message(log.outcome(Some(1)));
    assert!(message.contains("401 Unauthorized"), "{message}");
    assert_eq!(
        log.agent_session_id(),
        Some("01a20ce2-ab4a-7cc3-98b1-a26d68d4172f")
    );
}

#[test]
fn codex_turn_without_terminal_event_is_not_completed() {
    let bytes = fixture(Adapter::Codex, "turn1");
    let cut = bytes
        .windows(16)
        .position(|w| w == b"\"turn.completed\"")
        .expect("turn.completed");
    let head = &bytes[..bytes[..cut]
        .iter()
        .rposition(|&b| b == b'\n')
        .expect("a newline")
        + 1];
    let log = TurnLog::parse_all(Adapter::Codex, head);
    assert_eq!(log.outcome(None), TurnOutcome::Incomplete);
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Incomplete);
    // SIGINT: codex exits 1 with no turn.failed.
    let message = failed_message(log.outcome(Some(1)));
    assert_eq!(message, "exited with code 1 without finishing the turn");
}

#[test]
fn codex_retry_notices_are_errors_not_failures() {
    let mut log = TurnLog::new(Adapter::Codex);
    log.push_line(br#"{"type":"thread.started","thread_id":"t"}"#);
    log.push_line(br#"{"type":"turn.started"}"#);
    log.push_line(br#"{"type":"error","message":"Reconnecting... 1/5"}"#);
    assert_eq!(log.outcome(None), TurnOutcome::Incomplete);
    log.push_line(br#"{"type":"turn.completed","usage":{"input_tokens":1,"output_tokens":1}}"#);
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Completed);
    assert_eq!(kinds(&log), ["turn_started", "error", "turn_completed"]);
    // Dying after a retry notice reports it.
    let mut dead = TurnLog::new(Adapter::Codex);
    dead.push_line(br#"{"type":"error","message":"Reconnecting... 5/5"}"#);
    assert_eq!(failed_message(dead.outcome(Some(1))), "Reconnecting... 5/5");
}

// ---- Claude -----------------------------------------------------------------

const CLAUDE_SESSION: &str = "28423b2a-3de9-4554-9dd5-4a59bb84e49b";

#[test]
fn claude_turn1_completes_with_session_model_command_and_cost() {
    let log = parse(Adapter::Claude, "turn1");
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Completed);
    assert_eq!(log.agent_session_id(), Some(CLAUDE_SESSION));
    assert_eq!(log.model(), Some("claude-opus-5-5"));
    assert_eq!(
        commands(&log),
        vec![(
            "echo hello > out.txt",
            None,
            ItemStatus::Completed,
            "(Bash completed with no output)"
        )]
    );
    assert_eq!(
        kinds(&log),
        [
            "reasoning",
            "agent_message",
            "command",
            "agent_message",
            "turn_completed"
        ]
    );
    // input 6325 + cache read 18973 + cache write 0.
    assert_eq!(
        completed_usage(&log),
        (usage(25298, 18973, 0, 40, 0), Some(0.0298946))
    );
}

#[test]
fn claude_turn2_keeps_the_session_and_reports_cumulative_cost() {
    let log = parse(Adapter::Claude, "turn2");
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Completed);
    assert_eq!(log.agent_session_id(), Some(CLAUDE_SESSION));
    assert_eq!(
        commands(&log),
        vec![("cat out.txt", None, ItemStatus::Completed, "hello")]
    );
    assert_eq!(
        completed_usage(&log),
        (usage(6414 + 19237, 19237, 0, 40, 0), Some(0.060198))
    );
}

#[test]
fn claude_nonzero_command_is_a_failed_tool_in_a_completed_turn() {
    let log = parse(Adapter::Claude, "cmd_nonzero");
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Completed);
    let cmds = commands(&log);
    assert_eq!(cmds.len(), 1);
    assert_eq!(
        (cmds[0].0, cmds[0].1, cmds[0].2),
        ("ls /nonexistent-dir", Some(2), ItemStatus::Failed)
    );
    assert!(cmds[0].3.contains("No such file or directory"));
    assert_eq!(
        completed_usage(&log),
        (
            usage(6327 + 18979, 18979, 0, 40, 0),
            Some(0.029903799999999998)
        )
    );
}

#[test]
fn claude_permission_denial_marks_the_tool_call_denied() {
    let log = parse(Adapter::Claude, "permission_denied");
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Completed);
    let cmds = commands(&log);
    assert_eq!(
        (cmds[0].0, cmds[0].2),
        ("echo denied > denied.txt", ItemStatus::Denied)
    );
    let notice = log.entries().iter().find_map(|e| match e {
        AgentEvent::Error { message } => Some(message.as_str()),
        _ => None,
    });
    assert!(
        notice.is_some_and(|m| m.starts_with("permission denied for Bash: Output redirection")),
        "{notice:?}"
    );
    assert_eq!(completed_usage(&log).1, Some(0.0298572));
}

#[test]
fn claude_api_failures_are_failed_although_subtype_says_success() {
    for (name, words) in [
        ("fail500", "API Error: 500 Internal server error"),
        ("fail401", "Invalid API key"),
        ("failstream_hard", "API Error: 529 Overloaded"),
    ] {
        let log = parse(Adapter::Claude, name);
        let message = failed_message(log.outcome(Some(1)));
        assert!(message.contains(words), "{name}: {message}");
        // Exit 0 does not rescue a reported failure either.
        assert!(
            matches!(log.outcome(Some(0)), TurnOutcome::Failed { .. }),
            "{name}"
        );
        assert!(log.agent_session_id().is_some(), "{name}");
        // The synthetic API error message is an error notice, not the agent speaking.
        assert!(
            !kinds(&log).contains(&"agent_message"),
            "{name}: {:?}",
            kinds(&log)
        );
        assert_eq!(kinds(&log).last(), Some(&"turn_failed"), "{name}");
    }
}

#[test]
fn claude_interrupted_turn_is_not_completed() {
    let log = parse(Adapter::Claude, "interrupted_sigint");
    let message = failed_message(log.outcome(Some(0)));
    assert!(message.contains("aborted_streaming"), "{message}");
    assert!(log.entries().contains(&AgentEvent::UserMessage {
        text: "[Request interrupted by user]".into()
    }));
    // Claude sometimes exits 0 without any result line on SIGINT.
    let bytes = fixture(Adapter::Claude, "interrupted_sigint");
    let cut = bytes
        .windows(16)
        .position(|w| w == b"\"duration_api_ms")
        .expect("result line");
    let log = TurnLog::parse_all(Adapter::Claude, &bytes[..cut - 1]);
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Incomplete);
    assert!(!matches!(log.outcome(Some(130)), TurnOutcome::Completed));
}

#[test]
fn claude_api_retry_is_a_notice_not_a_failure() {
    let mut log = TurnLog::new(Adapter::Claude);
    log.push_line(
        br#"{"type":"system","subtype":"api_retry","attempt":1,"max_retries":10,"retry_delay_ms":500,"error_status":529,"error":"overloaded_error","session_id":"s"}"#,
    );
    assert_eq!(
        log.entries(),
        [AgentEvent::Error {
            message: "API retry 1/10: overloaded_error (HTTP 529)".into()
        }]
    );
    assert_eq!(log.outcome(None), TurnOutcome::Incomplete);
    assert_eq!(log.agent_session_id(), Some("s"));
}
