//! Each confinement tried with `..`, an absolute path outside, and a symbolic
//! link pointing outside.

use std::path::Path;
use std::sync::Arc;

use zwarm_core::checkpoints::PilotStore;
use zwarm_core::engine::{Engine, EngineSettings};
use zwarm_core::Workspace;

use super::*;

/// A workspace, a folder beside it (outside), and an engine on the workspace.
struct Setup {
    _dir: tempfile::TempDir,
    root: PathBuf,
    outside: PathBuf,
    engine: Arc<Engine>,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("ws");
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(root.join("notes.sh"), "echo hi\n").unwrap();
    let workspace = Workspace::open(&root).unwrap();
    let engine = Arc::new(Engine::open(workspace, EngineSettings::default()).unwrap());
    let root = engine.workspace().root().to_path_buf();
    Setup { _dir: dir, root, outside: std::fs::canonicalize(outside).unwrap(), engine }
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::os::unix::fs::symlink(target, at).unwrap();
}

#[cfg(unix)]
#[test]
fn reveal_takes_only_folders_inside_the_workspace() {
    let s = setup();
    assert_eq!(folder_inside(&s.engine, "sub").unwrap(), s.root.join("sub"));
    assert_eq!(folder_inside(&s.engine, &s.root.display().to_string()).unwrap(), s.root);
    link(&s.outside, &s.root.join("escape"));
    for bad in ["..", "../outside", "sub/../../outside", &s.outside.display().to_string(), "/etc", "escape"] {
        let error = folder_inside(&s.engine, bad).unwrap_err().message;
        assert!(error.contains("outside") || error.contains("workspace"), "{bad}: {error}");
    }
    let error = folder_inside(&s.engine, "notes.sh").unwrap_err().message;
    assert!(error.contains("is not a folder"), "{error}");
}

#[cfg(unix)]
#[test]
fn session_ids_cannot_leave_the_sessions_folder() {
    let s = setup();
    // A folder outside that looks like a session, and a link to it in sessions/.
    let fake = s.outside.join("victim");
    std::fs::create_dir_all(&fake).unwrap();
    std::fs::write(fake.join("meta.json"), "{}").unwrap();
    let sessions = s.root.join(".zwarm").join("sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    link(&fake, &sessions.join("linked"));
    let outside_abs = fake.display().to_string();
    for bad in ["..", "../../outside/victim", outside_abs.as_str(), "/etc", "linked", "link"] {
        assert!(s.engine.refresh(bad).is_err(), "refresh {bad}");
        assert!(s.engine.events(bad, 0, 10).is_err(), "events {bad}");
        assert!(s.engine.raw_turn(bad, 1).is_err(), "raw_turn {bad}");
        assert!(s.engine.kill(bad).is_err(), "kill {bad}");
        assert!(s.engine.delete(bad).is_err(), "delete {bad}");
        assert!(s.engine.continue_session(bad, "hi").is_err(), "continue {bad}");
    }
    assert_eq!(std::fs::read_to_string(fake.join("meta.json")).unwrap(), "{}", "the outside folder is untouched");
}

#[cfg(unix)]
#[test]
fn pilot_and_run_ids_cannot_leave_the_pilots_folder() {
    let s = setup();
    let store = PilotStore::new(s.root.join(".zwarm"));
    let real = store
        .create(
            "real",
            zwarm_core::checkpoints::PilotModel {
                provider: zwarm_core::llm::Provider::ChatCompletions,
                model: "m".into(),
                base_url: Some("http://127.0.0.1:9/v1".into()),
            },
            false,
        )
        .unwrap();
    // A pilot folder copied outside, and a link to it in pilots/.
    let fake = s.outside.join("pilot");
    std::fs::create_dir_all(&fake).unwrap();
    let pilots = s.root.join(".zwarm").join("pilots");
    std::fs::copy(pilots.join(&real.id).join("pilot.json"), fake.join("pilot.json")).unwrap();
    link(&fake, &pilots.join("linked"));
    let outside_abs = fake.display().to_string();
    for bad in ["..", "../../outside/pilot", outside_abs.as_str(), "/etc", "linked"] {
        assert!(store.load(bad).is_err(), "load {bad}");
        assert!(store.travel(bad, None).is_err(), "travel {bad}");
        assert!(store.name_branch(bad, "n", "x").is_err(), "name_branch {bad}");
    }
    let error = store.load("linked").unwrap_err().to_string();
    assert!(error.contains("symbolic link"), "{error}");
    let (listed, broken) = store.list().unwrap();
    assert_eq!(listed.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(), vec![real.id.as_str()]);
    assert_eq!(broken.len(), 1, "the link is reported, not listed");
    assert!(store.load(&real.id).is_ok());
}

#[test]
fn working_dirs_of_new_sessions_stay_inside() {
    let s = setup();
    for bad in ["..", "../outside", "/etc"] {
        let error = s.engine.path_inside(Path::new(bad)).unwrap_err().to_string();
        assert!(error.contains("outside") || error.contains("workspace"), "{bad}: {error}");
    }
}
