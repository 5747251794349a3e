//! Real processes, no agent CLIs: `/bin/sh` scripts stand in for them.
//!
//! No test depends on how fast a process runs: a script that must still be
//! running when the test looks waits for a `go` file ([`GATE`]), and the
//! test waits on conditions, with deadlines only as hang guards.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::procfs::{group_members, read_stat};
use super::*;

/// A marker no other test's processes carry.
fn marker() -> String {
    new_marker("test", 1)
}

fn spawn(sh: &Path, launch: &Launch, files: &TurnFiles) -> SpawnedTurn {
    spawn_turn(sh, launch, &TurnEnv::default(), &marker(), files).unwrap()
}

fn script(dir: &Path, body: &str) -> (PathBuf, Launch) {
    let launch = Launch {
        args: vec!["-c".into(), body.into()],
        cwd: dir.to_path_buf(),
        stdin: None,
    };
    (PathBuf::from("/bin/sh"), launch)
}

/// Keeps the turn running until the test opens the gate ([`open_gate`]).
const GATE: &str = "while [ ! -e go ]; do sleep 0.02; done";

fn open_gate(dir: &Path) {
    std::fs::write(dir.join("go"), "").unwrap();
}

/// Waits until `done`; the deadline only keeps a broken build from hanging.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(Instant::now() < deadline, "gave up waiting: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn wait_exit(files: &TurnFiles, timeout: Duration) -> Option<i32> {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if let Some(code) = files.exit_code() {
            return Some(code);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

fn wait_dead(turn: &SpawnedTurn) -> bool {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if !turn.is_alive() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn removed_variables_do_not_reach_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let files = TurnFiles::in_dir(&dir.path().join("turns"), 1);
    let (sh, launch) = script(dir.path(), "echo \"home=${HOME:-unset} x=$ZW_X\"");
    let env = TurnEnv {
        set: vec![("ZW_X".into(), "1".into())],
        remove: vec!["HOME".into()],
    };
    spawn_turn(&sh, &launch, &env, &marker(), &files).unwrap();
    assert_eq!(wait_exit(&files, Duration::from_secs(5)), Some(0));
    assert_eq!(
        std::fs::read_to_string(&files.stdout).unwrap(),
        "home=unset x=1\n"
    );
}

#[test]
fn output_stderr_and_exit_code_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let files = TurnFiles::in_dir(&dir.path().join("turns"), 1);
    let (sh, launch) = script(
        dir.path(),
        "echo '{\"a\":1}'; echo line2; echo oops >&2; exit 3",
    );
    let turn = spawn(&sh, &launch, &files);
    assert_eq!(wait_exit(&files, Duration::from_secs(5)), Some(3));
    assert_eq!(
        std::fs::read_to_string(&files.stdout).unwrap(),
        "{\"a\":1}\nline2\n"
    );
    assert_eq!(std::fs::read_to_string(&files.stderr).unwrap(), "oops\n");
    assert!(wait_dead(&turn), "finished turn still reported alive");
    assert!(!tmp_of(&files.exit).exists());
}

#[test]
fn kill_terminates_the_group_once() {
    let dir = tempfile::tempdir().unwrap();
    let files = TurnFiles::in_dir(dir.path(), 2);
    // A grandchild in the background as well: it must die with the group.
    let (sh, launch) = script(dir.path(), "sleep 30 & sleep 30");
    let turn = spawn(&sh, &launch, &files);
    let pgid = i32::try_from(turn.pid).unwrap();
    wait_until("waiter, CLI and grandchild in the group", || {
        group_members(pgid).len() >= 3
    });

    let outcome = kill_turn(&turn, Scope::Whole, Duration::from_secs(5)).unwrap();
    assert_eq!(outcome, KillOutcome::Terminated);
    assert!(group_members(pgid).is_empty());
    // 143 = 128 + SIGTERM: the CLI died of the signal, the waiter survived to record it.
    assert_eq!(wait_exit(&files, Duration::from_secs(5)), Some(143));

    let again = kill_turn(&turn, Scope::Whole, Duration::from_secs(1)).unwrap();
    assert_eq!(again, KillOutcome::NotRunning);
    assert!(!again.was_running());
}

#[test]
fn a_group_ignoring_term_is_force_killed() {
    let dir = tempfile::tempdir().unwrap();
    let files = TurnFiles::in_dir(dir.path(), 1);
    let (sh, launch) = script(
        dir.path(),
        "trap '' TERM; : > trapped; while :; do sleep 0.05; done",
    );
    let turn = spawn(&sh, &launch, &files);
    wait_until("TERM ignored", || dir.path().join("trapped").exists());
    let outcome = kill_turn(&turn, Scope::Whole, Duration::from_millis(300)).unwrap();
    assert_eq!(outcome, KillOutcome::ForceKilled);
    assert!(group_members(i32::try_from(turn.pid).unwrap()).is_empty());
    assert_eq!(files.exit_code(), None, "SIGKILL leaves no exit file");
}

#[test]
fn a_wrong_start_time_is_never_signalled() {
    let dir = tempfile::tempdir().unwrap();
    let files = TurnFiles::in_dir(dir.path(), 1);
    let (sh, launch) = script(dir.path(), GATE);
    let turn = spawn(&sh, &launch, &files);
    assert!(turn.is_alive());
    assert!(!is_alive(turn.pid, turn.start_time + 1));
    let stranger = SpawnedTurn {
        start_time: turn.start_time + 1,
        marker: None,
        ..turn.clone()
    };
    assert!(stranger.members().is_empty(), "its session is not ours");
    let outcome = kill_turn(&stranger, Scope::Whole, Duration::from_millis(100)).unwrap();
    assert_eq!(outcome, KillOutcome::NotRunning);
    open_gate(dir.path());
    assert_eq!(
        wait_exit(&files, Duration::from_secs(5)),
        Some(0),
        "the turn was left alone"
    );
}

#[test]
fn turn_runs_in_its_own_session() {
    let dir = tempfile::tempdir().unwrap();
    let files = TurnFiles::in_dir(dir.path(), 1);
    let (sh, launch) = script(dir.path(), GATE);
    let turn = spawn(&sh, &launch, &files);
    let stat = read_stat(turn.pid).unwrap();
    let pid = i32::try_from(turn.pid).unwrap();
    assert_eq!(
        (stat.pgrp, stat.session),
        (pid, pid),
        "leader of a new session"
    );
    open_gate(dir.path());
    assert_eq!(wait_exit(&files, Duration::from_secs(5)), Some(0));
}

/// Spawns a turn that prints "survived" once its gate opens. Run normally, it
/// opens the gate and checks the turn finishes; run by
/// [`turn_outlives_the_spawning_process`] in a child copy of the test binary
/// (with `ZWARM_TEST_TURN_DIR` set), it writes the turn's pid and start time
/// there and exits at once, leaving the turn behind at its gate.
#[test]
fn a_spawned_turn_runs_to_its_end() {
    let own_dir;
    let handed_off = std::env::var_os("ZWARM_TEST_TURN_DIR").map(PathBuf::from);
    let dir = match &handed_off {
        Some(dir) => dir.clone(),
        None => {
            own_dir = tempfile::tempdir().unwrap();
            own_dir.path().to_path_buf()
        }
    };
    let (sh, launch) = script(&dir, &format!("{GATE}; echo survived"));
    let files = TurnFiles::in_dir(&dir, 1);
    let turn = spawn(&sh, &launch, &files);
    std::fs::write(dir.join("pid"), format!("{} {}", turn.pid, turn.start_time)).unwrap();
    if handed_off.is_none() {
        open_gate(&dir);
        assert_eq!(wait_exit(&files, Duration::from_secs(5)), Some(0));
        assert_eq!(
            std::fs::read_to_string(&files.stdout).unwrap(),
            "survived\n"
        );
    }
}

#[test]
fn turn_outlives_the_spawning_process() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "supervisor::tests::a_spawned_turn_runs_to_its_end",
            "--quiet",
        ])
        .env("ZWARM_TEST_TURN_DIR", dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let pid_file = std::fs::read_to_string(dir.path().join("pid")).unwrap();
    let (pid, start) = pid_file.split_once(' ').unwrap();
    let turn = SpawnedTurn {
        pid: pid.parse().unwrap(),
        start_time: start.parse().unwrap(),
        marker: None,
    };
    assert!(
        turn.is_alive(),
        "the turn died with the process that spawned it"
    );
    open_gate(dir.path());
    let files = TurnFiles::in_dir(dir.path(), 1);
    assert_eq!(wait_exit(&files, Duration::from_secs(5)), Some(0));
    assert_eq!(
        std::fs::read_to_string(&files.stdout).unwrap(),
        "survived\n"
    );
}

#[test]
fn stdin_is_dev_null_or_the_prompt_file() {
    let dir = tempfile::tempdir().unwrap();
    let files = TurnFiles::in_dir(dir.path(), 1);
    let (sh, launch) = script(dir.path(), "cat; echo end");
    spawn(&sh, &launch, &files);
    assert_eq!(
        wait_exit(&files, Duration::from_secs(5)),
        Some(0),
        "cat must see EOF at once"
    );
    assert_eq!(std::fs::read_to_string(&files.stdout).unwrap(), "end\n");

    let prompt = dir.path().join("prompt.txt");
    std::fs::write(&prompt, "long prompt\n").unwrap();
    let files = TurnFiles::in_dir(dir.path(), 2);
    let (sh, mut launch) = script(dir.path(), "cat");
    launch.stdin = Some(prompt);
    spawn(&sh, &launch, &files);
    assert_eq!(wait_exit(&files, Duration::from_secs(5)), Some(0));
    assert_eq!(
        std::fs::read_to_string(&files.stdout).unwrap(),
        "long prompt\n"
    );
}

#[test]
fn env_cwd_and_argv_reach_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let files = TurnFiles::in_dir(dir.path(), 1);
    let launch = Launch {
        args: vec![
            "-c".into(),
            "printf '%s|%s|%s\\n' \"$ZW_X\" \"$PWD\" \"$1\"".into(),
            "sh".into(),
            "-- a b".into(),
        ],
        cwd: dir.path().to_path_buf(),
        stdin: None,
    };
    spawn_turn(
        Path::new("/bin/sh"),
        &launch,
        &TurnEnv {
            set: vec![("ZW_X".into(), "42".into())],
            remove: Vec::new(),
        },
        "m",
        &files,
    )
    .unwrap();
    assert_eq!(wait_exit(&files, Duration::from_secs(5)), Some(0));
    let cwd = dir.path().canonicalize().unwrap();
    assert_eq!(
        std::fs::read_to_string(&files.stdout).unwrap(),
        format!("42|{}|-- a b\n", cwd.display())
    );
}

#[test]
fn missing_program_and_stale_exit_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = TurnFiles::in_dir(dir.path(), 1);
    let (_, launch) = script(dir.path(), "true");
    let err = spawn_turn(
        Path::new("/nonexistent/codex"),
        &launch,
        &TurnEnv::default(),
        "m",
        &files,
    )
    .unwrap_err();
    assert!(matches!(err, SpawnError::ProgramMissing(_)), "{err}");

    std::fs::write(&files.exit, "7\n").unwrap();
    let (sh, launch) = script(dir.path(), GATE);
    spawn(&sh, &launch, &files);
    assert_eq!(
        files.exit_code(),
        None,
        "a stale exit file is removed at spawn"
    );
    open_gate(dir.path());
    assert_eq!(wait_exit(&files, Duration::from_secs(5)), Some(0));
}

#[test]
fn exit_code_file_is_read_tolerantly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.exit");
    assert_eq!(read_exit_code(&path), None);
    std::fs::write(&path, "garbage").unwrap();
    assert_eq!(read_exit_code(&path), None);
    std::fs::write(&path, " -1\n").unwrap();
    assert_eq!(read_exit_code(&path), Some(-1));
}
