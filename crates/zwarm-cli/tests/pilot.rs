//! `zwarm pilot ...` against the fake model server: the flags and `--json`
//! shapes of the pilot commands are part of the public contract.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use fake_llm::{FakeServer, Reply, Scenario, Usage};
use serde_json::Value;

fn zwarm(workspace: &std::path::Path, server: &FakeServer) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zwarm"));
    command
        .arg("-C")
        .arg(workspace)
        .env("ZWARM_PILOT_API_KEY", "test-key")
        .env("ZWARM_PILOT_BASE_URL", format!("{}/v1", server.base_url()))
        .env_remove("ZWARM_PILOT_PROVIDER")
        .env_remove("ZWARM_PILOT_MODEL");
    command
}

fn json(command: &mut Command) -> Value {
    let out = command.output().expect("zwarm runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

#[test]
fn pilot_new_send_graph_and_list_print_the_documented_json() {
    let usage = Usage {
        input_tokens: 1000,
        output_tokens: 20,
        ..Usage::default()
    };
    let server = FakeServer::start(Scenario::new(vec![
        Reply::text("One.").with_usage(usage),
        Reply::text("Two.").with_usage(usage),
        Reply::text("Branch.").with_usage(usage),
    ]))
    .expect("fake server");
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();

    let pilot = json(zwarm(ws, &server).args(["pilot", "new", "--name", "demo", "--json"]));
    let id = pilot["id"].as_str().expect("an id").to_string();
    assert_eq!(pilot["model"]["provider"], "open_ai_responses");
    assert_eq!(
        pilot["track_files"], true,
        "file checkpoints are on by default"
    );

    let t1 = json(zwarm(ws, &server).args(["pilot", "send", "demo", "first", "--json"]));
    assert_eq!(
        (t1["label"].as_str(), t1["reply"].as_str()),
        (Some("T1"), Some("One."))
    );
    assert!(
        t1["cost_usd"].as_f64().is_some_and(|c| c > 0.0),
        "gpt-5.5 is priced: {t1}"
    );
    let out = zwarm(ws, &server)
        .args(["pilot", "send", &id[..8], "second"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Two.",
        "plain send prints the reply"
    );
    let t3 =
        json(zwarm(ws, &server).args(["pilot", "send", "demo", "third", "--from", "T1", "--json"]));
    assert_eq!(t3["parent"], t1["id"]);

    let graph = json(zwarm(ws, &server).args(["pilot", "graph", "demo", "--json"]));
    let nodes = graph["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.len(), 3);
    for node in nodes {
        for key in ["id", "label", "parent", "message", "cost_usd"] {
            assert!(node.get(key).is_some(), "node.{key} in {node}");
        }
    }
    assert_eq!(graph["head"], t3["id"]);
    assert_eq!(graph["tips"].as_array().map(Vec::len), Some(2));

    let list = json(zwarm(ws, &server).args(["pilot", "list", "--json"]));
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["nodes"], 3);

    let out = zwarm(ws, &server)
        .args(["pilot", "go", "demo", "T9"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no node `T9`"));
    // The root keyword, in any case, goes back to the start.
    let out = zwarm(ws, &server)
        .args(["pilot", "go", "demo", "Root"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("is at the start"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let graph = json(zwarm(ws, &server).args(["pilot", "graph", "demo", "--json"]));
    assert_eq!(graph["head"], Value::Null);

    // `zwarm spend` counts the pilot's three turns.
    let spend = json(zwarm(ws, &server).args(["spend", "--json"]));
    assert_eq!(spend["pilot"]["turns"], 3);
    assert_eq!(spend["executor"]["turns"], 0);
    assert!(spend["all_time"]["cost_usd"]
        .as_f64()
        .is_some_and(|c| c > 0.0));
    for key in [
        "today",
        "this_week",
        "by_day",
        "by_model",
        "by_adapter",
        "top_sessions",
        "top_pilots",
        "budgets",
    ] {
        assert!(spend.get(key).is_some(), "spend.{key}");
    }
    let out = zwarm(ws, &server)
        .args(["spend", "--csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.starts_with("kind,day,model,adapter,session_id,turn,pilot_id,node_id"),
        "{csv}"
    );
    assert_eq!(
        csv.lines().count(),
        4,
        "a header and one row per pilot turn"
    );
}
