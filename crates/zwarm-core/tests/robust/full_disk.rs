//! Case 10: a full disk when a session starts or a turn ends.

use zwarm_core::store::{NewSession, SessionStore};
use zwarm_core::supervisor::{is_alive, TurnFiles};

use crate::support::spawn_sh;
use crate::tmpfs::Tmpfs;

#[test]
fn a_full_disk_at_create_leaves_no_half_made_session() {
    let Some(disk) = Tmpfs::mount("full_at_create", 256) else {
        return;
    };
    let store = SessionStore::new(disk.path().join(".zwarm"));
    let first = store.create(NewSession::new("fits", "/w")).unwrap();
    disk.fill();
    let error = store
        .create(NewSession::new("does not fit", "/w"))
        .expect_err("nothing can be written");
    assert!(
        error.to_string().contains("No space left on device"),
        "{error}"
    );
    let folders: Vec<_> = std::fs::read_dir(store.sessions_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        folders,
        vec![first.id.clone()],
        "no half-made folder is left"
    );
    let listing = store.list(None).unwrap();
    assert!(listing.broken.is_empty() && listing.sessions.len() == 1);
}

/// The waiter cannot write its exit file on a full disk: the code must still
/// be recorded (as a symlink's target), and no `turn_N.exit.tmp` be left.
#[test]
fn the_exit_code_survives_a_full_disk() {
    let Some(disk) = Tmpfs::mount("full_at_exit", 256) else {
        return;
    };
    let turns = disk.path().join("turns");
    let files = TurnFiles::in_dir(&turns, 1);
    // The CLI waits until the disk is full, then ends with code 7.
    let go = disk.path().join("go");
    let script = format!(
        "while [ ! -e {} ]; do sleep 0.05; done; exit 7",
        go.display()
    );
    let turn = spawn_sh(&script, disk.path(), &files);
    disk.fill();
    std::fs::create_dir(&go).unwrap(); // a directory: no data block needed
    while is_alive(turn.pid, turn.start_time) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(files.exit_code(), Some(7), "the exit code was lost");
    let leftovers: Vec<_> = std::fs::read_dir(&turns)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
