//! Spend that cannot be read is said, never guessed: an unreadable pilot is
//! reported and the others still count; a workspace budget whose spend or
//! `[budget]` table cannot be read refuses the user's sessions, naming why.

use zwarm_core::checkpoints::{PilotModel, PilotStore};
use zwarm_core::engine::{Engine, EngineError, StartRequest};
use zwarm_core::ledger::{Ledger, SpendKind, SpendRecord};
use zwarm_core::llm::Provider;
use zwarm_core::spend::{
    check_session_budget, start_within_budget, workspace_records, BudgetConfig, SpendReport,
};
use zwarm_core::TokenUsage;

use super::support::engine_in;

fn model() -> PilotModel {
    PilotModel {
        provider: Provider::OpenAiResponses,
        model: "gpt-5".into(),
        base_url: None,
    }
}

/// The ledger's record of one step of `pilot` that cost `usd`.
fn ledger_step(engine: &Engine, pilot: &str, usd: f64) {
    let record = SpendRecord {
        kind: SpendKind::Pilot,
        day: chrono::Local::now().date_naive(),
        model: "gpt-5".into(),
        adapter: "open_ai_responses".into(),
        session_id: None,
        turn: None,
        pilot_id: Some(pilot.into()),
        node_id: Some(format!("{pilot}-node")),
        orchestrator_run: None,
        usage: TokenUsage::default(),
        cost_usd: Some(usd),
        estimated_cost_usd: Some(usd),
        reported_cost_usd: None,
        title: None,
    };
    Ledger::in_state_dir(&engine.workspace().state_dir())
        .append(&[record])
        .unwrap();
}

#[test]
fn unreadable_pilots_are_each_reported_and_the_others_still_count() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let store = PilotStore::new(engine.workspace().state_dir());
    let good = store.create("good", model(), false).unwrap();
    let bad_meta = store.create("bad meta", model(), false).unwrap();
    let bad_nodes = store.create("bad nodes", model(), false).unwrap();
    ledger_step(&engine, &bad_meta.id, 0.25);
    let pilots = engine.workspace().state_dir().join("pilots");
    std::fs::write(pilots.join(&bad_meta.id).join("pilot.json"), "{ not json").unwrap();
    // Listed, but its nodes cannot be read.
    let nodes = pilots.join(&bad_nodes.id).join("nodes.jsonl");
    let _ = std::fs::remove_file(&nodes);
    std::fs::create_dir_all(&nodes).unwrap();

    let read = workspace_records(&engine).unwrap();
    let names: Vec<&str> = read.pilots.iter().map(|p| p.meta.name.as_str()).collect();
    assert_eq!(names, [good.name.as_str()]);
    assert_eq!(read.problems.len(), 2, "{:?}", read.problems);
    for bad in [&bad_meta.id, &bad_nodes.id] {
        let problem = read.problems.iter().find(|p| p.contains(bad.as_str()));
        let problem = problem.unwrap_or_else(|| panic!("{bad} is reported: {:?}", read.problems));
        assert!(problem.contains("repair or delete it"), "{problem}");
    }
    let report = SpendReport::compute(&engine, &BudgetConfig::default()).unwrap();
    assert_eq!(report.problems, read.problems);
    assert!(
        (report.all_time.cost_usd - 0.25).abs() < 1e-12,
        "the unreadable pilot's step still counts from the ledger"
    );
}

fn request(task: &str) -> StartRequest {
    StartRequest {
        task: task.into(),
        adapter: zwarm_core::agents::Adapter::Codex,
        model: None,
        mode: None,
        working_dir: None,
        source: "user".into(),
        isolation: None,
    }
}

#[test]
fn an_unreadable_spend_refuses_sessions_under_an_enforced_budget_and_warns_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let state = engine.workspace().state_dir();
    std::fs::create_dir_all(state.join("spend.jsonl")).unwrap();
    let config = state.join("config.toml");
    std::fs::write(&config, "[budget]\nworkspace_usd = 5.0\n").unwrap();
    let check = check_session_budget(&engine);
    let warning = check.warning.expect("a warning");
    assert!(warning.contains("cannot be checked"), "{warning}");
    assert_eq!(check.refusal, None);

    std::fs::write(
        &config,
        "[budget]\nworkspace_usd = 5.0\nenforce_on_sessions = true\n",
    )
    .unwrap();
    let refused = start_within_budget(&engine, request("work")).unwrap_err();
    assert!(
        matches!(&refused, EngineError::BudgetSpent { reason } if reason.contains("spend.jsonl")),
        "{refused}"
    );
}

#[test]
fn an_unreadable_budget_table_refuses_sessions_and_says_what_to_fix() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let state = engine.workspace().state_dir();
    std::fs::create_dir_all(&state).unwrap();
    std::fs::write(
        state.join("config.toml"),
        "[budget]\nworkspace_usd = \"ten\"\n",
    )
    .unwrap();
    let check = check_session_budget(&engine);
    let refusal = check.refusal.expect("refused: the budget may be enforced");
    assert!(
        refusal.contains("[budget]") && refusal.contains("config.toml"),
        "{refusal}"
    );
    let refused = start_within_budget(&engine, request("work")).unwrap_err();
    assert!(matches!(refused, EngineError::BudgetSpent { .. }), "{refused}");
    assert!(engine.list(None).unwrap().sessions.is_empty());
}
