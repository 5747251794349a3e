//! Pilot turns against the fake model server, with tools that need no agent
//! CLI (the turns that delegate to real CLIs are in tests/agents/pilot.rs).

use std::sync::Arc;
use std::time::Duration;

use fake_llm::{FakeServer, Part, Protocol, Reply, Scenario};
use serde_json::json;
use zwarm_llm::{CancellationToken, Item, LlmClient, LlmError, Provider, ProviderConfig};

use super::*;
use crate::checkpoints::{NodeKind, PilotModel, PilotStore};
use crate::engine::{Engine, EngineSettings};
use crate::workspace::Workspace;

struct Fixture {
    _dir: tempfile::TempDir,
    runner: PilotRunner,
    pilot: String,
}

fn fixture(max_steps: u32) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let workspace = Workspace::open(dir.path()).unwrap();
    let engine = Arc::new(Engine::open(workspace, EngineSettings::default()).unwrap());
    let runner = PilotRunner::new(
        engine,
        PilotSettings {
            max_steps,
            ..PilotSettings::default()
        },
    );
    let model = PilotModel {
        provider: Provider::OpenAiResponses,
        model: "gpt-5.5".into(),
        base_url: None,
    };
    let pilot = runner.store().create("test", model, false).unwrap().id;
    Fixture {
        _dir: dir,
        runner,
        pilot,
    }
}

fn client(server: &FakeServer) -> LlmClient {
    let mut config = ProviderConfig::new(Provider::OpenAiResponses, "gpt-5.5")
        .with_base_url(format!("{}/v1", server.base_url()))
        .with_api_key("test-key");
    config.retry.initial_backoff = Duration::from_millis(10);
    LlmClient::new(config).unwrap()
}

async fn send(
    f: &Fixture,
    client: &LlmClient,
    message: &str,
    from: Continue,
) -> Result<crate::checkpoints::Node, PilotError> {
    let mut events = Vec::new();
    let mut sink = |e: PilotEvent| events.push(e);
    f.runner
        .send(
            client,
            &f.pilot,
            message,
            from,
            &mut sink,
            &CancellationToken::new(),
        )
        .await
}

fn tool(name: &str, arguments: serde_json::Value) -> Part {
    Part::Tool {
        name: name.into(),
        arguments,
    }
}

fn request_texts(server: &FakeServer) -> Vec<String> {
    server
        .requests_for(Protocol::Responses)
        .iter()
        .map(|r| r.raw_body.clone())
        .collect()
}

#[tokio::test]
async fn a_turn_runs_tools_until_the_llm_answers_and_records_a_node() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![tool("list_sessions", json!({}))]),
        Reply::text("Nothing is running yet."),
    ]))
    .unwrap();
    let f = fixture(10);
    let client = client(&server);
    let mut events = Vec::new();
    let mut sink = |e: PilotEvent| events.push(e);
    let node = f
        .runner
        .send(
            &client,
            &f.pilot,
            "what runs?",
            Continue::Head,
            &mut sink,
            &CancellationToken::new(),
        )
        .await
        .unwrap();

    assert_eq!(node.label, "T1");
    assert_eq!(node.reply, "Nothing is running yet.");
    let kinds: Vec<&str> = node
        .items
        .iter()
        .map(|i| match i {
            Item::User { .. } => "user",
            Item::Assistant { .. } => "assistant",
            Item::Reasoning { .. } => "reasoning",
            Item::ToolCall { .. } => "tool_call",
            Item::ToolResult { .. } => "tool_result",
        })
        .collect();
    assert_eq!(kinds, ["user", "tool_call", "tool_result", "assistant"]);
    assert!(events
        .iter()
        .any(|e| matches!(e, PilotEvent::ToolFinished { output, .. } if output == "No sessions.")));

    let bodies = request_texts(&server);
    assert_eq!(bodies.len(), 2);
    assert!(
        bodies[0].contains("You are the pilot of zwarm"),
        "the system prompt is sent"
    );
    assert!(
        bodies[1].contains("No sessions."),
        "the tool result goes back to the LLM"
    );

    let loaded = f.runner.store().load(&f.pilot).unwrap();
    assert_eq!(loaded.meta.head.as_deref(), Some(node.id.as_str()));
}

#[tokio::test]
async fn sending_from_an_earlier_node_branches_and_keeps_the_later_turn() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::text("one"),
        Reply::text("two"),
        Reply::text("three"),
    ]))
    .unwrap();
    let f = fixture(10);
    let client = client(&server);
    let t1 = send(&f, &client, "first message", Continue::Head)
        .await
        .unwrap();
    let t2 = send(&f, &client, "second message", Continue::Head)
        .await
        .unwrap();
    assert_eq!(t2.parent.as_deref(), Some(t1.id.as_str()));
    let t3 = send(&f, &client, "other direction", Continue::Node("T1".into()))
        .await
        .unwrap();
    assert_eq!(t3.parent.as_deref(), Some(t1.id.as_str()));

    let bodies = request_texts(&server);
    assert!(bodies[1].contains("first message") && bodies[1].contains("one"));
    assert!(
        bodies[2].contains("first message") && !bodies[2].contains("second message"),
        "the branch does not see T2"
    );

    // A new store on the same folder sees the same graph.
    let store = PilotStore::new(f.runner.engine().workspace().state_dir());
    let graph = store.load(&f.pilot).unwrap().graph;
    assert_eq!(graph.len(), 3);
    assert_eq!(graph.tips().len(), 2);
}

#[tokio::test]
async fn a_rejected_key_is_a_clear_error_and_records_no_node() {
    let server = FakeServer::start(Scenario::new(vec![Reply::Error {
        status: 401,
        message: "Incorrect API key provided".into(),
        retry_after_secs: None,
    }]))
    .unwrap();
    let f = fixture(10);
    let error = send(&f, &client(&server), "hello", Continue::Head)
        .await
        .unwrap_err();
    assert!(
        matches!(error, PilotError::Llm(LlmError::Unauthorized { .. })),
        "{error}"
    );
    assert!(error.to_string().contains("401"), "{error}");
    assert!(f.runner.store().load(&f.pilot).unwrap().graph.is_empty());
}

#[tokio::test]
async fn a_rate_limit_is_retried_and_the_turn_succeeds() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::Error {
            status: 429,
            message: "slow down".into(),
            retry_after_secs: Some(0),
        },
        Reply::text("fine"),
    ]))
    .unwrap();
    let f = fixture(10);
    let node = send(&f, &client(&server), "hello", Continue::Head)
        .await
        .unwrap();
    assert_eq!(node.reply, "fine");
    assert_eq!(server.requests_for(Protocol::Responses).len(), 2);
}

#[tokio::test]
async fn stopping_mid_turn_records_a_consistent_stopped_node() {
    let server = FakeServer::start(Scenario::new(vec![Reply::Delay {
        ms: 30_000,
        then: None,
    }]))
    .unwrap();
    let f = fixture(10);
    let client = client(&server);
    let cancel = CancellationToken::new();
    let mut sink = |_e: PilotEvent| {};
    // Stopped once the call reached the server, which holds it for 30 s: had
    // the stop not ended the call, the turn would fail when the server hangs up.
    let stop = async {
        while server.requests_for(Protocol::Responses).is_empty() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        cancel.cancel();
    };
    let turn = f.runner.send(
        &client,
        &f.pilot,
        "long job",
        Continue::Head,
        &mut sink,
        &cancel,
    );
    let (node, ()) = tokio::join!(turn, stop);
    let node = node.unwrap();
    assert!(node.stopped);
    assert!(
        matches!(node.items.last(), Some(Item::Assistant { .. })),
        "history ends with an answer"
    );
}

#[tokio::test]
async fn the_step_limit_ends_a_turn_that_only_calls_tools() {
    let server = FakeServer::start(
        Scenario::new(vec![]).with_fallback(Reply::parts(vec![tool("list_sessions", json!({}))])),
    )
    .unwrap();
    let f = fixture(2);
    let node = send(&f, &client(&server), "loop forever", Continue::Head)
        .await
        .unwrap();
    assert!(node.reply.contains("limit of 2 steps"), "{}", node.reply);
    assert_eq!(server.requests_for(Protocol::Responses).len(), 2);
}

#[tokio::test]
async fn bad_tool_calls_become_error_results_the_llm_can_read() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![
            tool("check_session", json!({"session_id": "nope"})),
            tool("teleport", json!({})),
        ]),
        Reply::text("I could not find it."),
    ]))
    .unwrap();
    let f = fixture(10);
    let node = send(&f, &client(&server), "check nope", Continue::Head)
        .await
        .unwrap();
    let errors: Vec<&str> = node
        .items
        .iter()
        .filter_map(|i| match i {
            Item::ToolResult {
                output,
                is_error: true,
                ..
            } => Some(output.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("no session matches"), "{}", errors[0]);
    assert!(
        errors[1].contains("there is no tool `teleport`"),
        "{}",
        errors[1]
    );
}

fn fixture_tracking_files() -> Fixture {
    let f = fixture(10);
    let model = PilotModel {
        provider: Provider::OpenAiResponses,
        model: "gpt-5.5".into(),
        base_url: None,
    };
    let pilot = f.runner.store().create("files", model, true).unwrap().id;
    Fixture { pilot, ..f }
}

#[tokio::test]
async fn files_are_recorded_per_turn_and_restored_with_a_preview_and_a_backup_node() {
    let server =
        FakeServer::start(Scenario::new(vec![Reply::text("one"), Reply::text("two")])).unwrap();
    let f = fixture_tracking_files();
    let root = f.runner.engine().workspace().root().to_path_buf();
    std::fs::write(root.join("a.txt"), "first\n").unwrap();
    std::fs::write(root.join(".gitignore"), "*.log\n").unwrap();
    std::fs::write(root.join("build.log"), "ignored\n").unwrap();
    let client = client(&server);
    let t1 = send(&f, &client, "first", Continue::Head).await.unwrap();
    assert!(t1.files_commit.is_some(), "files recorded with T1");

    std::fs::write(root.join("a.txt"), "second\n").unwrap();
    std::fs::write(root.join("b.txt"), "new\n").unwrap();
    let t2 = send(&f, &client, "second", Continue::Head).await.unwrap();

    let preview = f.runner.preview_files(&f.pilot, "T1").unwrap();
    let plan = &preview.plan;
    assert_eq!(plan.changed, ["a.txt"]);
    assert_eq!(plan.removed, ["b.txt"]);
    assert!(plan.added.is_empty());
    let diffs: Vec<(&str, u32, u32)> = preview
        .diffs
        .iter()
        .map(|d| (d.path.as_str(), d.additions, d.deletions))
        .collect();
    assert_eq!(diffs, [("a.txt", 1, 1), ("b.txt", 0, 1)]);
    std::fs::write(root.join("build.log"), "changed, still ignored\n").unwrap();

    let (report, backup) = f.runner.restore_files(&f.pilot, "T1").unwrap();
    assert_eq!(report.plan.changed, ["a.txt"]);
    assert_eq!(
        std::fs::read_to_string(root.join("a.txt")).unwrap(),
        "first\n"
    );
    assert!(!root.join("b.txt").exists());
    assert_eq!(
        std::fs::read_to_string(root.join("build.log")).unwrap(),
        "changed, still ignored\n",
        "ignored files are never touched"
    );

    let loaded = f.runner.store().load(&f.pilot).unwrap();
    assert_eq!(
        loaded.meta.head.as_deref(),
        Some(t2.id.as_str()),
        "the conversation stays where it was"
    );
    let recorded = loaded.graph.get(&backup.id).unwrap();
    assert_eq!(
        (recorded.kind, recorded.parent.as_deref()),
        (NodeKind::Backup, Some(t2.id.as_str()))
    );

    // The backup undoes the restore.
    f.runner.restore_files(&f.pilot, &backup.label).unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join("a.txt")).unwrap(),
        "second\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("b.txt")).unwrap(),
        "new\n"
    );

    // A pilot that does not record files says so (the server now answers "ok").
    let err = {
        let g = fixture(10);
        let t = send(&g, &client, "x", Continue::Head).await.unwrap();
        g.runner.preview_files(&g.pilot, &t.label).unwrap_err()
    };
    assert!(matches!(err, PilotError::NoFiles { .. }), "{err}");
}

#[tokio::test]
async fn a_spent_budget_refuses_new_agent_turns_and_says_why() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![tool("delegate", json!({"task": "do it"}))]),
        Reply::text("The budget is spent."),
    ]))
    .unwrap();
    let f = fixture(10);
    f.runner
        .store()
        .update(&f.pilot, |meta, _| {
            meta.budget_usd = Some(0.0001);
            Ok(())
        })
        .unwrap();
    // A first turn whose own LLM spend exceeds the budget.
    let spend = FakeServer::start(Scenario::new(vec![Reply::text("pricey").with_usage(
        fake_llm::Usage {
            input_tokens: 100_000,
            ..fake_llm::Usage::default()
        },
    )]))
    .unwrap();
    send(&f, &client(&spend), "expensive", Continue::Head)
        .await
        .unwrap();

    let node = send(&f, &client(&server), "delegate something", Continue::Head)
        .await
        .unwrap();
    let refusal = node
        .items
        .iter()
        .find_map(|i| match i {
            Item::ToolResult {
                output,
                is_error: true,
                ..
            } => Some(output.clone()),
            _ => None,
        })
        .expect("the delegate call was refused");
    assert!(
        refusal.contains("budget of $0.00") && refusal.contains("is spent"),
        "{refusal}"
    );
    assert!(
        f.runner.engine().list(None).unwrap().sessions.is_empty(),
        "no session was started"
    );
}

#[tokio::test]
async fn delegate_can_ask_for_a_worktree_of_its_own() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![tool("delegate", json!({"task": "Write the parser", "worktree": true}))]),
        Reply::text("Started."),
    ]))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let git = |args: &[&str]| {
        let done = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(done.status.success(), "git {args:?}");
    };
    git(&["init", "--quiet", "--initial-branch=main"]);
    std::fs::write(root.join(".gitignore"), ".zwarm/\n").unwrap();
    git(&["add", "."]);
    git(&["commit", "--quiet", "-m", "first"]);
    let codex = root.join(".zwarm-test-codex");
    std::fs::write(&codex, "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(&codex, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let settings = EngineSettings {
        codex_path: Some(codex),
        ..EngineSettings::default()
    };
    let engine = Arc::new(Engine::open(Workspace::open(&root).unwrap(), settings).unwrap());
    let runner = PilotRunner::new(engine, PilotSettings::default());
    let model = PilotModel {
        provider: Provider::OpenAiResponses,
        model: "gpt-5.5".into(),
        base_url: None,
    };
    let pilot = runner.store().create("test", model, false).unwrap().id;
    let f = Fixture { _dir: dir, runner, pilot };

    let node = send(&f, &client(&server), "delegate", Continue::Head).await.unwrap();
    let result = node
        .items
        .iter()
        .find_map(|i| match i {
            Item::ToolResult { output, is_error: false, .. } => Some(output.clone()),
            _ => None,
        })
        .expect("the delegate call succeeded");
    assert!(result.contains("a worktree of its own on branch zwarm/"), "{result}");
    let sessions = f.runner.engine().list(None).unwrap().sessions;
    let worktree = sessions[0].worktree.as_ref().expect("the session has a worktree");
    assert!(worktree.path.starts_with(root.join(".zwarm/worktrees").to_str().unwrap()));
    assert_eq!(sessions[0].working_dir, worktree.path);
}

#[test]
fn a_from_key_names_the_head_the_start_or_a_node() {
    assert_eq!(Continue::from_key(None), Continue::Head);
    for root in ["root", "Root"] {
        assert_eq!(Continue::from_key(Some(root)), Continue::Start);
    }
    assert_eq!(Continue::from_key(Some("T2")), Continue::Node("T2".into()));
}

#[test]
fn an_unreadable_pilot_json_refuses_new_agent_turns_rather_than_skip_its_budget() {
    let f = fixture(10);
    let pilot_json = f
        .runner
        .engine()
        .workspace()
        .state_dir()
        .join("pilots")
        .join(&f.pilot)
        .join("pilot.json");
    std::fs::write(pilot_json, "{ torn").unwrap();
    let tools = tools::ToolBox::new(
        Arc::clone(f.runner.engine()),
        &f.pilot,
        crate::agents::Adapter::Codex,
        crate::spend::BudgetConfig::default(),
    );
    let outcome = tools.run(
        "delegate",
        &json!({"task": "do it"}),
        &CancellationToken::new(),
    );
    assert!(outcome.is_error, "{}", outcome.output);
    assert!(
        outcome.output.contains("budget cannot be checked"),
        "{}",
        outcome.output
    );
    assert!(f.runner.engine().list(None).unwrap().sessions.is_empty());
}
