//! Forking a session at a turn with the real CLIs: turn 1 "remember A",
//! turn 2 "remember B", a fork through turn 1, and a follow-up on the fork.
//! What the CLI sent the model in that follow-up is the proof: turn 1's
//! context and not turn 2's. The original keeps both turns and both contexts.

use std::path::{Path, PathBuf};

use fake_llm::{FakeServer, RecordedRequest, Reply, Scenario, Usage};
use zwarm_core::agents::Adapter;
use zwarm_core::engine::Engine;
use zwarm_core::store::{ForkMode, ResumeMode, SessionMeta, SessionStatus};

use crate::engine::{engine, request, wait_ended};
use crate::harness::{agent_bin, save_requests, Sandbox};
use zwarm_core::Workspace;

const QUESTION: &str = "what do you remember?";

fn server() -> FakeServer {
    FakeServer::start(
        Scenario::new(vec![]).with_fallback(Reply::text("noted").with_usage(Usage {
            input_tokens: 100,
            output_tokens: 5,
            ..Usage::default()
        })),
    )
    .expect("fake server")
}

/// The requests of the turn that asked [`QUESTION`], as text, among those
/// received since `from`.
fn question_requests(server: &FakeServer, from: usize, artifact: &str) -> Vec<String> {
    let requests: Vec<RecordedRequest> = save_requests(server, artifact);
    let texts: Vec<String> = requests[from..]
        .iter()
        .map(|r| r.body.as_ref().map(|b| b.to_string()).unwrap_or_default())
        .filter(|text| text.contains(QUESTION))
        .collect();
    assert!(
        !texts.is_empty(),
        "{artifact}: no request carried the question"
    );
    texts
}

/// Starts "remember A", continues "remember B"; returns the ended session.
fn two_turns(engine: &Engine, adapter: Adapter) -> SessionMeta {
    let started = engine.start(request(adapter, "remember A")).expect("start");
    let done = wait_ended(engine, &started.id);
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    engine
        .continue_session(&done.id, "remember B")
        .expect("continue");
    let done = wait_ended(engine, &started.id);
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    assert_eq!(done.turns.len(), 2);
    done
}

/// The fork's follow-up saw turn 1 only; the original, continued, saw both.
fn check_contexts(
    engine: &Engine,
    server: &FakeServer,
    original: &SessionMeta,
    fork: &SessionMeta,
    name: &str,
) {
    let from = server.requests().len();
    engine
        .continue_session(&fork.id, QUESTION)
        .expect("continue the fork");
    let forked = wait_ended(engine, &fork.id);
    assert_eq!(
        forked.status,
        SessionStatus::Completed,
        "{:?}",
        forked.error
    );
    for text in question_requests(server, from, &format!("{name}-fork")) {
        assert!(text.contains("remember A"), "the fork lost turn 1: {text}");
        assert!(!text.contains("remember B"), "the fork saw turn 2: {text}");
    }

    let untouched = engine.refresh(&original.id).expect("original");
    assert_eq!(untouched.turns.len(), 2, "the original keeps its turns");
    assert_eq!(untouched.agent_session_id, original.agent_session_id);
    let from = server.requests().len();
    engine
        .continue_session(&original.id, QUESTION)
        .expect("continue the original");
    let continued = wait_ended(engine, &original.id);
    assert_eq!(
        continued.status,
        SessionStatus::Completed,
        "{:?}",
        continued.error
    );
    for text in question_requests(server, from, &format!("{name}-original")) {
        assert!(
            text.contains("remember A") && text.contains("remember B"),
            "{text}"
        );
    }
}

#[test]
fn a_codex_fork_continues_a_forked_thread_with_turn_1_only() {
    let server = server();
    let sandbox = Sandbox::new();
    let engine = engine(&sandbox, &server);
    let original = two_turns(&engine, Adapter::Codex);

    let fork = engine.fork(&original.id[..8], 1, None).expect("fork");
    let origin = fork.forked_from.clone().expect("forked_from");
    assert_eq!(
        (origin.session_id.as_str(), origin.turn),
        (original.id.as_str(), 1)
    );
    assert_eq!(origin.fork_mode, ForkMode::Native, "{:?}", origin.note);
    let thread = fork.agent_session_id.clone().expect("a forked thread");
    assert_ne!(
        Some(&thread),
        original.agent_session_id.as_ref(),
        "a new thread"
    );
    assert_eq!(fork.turns.len(), 1);
    assert!(fork.turns[0].copied_from.is_some());
    let events = engine.events(&fork.id, 0, 1000).expect("events").events;
    assert!(!events.is_empty(), "the fork shows turn 1");

    check_contexts(&engine, &server, &original, &fork, "codex");
    let forked = engine.refresh(&fork.id).expect("fork");
    assert_eq!(forked.agent_session_id.as_deref(), Some(thread.as_str()));
    let turn2 = &forked.turns[1];
    assert_eq!(turn2.resume_mode, ResumeMode::Native);
    assert_eq!(
        (turn2.usage.input_tokens, turn2.usage.output_tokens),
        (100, 5),
        "the forked thread's turn alone, not the copied turn again"
    );
    let records = zwarm_core::ledger::session_records(&forked);
    assert_eq!(
        records.iter().map(|r| r.turn).collect::<Vec<_>>(),
        [Some(2)]
    );

    // A fork of the fork, through its own turn 2: natively too.
    let grand = engine.fork(&forked.id, 2, None).expect("fork the fork");
    let origin = grand.forked_from.clone().expect("forked_from");
    assert_eq!(origin.fork_mode, ForkMode::Native, "{:?}", origin.note);
    let from = server.requests().len();
    engine
        .continue_session(&grand.id, "say more")
        .expect("continue");
    let done = wait_ended(&engine, &grand.id);
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    let requests = save_requests(&server, "codex-fork-of-fork");
    let texts: Vec<String> = requests[from..]
        .iter()
        .filter_map(|r| r.body.as_ref().map(|b| b.to_string()))
        .filter(|t| t.contains("say more"))
        .collect();
    assert!(!texts.is_empty());
    for text in texts {
        assert!(
            text.contains("remember A") && text.contains(QUESTION),
            "{text}"
        );
        assert!(!text.contains("remember B"), "{text}");
    }
}

/// A wrapper around the real `claude` that logs its arguments, one run a line.
fn logging_claude(dir: &Path) -> (PathBuf, PathBuf) {
    let log = dir.join("claude-argv.log");
    let shim = dir.join("claude");
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\nexec '{}' \"$@\"\n",
        log.display(),
        agent_bin("claude").display()
    );
    std::fs::write(&shim, script).expect("write the shim");
    let mut perms = std::fs::metadata(&shim).expect("shim").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&shim, perms).expect("chmod the shim");
    (shim, log)
}

#[test]
fn a_claude_fork_resumes_the_original_at_turn_1_into_a_new_session() {
    let server = server();
    let sandbox = Sandbox::new();
    let (shim, argv_log) = logging_claude(&sandbox.tmp);
    let mut settings = sandbox.engine_settings(&server);
    settings.claude_path = Some(shim);
    let workspace = Workspace::open(&sandbox.workspace).expect("workspace");
    let engine = Engine::open(workspace, settings).expect("engine");
    let original = two_turns(&engine, Adapter::Claude);

    let fork = engine.fork(&original.id, 1, None).expect("fork");
    let origin = fork.forked_from.clone().expect("forked_from");
    assert_eq!(origin.fork_mode, ForkMode::Native, "{:?}", origin.note);
    assert_eq!(origin.resume_session, original.agent_session_id);
    assert_eq!(
        fork.agent_session_id, None,
        "Claude forks on the first follow-up"
    );

    check_contexts(&engine, &server, &original, &fork, "claude");
    let argv = std::fs::read_to_string(&argv_log).expect("argv log");
    let fork_run = argv
        .lines()
        .find(|line| line.contains(QUESTION) && line.contains("--fork-session"))
        .unwrap_or_else(|| panic!("no run with --fork-session:\n{argv}"));
    let message = origin.resume_at_message.clone().expect("message uuid");
    assert!(
        fork_run.contains(&format!("--resume-session-at {message}")),
        "{fork_run}"
    );
    let forked = engine.refresh(&fork.id).expect("fork");
    let session = forked
        .agent_session_id
        .clone()
        .expect("the fork's own session");
    assert_ne!(Some(&session), original.agent_session_id.as_ref());
    // Claude carries the original's whole total into the fork; the fork's
    // turn costs what one turn of the same size cost in the original.
    let cost = forked.turns[1].cost_usd.expect("priced");
    let one_turn = original.turns[0].cost_usd.expect("priced");
    assert!(
        (cost - one_turn).abs() < 1e-9,
        "fork turn {cost} vs one turn {one_turn}"
    );

    // A second follow-up on the fork resumes its own session, natively.
    engine
        .continue_session(&fork.id, "and now?")
        .expect("continue");
    let again = wait_ended(&engine, &fork.id);
    assert_eq!(again.status, SessionStatus::Completed, "{:?}", again.error);
    assert_eq!(again.agent_session_id.as_deref(), Some(session.as_str()));
    let last = argv.lines().count();
    let argv = std::fs::read_to_string(&argv_log).expect("argv log");
    let run = argv.lines().nth(last).expect("a third fork run");
    assert!(
        run.contains(&format!("--resume {session}")) && !run.contains("--fork-session"),
        "{run}"
    );
}
