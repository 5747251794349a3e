//! A turn's processes beyond the waiter's group: the ones that left its
//! session, lost their parent, or outlived the waiter. `/bin/sh` scripts
//! stand in for the CLIs; `setsid` and `env -i` for their sandboxes.

use std::path::Path;
use std::time::{Duration, Instant};

use super::procfs::read_stat;
use super::*;

/// Generous: a hang guard, never a timing assertion.
const DEADLINE: Duration = Duration::from_secs(20);

fn spawn(dir: &Path, body: &str) -> (SpawnedTurn, TurnFiles) {
    let launch = Launch {
        args: vec!["-c".into(), body.into()],
        cwd: dir.to_path_buf(),
        stdin: None,
    };
    let files = TurnFiles::in_dir(dir, 1);
    let marker = new_marker("tree-test", 1);
    let turn = spawn_turn(
        Path::new("/bin/sh"),
        &launch,
        &TurnEnv::default(),
        &marker,
        &files,
    )
    .unwrap();
    (turn, files)
}

/// Waits until `file` in `dir` holds `n` lines of PIDs, and names them.
fn pids_in(dir: &Path, file: &str, n: usize) -> Vec<Member> {
    let deadline = Instant::now() + DEADLINE;
    loop {
        let text = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        let pids: Vec<u32> = text.lines().filter_map(|l| l.trim().parse().ok()).collect();
        if pids.len() >= n {
            return pids
                .into_iter()
                .map(|pid| Member {
                    pid,
                    start_time: read_stat(pid).expect("the process runs").start_time,
                })
                .collect();
        }
        assert!(Instant::now() < deadline, "{file} never got {n} PIDs");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + DEADLINE;
    while !done() {
        assert!(Instant::now() < deadline, "gave up waiting: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn sigkill(pid: u32) {
    let pid = rustix::process::Pid::from_raw(i32::try_from(pid).unwrap()).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::KILL).unwrap();
}

#[test]
fn the_marker_reaches_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (turn, files) = spawn(dir.path(), "printf '%s' \"$ZWARM_TURN\"");
    wait_until("exit file", || files.exit_code().is_some());
    assert_eq!(
        std::fs::read_to_string(&files.stdout).unwrap(),
        turn.marker.clone().unwrap()
    );
}

/// Case 5 of issue 11: commands in their own session and group (a sandbox),
/// one even without our environment, die with the turn.
#[test]
fn kill_reaches_processes_that_left_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let (turn, files) = spawn(
        dir.path(),
        "setsid sleep 300 & echo $! >> pids
         env -i setsid sleep 301 & echo $! >> pids
         sleep 302 & echo $! >> pids
         wait",
    );
    let started = pids_in(dir.path(), "pids", 3);
    let found = turn.members();
    for member in &started {
        assert!(found.contains(member), "{member:?} not among {found:?}");
        assert_ne!(
            read_stat(member.pid).unwrap().session,
            0,
            "a real session, for the record"
        );
    }
    let outcome = kill_turn(&turn, Scope::Whole, Duration::from_secs(5)).unwrap();
    assert_eq!(outcome, KillOutcome::Terminated);
    for member in &started {
        assert!(!member.is_alive(), "{member:?} survived the kill");
    }
    assert!(turn.members().is_empty());
    wait_until("exit file", || files.exit_code().is_some());
}

/// Case 4: the CLI outlives its waiter and its launcher (Codex's node
/// launcher SIGKILLed while the native binary works on).
#[test]
fn the_cli_is_found_after_the_waiter_and_its_launcher_die() {
    let dir = tempfile::tempdir().unwrap();
    // The "launcher" starts the "native CLI" in its own session, as a
    // sandbox would, then waits for it.
    let (turn, _files) = spawn(
        dir.path(),
        "echo $$ > launcher
         setsid sh -c 'echo $$ > native; while [ ! -e go ]; do sleep 0.02; done' &
         wait",
    );
    let launcher = pids_in(dir.path(), "launcher", 1)[0];
    let native = pids_in(dir.path(), "native", 1)[0];
    sigkill(turn.pid);
    sigkill(launcher.pid);
    wait_until("waiter and launcher dead", || {
        !turn.is_alive() && !launcher.is_alive()
    });
    assert!(native.is_alive());
    let found = turn.members();
    assert!(
        found.contains(&native),
        "the marker alone names it: {found:?}"
    );
    assert!(!found.contains(&launcher) && !found.contains(&turn.waiter()));
    std::fs::write(dir.path().join("go"), "").unwrap();
    wait_until("native CLI done", || !native.is_alive());
    assert!(turn.members().is_empty());
}

/// While the waiter lives it adopts the turn's orphans (child subreaper), so
/// even a process with neither our session nor our environment is found.
#[test]
fn orphans_are_adopted_by_the_waiter() {
    let dir = tempfile::tempdir().unwrap();
    let (turn, _files) = spawn(
        dir.path(),
        "sh -c 'env -i setsid sleep 303 & echo $! > orphan'
         while [ ! -e go ]; do sleep 0.02; done",
    );
    let orphan = pids_in(dir.path(), "orphan", 1)[0];
    wait_until("the orphan is adopted", || {
        read_stat(orphan.pid).is_some_and(|s| s.ppid == turn.pid)
    });
    assert!(turn.members().contains(&orphan));
    let outcome = kill_turn(&turn, Scope::Whole, Duration::from_secs(5)).unwrap();
    assert!(outcome.was_running());
    assert!(!orphan.is_alive());
}

/// Leftovers: the CLI has ended, the waiter is finishing; a process it left
/// is stopped, the waiter is spared.
#[test]
fn leftovers_are_stopped_without_the_waiter() {
    let dir = tempfile::tempdir().unwrap();
    let (turn, files) = spawn(
        dir.path(),
        "setsid sh -c 'trap \"\" TERM; echo $$ > left; while :; do sleep 0.02; done' &
         exit 0",
    );
    let left = pids_in(dir.path(), "left", 1)[0];
    wait_until("exit file", || files.exit_code().is_some());
    assert!(turn.members().contains(&left));
    let outcome = kill_turn(&turn, Scope::Leftovers, Duration::from_millis(200)).unwrap();
    assert_eq!(outcome, KillOutcome::ForceKilled, "it ignored TERM");
    assert!(!left.is_alive());
    assert_eq!(
        files.exit_code(),
        Some(0),
        "the waiter recorded the CLI's status"
    );
}
