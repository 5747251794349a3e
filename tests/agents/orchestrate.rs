//! An orchestrator run delegating to a real Codex session: it delegates,
//! waits until the session's turn ends, checks the result and finishes. The
//! session is recorded as started by the run, and the run's spend holds it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_llm::{FakeServer, Part, Reply, Scenario, Usage};
use serde_json::json;
use zwarm_core::checkpoints::PilotModel;
use zwarm_core::engine::Engine;
use zwarm_core::llm::{CancellationToken, LlmClient, Provider, ProviderConfig};
use zwarm_core::orchestrate::{Orchestrator, RunEvent, RunOptions, RunStatus, WatcherConfig};
use zwarm_core::pilot::PilotSettings;
use zwarm_core::spend::{pilot_spend, workspace_records};
use zwarm_core::store::SessionStatus;
use zwarm_core::Workspace;

use crate::harness::{Sandbox, CODEX_MODEL};

fn tool(name: &str, arguments: serde_json::Value) -> Reply {
    Reply::parts(vec![Part::Tool {
        name: name.into(),
        arguments,
    }])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_delegates_to_a_real_codex_session_and_finishes() {
    let agent = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![Part::shell("echo done > result.txt")]).with_usage(Usage {
            input_tokens: 1000,
            output_tokens: 10,
            ..Usage::default()
        }),
        Reply::text("Created result.txt."),
    ]))
    .expect("agent server");
    let llm = FakeServer::start(Scenario::new(vec![
        tool(
            "delegate",
            json!({"task": "create result.txt containing done", "model": CODEX_MODEL}),
        ),
        tool("wait", json!({"seconds": 120})),
    ]))
    .expect("orchestrator server");
    let sandbox = Sandbox::new();
    let workspace = Workspace::open(&sandbox.workspace).expect("workspace");
    let engine =
        Arc::new(Engine::open(workspace, sandbox.engine_settings(&agent)).expect("engine"));
    let orchestrator = Orchestrator::new(
        Arc::clone(&engine),
        PilotSettings::default(),
        WatcherConfig::default(),
    );
    let model = PilotModel {
        provider: Provider::OpenAiResponses,
        model: CODEX_MODEL.into(),
        base_url: None,
    };
    let run = orchestrator
        .create(RunOptions {
            task: "make result.txt".into(),
            model,
            max_steps: 10,
            budget_usd: None,
            shell: false,
        })
        .expect("create");
    let client = LlmClient::new(
        ProviderConfig::new(Provider::OpenAiResponses, CODEX_MODEL)
            .with_base_url(format!("{}/v1", llm.base_url()))
            .with_api_key("k"),
    )
    .expect("client");

    let source = format!("orchestrator:{}", run.id);
    let script = async {
        let start = Instant::now();
        loop {
            if let Some(s) = engine
                .store()
                .list(None)
                .expect("list")
                .sessions
                .into_iter()
                .find(|m| m.source == source)
            {
                llm.push_reply(tool("check_session", json!({"session_id": s.id})));
                llm.push_reply(tool("finish", json!({"summary": "result.txt is created."})));
                return s.id.clone();
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the run never delegated"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    let drive = async {
        let mut sink = |_e: RunEvent| {};
        orchestrator
            .drive(&client, &run.id, &mut sink, &CancellationToken::new())
            .await
            .expect("drive")
    };
    let (meta, session_id) = tokio::join!(drive, script);

    let state = meta.run.expect("run state");
    assert_eq!(
        (state.status, state.reason.as_deref()),
        (RunStatus::Finished, Some("result.txt is created."))
    );
    assert_eq!(state.steps, 4, "delegate, wait, check, finish");
    assert_eq!(
        std::fs::read_to_string(sandbox.workspace.join("result.txt")).expect("result.txt"),
        "done\n"
    );
    assert_eq!(
        engine.refresh(&session_id).expect("session").status,
        SessionStatus::Completed
    );
    let graph = orchestrator.store().load(&run.id).expect("graph").graph;
    let wait_result = graph.nodes()[1].items.iter().find_map(|i| match i {
        zwarm_core::llm::Item::ToolResult { output, .. } => Some(output.clone()),
        _ => None,
    });
    assert!(
        wait_result.is_some_and(|o| o.contains("completed")),
        "the wait returned when the turn ended"
    );
    assert!(
        graph.nodes().iter().all(|n| n.interventions.is_empty()),
        "delegate-wait-check is not stuck"
    );
    let records = workspace_records(&engine).expect("records").records;
    let spend = pilot_spend(&records, &run.id);
    assert_eq!(
        spend.usage.total(),
        1010,
        "the run's spend holds its session (its own LLM reported no usage)"
    );
}
