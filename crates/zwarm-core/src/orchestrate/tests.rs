//! Runs against the fake model server: every stop reason and every watcher,
//! pause and resume, a restart mid-run. (A run delegating to a real Codex
//! session is in tests/agents/orchestrate.rs.)

use std::sync::Arc;
use std::time::Duration;

use fake_llm::{FakeServer, Part, Protocol, Reply, Scenario, Usage};
use serde_json::{json, Value};
use zwarm_llm::{CancellationToken, LlmClient, Provider, ProviderConfig};

use super::watchers::{CallRecord, RunFacts, StepRecord};
use super::*;
use crate::checkpoints::PilotModel;
use crate::engine::{Engine, EngineSettings};
use crate::checkpoints::PilotStoreError;
use crate::pilot::{PilotError, PilotSettings};
use crate::workspace::Workspace;

struct Fixture {
    _dir: tempfile::TempDir,
    engine: Arc<Engine>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let engine = Arc::new(
        Engine::open(
            Workspace::open(dir.path()).unwrap(),
            EngineSettings::default(),
        )
        .unwrap(),
    );
    Fixture { _dir: dir, engine }
}

fn orchestrator(f: &Fixture, watchers: WatcherConfig) -> Orchestrator {
    Orchestrator::new(Arc::clone(&f.engine), PilotSettings::default(), watchers)
}

fn options(max_steps: u32, budget_usd: Option<f64>) -> RunOptions {
    RunOptions {
        task: "tidy the repo".into(),
        model: PilotModel {
            provider: Provider::OpenAiResponses,
            model: "gpt-5.5".into(),
            base_url: None,
        },
        max_steps,
        budget_usd,
        shell: true,
    }
}

fn client(server: &FakeServer) -> LlmClient {
    let mut config = ProviderConfig::new(Provider::OpenAiResponses, "gpt-5.5")
        .with_base_url(format!("{}/v1", server.base_url()))
        .with_api_key("k");
    config.retry.initial_backoff = Duration::from_millis(10);
    LlmClient::new(config).unwrap()
}

fn tool(name: &str, arguments: Value) -> Part {
    Part::Tool {
        name: name.into(),
        arguments,
    }
}

async fn drive(
    o: &Orchestrator,
    server: &FakeServer,
    run: &str,
) -> (crate::checkpoints::PilotMeta, Vec<RunEvent>) {
    let mut events = Vec::new();
    let mut sink = |e: RunEvent| events.push(e);
    let meta = o
        .drive(&client(server), run, &mut sink, &CancellationToken::new())
        .await
        .unwrap();
    (meta, events)
}

/// Stops the run once its LLM call reached the server (which holds it for
/// 30 s): the stop lands mid-call, however slow the machine.
async fn stop_once_asked(server: &FakeServer, cancel: &CancellationToken) {
    while server.requests_for(Protocol::Responses).is_empty() {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    cancel.cancel();
}

fn state(meta: &crate::checkpoints::PilotMeta) -> (RunStatus, String) {
    let run = meta.run.as_ref().unwrap();
    (run.status, run.reason.clone().unwrap_or_default())
}

#[test]
fn a_run_with_a_blank_task_is_refused_and_nothing_is_stored() {
    let f = fixture();
    let o = orchestrator(&f, WatcherConfig::default());
    for task in ["", " \n\t"] {
        let err = o
            .create(RunOptions {
                task: task.into(),
                ..options(10, None)
            })
            .unwrap_err();
        assert!(matches!(err, PilotError::EmptyTask), "{err}");
    }
    assert!(o.runs().unwrap().is_empty());
}

#[tokio::test]
async fn a_run_inspects_with_its_shell_and_finishes_with_a_summary() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![tool("shell", json!({"command": "ls"}))]),
        Reply::parts(vec![tool("finish", json!({"summary": "Nothing to tidy."}))]),
    ]))
    .unwrap();
    let f = fixture();
    std::fs::write(f.engine.workspace().root().join("README"), "x").unwrap();
    let o = orchestrator(&f, WatcherConfig::default());
    let run = o.create(options(10, None)).unwrap();
    let (meta, events) = drive(&o, &server, &run.id).await;
    assert_eq!(
        state(&meta),
        (RunStatus::Finished, "Nothing to tidy.".into())
    );
    assert_eq!(meta.run.as_ref().unwrap().steps, 2);
    let graph = o.store().load(&run.id).unwrap().graph;
    assert_eq!(graph.len(), 2, "one node per step");
    assert_eq!(graph.nodes()[0].message, "tidy the repo");
    // Spend names it as a run (the window opens it in Runs, not as a pilot).
    let report =
        crate::spend::SpendReport::compute(&f.engine, &crate::spend::BudgetConfig::default())
            .unwrap();
    assert_eq!(report.run_ids, std::slice::from_ref(&run.id));
    assert!(report
        .pilot_names
        .iter()
        .any(|(id, name)| *id == run.id && name == "Run: tidy the repo"));
    assert!(events
        .iter()
        .any(|e| matches!(e, RunEvent::ToolFinished { output, .. } if output.contains("README"))));
    let first = &server.requests_for(Protocol::Responses)[0].raw_body;
    assert!(
        first.contains("zwarm's orchestrator")
            && first.contains("\"shell\"")
            && first.contains("\"finish\"")
    );
}

#[tokio::test]
async fn a_finished_run_is_deleted_and_its_spend_stays_a_running_one_is_not() {
    let server = FakeServer::start(Scenario::new(vec![Reply::parts(vec![tool(
        "finish",
        json!({"summary": "done"}),
    )])]))
    .unwrap();
    let f = fixture();
    let o = orchestrator(&f, WatcherConfig::default());
    let running = o.create(options(10, None)).unwrap();
    assert!(matches!(o.delete(&running.id), Err(PilotError::RunRunning(_))));

    let run = o.create(options(10, None)).unwrap();
    drive(&o, &server, &run.id).await;
    let budget = crate::spend::BudgetConfig::default();
    let before = crate::spend::SpendReport::compute(&f.engine, &budget).unwrap();
    o.delete(&run.id[..8]).unwrap();
    assert!(o.runs().unwrap().iter().all(|m| m.id != run.id), "the run is gone");
    assert!(matches!(
        o.delete(&run.id),
        Err(PilotError::Store(PilotStoreError::NotFound(_)))
    ));
    let after = crate::spend::SpendReport::compute(&f.engine, &budget).unwrap();
    assert_eq!(after.all_time.turns, before.all_time.turns, "its spend stays");
    assert!((after.all_time.cost_usd - before.all_time.cost_usd).abs() < 1e-9);
}

#[tokio::test]
async fn the_step_limit_stops_a_run() {
    let server = FakeServer::start(
        Scenario::new(vec![]).with_fallback(Reply::parts(vec![tool("list_sessions", json!({}))])),
    )
    .unwrap();
    let f = fixture();
    let o = orchestrator(
        &f,
        WatcherConfig {
            progress: ProgressConfig {
                enabled: false,
                ..Default::default()
            },
            ..Default::default()
        },
    );
    let run = o.create(options(3, None)).unwrap();
    let (meta, _) = drive(&o, &server, &run.id).await;
    assert_eq!(state(&meta).0, RunStatus::Stopped);
    assert!(
        state(&meta).1.contains("step limit of 3"),
        "{:?}",
        state(&meta)
    );
    assert_eq!(server.requests_for(Protocol::Responses).len(), 3);
}

#[tokio::test]
async fn the_progress_watcher_stops_a_run_that_repeats_itself() {
    let server = FakeServer::start(Scenario::new(vec![]).with_fallback(Reply::parts(vec![tool(
        "shell",
        json!({"command": "cat notes.txt"}),
    )])))
    .unwrap();
    let f = fixture();
    std::fs::write(f.engine.workspace().root().join("notes.txt"), "same\n").unwrap();
    let mut watchers = WatcherConfig::default();
    watchers.progress.action = WatcherAction::Stop;
    let o = orchestrator(&f, watchers);
    let run = o.create(options(20, None)).unwrap();
    let (meta, events) = drive(&o, &server, &run.id).await;
    assert_eq!(state(&meta).0, RunStatus::Stopped);
    assert!(
        state(&meta).1.starts_with("watcher progress"),
        "{:?}",
        state(&meta)
    );
    assert_eq!(
        meta.run.as_ref().unwrap().steps,
        3,
        "stopped at the third identical call"
    );
    assert!(events.iter().any(|e| matches!(e, RunEvent::Intervention { intervention } if intervention.watcher == "progress")));
    let graph = o.store().load(&run.id).unwrap().graph;
    assert_eq!(
        graph.nodes()[2].interventions[0].action,
        WatcherAction::Stop,
        "the intervention is in the timeline"
    );
}

#[tokio::test]
async fn the_delegation_watcher_tells_a_run_that_edits_files_itself() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![tool(
            "shell",
            json!({"command": "sed -i s/a/b/ x.txt"}),
        )]),
        Reply::parts(vec![tool("shell", json!({"command": "echo fix > y.txt"}))]),
        Reply::parts(vec![tool(
            "shell",
            json!({"command": "cat > z.txt <<EOF\nz\nEOF"}),
        )]),
        Reply::parts(vec![tool("finish", json!({"summary": "ok"}))]),
    ]))
    .unwrap();
    let f = fixture();
    std::fs::write(f.engine.workspace().root().join("x.txt"), "a").unwrap();
    let o = orchestrator(&f, WatcherConfig::default());
    let run = o.create(options(10, None)).unwrap();
    let (meta, _) = drive(&o, &server, &run.id).await;
    assert_eq!(state(&meta).0, RunStatus::Finished);
    let graph = o.store().load(&run.id).unwrap().graph;
    assert_eq!(graph.nodes()[2].interventions[0].watcher, "delegation");
    let fourth = &server.requests_for(Protocol::Responses)[3].raw_body;
    assert!(
        fourth.contains("You are doing the work yourself"),
        "the message reached the LLM"
    );
}

#[tokio::test]
async fn the_budget_watcher_stops_a_run_that_spent_its_budget() {
    let pricey = Reply::parts(vec![tool("list_sessions", json!({}))]).with_usage(Usage {
        input_tokens: 200_000,
        output_tokens: 1_000,
        ..Usage::default()
    });
    let server = FakeServer::start(Scenario::new(vec![]).with_fallback(pricey)).unwrap();
    let f = fixture();
    let o = orchestrator(
        &f,
        WatcherConfig {
            progress: ProgressConfig {
                enabled: false,
                ..Default::default()
            },
            ..Default::default()
        },
    );
    let run = o.create(options(50, Some(0.5))).unwrap();
    let (meta, _) = drive(&o, &server, &run.id).await;
    assert_eq!(state(&meta).0, RunStatus::Stopped);
    assert!(
        state(&meta).1.contains("budget of $0.50 is spent"),
        "{:?}",
        state(&meta)
    );
    // Each step costs 200k × $1.25/M + 1k × $10/M = $0.26: the second step spends it.
    assert_eq!(meta.run.as_ref().unwrap().steps, 2);
}

#[tokio::test]
async fn a_rejected_key_fails_the_run_with_the_api_message() {
    let server = FakeServer::start(Scenario::new(vec![Reply::Error {
        status: 401,
        message: "bad key".into(),
        retry_after_secs: None,
    }]))
    .unwrap();
    let f = fixture();
    let o = orchestrator(&f, WatcherConfig::default());
    let run = o.create(options(5, None)).unwrap();
    let (meta, _) = drive(&o, &server, &run.id).await;
    assert_eq!(state(&meta).0, RunStatus::Failed);
    assert!(state(&meta).1.contains("401"), "{:?}", state(&meta));
}

#[tokio::test]
async fn a_watcher_pause_waits_for_the_user_and_resume_continues() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![tool("shell", json!({"command": "cat a"}))]),
        Reply::parts(vec![tool("shell", json!({"command": "cat a"}))]),
        Reply::parts(vec![tool("shell", json!({"command": "cat a"}))]),
        Reply::parts(vec![tool(
            "finish",
            json!({"summary": "done after the pause"}),
        )]),
    ]))
    .unwrap();
    let f = fixture();
    let mut watchers = WatcherConfig::default();
    watchers.progress.action = WatcherAction::Pause;
    let o = orchestrator(&f, watchers);
    let run = o.create(options(10, None)).unwrap();
    let (meta, _) = drive(&o, &server, &run.id).await;
    assert_eq!(state(&meta).0, RunStatus::Paused);
    o.set_status(&run.id, RunStatus::Running, None).unwrap();
    let (meta, _) = drive(&o, &server, &run.id).await;
    assert_eq!(
        state(&meta),
        (RunStatus::Finished, "done after the pause".into())
    );
}

#[tokio::test]
async fn a_run_cut_off_by_a_restart_resumes_where_it_was() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![tool("list_sessions", json!({}))]),
        Reply::Delay {
            ms: 30_000,
            then: None,
        },
    ]))
    .unwrap();
    let f = fixture();
    let run = {
        let o = orchestrator(&f, WatcherConfig::default());
        let run = o.create(options(10, None)).unwrap();
        let mut sink = |_e: RunEvent| {};
        let client = client(&server);
        // The app dies during the second step's LLM call.
        let cut = tokio::time::timeout(
            Duration::from_millis(1500),
            o.drive(&client, &run.id, &mut sink, &CancellationToken::new()),
        )
        .await;
        assert!(cut.is_err(), "the run was still going");
        run
    };
    let o = orchestrator(&f, WatcherConfig::default());
    let meta = o.store().load(&run.id).unwrap().meta;
    assert_eq!(
        state(&meta).0,
        RunStatus::Running,
        "a restart finds it running"
    );
    assert_eq!(meta.run.as_ref().unwrap().steps, 1);
    server.push_reply(Reply::parts(vec![tool(
        "finish",
        json!({"summary": "resumed and done"}),
    )]));
    let (meta, _) = drive(&o, &server, &run.id).await;
    assert_eq!(
        state(&meta),
        (RunStatus::Finished, "resumed and done".into())
    );
    let graph = o.store().load(&run.id).unwrap().graph;
    assert_eq!(graph.len(), 2);
    let last = server
        .requests_for(Protocol::Responses)
        .last()
        .unwrap()
        .raw_body
        .clone();
    assert!(
        last.contains("tidy the repo") && last.contains("list_sessions"),
        "the resumed step sees the history"
    );
}

#[tokio::test]
async fn the_user_stops_a_run_mid_call() {
    let server = FakeServer::start(Scenario::new(vec![Reply::Delay {
        ms: 30_000,
        then: None,
    }]))
    .unwrap();
    let f = fixture();
    let o = orchestrator(&f, WatcherConfig::default());
    let run = o.create(options(10, None)).unwrap();
    let cancel = CancellationToken::new();
    let mut sink = |_e: RunEvent| {};
    let client = client(&server);
    let (meta, ()) = tokio::join!(
        o.drive(&client, &run.id, &mut sink, &cancel),
        stop_once_asked(&server, &cancel)
    );
    let meta = meta.unwrap();
    assert_eq!(
        state(&meta),
        (RunStatus::Stopped, "stopped by the user".into())
    );
}

fn call(name: &str, arguments: Value, output: &str) -> CallRecord {
    CallRecord {
        name: name.into(),
        arguments,
        output: output.into(),
    }
}

fn facts(step: u32) -> RunFacts {
    RunFacts {
        step,
        max_steps: 100,
        ..RunFacts::default()
    }
}

#[test]
fn waiting_then_checking_is_not_being_stuck() {
    let mut w = Watchers::new(WatcherConfig::default());
    for step in 1..=10 {
        let calls = vec![
            call(
                "wait",
                json!({"seconds": 60}),
                "Waited 60 s; still running: s1",
            ),
            call(
                "check_session",
                json!({"session_id": "s1"}),
                "session s1: running",
            ),
        ];
        let fired = w.observe(
            StepRecord {
                step,
                calls,
                text: String::new(),
            },
            &facts(step),
        );
        assert!(fired.is_empty(), "step {step}: {fired:?}");
    }
}

/// Which watchers fired at which steps, for steps of the given calls.
fn progress_steps(steps: impl IntoIterator<Item = Vec<CallRecord>>) -> Vec<u32> {
    let mut w = Watchers::new(WatcherConfig::default());
    let mut fired_at = Vec::new();
    for (step, calls) in (1u32..).zip(steps) {
        let record = StepRecord {
            step,
            calls,
            text: String::new(),
        };
        if w.observe(record, &facts(step)).iter().any(|i| i.watcher == "progress") {
            fired_at.push(step);
        }
    }
    fired_at
}

#[test]
fn delegating_the_same_task_again_and_again_is_stuck_though_each_answer_differs() {
    let task = json!({"task": "fix the flaky test", "adapter": "codex"});
    let steps = (1..=30).map(|step| {
        if step % 4 == 0 {
            vec![call("delegate", task.clone(), &format!("Started session s{step}"))]
        } else {
            vec![call("wait", json!({"seconds": 30}), "still running")]
        }
    });
    let fired = progress_steps(steps);
    assert_eq!(fired.first(), Some(&12), "the third identical delegate: {fired:?}");
}

#[test]
fn running_the_same_check_while_results_change_is_not_stuck() {
    let steps = (1..=12).map(|step| {
        vec![
            call("converse", json!({"session_id": "s1", "message": format!("try fix {step}")}), "ok"),
            call("shell", json!({"command": "cargo test"}), &format!("{} failed", 12 - step)),
        ]
    });
    assert!(progress_steps(steps).is_empty());
    // The same look with the same result is stuck.
    let same = (1..=4).map(|_| vec![call("shell", json!({"command": "cargo test"}), "1 failed")]);
    assert_eq!(progress_steps(same), [3]);
}

#[test]
fn the_reminder_comes_after_steps_without_delegating_and_respects_its_cooldown() {
    let mut w = Watchers::new(WatcherConfig::default());
    let mut fired_at = Vec::new();
    for step in 1..=14 {
        let calls = vec![call(
            "get_trajectory",
            json!({"session_id": format!("s{step}")}),
            &format!("r{step}"),
        )];
        let fired = w.observe(
            StepRecord {
                step,
                calls,
                text: String::new(),
            },
            &facts(step),
        );
        if fired.iter().any(|i| i.watcher == "reminder") {
            fired_at.push(step);
        }
    }
    assert_eq!(
        fired_at,
        [8, 11, 14],
        "every step from 8 on, but quiet for 3 steps after each"
    );
}

#[test]
fn the_budget_watcher_warns_near_the_step_limit_and_about_too_many_sessions() {
    let mut w = Watchers::new(WatcherConfig::default());
    let fired = w.observe(
        StepRecord::default(),
        &RunFacts {
            step: 8,
            max_steps: 10,
            ..RunFacts::default()
        },
    );
    assert!(fired[0].message.contains("2 steps remain"), "{fired:?}");
    let mut w = Watchers::new(WatcherConfig::default());
    let fired = w.observe(
        StepRecord::default(),
        &RunFacts {
            step: 1,
            max_steps: 10,
            sessions_started: 10,
            ..RunFacts::default()
        },
    );
    assert!(fired[0].message.contains("Do not start more"), "{fired:?}");
}

#[test]
fn reading_in_the_shell_is_not_doing_the_work() {
    let mut w = Watchers::new(WatcherConfig::default());
    for step in 1..=5 {
        let calls = vec![call(
            "shell",
            json!({"command": "grep -rn TODO src 2>&1 | head"}),
            &format!("{step}"),
        )];
        let fired = w.observe(
            StepRecord {
                step,
                calls,
                text: String::new(),
            },
            &facts(step),
        );
        assert!(
            !fired.iter().any(|i| i.watcher == "delegation"),
            "{fired:?}"
        );
    }
}
