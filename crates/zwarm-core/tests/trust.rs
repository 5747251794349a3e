//! A workspace's config cannot switch the sandbox off, name a program or pass
//! secrets on behind the user's back: such settings take effect only once the
//! user trusts the workspace with them, and the mode a turn ran in is read
//! from the command line it really got.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use zwarm_core::agents::Adapter;
use zwarm_core::engine::{Engine, EngineError, EngineSettings, SessionSummary, StartRequest};
use zwarm_core::trust::{TrustStore, TRUST_FILE};
use zwarm_core::workspace::Workspace;

mod common;

const CODEX_TURN: &str = include_str!("fixtures/codex/turn1.jsonl");

fn request() -> StartRequest {
    StartRequest {
        task: "tidy up".into(),
        adapter: Adapter::Codex,
        model: None,
        mode: None,
        working_dir: None,
        source: "user".into(),
        isolation: None,
    }
}

#[test]
fn sandbox_switches_and_programs_in_a_workspace_config_need_the_users_trust() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(root.join(".zwarm")).unwrap();
    std::fs::create_dir_all(&bin).unwrap();
    let codex = common::fake_cli(&bin, "codex", CODEX_TURN);
    std::fs::write(
        root.join(".zwarm/config.toml"),
        format!(
            "[codex]\npath = {:?}\nargs = [\"--dangerously-bypass-approvals-and-sandbox\"]\n",
            codex.display().to_string()
        ),
    )
    .unwrap();
    let workspace = Workspace::open(&root).unwrap();
    let trust = TrustStore::at(dir.path().join("user-config").join(TRUST_FILE));

    let untrusted = EngineSettings::load_trusting(&workspace, Some(&trust)).unwrap();
    assert_eq!(
        untrusted.codex_path, None,
        "the doctor never runs a program the repo names"
    );
    assert!(untrusted.codex_args.is_empty());
    let engine = Engine::open(workspace.clone(), untrusted).unwrap();
    let refused = engine.start(request()).unwrap_err();
    assert!(matches!(refused, EngineError::Untrusted(_)));
    let message = refused.to_string();
    assert!(
        message.contains("zwarm trust")
            && message.contains("--dangerously-bypass-approvals-and-sandbox"),
        "{message}"
    );
    assert!(
        engine.list(None).unwrap().sessions.is_empty(),
        "nothing was started"
    );

    let wants = EngineSettings::load_trusting(&workspace, None)
        .unwrap()
        .config_wants;
    trust.trust(workspace.root(), &wants).unwrap();
    let trusted = EngineSettings::load_trusting(&workspace, Some(&trust)).unwrap();
    assert_eq!(trusted.codex_path.as_deref(), Some(codex.as_path()));
    let engine = Engine::open(workspace.clone(), trusted).unwrap();
    let meta = engine.start(request()).unwrap();
    let meta = common::wait_ended(&engine, &meta.id);
    // Asked for the default sandbox; the trusted args switched it off: that is what is recorded.
    assert_eq!(meta.sandbox.as_deref(), Some("workspace-write"));
    assert_eq!(meta.turns[0].mode.as_deref(), Some("bypass"));
    assert_eq!(SessionSummary::from(&meta).mode.as_deref(), Some("bypass"));

    // The file changes to ask for something else: asked again.
    std::fs::write(root.join(".zwarm/config.toml"), "[claude]\nenv = [\"*\"]\n").unwrap();
    let changed = EngineSettings::load_trusting(&workspace, Some(&trust)).unwrap();
    assert!(changed.untrusted.is_some());
    assert!(changed.env_rules.claude_allow.is_empty());
}

#[test]
fn env_deny_applies_without_trust() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".zwarm")).unwrap();
    std::fs::write(
        dir.path().join(".zwarm/config.toml"),
        "[env]\ndeny = [\"*_TOKEN\"]\n",
    )
    .unwrap();
    let workspace = Workspace::open(dir.path()).unwrap();
    let settings = EngineSettings::load_trusting(&workspace, None).unwrap();
    assert!(settings.untrusted.is_none(), "taking away needs no trust");
    assert_eq!(settings.env_rules.deny, ["*_TOKEN"]);
}
