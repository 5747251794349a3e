//! Time travel moves the agents too: a pilot delegates (T1), converses (T2),
//! goes back to T1 and converses again (T3). The real CLI's request in T3
//! carries T1's context and not T2's (the session was forked at T1 with the
//! CLI's own mechanism), the original session keeps both turns, and going
//! back to T2 continues with T2's memory.

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_llm::{FakeServer, Part, Reply, Scenario};
use serde_json::json;
use zwarm_core::agents::Adapter;
use zwarm_core::checkpoints::{Node, PilotModel};
use zwarm_core::engine::Engine;
use zwarm_core::llm::{CancellationToken, LlmClient, Provider, ProviderConfig};
use zwarm_core::pilot::{Continue, PilotEvent, PilotRunner, PilotSettings};
use zwarm_core::Workspace;

use crate::harness::{Sandbox, CODEX_MODEL};

fn tool(name: &str, arguments: serde_json::Value) -> Part {
    Part::Tool {
        name: name.into(),
        arguments,
    }
}

struct Travel {
    /// Holds the throw-away folders for as long as the test runs.
    _sandbox: Sandbox,
    agent: FakeServer,
    pilot_llm: FakeServer,
    runner: PilotRunner,
    client: LlmClient,
    pilot: String,
}

impl Travel {
    fn new() -> Self {
        let agent =
            FakeServer::start(Scenario::new(Vec::new()).with_fallback(Reply::text("Noted.")))
                .expect("agent server");
        let pilot_llm = FakeServer::start(Scenario::new(Vec::new())).expect("pilot server");
        let sandbox = Sandbox::new();
        let workspace = Workspace::open(&sandbox.workspace).expect("workspace");
        let engine = Engine::open(workspace, sandbox.engine_settings(&agent)).expect("engine");
        let runner = PilotRunner::new(Arc::new(engine), PilotSettings::default());
        let model = PilotModel {
            provider: Provider::OpenAiResponses,
            model: CODEX_MODEL.into(),
            base_url: None,
        };
        let pilot = runner
            .store()
            .create("travel", model, false)
            .expect("pilot")
            .id;
        let config = ProviderConfig::new(Provider::OpenAiResponses, CODEX_MODEL)
            .with_base_url(format!("{}/v1", pilot_llm.base_url()))
            .with_api_key("test-key");
        let client = LlmClient::new(config).expect("client");
        Travel {
            _sandbox: sandbox,
            agent,
            pilot_llm,
            runner,
            client,
            pilot,
        }
    }

    /// One pilot turn from `from` that calls `call` on the agent, waits for
    /// it and answers; returns the node and the agent requests it caused.
    async fn turn(&self, from: Continue, message: &str, call: Part) -> (Node, String) {
        self.pilot_llm.push_reply(Reply::parts(vec![call]));
        self.pilot_llm
            .push_reply(Reply::parts(vec![tool("wait", json!({"seconds": 120}))]));
        self.pilot_llm.push_reply(Reply::text("Done."));
        let before = self.agent.requests().len();
        let mut ignore = |_e: PilotEvent| {};
        let node = self
            .runner
            .send(
                &self.client,
                &self.pilot,
                message,
                from,
                &mut ignore,
                &CancellationToken::new(),
            )
            .await
            .expect("pilot turn");
        self.wait_idle();
        let sent: String = self.agent.requests()[before..]
            .iter()
            .map(|r| r.raw_body.clone())
            .collect();
        (node, sent)
    }

    /// Every session of the workspace has ended (the pilot's `wait` returns
    /// at the end of a turn; this only guards against a hang).
    fn wait_idle(&self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let listing = self.runner.engine().list(None).expect("list");
            if listing.sessions.iter().all(|m| m.status.is_ended()) {
                return;
            }
            assert!(Instant::now() < deadline, "a session never ended");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

async fn agents_travel_with_the_pilot(adapter: Adapter) {
    let t = Travel::new();
    let mut task =
        json!({"task": "Remember the code word APPLE and say noted.", "adapter": adapter.as_str()});
    if adapter == Adapter::Codex {
        task["model"] = json!(CODEX_MODEL);
    }
    let (t1, _) = t
        .turn(Continue::Head, "start the agent", tool("delegate", task))
        .await;
    let session = t1
        .sessions
        .first()
        .expect("T1 records its session")
        .id
        .clone();

    let (t2, in_t2) = t
        .turn(
            Continue::Head,
            "change the word",
            tool(
                "converse",
                json!({"session_id": session, "message": "The code word is now BANANA."}),
            ),
        )
        .await;
    assert!(
        in_t2.contains("APPLE") && in_t2.contains("BANANA"),
        "{adapter}: T2 continues T1"
    );

    // Back to T1: the agent must not know BANANA there.
    let (t3, in_t3) = t
        .turn(
            Continue::Node(t1.id.clone()),
            "ask from T1",
            tool(
                "converse",
                json!({"session_id": session, "message": "What is the code word?"}),
            ),
        )
        .await;
    assert!(
        in_t3.contains("APPLE"),
        "{adapter}: T3 carries T1's context: {in_t3}"
    );
    assert!(
        !in_t3.contains("BANANA"),
        "{adapter}: T3 must not carry T2's context"
    );
    let fork = &t3.sessions[0];
    assert_ne!(
        fork.id, session,
        "{adapter}: the branch continues with a fork"
    );
    assert_eq!(fork.known_as.as_deref(), Some(session.as_str()));
    let said: String = t3
        .items
        .iter()
        .filter_map(|i| match i {
            zwarm_core::llm::Item::ToolResult { output, .. } => Some(output.clone()),
            _ => None,
        })
        .collect();
    assert!(
        said.contains(&session) && !said.contains(&fork.id),
        "{adapter}: the pilot hears the id it knows, never the fork's: {said}"
    );
    let original = t.runner.engine().refresh(&session).expect("original");
    assert_eq!(
        original.turn, 2,
        "{adapter}: the original keeps both turns, and no more"
    );

    // Back to T2: the original continues with T2's memory.
    let (t4, in_t4) = t
        .turn(
            Continue::Node(t2.id.clone()),
            "ask from T2",
            tool(
                "converse",
                json!({"session_id": session, "message": "And what is it now?"}),
            ),
        )
        .await;
    assert!(
        in_t4.contains("BANANA"),
        "{adapter}: T4 continues T2's memory"
    );
    assert_eq!(
        t4.sessions[0].id, session,
        "{adapter}: no fork needed from the tip"
    );
    assert_eq!(
        t.runner.engine().refresh(&session).expect("original").turn,
        3
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codex_travels_with_the_pilot() {
    agents_travel_with_the_pilot(Adapter::Codex).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claude_travels_with_the_pilot() {
    agents_travel_with_the_pilot(Adapter::Claude).await;
}
