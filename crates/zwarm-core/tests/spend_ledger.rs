//! Money spent stays spent: a session's turns go into `.zwarm/spend.jsonl` when
//! they end, and deleting the session keeps them in every total. A Codex
//! session on the CLI's default model is priced with the model its config names.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use zwarm_core::agents::Adapter;
use zwarm_core::engine::{Engine, EngineSettings, StartRequest};
use zwarm_core::spend::{BudgetConfig, SpendReport};
use zwarm_core::workspace::Workspace;

mod common;

/// One recorded `codex exec --json` run; at gpt-5.1-codex-mini's built-in price
/// (9,806 uncached input at $0.25/M, 9,629 cached at $0.025/M, 29 output at
/// $2/M) it costs $0.002750225.
const CODEX_TURN: &str = include_str!("fixtures/codex/turn1.jsonl");
const CODEX_TURN_USD: f64 = 0.002_750_225;

/// A workspace, a folder for the stand-in CLI and a CODEX_HOME, in a
/// temporary folder that lives as long as the first value.
fn folders() -> (tempfile::TempDir, PathBuf, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (root, bin, home) = (
        dir.path().join("ws"),
        dir.path().join("bin"),
        dir.path().join("codex-home"),
    );
    for d in [&root, &bin, &home] {
        std::fs::create_dir_all(d).unwrap();
    }
    (dir, root, bin, home)
}

fn engine(root: &Path, bin: &Path, codex_home: &Path) -> Engine {
    let settings = EngineSettings {
        codex_path: Some(common::fake_cli(bin, "codex", CODEX_TURN)),
        env: vec![("CODEX_HOME".into(), codex_home.display().to_string())],
        ..EngineSettings::default()
    };
    Engine::open(Workspace::open(root).unwrap(), settings).unwrap()
}

fn start(engine: &Engine, task: &str) -> String {
    let meta = engine
        .start(StartRequest {
            task: task.into(),
            adapter: Adapter::Codex,
            model: None,
            mode: None,
            working_dir: None,
            source: "user".into(),
            isolation: None,
        })
        .unwrap();
    common::wait_ended(engine, &meta.id);
    meta.id
}

fn report(engine: &Engine) -> SpendReport {
    SpendReport::compute(engine, &BudgetConfig::default()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn a_default_model_codex_session_is_priced_with_the_model_of_codex_config() {
    let (_dir, root, bin, home) = folders();
    std::fs::write(home.join("config.toml"), "model = \"gpt-5.1-codex-mini\"\n").unwrap();
    let engine = engine(&root, &bin, &home);
    let id = start(&engine, "fix the parser");
    let meta = engine.refresh(&id).unwrap();
    assert_eq!(meta.model, "", "no --model was passed");
    assert_eq!(meta.turns[0].model.as_deref(), Some("gpt-5.1-codex-mini"));
    assert!(close(meta.turns[0].cost_usd.unwrap(), CODEX_TURN_USD));
    let spend = report(&engine);
    assert!(close(spend.all_time.cost_usd, CODEX_TURN_USD));
    assert_eq!(spend.all_time.unpriced_turns, 0);
    assert_eq!(spend.by_model[0].key, "gpt-5.1-codex-mini");
}

#[test]
fn deleting_a_session_keeps_its_spend_in_every_total() {
    let (_dir, root, bin, home) = folders();
    std::fs::write(home.join("config.toml"), "model = \"gpt-5.1-codex-mini\"\n").unwrap();
    let engine = engine(&root, &bin, &home);
    let kept = start(&engine, "keep me");
    let gone = start(&engine, "delete me\nwith details");
    let before = report(&engine);
    assert!(close(before.all_time.cost_usd, 2.0 * CODEX_TURN_USD));
    let ledger = engine.ledger().read().unwrap();
    assert_eq!(
        ledger.records.len(),
        2,
        "each finished turn is in the ledger"
    );

    engine.delete(&gone).unwrap();
    assert!(engine.refresh(&gone).is_err(), "the session is gone");
    let after = report(&engine);
    assert!(close(after.all_time.cost_usd, before.all_time.cost_usd));
    assert_eq!(after.all_time.turns, 2);
    assert!(close(after.today.cost_usd, before.today.cost_usd));
    assert!(after.top_sessions.iter().any(|g| g.key == gone));
    assert_eq!(after.deleted_sessions, vec![gone.clone()]);
    assert!(after
        .session_titles
        .iter()
        .any(|(id, title)| id == &gone && title == "delete me"));
    assert!(!after.deleted_sessions.contains(&kept));
}

#[test]
fn a_session_finished_before_the_ledger_existed_keeps_its_spend_when_deleted() {
    let (_dir, root, bin, home) = folders();
    std::fs::write(home.join("config.toml"), "model = \"gpt-5.1-codex-mini\"\n").unwrap();
    let engine = engine(&root, &bin, &home);
    let id = start(&engine, "old work");
    std::fs::remove_file(engine.ledger().path()).unwrap();
    engine.delete(&id).unwrap();
    assert!(close(report(&engine).all_time.cost_usd, CODEX_TURN_USD));
}

#[test]
fn the_check_finds_figures_that_differ_from_what_the_cli_wrote() {
    let (_dir, root, bin, home) = folders();
    let engine = engine(&root, &bin, &home);
    let id = start(&engine, "count me");
    let clean = zwarm_core::spend::reconcile(&engine).unwrap();
    assert_eq!((clean.sessions_checked, clean.discrepancies.len()), (1, 0));

    // A record that undercounts (as records written before failed turns counted did).
    let meta_path = engine.store().meta_path(&id).unwrap();
    let mut meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&meta_path).unwrap()).unwrap();
    meta["turns"][0]["usage"]["input_tokens"] = serde_json::json!(19_000);
    std::fs::write(&meta_path, serde_json::to_vec(&meta).unwrap()).unwrap();
    let found = zwarm_core::spend::reconcile(&engine).unwrap();
    assert_eq!(found.discrepancies.len(), 1);
    let d = &found.discrepancies[0];
    assert_eq!(
        (d.figure.as_str(), d.ours, d.cli),
        ("tokens", 19_029.0, 19_464.0)
    );
}

#[test]
fn user_sessions_are_warned_at_80_percent_and_refused_when_the_budget_is_enforced() {
    use zwarm_core::spend::{check_session_budget, start_within_budget};
    let (_dir, root, bin, home) = folders();
    std::fs::write(home.join("config.toml"), "model = \"gpt-5.1-codex-mini\"\n").unwrap();
    let config = root.join(".zwarm/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    // One turn costs $0.00275: 92 % of this budget.
    std::fs::write(&config, "[budget]\nworkspace_usd = 0.003\n").unwrap();
    let engine = engine(&root, &bin, &home);
    assert_eq!(check_session_budget(&engine).warning, None);
    start(&engine, "first");
    let check = check_session_budget(&engine);
    let warning = check.warning.expect("a warning at 92 %");
    assert!(
        warning.contains("$0.0028 of the workspace budget of $0.0030 is spent (92 %)"),
        "{warning}"
    );
    assert_eq!(check.refusal, None);

    let request = || StartRequest {
        task: "second".into(),
        adapter: Adapter::Codex,
        model: None,
        mode: None,
        working_dir: None,
        source: "user".into(),
        isolation: None,
    };
    let (second, warned) = start_within_budget(&engine, request()).unwrap();
    assert!(warned.is_some());
    common::wait_ended(&engine, &second.id);

    std::fs::write(
        &config,
        "[budget]\nworkspace_usd = 0.003\nenforce_on_sessions = true\n",
    )
    .unwrap();
    let refused = start_within_budget(&engine, request())
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("refused") && refused.contains("183 %"),
        "{refused}"
    );
    assert_eq!(
        engine.list(None).unwrap().sessions.len(),
        2,
        "nothing was started"
    );
}
