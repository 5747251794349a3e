//! Lines that are almost right: invalid UTF-8 inside a string, an error
//! flag of the wrong type. Both parsers keep what such a line says instead
//! of dropping it, and never read an odd error flag as a success.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use zwarm_core::agents::{Adapter, TurnLog, TurnOutcome};
use zwarm_core::events::{AgentEvent, ItemStatus};

/// `é` cut to its first byte, then a byte that is never UTF-8.
const BAD: &[u8] = b"caf\xC3 \xFF!";
const BAD_DECODED: &str = "caf\u{FFFD} \u{FFFD}!";

/// A line made of `head`, the invalid bytes, and `tail`.
fn with_bad_bytes(head: &str, tail: &str) -> Vec<u8> {
    [head.as_bytes(), BAD, tail.as_bytes(), b"\n"].concat()
}

#[test]
fn codex_reads_a_line_with_invalid_utf8_inside_a_string_lossily() {
    let mut input = with_bad_bytes(
        r#"{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":""#,
        r#""}}"#,
    );
    input.extend(with_bad_bytes(
        r#"{"type":"turn.completed","note":""#,
        r#"","usage":{"input_tokens":7,"cached_input_tokens":0,"output_tokens":3}}"#,
    ));
    let log = TurnLog::parse_all(Adapter::Codex, &input);
    assert_eq!(log.malformed_lines(), 0, "{:?}", log.malformed_samples());
    assert_eq!(
        log.entries()[0],
        AgentEvent::AgentMessage {
            text: BAD_DECODED.into()
        }
    );
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Completed);
    assert_eq!(log.reported().map(|r| r.usage.input_tokens), Some(7));
}

#[test]
fn claude_reads_a_line_with_invalid_utf8_inside_a_string_lossily() {
    let mut input = with_bad_bytes(
        r#"{"type":"assistant","session_id":"s","message":{"model":"claude-x","content":[{"type":"text","text":""#,
        r#""}]}}"#,
    );
    input.extend(with_bad_bytes(
        r#"{"type":"result","subtype":"success","is_error":false,"result":""#,
        r#"","total_cost_usd":0.25,"usage":{"input_tokens":5,"output_tokens":2}}"#,
    ));
    let log = TurnLog::parse_all(Adapter::Claude, &input);
    assert_eq!(log.malformed_lines(), 0, "{:?}", log.malformed_samples());
    assert_eq!(
        log.entries()[0],
        AgentEvent::AgentMessage {
            text: BAD_DECODED.into()
        }
    );
    assert_eq!(log.outcome(Some(0)), TurnOutcome::Completed);
    assert_eq!(log.reported().and_then(|r| r.total_cost_usd), Some(0.25));
}

#[test]
fn invalid_utf8_outside_a_string_still_makes_the_line_malformed() {
    for adapter in [Adapter::Codex, Adapter::Claude] {
        let log = TurnLog::parse_all(adapter, b"{\"type\":\xFF\"x\"}\n");
        assert_eq!(log.malformed_lines(), 1, "{adapter}");
        assert!(log.entries().is_empty(), "{adapter}");
    }
}

#[test]
fn a_character_split_between_two_chunks_is_not_replaced() {
    for adapter in [Adapter::Codex, Adapter::Claude] {
        let line = match adapter {
            Adapter::Codex => {
                r#"{"type":"item.completed","item":{"id":"i","type":"agent_message","text":"café"}}"#
            }
            Adapter::Claude => {
                r#"{"type":"assistant","message":{"content":[{"type":"text","text":"café"}]}}"#
            }
        };
        let bytes = format!("{line}\n").into_bytes();
        // Cut between the two bytes of `é`.
        let cut = line.find('é').unwrap() + 1;
        let mut log = TurnLog::new(adapter);
        log.push_bytes(&bytes[..cut]);
        log.push_bytes(&bytes[cut..]);
        assert_eq!(
            log.entries(),
            [AgentEvent::AgentMessage {
                text: "café".into()
            }],
            "{adapter}"
        );
    }
}

/// A Claude result line whose `is_error` is `value` (raw JSON, or absent with `None`).
fn claude_result(is_error: Option<&str>) -> TurnLog {
    let flag = is_error
        .map(|value| format!(r#""is_error":{value},"#))
        .unwrap_or_default();
    let line = format!(
        r#"{{"type":"result","subtype":"success",{flag}"result":"done","usage":{{"input_tokens":1}}}}"#
    );
    TurnLog::parse_all(Adapter::Claude, line.as_bytes())
}

#[test]
fn claude_result_with_an_is_error_of_another_type_is_a_failure() {
    assert_eq!(claude_result(None).outcome(Some(0)), TurnOutcome::Completed);
    assert_eq!(
        claude_result(Some("false")).outcome(Some(0)),
        TurnOutcome::Completed
    );
    for odd in [
        "true",
        r#""true""#,
        r#""false""#,
        "1",
        "0",
        "null",
        "{}",
        "[]",
    ] {
        assert_eq!(
            claude_result(Some(odd)).outcome(Some(0)),
            TurnOutcome::Failed {
                message: "done".into()
            },
            "is_error: {odd}"
        );
    }
}

#[test]
fn claude_tool_result_with_an_is_error_of_another_type_fails_the_call() {
    let status_after = |is_error: &str| {
        let call = r#"{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"make"}}]}}"#;
        let result = format!(
            r#"{{"type":"user","message":{{"content":[{{"type":"tool_result","tool_use_id":"t1","content":"out","is_error":{is_error}}}]}}}}"#
        );
        let input = format!("{call}\n{result}\n");
        match &TurnLog::parse_all(Adapter::Claude, input.as_bytes()).entries()[0] {
            AgentEvent::Command { status, .. } => *status,
            other => panic!("a Bash call is a command: {other:?}"),
        }
    };
    assert_eq!(status_after("false"), ItemStatus::Completed);
    assert_eq!(status_after("true"), ItemStatus::Failed);
    assert_eq!(status_after(r#""yes""#), ItemStatus::Failed);
    assert_eq!(status_after("1"), ItemStatus::Failed);
}
