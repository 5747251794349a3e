//! Case 9: `zwarm rm` and Delete in the app remove a session whatever state
//! its meta.json is in, and still stop its process first when it names one.

use zwarm_core::store::SessionStatus;
use zwarm_core::supervisor::{is_alive, TurnFiles};

use crate::support::{completed, engine_in, running_without_process, spawn_sh};

#[test]
fn a_session_whose_meta_json_is_corrupt_is_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let keep = completed(&engine, "keep", 0.25);
    let bad = completed(&engine, "bad", 0.0);
    let meta_path = engine.store().meta_path(&bad.id).unwrap();
    std::fs::write(&meta_path, b"{\"id\": \"half a file").unwrap();
    assert_eq!(engine.list(None).unwrap().broken.len(), 1);

    let removed = engine
        .delete(&bad.id[..8])
        .expect("a corrupt session can be deleted");
    assert_eq!(removed, bad.id);
    assert!(!engine.store().session_dir(&bad.id).unwrap().exists());
    let listing = engine.list(None).unwrap();
    assert!(listing.broken.is_empty());
    assert_eq!(listing.sessions.len(), 1);
    assert_eq!(listing.sessions[0].id, keep.id);
}

/// A running session that cannot be finalized (unknown adapter) but whose
/// process lives: deleting it stops the process, then removes the folder.
#[test]
fn a_running_session_that_cannot_be_finalized_is_stopped_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let bad = running_without_process(&engine, "gemini");
    let turns = engine.store().session_dir(&bad.id).unwrap().join("turns");
    let files = TurnFiles::in_dir(&turns, 1);
    let turn = spawn_sh("sleep 60", dir.path(), &files);
    engine
        .store()
        .update(&bad.id, |m| {
            m.pid = Some(turn.pid);
            let t = m.current_turn_mut().unwrap();
            t.pid = Some(turn.pid);
            t.pid_start_time = Some(turn.start_time);
        })
        .unwrap();
    assert_eq!(
        engine.list(None).unwrap().sessions[0].status,
        SessionStatus::Running
    );

    engine
        .delete(&bad.id)
        .expect("deleted although it cannot be finalized");
    assert!(
        !is_alive(turn.pid, turn.start_time),
        "its process was stopped first"
    );
    assert!(!engine.store().session_dir(&bad.id).unwrap().exists());
}
