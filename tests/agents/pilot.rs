//! The pilot delegating to a real Codex session: one fake server plays the
//! pilot's LLM, another the agent's model. The pilot delegates, waits for the
//! session (the wait returns when the turn ends), checks it and answers; a
//! second turn and a branch from T1 follow, and a new runner on the same
//! folder sees the same graph.

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_llm::{FakeServer, Part, Protocol, Reply, Scenario, Usage};
use serde_json::json;
use zwarm_core::checkpoints::PilotModel;
use zwarm_core::engine::Engine;
use zwarm_core::llm::{CancellationToken, Item, LlmClient, Provider, ProviderConfig};
use zwarm_core::pilot::{Continue, PilotEvent, PilotRunner, PilotSettings};
use zwarm_core::store::SessionStatus;
use zwarm_core::Workspace;

use crate::harness::{Sandbox, CODEX_MODEL};

fn tool(name: &str, arguments: serde_json::Value) -> Part {
    Part::Tool {
        name: name.into(),
        arguments,
    }
}

fn usage(input: u64, output: u64) -> Usage {
    Usage {
        input_tokens: input,
        output_tokens: output,
        ..Usage::default()
    }
}

fn open_runner(sandbox: &Sandbox, agent_server: &FakeServer) -> PilotRunner {
    let workspace = Workspace::open(&sandbox.workspace).expect("open the workspace");
    let engine =
        Engine::open(workspace, sandbox.engine_settings(agent_server)).expect("open the engine");
    PilotRunner::new(Arc::new(engine), PilotSettings::default())
}

fn client(pilot_server: &FakeServer) -> LlmClient {
    let config = ProviderConfig::new(Provider::OpenAiResponses, CODEX_MODEL)
        .with_base_url(format!("{}/v1", pilot_server.base_url()))
        .with_api_key("test-key");
    LlmClient::new(config).expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pilot_delegates_to_a_real_codex_session_waits_checks_and_branches() {
    let agent = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![Part::shell("echo hello > out.txt")]).with_usage(usage(1000, 10)),
        Reply::text("Wrote out.txt.").with_usage(usage(1100, 5)),
    ]))
    .expect("agent server");
    let pilot_llm = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![tool(
            "delegate",
            json!({"task": "create out.txt containing hello", "model": CODEX_MODEL}),
        )])
        .with_usage(usage(2000, 40)),
        Reply::parts(vec![tool("wait", json!({"seconds": 120}))]).with_usage(usage(2100, 10)),
    ]))
    .expect("pilot server");
    let sandbox = Sandbox::new();
    let runner = open_runner(&sandbox, &agent);
    let model = PilotModel {
        provider: Provider::OpenAiResponses,
        model: CODEX_MODEL.into(),
        base_url: None,
    };
    let pilot = runner
        .store()
        .create("e2e", model, false)
        .expect("create pilot")
        .id;
    let client = client(&pilot_llm);

    // The session id is known only once the pilot delegated: script the
    // check_session call as soon as the session exists (the pilot is then
    // still waiting for the agent).
    let engine = Arc::clone(runner.engine());
    let (server_ref, source) = (&pilot_llm, format!("pilot:{pilot}"));
    let turn = async {
        let mut events = Vec::new();
        let mut sink = |e: PilotEvent| events.push(e);
        let node = runner
            .send(
                &client,
                &pilot,
                "please create out.txt",
                Continue::Head,
                &mut sink,
                &CancellationToken::new(),
            )
            .await
            .expect("turn 1");
        (node, events)
    };
    let script = async {
        let start = Instant::now();
        loop {
            let own = engine
                .store()
                .list(None)
                .expect("list")
                .sessions
                .into_iter()
                .find(|m| m.source == source);
            if let Some(session) = own {
                server_ref.push_reply(
                    Reply::parts(vec![tool(
                        "check_session",
                        json!({"session_id": session.id}),
                    )])
                    .with_usage(usage(2200, 10)),
                );
                server_ref.push_reply(
                    Reply::text("Done: out.txt holds hello.").with_usage(usage(2300, 20)),
                );
                return session.id.clone();
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the pilot never delegated"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    let ((t1, events), session_id) = tokio::join!(turn, script);

    assert_eq!(t1.label, "T1");
    assert_eq!(t1.reply, "Done: out.txt holds hello.");
    assert_eq!(
        std::fs::read_to_string(sandbox.workspace.join("out.txt")).expect("out.txt"),
        "hello\n"
    );
    let results: Vec<&str> = t1
        .items
        .iter()
        .filter_map(|i| match i {
            Item::ToolResult { output, .. } => Some(output.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(
        results[0].starts_with(&format!("Started session {session_id}")),
        "{}",
        results[0]
    );
    assert!(
        results[1].contains("completed"),
        "the wait returned when the turn ended: {}",
        results[1]
    );
    assert!(
        results[2].contains("Wrote out.txt."),
        "check_session shows the reply: {}",
        results[2]
    );
    assert!(events
        .iter()
        .any(|e| matches!(e, PilotEvent::ToolStarted { name, .. } if name == "wait")));

    let session = &t1.sessions[0];
    assert_eq!(
        (session.id.as_str(), session.status, session.turn),
        (session_id.as_str(), SessionStatus::Completed, 1)
    );
    assert_eq!(
        t1.pilot_usage.total(),
        2000 + 40 + 2100 + 10 + 2200 + 10 + 2300 + 20
    );
    assert_eq!(
        t1.executor_usage.total(),
        1000 + 10 + 1100 + 5,
        "the agent's turn is counted in T1"
    );
    assert!(
        t1.executor_cost_usd.is_some_and(|c| c > 0.0) && t1.pilot_cost_usd.is_some_and(|c| c > 0.0)
    );
    let first_request = &pilot_llm.requests_for(Protocol::Responses)[0].raw_body;
    assert!(
        first_request.contains("You are the pilot of zwarm"),
        "the system prompt is sent"
    );

    // A second turn, then a branch from T1 that does not see T2.
    pilot_llm.push_reply(Reply::text("Nothing else to do."));
    let mut ignore = |_e: PilotEvent| {};
    let t2 = runner
        .send(
            &client,
            &pilot,
            "anything else?",
            Continue::Head,
            &mut ignore,
            &CancellationToken::new(),
        )
        .await
        .expect("turn 2");
    assert_eq!(t2.parent.as_deref(), Some(t1.id.as_str()));
    pilot_llm.push_reply(Reply::text("Branched."));
    let t3 = runner
        .send(
            &client,
            &pilot,
            "try another way",
            Continue::Node("T1".into()),
            &mut ignore,
            &CancellationToken::new(),
        )
        .await
        .expect("turn 3");
    assert_eq!(t3.parent.as_deref(), Some(t1.id.as_str()));
    let last = pilot_llm
        .requests_for(Protocol::Responses)
        .last()
        .expect("a request")
        .raw_body
        .clone();
    assert!(
        last.contains("please create out.txt") && !last.contains("anything else?"),
        "the branch sees T1, not T2"
    );

    // Travelling never touched the executor session; a new runner sees the same graph.
    let again = open_runner(&sandbox, &agent);
    let graph = again.store().load(&pilot).expect("reload").graph;
    assert_eq!(graph.len(), 3);
    assert_eq!(graph.tips().len(), 2);
    let meta = again.engine().refresh(&session_id).expect("session");
    assert_eq!(meta.status, SessionStatus::Completed);
}
