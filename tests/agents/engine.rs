//! The session engine driving the real CLIs against the fake model server:
//! start, complete, continue natively, kill, API failures, parallel sessions,
//! re-attaching after the engine is dropped, and a folder written by zwarm 3.2.1.

use std::sync::mpsc::channel;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_llm::{FakeServer, Part, Reply, Scenario, Usage};
use zwarm_core::agents::Adapter;
use zwarm_core::engine::{Engine, EngineEvent, KillResult, StartRequest};
use zwarm_core::events::AgentEvent;
use zwarm_core::store::{ResumeMode, SessionMeta, SessionStatus};
use zwarm_core::Workspace;

use crate::harness::{Sandbox, CODEX_MODEL};

const TURN_TIMEOUT: Duration = Duration::from_secs(90);

pub(crate) fn engine(sandbox: &Sandbox, server: &FakeServer) -> Engine {
    let workspace = Workspace::open(&sandbox.workspace).expect("open the workspace");
    Engine::open(workspace, sandbox.engine_settings(server)).expect("open the engine")
}

pub(crate) fn request(adapter: Adapter, task: &str) -> StartRequest {
    StartRequest {
        task: task.into(),
        adapter,
        model: (adapter == Adapter::Codex).then(|| CODEX_MODEL.to_string()),
        mode: None,
        working_dir: None,
        source: "user".into(),
        isolation: None,
    }
}

/// Polls the session until its turn has ended.
pub(crate) fn wait_ended(engine: &Engine, id: &str) -> SessionMeta {
    let start = Instant::now();
    loop {
        let meta = engine.refresh(id).expect("refresh");
        if meta.status != SessionStatus::Running && meta.status != SessionStatus::Pending {
            return meta;
        }
        assert!(
            start.elapsed() < TURN_TIMEOUT,
            "session {id} still running after {TURN_TIMEOUT:?}: {meta:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn usage(input: u64, cached: u64, output: u64) -> Usage {
    Usage {
        input_tokens: input,
        cached_input_tokens: cached,
        output_tokens: output,
        ..Usage::default()
    }
}

fn all_events(engine: &Engine, id: &str) -> Vec<AgentEvent> {
    let page = engine.events(id, 0, 10_000).expect("events");
    page.events.into_iter().map(|e| e.event).collect()
}

#[test]
fn codex_session_completes_then_continues_natively_with_per_turn_usage() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![Part::shell("echo hello > out.txt")]).with_usage(usage(1000, 200, 10)),
        Reply::text("Wrote out.txt.").with_usage(usage(1100, 900, 5)),
        Reply::text("It says hello.").with_usage(usage(1500, 1000, 7)),
    ]))
    .expect("fake server");
    let sandbox = Sandbox::new();
    let engine = engine(&sandbox, &server);

    let started = engine
        .start(request(Adapter::Codex, "create out.txt containing hello"))
        .expect("start");
    assert_eq!(started.status, SessionStatus::Running);
    let done = wait_ended(&engine, &started.id);
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    assert_eq!(
        std::fs::read_to_string(sandbox.workspace.join("out.txt")).unwrap(),
        "hello\n"
    );
    let thread = done.agent_session_id.clone().expect("thread id recorded");
    let turn1 = &done.turns[0];
    assert_eq!(
        (
            turn1.usage.input_tokens,
            turn1.usage.cached_input_tokens,
            turn1.usage.output_tokens
        ),
        (2100, 1100, 15)
    );
    assert_eq!(turn1.exit_code, Some(0));
    assert!(
        turn1.cost_usd.is_some_and(|c| c > 0.0),
        "gpt-5.5 is priced: {turn1:?}"
    );
    let events = all_events(&engine, &done.id);
    assert!(matches!(&events[0], AgentEvent::UserMessage { text } if text.contains("out.txt")));
    assert!(events.iter().any(|e| matches!(
        e,
        AgentEvent::Command {
            exit_code: Some(0),
            ..
        }
    )));

    let continued = engine
        .continue_session(&done.id[..8], "now show me the file")
        .expect("continue");
    assert_eq!(continued.turn, 2);
    let done = wait_ended(&engine, &done.id);
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    assert_eq!(
        done.agent_session_id.as_deref(),
        Some(thread.as_str()),
        "same thread"
    );
    let turn2 = &done.turns[1];
    assert_eq!(turn2.resume_mode, ResumeMode::Native);
    assert_eq!(
        (turn2.usage.input_tokens, turn2.usage.output_tokens),
        (1500, 7),
        "turn 2 alone, not cumulative"
    );
    assert_eq!(
        done.messages.iter().filter(|m| m.role == "user").count(),
        2,
        "both prompts kept"
    );
    assert_eq!(
        done.messages.last().map(|m| m.content.as_str()),
        Some("It says hello.")
    );
}

#[test]
fn claude_session_completes_in_the_default_mode_with_its_reported_cost() {
    let server = FakeServer::start(
        Scenario::new(vec![
            Reply::parts(vec![Part::shell("echo hi > claude.txt")]),
            Reply::text("Done."),
        ])
        .with_fallback(Reply::text("ok")),
    )
    .expect("fake server");
    let sandbox = Sandbox::new();
    let engine = engine(&sandbox, &server);
    let started = engine
        .start(request(Adapter::Claude, "write claude.txt"))
        .expect("start");
    assert_eq!(
        started.sandbox.as_deref(),
        Some("accept-edits"),
        "safe default mode"
    );
    let done = wait_ended(&engine, &started.id);
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    assert!(
        sandbox.workspace.join("claude.txt").exists(),
        "Bash ran in the default mode"
    );
    assert!(done.agent_session_id.is_some());
    let turn = &done.turns[0];
    assert_eq!(turn.cost_source.as_deref(), Some("reported"));
    assert!(turn.reported_total_cost_usd.is_some());
}

#[test]
fn killing_a_running_turn_marks_it_killed_once() {
    let server = FakeServer::start(Scenario::new(vec![Reply::Delay {
        ms: 60_000,
        then: None,
    }]))
    .expect("fake server");
    let sandbox = Sandbox::new();
    let engine = engine(&sandbox, &server);
    let started = engine
        .start(request(Adapter::Codex, "take your time"))
        .expect("start");
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.requests().is_empty() {
        assert!(Instant::now() < deadline, "codex never called the model");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(engine.kill(&started.id).expect("kill"), KillResult::Killed);
    let meta = engine.refresh(&started.id).expect("refresh");
    assert_eq!(meta.status, SessionStatus::Killed);
    assert!(meta.turns[0].ended_at.is_some());
    assert_eq!(
        engine.kill(&started.id).expect("second kill"),
        KillResult::NotRunning,
        "a finished turn is not killed again"
    );
    assert_eq!(
        engine.refresh(&started.id).unwrap().status,
        SessionStatus::Killed
    );
}

/// The live watcher finalizes a turn the moment its process dies; a kill must
/// still be recorded as a kill, not as a failure with the signal's exit code.
#[test]
fn a_kill_while_the_live_watcher_runs_is_still_a_kill() {
    let server = FakeServer::start(Scenario::new(vec![Reply::Delay {
        ms: 60_000,
        then: None,
    }]))
    .expect("fake server");
    let sandbox = Sandbox::new();
    let engine = Arc::new(engine(&sandbox, &server));
    let (tx, rx) = channel();
    let watcher = engine.watch(tx).expect("watch");
    let started = engine
        .start(request(Adapter::Codex, "take your time"))
        .expect("start");
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.requests().is_empty() {
        assert!(Instant::now() < deadline, "codex never called the model");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(engine.kill(&started.id).expect("kill"), KillResult::Killed);
    assert_eq!(
        engine.refresh(&started.id).expect("refresh").status,
        SessionStatus::Killed
    );
    // Every status the watcher reported for the session is `killed`, never
    // `failed`: read until it reports `killed`, then stop the watcher and
    // read whatever it sent before it stopped.
    let status_of = |event: EngineEvent| match event {
        EngineEvent::Session { session } if session.id == started.id => Some(session.status),
        _ => None,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut statuses = Vec::new();
    while statuses.last() != Some(&SessionStatus::Killed) {
        let left = deadline.saturating_duration_since(Instant::now());
        let event = rx.recv_timeout(left).expect("the watcher reports the kill");
        statuses.extend(status_of(event));
    }
    drop(watcher);
    statuses.extend(rx.try_iter().filter_map(status_of));
    assert!(!statuses.contains(&SessionStatus::Failed), "{statuses:?}");
    assert_eq!(
        statuses.last(),
        Some(&SessionStatus::Killed),
        "{statuses:?}"
    );
}

#[test]
fn api_errors_fail_the_session_with_the_cli_message() {
    for (adapter, status) in [
        (Adapter::Codex, 500),
        (Adapter::Codex, 401),
        (Adapter::Claude, 500),
        (Adapter::Claude, 401),
    ] {
        let server =
            FakeServer::start(Scenario::new(vec![]).with_fallback(Reply::error(status, "nope")))
                .expect("fake server");
        let sandbox = Sandbox::new();
        let engine = engine(&sandbox, &server);
        let started = engine.start(request(adapter, "anything")).expect("start");
        let done = wait_ended(&engine, &started.id);
        assert_eq!(
            done.status,
            SessionStatus::Failed,
            "{adapter} {status}: {done:?}"
        );
        let error = done.error.clone().unwrap_or_default();
        assert!(
            !error.is_empty() && !error.contains("without finishing"),
            "{adapter} {status}: the CLI's own message, got {error:?}"
        );
    }
}

#[test]
fn eight_sessions_run_in_parallel() {
    let server = FakeServer::start(Scenario::new(vec![]).with_fallback(Reply::text("parallel ok")))
        .expect("fake server");
    let sandbox = Sandbox::new();
    let engine = engine(&sandbox, &server);
    let ids: Vec<String> = (0..8)
        .map(|i| {
            let adapter = if i % 2 == 0 {
                Adapter::Codex
            } else {
                Adapter::Claude
            };
            engine
                .start(request(adapter, &format!("task {i}")))
                .expect("start")
                .id
        })
        .collect();
    let running = engine
        .list(Some(SessionStatus::Running))
        .unwrap()
        .sessions
        .len();
    assert!(
        running > 1,
        "sessions overlap in time (saw {running} running)"
    );
    for id in &ids {
        let done = wait_ended(&engine, id);
        assert_eq!(
            done.status,
            SessionStatus::Completed,
            "{id}: {:?}",
            done.error
        );
        assert_eq!(
            done.messages.last().map(|m| m.content.as_str()),
            Some("parallel ok")
        );
    }
    assert_eq!(engine.list(None).unwrap().sessions.len(), 8);
}

#[test]
fn a_new_engine_reattaches_to_a_running_turn_and_streams_it_to_the_end() {
    let server = FakeServer::start(Scenario::new(vec![Reply::Delay {
        ms: 2_000,
        then: Some(Box::new(Reply::parts(vec![
            Part::reasoning("thinking it over"),
            Part::text("finished late"),
        ]))),
    }]))
    .expect("fake server");
    let sandbox = Sandbox::new();
    let id = {
        let first = engine(&sandbox, &server);
        first
            .start(request(Adapter::Codex, "slow task"))
            .expect("start")
            .id
    };
    let second = Arc::new(engine(&sandbox, &server));
    let (tx, rx) = channel();
    let _watcher = second.watch(tx).expect("watch");
    let deadline = Instant::now() + TURN_TIMEOUT;
    let mut streamed = Vec::new();
    let finished = loop {
        let event = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("live events until the end");
        match event {
            EngineEvent::Events { session_id, events } if session_id == id => {
                streamed.extend(events.into_iter().map(|e| e.event))
            }
            EngineEvent::Session { session }
                if session.id == id && session.status != SessionStatus::Running =>
            {
                break session
            }
            _ => {}
        }
    };
    assert_eq!(
        finished.status,
        SessionStatus::Completed,
        "{:?}",
        finished.error
    );
    assert!(
        streamed
            .iter()
            .any(|e| matches!(e, AgentEvent::AgentMessage { text } if text == "finished late")),
        "the reply streamed live: {streamed:?}"
    );
    let all = all_events(&second, &id);
    assert!(all
        .iter()
        .any(|e| matches!(e, AgentEvent::Reasoning { .. })));
    assert!(all
        .iter()
        .any(|e| matches!(e, AgentEvent::TurnCompleted { .. })));
}

#[test]
fn a_folder_written_by_zwarm_3_2_1_opens_and_continues_with_the_whole_history() {
    let server =
        FakeServer::start(Scenario::new(vec![Reply::text("continuing")])).expect("fake server");
    let sandbox = Sandbox::new();
    let id = "5b1f0c3e-2d4a-4b7e-9f10-0a1b2c3d4e5f";
    let dir = sandbox.workspace.join(".zwarm/sessions").join(id);
    std::fs::create_dir_all(dir.join("turns")).unwrap();
    // Exactly the shape zwarm 3.2.1 writes: no agent session id, no turn records,
    // messages replaced by the last turn's parse, its own stdout+stderr mix.
    let meta = serde_json::json!({
        "id": id, "task": "write the parser", "status": "completed", "working_dir": ".",
        "created_at": "2025-01-10T09:15:02.123456", "updated_at": "2025-01-10T09:16:40.654321",
        "pid": 4242, "exit_code": null, "model": "gpt-5.1-codex-mini", "turn": 1,
        "messages": [{"role": "assistant", "content": "I wrote parser.py.", "timestamp": "2025-01-10T09:16:40.000001", "metadata": {}}],
        "token_usage": {"input_tokens": 10, "cached_input_tokens": 0, "output_tokens": 2, "total_tokens": 12},
        "error": null, "source": "user", "adapter": "codex"
    });
    std::fs::write(
        dir.join("meta.json"),
        serde_json::to_string_pretty(&meta).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("turns/turn_1.jsonl"),
        "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_0\",\"type\":\"agent_message\",\"text\":\"I wrote parser.py.\"}}\n{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":10,\"cached_input_tokens\":0,\"output_tokens\":2}}\n",
    )
    .unwrap();

    let engine = engine(&sandbox, &server);
    let listed = engine.list(None).expect("list");
    assert_eq!(listed.sessions.len(), 1, "broken: {:?}", listed.broken);
    assert_eq!(listed.sessions[0].status, SessionStatus::Completed);
    engine
        .continue_session("5b1f", "now add tests")
        .expect("continue");
    let done = wait_ended(&engine, id);
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    assert_eq!(
        done.turns.last().map(|t| t.resume_mode),
        Some(ResumeMode::Replay)
    );
    let prompt = server
        .requests()
        .first()
        .map(|r| r.raw_body.clone())
        .unwrap_or_default();
    assert!(
        prompt.contains("Continue the following conversation"),
        "replayed transcript sent"
    );
    assert!(prompt.contains("I wrote parser.py.") && prompt.contains("now add tests"));
    assert!(
        prompt.contains("write the parser"),
        "the task zwarm 3.x dropped from its messages is replayed from turn 1"
    );
    let shown: Vec<u32> = engine
        .events(id, 0, 1000)
        .expect("events")
        .events
        .iter()
        .map(|e| e.turn)
        .collect();
    assert!(
        shown.contains(&1) && shown.contains(&2),
        "both turns shown after the follow-up: {shown:?}"
    );
    assert!(done.turns[0].adopted && done.turns[0].usage.output_tokens == 2);
    let on_disk: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("meta.json")).unwrap()).unwrap();
    for key in [
        "id",
        "task",
        "status",
        "working_dir",
        "created_at",
        "updated_at",
        "model",
        "turn",
        "messages",
        "token_usage",
        "source",
        "adapter",
    ] {
        assert!(on_disk.get(key).is_some(), "zwarm's key {key} kept");
    }
    assert_eq!(on_disk["turn"], 2);
}
