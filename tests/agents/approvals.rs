//! "Ask me" sessions with the real CLIs: the scripted model asks for a
//! command outside the sandbox, the turn waits for the user, and
//! - approved, the command runs and its output is in the thread;
//! - denied, the agent is told the reason (the next model request carries it);
//! - approved by `zwarm approve` while no engine (no app) runs, the turn goes on.
//!
//! Claude asks through our permission MCP server, Codex through the
//! app-server host; both are the `zwarm` binary's hidden helpers.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use fake_llm::{FakeServer, Part, Reply, Scenario};
use serde_json::json;
use zwarm_core::agents::Adapter;
use zwarm_core::approvals::{Answer, Approval, ApprovalAction, ApprovalStore};
use zwarm_core::engine::{Engine, StartRequest};
use zwarm_core::events::{AgentEvent, ItemStatus};
use zwarm_core::store::{SessionMeta, SessionStatus};
use zwarm_core::Workspace;

use crate::engine::{request, wait_ended};
use crate::harness::{save_requests, Sandbox};

const ASK_TIMEOUT: Duration = Duration::from_secs(90);
const REASON: &str = "not on this machine, use the staging box";

/// An engine whose "Ask me" turns ask through the built `zwarm`.
fn engine(sandbox: &Sandbox, server: &FakeServer) -> Engine {
    let mut settings = sandbox.engine_settings(server);
    settings.helper = Some(zwarm_tests::zwarm_cli_bin());
    let workspace = Workspace::open(&sandbox.workspace).expect("open the workspace");
    Engine::open(workspace, settings).expect("open the engine")
}

fn asking(adapter: Adapter, task: &str) -> StartRequest {
    StartRequest {
        mode: Some("ask".into()),
        ..request(adapter, task)
    }
}

/// What the scripted model answers first: a command that needs the user.
/// Codex runs commands in its sandbox unasked, so the model asks to leave
/// it (`require_escalated`, as Codex's model does); Claude asks for any Bash.
fn asks_for(adapter: Adapter, command: &str) -> Reply {
    match adapter {
        Adapter::Codex => Reply::parts(vec![Part::Tool {
            name: "exec_command".into(),
            arguments: json!({"cmd": command, "sandbox_permissions": "require_escalated",
                "justification": "it writes outside the workspace"}),
        }]),
        Adapter::Claude => Reply::parts(vec![Part::shell(command)]),
    }
}

fn server(adapter: Adapter, command: &str) -> FakeServer {
    FakeServer::start(
        Scenario::new(vec![asks_for(adapter, command), Reply::text("All done.")])
            .with_fallback(Reply::text("ok")),
    )
    .expect("fake server")
}

/// The first pending approval of `session`, once the agent has asked.
fn pending(store: &ApprovalStore, session: &str) -> Approval {
    let start = Instant::now();
    loop {
        if let Some(approval) = store.pending_of(session).approvals.into_iter().next() {
            return approval;
        }
        assert!(
            start.elapsed() < ASK_TIMEOUT,
            "session {session} never asked for approval"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn events(engine: &Engine, id: &str) -> Vec<AgentEvent> {
    let page = engine.events(id, 0, 10_000).expect("events");
    page.events.into_iter().map(|e| e.event).collect()
}

/// The command's entry in the thread (Codex `command`, Claude's Bash).
fn command_entry<'a>(events: &'a [AgentEvent], command: &str) -> &'a AgentEvent {
    events
        .iter()
        .find(|e| matches!(e, AgentEvent::Command { command: c, .. } if c.contains(command)))
        .unwrap_or_else(|| panic!("no command {command:?} in the thread: {events:#?}"))
}

fn store(sandbox: &Sandbox) -> ApprovalStore {
    ApprovalStore::new(sandbox.workspace.join(".zwarm"))
}

fn approved_runs_and_its_output_is_in_the_thread(adapter: Adapter, artifact: &str) {
    let sandbox = Sandbox::new();
    let outside = sandbox.tmp.join(format!("{artifact}.txt"));
    let command = format!("echo approved-output | tee {}", outside.display());
    let server = server(adapter, &command);
    let engine = engine(&sandbox, &server);
    let started = engine
        .start(asking(adapter, "write the file outside"))
        .expect("start");
    assert_eq!(started.sandbox.as_deref(), Some("ask"));

    let asked = pending(&store(&sandbox), &started.id);
    assert_eq!(asked.adapter, adapter.as_str());
    assert!(
        matches!(&asked.action, ApprovalAction::Command { command: c } if c.contains("approved-output")),
        "{asked:?}"
    );
    let running = engine.refresh(&started.id).expect("refresh");
    assert_eq!(running.status, SessionStatus::Running, "the turn waits");
    store(&sandbox)
        .decide(&asked.id, Answer::approve(), "app")
        .expect("approve");

    let done = wait_ended(&engine, &started.id);
    save_requests(&server, artifact);
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    assert_eq!(done.turns[0].mode.as_deref(), Some("ask"));
    assert_eq!(
        std::fs::read_to_string(&outside).ok().as_deref(),
        Some("approved-output\n")
    );
    let events = events(&engine, &done.id);
    let AgentEvent::Command { output, status, .. } = command_entry(&events, "approved-output")
    else {
        unreachable!()
    };
    assert_eq!(*status, ItemStatus::Completed);
    assert!(output.contains("approved-output"), "{output:?}");
    assert!(store(&sandbox).pending().approvals.is_empty());
}

fn denied_the_agent_gets_the_reason(adapter: Adapter, artifact: &str) {
    let sandbox = Sandbox::new();
    let outside = sandbox.tmp.join(format!("{artifact}.txt"));
    let command = format!("touch {}", outside.display());
    let server = server(adapter, &command);
    let engine = engine(&sandbox, &server);
    let started = engine
        .start(asking(adapter, "touch the file outside"))
        .expect("start");
    let asked = pending(&store(&sandbox), &started.id);
    let before = server.requests().len();
    store(&sandbox)
        .decide(&asked.id, Answer::deny(Some(REASON.into())), "app")
        .expect("deny");

    let done = wait_ended(&engine, &started.id);
    let requests = save_requests(&server, artifact);
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    assert!(!outside.exists(), "a denied command never runs");
    assert!(
        requests[before..].iter().any(|r| r.body_contains(REASON)),
        "{artifact}: no model request after the denial carried the reason"
    );
    let events = events(&engine, &done.id);
    let AgentEvent::Command { status, output, .. } = command_entry(&events, "touch") else {
        unreachable!()
    };
    assert_eq!(*status, ItemStatus::Denied, "the thread records the denial");
    assert!(output.contains(REASON), "with its reason: {output:?}");
}

fn approved_headless_while_no_app_runs(adapter: Adapter, artifact: &str) {
    let sandbox = Sandbox::new();
    let outside = sandbox.tmp.join(format!("{artifact}.txt"));
    let command = format!("touch {}", outside.display());
    let server = server(adapter, &command);
    let id = {
        let engine = engine(&sandbox, &server);
        let started = engine
            .start(asking(adapter, "touch the file outside"))
            .expect("start");
        pending(&store(&sandbox), &started.id);
        started.id
        // The engine (the app) is gone from here on.
    };
    let asked = zwarm(&sandbox.workspace, &["approvals", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&asked).expect("approvals --json");
    let approval = &list[0];
    assert_eq!(approval["session_id"], id.as_str());
    zwarm(
        &sandbox.workspace,
        &["approve", approval["id"].as_str().expect("an id")],
    );

    let engine = engine(&sandbox, &server);
    let done: SessionMeta = wait_ended(&engine, &id);
    save_requests(&server, artifact);
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    assert!(outside.exists(), "the approved command ran");
}

/// Runs `zwarm -C WS ARGS` to success; its stdout.
fn zwarm(ws: &Path, args: &[&str]) -> String {
    let out = Command::new(zwarm_tests::zwarm_cli_bin())
        .arg("-C")
        .arg(ws)
        .args(args)
        .output()
        .expect("run zwarm");
    assert!(
        out.status.success(),
        "zwarm {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn claude_asks_and_an_approved_command_runs() {
    approved_runs_and_its_output_is_in_the_thread(Adapter::Claude, "claude_ask_approve");
}

#[test]
fn claude_asks_and_a_denial_reaches_the_agent() {
    denied_the_agent_gets_the_reason(Adapter::Claude, "claude_ask_deny");
}

#[test]
fn claude_goes_on_when_approved_from_the_terminal_with_no_app() {
    approved_headless_while_no_app_runs(Adapter::Claude, "claude_ask_headless");
}

#[test]
fn codex_asks_and_an_approved_command_runs() {
    approved_runs_and_its_output_is_in_the_thread(Adapter::Codex, "codex_ask_approve");
}

#[test]
fn codex_asks_and_a_denial_reaches_the_agent() {
    denied_the_agent_gets_the_reason(Adapter::Codex, "codex_ask_deny");
}

#[test]
fn codex_goes_on_when_approved_from_the_terminal_with_no_app() {
    approved_headless_while_no_app_runs(Adapter::Codex, "codex_ask_headless");
}

/// A hosted Codex turn is a turn like any other: killed while it waits, it
/// is `killed` and its request is withdrawn; continued, it resumes its thread.
#[test]
fn codex_hosted_turn_is_killed_while_waiting_then_resumes_its_thread() {
    let sandbox = Sandbox::new();
    let server = server(Adapter::Codex, "touch /never");
    let engine = engine(&sandbox, &server);
    let started = engine
        .start(asking(Adapter::Codex, "touch it"))
        .expect("start");
    pending(&store(&sandbox), &started.id);
    engine.kill(&started.id).expect("kill");
    let killed = engine.refresh(&started.id).expect("refresh");
    assert_eq!(killed.status, SessionStatus::Killed);
    assert!(
        store(&sandbox).pending_of(&started.id).approvals.is_empty(),
        "nobody waits for that answer any more"
    );
    let thread = killed
        .agent_session_id
        .clone()
        .expect("the thread is known");

    engine
        .continue_session(&started.id, "never mind, just say done")
        .expect("continue");
    let done = wait_ended(&engine, &started.id);
    save_requests(&server, "codex_ask_resume");
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    assert_eq!(done.agent_session_id.as_deref(), Some(thread.as_str()));
    assert_eq!(done.turns[1].mode.as_deref(), Some("ask"));
    assert!(events(&engine, &done.id)
        .iter()
        .any(|e| matches!(e, AgentEvent::AgentMessage { text } if text == "All done.")));
}
