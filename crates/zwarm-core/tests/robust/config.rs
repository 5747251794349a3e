//! Case 11: an invalid `.zwarm/config.toml` is reported with its file and
//! line; listing, showing and deleting sessions still work, starting and
//! continuing are refused with that report.

use zwarm_core::agents::Adapter;
use zwarm_core::engine::{config_path, Engine, EngineSettings, StartRequest};
use zwarm_core::Workspace;

use crate::support::completed;

fn broken_workspace(dir: &std::path::Path) -> Engine {
    let workspace = Workspace::open(dir).unwrap();
    std::fs::create_dir_all(workspace.state_dir()).unwrap();
    std::fs::write(
        config_path(&workspace),
        "[executor]\nmodel = \"x\"\n[codex]\npath = \n",
    )
    .unwrap();
    Engine::open(workspace.clone(), EngineSettings::load_tolerant(&workspace))
        .expect("a broken config must not stop the workspace from opening")
}

#[test]
fn a_broken_config_still_lists_shows_and_deletes_but_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let engine = broken_workspace(dir.path());
    let done = completed(&engine, "done", 0.25);
    let other = completed(&engine, "other", 0.1);

    assert_eq!(engine.list(None).unwrap().sessions.len(), 2);
    assert_eq!(engine.refresh(&done.id[..6]).unwrap().id, done.id);
    assert_eq!(engine.events(&done.id, 0, 10).unwrap().total, 1);
    engine.delete(&other.id).unwrap();

    let refused = engine
        .start(StartRequest {
            task: "t".into(),
            adapter: Adapter::Codex,
            model: None,
            mode: None,
            working_dir: None,
            source: "user".into(),
            isolation: None,
        })
        .expect_err("starting must be refused");
    let text = refused.to_string();
    assert!(text.contains(".zwarm/config.toml:4:"), "{text}");
    assert_eq!(
        engine.list(None).unwrap().sessions.len(),
        1,
        "nothing half-started"
    );

    let refused = engine
        .continue_session(&done.id, "more")
        .expect_err("refused too");
    assert!(refused.to_string().contains("config.toml:4:"), "{refused}");
    assert_eq!(
        engine.refresh(&done.id).unwrap().turn,
        1,
        "no turn was added"
    );
}
