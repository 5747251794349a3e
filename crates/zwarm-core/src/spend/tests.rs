//! Exact figures from the real CLI recordings: sessions whose turn files are
//! the recorded Codex and Claude output, finalized by the engine, then summed.

use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::checkpoints::{Node, NodeKind, PilotModel, PilotStore};
use crate::engine::{Engine, EngineSettings};
use crate::store::{NewSession, ResumeMode, SessionStatus, Timestamp};
use crate::supervisor::TurnFiles;
use crate::workspace::Workspace;
use crate::TokenUsage;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A session of `adapter` whose turns ended with these recordings.
fn recorded_session(
    engine: &Engine,
    adapter: &str,
    model: &str,
    source: &str,
    turns: &[&str],
) -> String {
    let mut new = NewSession::new(
        format!("{adapter} task"),
        engine.workspace().root().display().to_string(),
    );
    new.adapter = adapter.into();
    new.model = model.into();
    new.source = source.into();
    let meta = engine.store().create(new).unwrap();
    for (i, name) in turns.iter().enumerate() {
        let number = i as u32 + 1;
        if number > 1 {
            engine
                .store()
                .update(&meta.id, |m| {
                    m.begin_follow_up("next", ResumeMode::Native);
                })
                .unwrap();
        }
        engine
            .store()
            .update(&meta.id, |m| m.status = SessionStatus::Running)
            .unwrap();
        let stdout = engine.store().turn_stdout_path(&meta.id, number).unwrap();
        std::fs::create_dir_all(stdout.parent().unwrap()).unwrap();
        std::fs::write(&stdout, fixture(name)).unwrap();
        std::fs::write(
            TurnFiles::in_dir(stdout.parent().unwrap(), number).exit,
            "0\n",
        )
        .unwrap();
        let done = engine.refresh(&meta.id).unwrap();
        assert_eq!(
            done.status,
            SessionStatus::Completed,
            "{name}: {:?}",
            done.error
        );
    }
    meta.id
}

fn node(parent: Option<&str>, usd: Option<f64>, tokens: u64) -> Node {
    Node {
        id: uuid::Uuid::new_v4().to_string(),
        label: String::new(),
        parent: parent.map(str::to_string),
        kind: NodeKind::Turn,
        message: "m".into(),
        reply: "r".into(),
        items: Vec::new(),
        sessions: Vec::new(),
        pilot_usage: TokenUsage {
            input_tokens: tokens,
            ..TokenUsage::default()
        },
        pilot_cost_usd: usd,
        executor_usage: TokenUsage::default(),
        executor_cost_usd: Some(0.0),
        model: "gpt-5.5".into(),
        context_tokens: 0,
        stopped: false,
        interventions: Vec::new(),
        files_commit: None,
        started_at: Timestamp::now(),
        ended_at: Timestamp::now(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn totals_from_the_recordings_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(
        Workspace::open(dir.path()).unwrap(),
        EngineSettings::default(),
    )
    .unwrap();
    let store = PilotStore::new(engine.workspace().state_dir());
    let model = PilotModel {
        provider: zwarm_llm::Provider::OpenAiResponses,
        model: "gpt-5.5".into(),
        base_url: None,
    };
    let pilot = store.create("p", model, false).unwrap();
    let t1 = store
        .append(&pilot.id, node(None, Some(0.01), 1000))
        .unwrap();
    store
        .append(&pilot.id, node(Some(&t1.id), None, 500))
        .unwrap();

    let codex = recorded_session(
        &engine,
        "codex",
        "gpt-5.5",
        &format!("pilot:{}", pilot.id),
        &["codex/turn1.jsonl", "codex/turn2.jsonl"],
    );
    let claude = recorded_session(
        &engine,
        "claude",
        "",
        "user",
        &["claude/turn1.jsonl", "claude/turn2.jsonl"],
    );

    let read = workspace_records(&engine).unwrap();
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let (records, sessions, pilots) = (read.records, read.sessions, read.pilots);
    let budget = BudgetConfig {
        workspace_usd: Some(1.0),
        pilot_usd: Some(0.02),
        enforce_on_sessions: false,
    };
    let today = records[0].day;
    let report = SpendReport::from_records(&records, &sessions, &pilots, &budget, today);

    // Codex: usage is cumulative over the thread, so turn 2 is the difference;
    // its input already includes the cached tokens (priced once, at the cached rate).
    let codex_turns: Vec<&SpendRecord> = records
        .iter()
        .filter(|r| r.session_id.as_deref() == Some(codex.as_str()))
        .collect();
    assert_eq!(
        codex_turns[0].usage,
        TokenUsage {
            input_tokens: 19435,
            cached_input_tokens: 9629,
            cache_write_input_tokens: 0,
            output_tokens: 29,
            reasoning_output_tokens: 6
        }
    );
    assert_eq!(
        codex_turns[1].usage,
        TokenUsage {
            input_tokens: 20022,
            cached_input_tokens: 19729,
            cache_write_input_tokens: 0,
            output_tokens: 29,
            reasoning_output_tokens: 6
        }
    );
    let turn1 = (19435.0 - 9629.0) * 1.25e-6 + 9629.0 * 0.125e-6 + 29.0 * 10e-6;
    let turn2 = (20022.0 - 19729.0) * 1.25e-6 + 19729.0 * 0.125e-6 + 29.0 * 10e-6;
    assert!(
        close(codex_turns[0].cost_usd.unwrap(), turn1),
        "{:?}",
        codex_turns[0].cost_usd
    );
    assert!(
        close(codex_turns[1].cost_usd.unwrap(), turn2),
        "{:?}",
        codex_turns[1].cost_usd
    );

    // Claude: its own cumulative total_cost_usd, split per turn, with our
    // price-table estimate kept beside it.
    let claude_turns: Vec<&SpendRecord> = records
        .iter()
        .filter(|r| r.session_id.as_deref() == Some(claude.as_str()))
        .collect();
    assert!(close(claude_turns[0].cost_usd.unwrap(), 0.0298946));
    assert!(close(
        claude_turns[1].cost_usd.unwrap(),
        0.060198 - 0.0298946
    ));
    assert_eq!(claude_turns[0].model, "claude-opus-5-5");

    let executor = &report.executor;
    assert_eq!(executor.turns, 4);
    assert!(close(executor.cost_usd, turn1 + turn2 + 0.060198));
    assert!(close(executor.reported_cost_usd, 0.060198));
    let estimate = (25298.0 - 18973.0) * 5e-6
        + 18973.0 * 0.5e-6
        + 40.0 * 25e-6
        + (25651.0 - 19237.0) * 5e-6
        + 19237.0 * 0.5e-6
        + 40.0 * 25e-6;
    assert!(
        close(executor.estimate_of_reported_usd.unwrap(), estimate),
        "{:?}",
        executor.estimate_of_reported_usd
    );
    assert!(
        executor.reported_differs(),
        "Claude's own figure and ours differ: both are shown"
    );

    // The pilot: one priced node, one unpriced (counted, never $0).
    assert!(close(report.pilot.cost_usd, 0.01));
    assert_eq!(
        (report.pilot.unpriced_turns, report.pilot.unpriced_tokens),
        (1, 500)
    );
    assert!(close(
        report.all_time.cost_usd,
        turn1 + turn2 + 0.060198 + 0.01
    ));
    assert!(close(report.today.cost_usd, report.all_time.cost_usd));

    // The pilot's total holds its own LLM and the codex session it started.
    let pilot_row = report
        .top_pilots
        .iter()
        .find(|g| g.key == pilot.id)
        .unwrap();
    assert!(close(pilot_row.totals.cost_usd, 0.01 + turn1 + turn2));
    assert_eq!(
        report.top_sessions[0].key, claude,
        "the dearest session first"
    );
    assert!(report.by_model.iter().any(|g| g.key == "claude-opus-5-5"));
    assert_eq!(
        report
            .by_adapter
            .iter()
            .map(|g| g.key.as_str())
            .collect::<Vec<_>>(),
        ["claude", "codex", "open_ai_responses"]
    );

    // Budgets: the pilot's $0.02 is spent, the workspace's $1 is not.
    let pilot_budget = report
        .budgets
        .iter()
        .find(|b| b.scope == "pilot p")
        .unwrap();
    assert_eq!(pilot_budget.level, BudgetLevel::Exceeded);
    assert!(pilot_budget.refusal().is_some());
    assert_eq!(
        report
            .budgets
            .iter()
            .find(|b| b.scope == "workspace")
            .unwrap()
            .level,
        BudgetLevel::Ok
    );

    // CSV: one row per turn, unpriced cells empty.
    let csv = to_csv(&records).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + records.len());
    assert!(lines[0].starts_with("kind,day,model,adapter,session_id"));
    let codex_row = lines
        .iter()
        .find(|l| l.contains(&codex) && l.contains(",1,"))
        .unwrap();
    assert!(codex_row.contains(",19435,9629,0,29,6,"), "{codex_row}");
    let unpriced_pilot_row = lines
        .iter()
        .find(|l| l.starts_with("pilot,") && l.contains(",500,"))
        .unwrap();
    assert!(
        unpriced_pilot_row.ends_with(",,,"),
        "unpriced is empty, not 0: {unpriced_pilot_row}"
    );
}

#[test]
fn days_and_weeks_are_local_calendar_periods() {
    let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
    let record = |d: u32| SpendRecord {
        kind: SpendKind::Executor,
        day: day(d),
        model: "gpt-5.5".into(),
        adapter: "codex".into(),
        session_id: Some(format!("s{d}")),
        turn: Some(1),
        pilot_id: None,
        node_id: None,
        orchestrator_run: None,
        usage: TokenUsage {
            input_tokens: 10,
            ..TokenUsage::default()
        },
        cost_usd: Some(1.0),
        estimated_cost_usd: Some(1.0),
        reported_cost_usd: None,
        title: None,
    };
    // 2026-12-02 is a Wednesday: the week holds Monday 30 Nov to Wednesday.
    let records = vec![
        record(1),
        record(2),
        NaiveDate::from_ymd_opt(2026, 11, 29)
            .map(|d| SpendRecord {
                day: d,
                ..record(1)
            })
            .unwrap(),
    ];
    let report = SpendReport::from_records(&records, &[], &[], &BudgetConfig::default(), day(2));
    assert_eq!(report.today.cost_usd, 1.0);
    assert_eq!(report.this_week.cost_usd, 2.0);
    assert_eq!(report.all_time.cost_usd, 3.0);
    assert_eq!(
        report.by_day.first().map(|g| g.key.as_str()),
        Some("2026-11-29")
    );
    assert!(report.budgets.is_empty());
}

#[test]
fn a_branch_sums_the_path_from_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let store = PilotStore::new(dir.path());
    let model = PilotModel {
        provider: zwarm_llm::Provider::Anthropic,
        model: "claude-sonnet-4".into(),
        base_url: None,
    };
    let pilot = store.create("p", model, false).unwrap();
    let t1 = store.append(&pilot.id, node(None, Some(1.0), 10)).unwrap();
    let t2 = store
        .append(&pilot.id, node(Some(&t1.id), Some(2.0), 10))
        .unwrap();
    let t3 = store
        .append(&pilot.id, node(Some(&t1.id), Some(4.0), 10))
        .unwrap();
    let graph = store.load(&pilot.id).unwrap().graph;
    assert_eq!(branch_totals(&graph, &t2.id).0.cost_usd, 3.0);
    assert_eq!(branch_totals(&graph, &t3.id).0.cost_usd, 5.0);
    assert_eq!(branch_totals(&graph, &t3.id).0.turns, 2);
}
