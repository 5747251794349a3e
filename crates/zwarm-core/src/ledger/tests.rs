use super::*;

fn record(session: &str, turn: u32, usd: f64) -> SpendRecord {
    SpendRecord {
        kind: SpendKind::Executor,
        day: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default(),
        model: "gpt-5.5".into(),
        adapter: "codex".into(),
        session_id: Some(session.into()),
        turn: Some(turn),
        pilot_id: None,
        node_id: None,
        orchestrator_run: None,
        usage: TokenUsage {
            input_tokens: 100,
            output_tokens: 10,
            ..TokenUsage::default()
        },
        cost_usd: Some(usd),
        estimated_cost_usd: Some(usd),
        reported_cost_usd: None,
        title: Some("fix the bug".into()),
    }
}

#[test]
fn a_key_is_written_once_and_read_back_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::in_state_dir(dir.path());
    assert_eq!(
        ledger.read().unwrap().records.len(),
        0,
        "no ledger yet is empty"
    );
    assert_eq!(
        ledger
            .append(&[record("a", 1, 0.5), record("a", 2, 0.25)])
            .unwrap(),
        2
    );
    assert_eq!(
        ledger
            .append(&[record("a", 1, 9.0), record("b", 1, 1.0)])
            .unwrap(),
        1
    );
    let read = ledger.read().unwrap();
    assert_eq!(read.records.len(), 3);
    assert_eq!(
        read.records[0].cost_usd,
        Some(0.5),
        "the first figure of a key stands"
    );
    // A plain JSON line per record, for people and jq.
    let text = std::fs::read_to_string(ledger.path()).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["session_id"], "a");
    assert_eq!(first["day"], "2026-12-02");
    assert_eq!(first["title"], "fix the bug");
}

#[test]
fn a_torn_last_line_is_skipped_and_not_glued_to_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::in_state_dir(dir.path());
    ledger.append(&[record("a", 1, 0.5)]).unwrap();
    let mut text = std::fs::read(ledger.path()).unwrap();
    text.extend_from_slice(b"{\"kind\":\"executor\",\"day\":\"2026-");
    std::fs::write(ledger.path(), &text).unwrap();
    assert_eq!(ledger.read().unwrap().bad_lines, 1);
    ledger.append(&[record("b", 1, 1.0)]).unwrap();
    let read = ledger.read().unwrap();
    assert_eq!(read.records.len(), 2);
    assert_eq!(read.bad_lines, 1);
}

#[test]
fn concurrent_writers_lose_and_double_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::in_state_dir(dir.path());
    std::thread::scope(|scope| {
        for writer in 0..6 {
            let ledger = ledger.clone();
            scope.spawn(move || {
                for turn in 0..30 {
                    // Every writer also tries the shared keys of writer 0.
                    let mine = record(&format!("s{writer}"), turn, 0.01);
                    let shared = record("s0", turn, 0.01);
                    ledger.append(&[mine, shared]).unwrap();
                }
            });
        }
    });
    let read = ledger.read().unwrap();
    assert_eq!(read.records.len(), 6 * 30);
    assert_eq!(read.bad_lines, 0);
    let lines = std::fs::read_to_string(ledger.path())
        .unwrap()
        .lines()
        .count();
    assert_eq!(lines, 6 * 30, "no key written twice");
}
