//! Secrets stay ours: the real Codex and Claude run `env` as a turn of a zwarm
//! session while zwarm's own process holds the pilot's keys, and neither the
//! turn file, meta.json, the requests the CLI sent to its model, nor Codex's
//! own files hold them afterwards. The agent's own settings still arrive.
//!
//! A test target of its own with a single test: it sets variables in its own
//! process environment (as a user's shell would for the app), which must not
//! race with other tests spawning processes.

#[path = "agents/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::path::Path;
use std::time::{Duration, Instant};

use fake_llm::{FakeServer, Part, Reply, Scenario};
use zwarm_core::agents::Adapter;
use zwarm_core::engine::{Engine, StartRequest};
use zwarm_core::store::SessionStatus;
use zwarm_core::Workspace;

use harness::{Sandbox, CODEX_MODEL};

const PILOT_KEY: &str = "zwarm-pilot-secret-0001";
const ANTHROPIC_FOR_PILOT: &str = "anthropic-pilot-secret-0002";
const OPENAI_FOR_PILOT: &str = "openai-pilot-secret-0003";
const VISIBLE: &str = "visible-probe-0004";

fn run_env_turn(adapter: Adapter) -> (Sandbox, FakeServer, Engine, String) {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![Part::shell("env")]),
        Reply::text("done"),
    ]))
    .expect("fake server");
    let sandbox = Sandbox::new();
    let workspace = Workspace::open(&sandbox.workspace).expect("workspace");
    let engine = Engine::open(workspace, sandbox.engine_settings(&server)).expect("engine");
    let meta = engine
        .start(StartRequest {
            task: "print the environment".into(),
            adapter,
            model: (adapter == Adapter::Codex).then(|| CODEX_MODEL.to_string()),
            mode: None,
            working_dir: None,
            source: "user".into(),
            isolation: None,
        })
        .expect("start");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let now = engine.refresh(&meta.id).expect("refresh");
        if now.status.is_ended() {
            assert_eq!(now.status, SessionStatus::Completed, "{:?}", now.error);
            break;
        }
        assert!(Instant::now() < deadline, "the turn hangs");
        std::thread::sleep(Duration::from_millis(100));
    }
    (sandbox, server, engine, meta.id)
}

/// Every file under `dir` that holds `needle`.
fn files_holding(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_holding(&path, needle));
        } else if std::fs::read(&path).is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle)) {
            found.push(path.display().to_string());
        }
    }
    found
}

fn check(adapter: Adapter, secrets: &[&str]) {
    let (sandbox, server, _engine, id) = run_env_turn(adapter);
    let session_dir = sandbox.workspace.join(".zwarm/sessions").join(&id);
    let sent: String = server
        .requests()
        .iter()
        .map(|r| r.raw_body.clone())
        .collect();
    assert!(
        sent.contains(VISIBLE),
        "{adapter}: the agent's `env` ran and its output went to the model"
    );
    for secret in secrets {
        assert!(
            !sent.contains(secret),
            "{adapter} sent {secret} to its model"
        );
        let leaked = files_holding(&session_dir, secret);
        assert!(leaked.is_empty(), "{adapter}: {secret} in {leaked:?}");
        let in_cli_home = files_holding(&sandbox.codex_home, secret);
        assert!(
            in_cli_home.is_empty(),
            "{adapter}: {secret} in {in_cli_home:?}"
        );
        let in_claude = files_holding(&sandbox.claude_config, secret);
        assert!(in_claude.is_empty(), "{adapter}: {secret} in {in_claude:?}");
    }
}

#[test]
fn neither_agent_sees_the_pilots_keys() {
    // The app's process, as a user's shell would start it.
    std::env::set_var("ZWARM_PILOT_API_KEY", PILOT_KEY);
    std::env::set_var("ANTHROPIC_API_KEY", ANTHROPIC_FOR_PILOT);
    std::env::set_var("OPENAI_API_KEY", OPENAI_FOR_PILOT);
    std::env::set_var("ZWARM_PROBE_VISIBLE", VISIBLE);
    // Codex keeps OPENAI_API_KEY (its provider may need it; Codex itself keeps
    // key variables out of the commands it runs); Claude's own key comes from
    // the session's settings here.
    check(Adapter::Codex, &[PILOT_KEY, ANTHROPIC_FOR_PILOT]);
    check(Adapter::Claude, &[PILOT_KEY, OPENAI_FOR_PILOT]);
}
