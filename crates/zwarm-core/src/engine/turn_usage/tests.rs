//! Per-turn and session figures across three resumed turns of each CLI, with
//! the exact figures of the recordings.

use super::*;
use crate::agents::TurnLog;
use crate::store::SessionStatus;

const CODEX_1: &str = include_str!("../../../tests/fixtures/codex/turn1.jsonl");
const CODEX_2: &str = include_str!("../../../tests/fixtures/codex/turn2.jsonl");
/// A third resumed Codex turn: the thread's running total goes on.
const CODEX_3: &str = r#"{"type":"thread.started","thread_id":"01a20ce2-9781-7420-8a21-77f1bbc1a22d"}
{"type":"turn.completed","usage":{"input_tokens":59500,"cached_input_tokens":49000,"cache_write_input_tokens":0,"output_tokens":90,"reasoning_output_tokens":12}}
"#;
const CLAUDE_1: &str = include_str!("../../../tests/fixtures/claude/turn1.jsonl");
const CLAUDE_2: &str = include_str!("../../../tests/fixtures/claude/turn2.jsonl");
/// A third resumed Claude turn that hit `--max-turns`: it failed, and spent.
const CLAUDE_3_MAX_TURNS: &str = r#"{"type":"result","subtype":"error_max_turns","is_error":true,"session_id":"s","num_turns":2,"total_cost_usd":0.0753,"usage":{"input_tokens":6500,"cache_creation_input_tokens":0,"cache_read_input_tokens":19500,"output_tokens":45}}
"#;
const CLAUDE_INTERRUPTED: &str =
    include_str!("../../../tests/fixtures/claude/interrupted_sigint.jsonl");

fn usage(input: u64, cached: u64, output: u64) -> TokenUsage {
    TokenUsage {
        input_tokens: input,
        cached_input_tokens: cached,
        output_tokens: output,
        ..TokenUsage::default()
    }
}

fn without_reasoning(u: TokenUsage) -> TokenUsage {
    TokenUsage {
        reasoning_output_tokens: 0,
        ..u
    }
}

/// Finalizes turns 1..=3 from `files`, each resumed natively after the first.
fn three_turns(adapter: Adapter, files: [&str; 3]) -> Vec<TurnRecord> {
    let prices = PriceTable::embedded().expect("built-in prices");
    let mut turns: Vec<TurnRecord> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let mode = if i == 0 {
            ResumeMode::First
        } else {
            ResumeMode::Native
        };
        let mut turn = TurnRecord::new(i as u32 + 1, "go", mode);
        let log = TurnLog::parse_all(adapter, file.as_bytes());
        let model = log.model().unwrap_or("gpt-5.1-codex-mini").to_string();
        record_usage(&mut turn, adapter, &turns, log.reported(), &model, &prices);
        turns.push(turn);
    }
    turns
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn codex_turns_are_differences_of_the_threads_running_total() {
    let turns = three_turns(Adapter::Codex, [CODEX_1, CODEX_2, CODEX_3]);
    let per_turn: Vec<TokenUsage> = turns.iter().map(|t| without_reasoning(t.usage)).collect();
    assert_eq!(
        per_turn,
        [
            usage(19_435, 9_629, 29),
            usage(20_022, 19_729, 29),
            usage(20_043, 19_642, 32)
        ]
    );
    // One thread: the session's total is what Codex reported last.
    let last = turns[2].cumulative_usage.map(without_reasoning);
    assert_eq!(last, Some(usage(59_500, 49_000, 90)));
    assert_eq!(
        turns[1].cumulative_usage.map(without_reasoning),
        Some(usage(39_457, 29_358, 58))
    );
    // gpt-5.1-codex-mini: $0.25 uncached, $0.025 cached, $2 output per million.
    assert!(close(
        turns[1].cost_usd,
        (293.0 * 0.25 + 19_729.0 * 0.025 + 29.0 * 2.0) / 1e6
    ));
    assert_eq!(turns[0].model.as_deref(), Some("gpt-5.1-codex-mini"));
}

#[test]
fn claude_turns_are_their_runs_and_the_cost_the_difference_of_its_total() {
    let turns = three_turns(Adapter::Claude, [CLAUDE_1, CLAUDE_2, CLAUDE_3_MAX_TURNS]);
    let per_turn: Vec<TokenUsage> = turns.iter().map(|t| t.usage).collect();
    assert_eq!(
        per_turn,
        [
            usage(25_298, 18_973, 40),
            usage(25_651, 19_237, 40),
            usage(26_000, 19_500, 45)
        ]
    );
    assert_eq!(turns[2].cumulative_usage, Some(usage(76_949, 57_710, 125)));
    // claude's modelUsage after turn 2 counts the session: 12,739 uncached + 38,210 cached in.
    assert_eq!(turns[1].cumulative_usage, Some(usage(50_949, 38_210, 80)));
    assert!(close(turns[0].cost_usd, 0.029_894_6));
    assert!(close(turns[1].cost_usd, 0.060_198 - 0.029_894_6));
    assert!(
        close(turns[2].cost_usd, 0.0753 - 0.060_198),
        "a failed turn's spend counts"
    );
    assert_eq!(turns[0].model.as_deref(), Some("claude-opus-5-5"));
}

#[test]
fn an_interrupted_claude_run_counts_what_it_reported() {
    let prices = PriceTable::embedded().expect("built-in prices");
    let log = TurnLog::parse_all(Adapter::Claude, CLAUDE_INTERRUPTED.as_bytes());
    assert!(matches!(
        log.outcome(Some(0)),
        crate::agents::TurnOutcome::Failed { .. }
    ));
    let mut turn = TurnRecord::new(1, "go", ResumeMode::First);
    turn.status = SessionStatus::Killed;
    record_usage(
        &mut turn,
        Adapter::Claude,
        &[],
        log.reported(),
        "claude-opus-5-5",
        &prices,
    );
    assert!(close(turn.cost_usd, 0.015_231));
    assert_eq!(turn.cost_source.as_deref(), Some("reported"));
}

#[test]
fn a_turn_without_figures_records_none_and_the_next_resumed_turn_subtracts_past_it() {
    let prices = PriceTable::embedded().expect("built-in prices");
    let first = {
        let mut t = TurnRecord::new(1, "go", ResumeMode::First);
        let log = TurnLog::parse_all(Adapter::Codex, CODEX_1.as_bytes());
        record_usage(&mut t, Adapter::Codex, &[], log.reported(), "m", &prices);
        t
    };
    let mut failed = TurnRecord::new(2, "go", ResumeMode::Native);
    record_usage(
        &mut failed,
        Adapter::Codex,
        std::slice::from_ref(&first),
        None,
        "m",
        &prices,
    );
    assert_eq!((failed.cumulative_usage, failed.cost_usd), (None, None));
    let mut third = TurnRecord::new(3, "go", ResumeMode::Native);
    let log = TurnLog::parse_all(Adapter::Codex, CODEX_2.as_bytes());
    record_usage(
        &mut third,
        Adapter::Codex,
        &[first, failed],
        log.reported(),
        "m",
        &prices,
    );
    assert_eq!(without_reasoning(third.usage), usage(20_022, 19_729, 29));
}
