//! Sessions on disk in the states the tests need, through the public store.

use std::path::Path;

use zwarm_core::engine::{Engine, EngineSettings};
use zwarm_core::launch::Launch;
use zwarm_core::store::{NewSession, SessionMeta, SessionStatus};
use zwarm_core::supervisor::{spawn_turn, SpawnedTurn, TurnEnv, TurnFiles};
use zwarm_core::Workspace;

/// An engine over a fresh workspace in `root` (created if missing).
pub fn engine_in(root: &Path) -> Engine {
    std::fs::create_dir_all(root).unwrap();
    Engine::open(Workspace::open(root).unwrap(), EngineSettings::default()).unwrap()
}

/// A session whose turn 1 ended and was recorded, with a priced turn.
pub fn completed(engine: &Engine, task: &str, cost: f64) -> SessionMeta {
    let meta = engine
        .store()
        .create(NewSession::new(
            task,
            engine.workspace().root().display().to_string(),
        ))
        .unwrap();
    engine
        .store()
        .update(&meta.id, |m| {
            m.status = SessionStatus::Completed;
            m.model = "gpt-5".into();
            let turn = m.current_turn_mut().unwrap();
            turn.status = SessionStatus::Completed;
            turn.usage.input_tokens = 1000;
            turn.cost_usd = Some(cost);
            turn.ended_at = Some(zwarm_core::store::Timestamp::now());
        })
        .unwrap()
}

/// A session recorded as running turn 1 whose process is gone (no pid), so
/// the next listing finalizes it; `adapter` as written in meta.json.
pub fn running_without_process(engine: &Engine, adapter: &str) -> SessionMeta {
    let meta = engine
        .store()
        .create(NewSession::new(
            "bad one",
            engine.workspace().root().display().to_string(),
        ))
        .unwrap();
    engine
        .store()
        .update(&meta.id, |m| {
            m.adapter = adapter.into();
            m.status = SessionStatus::Running;
            m.current_turn_mut().unwrap().status = SessionStatus::Running;
        })
        .unwrap()
}

/// A detached turn of `/bin/sh -c script` in `cwd`, writing to `files`.
pub fn spawn_sh(script: &str, cwd: &Path, files: &TurnFiles) -> SpawnedTurn {
    let launch = Launch {
        args: vec!["-c".into(), script.into()],
        cwd: cwd.to_path_buf(),
        stdin: None,
    };
    spawn_turn(
        Path::new("/bin/sh"),
        &launch,
        &TurnEnv::default(),
        "test:1:robust",
        files,
    )
    .unwrap()
}
