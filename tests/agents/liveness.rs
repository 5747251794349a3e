//! Issue 11, "Liveness and kill", with the real CLIs: a turn lives while
//! any process of it does, a kill leaves nothing behind, and a kill after
//! the CLI's terminal event is no kill. The model asks the CLI to run a
//! command that waits for a `go` file, which holds the turn open for as
//! long as the test needs (the CLI's own command timeout is the only clock).

use std::time::{Duration, Instant};

use fake_llm::{FakeServer, Part, Reply, Scenario};
use zwarm_core::agents::Adapter;
use zwarm_core::engine::{Engine, EngineError, KillResult};
use zwarm_core::store::{SessionMeta, SessionStatus};
use zwarm_core::supervisor::{Member, SpawnedTurn};

use crate::engine::{engine, request, wait_ended};
use crate::harness::Sandbox;

const DEADLINE: Duration = Duration::from_secs(60);
/// Holds the agent's command (and so the turn) until the test says go.
const GATE: &str = "while [ ! -e go ]; do sleep 0.1; done; echo gate open";

fn wait_for<T>(what: &str, mut ready: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(value) = ready() {
            return value;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn turn_file_holds(engine: &Engine, id: &str, text: &str) {
    wait_for(&format!("{text:?} in the turn file"), || {
        engine
            .raw_turn(id, 1)
            .unwrap_or_default()
            .contains(text)
            .then_some(())
    });
}

/// The turn's processes as the engine recorded them.
fn turn_of(meta: &SessionMeta) -> SpawnedTurn {
    let turn = meta.turns.last().expect("a turn");
    SpawnedTurn {
        pid: turn.pid.expect("pid"),
        start_time: turn.pid_start_time.expect("start time"),
        marker: turn.process_marker.clone(),
    }
}

/// The direct children of `pid`, from `/proc`.
fn children(pid: u32) -> Vec<u32> {
    let path = format!("/proc/{pid}/task/{pid}/children");
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

fn sigkill(pid: u32) {
    let pid = libc::pid_t::try_from(pid).expect("a pid");
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
    }
}

fn gated_codex() -> FakeServer {
    FakeServer::start(
        Scenario::new(vec![
            Reply::parts(vec![Part::shell(GATE)]),
            Reply::text("finished after the gate"),
        ])
        .with_fallback(Reply::text("ok")),
    )
    .expect("fake server")
}

/// Case 4: SIGKILL the waiter and Codex's node launcher mid-turn. The
/// native Codex works on: the turn is still running, `continue` is refused,
/// and the turn then completes with the CLI's own verdict.
#[test]
fn codex_outliving_its_waiter_and_launcher_keeps_the_turn_running() {
    let server = gated_codex();
    let sandbox = Sandbox::new();
    let engine = engine(&sandbox, &server);
    let started = engine
        .start(request(Adapter::Codex, "run the gate"))
        .expect("start");
    turn_file_holds(&engine, &started.id, "command_execution");
    let turn = turn_of(&started);
    let launchers = children(turn.pid);
    assert!(!launchers.is_empty(), "the waiter runs the CLI");
    sigkill(turn.pid);
    for pid in &launchers {
        sigkill(*pid);
    }
    wait_for("the waiter's death", || (!turn.is_alive()).then_some(()));

    let now = engine.refresh(&started.id).expect("refresh");
    assert_eq!(now.status, SessionStatus::Running, "{:?}", now.error);
    assert!(
        !turn.members().is_empty(),
        "the native CLI still runs: {:?}",
        turn.members()
    );
    assert!(matches!(
        engine.continue_session(&started.id, "and now?"),
        Err(EngineError::Busy { .. })
    ));

    std::fs::write(sandbox.workspace.join("go"), "").expect("open the gate");
    let done = wait_ended(&engine, &started.id);
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    assert_eq!(
        done.messages.last().map(|m| m.content.as_str()),
        Some("finished after the gate")
    );
    assert!(turn.members().is_empty(), "{:?}", turn.members());
}

/// Every process whose environment holds `marker`, read straight from
/// `/proc` (independently of the engine's own search), with its command line.
fn marked_processes(marker: &str) -> Vec<(u32, String)> {
    let entry = format!("ZWARM_TURN={marker}");
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .is_ok_and(|env| env.split(|&b| b == 0).any(|v| v == entry.as_bytes()))
        })
        .filter(|pid| {
            // Zombies have exited; only their parent has not noticed yet.
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| Some(stat[stat.rfind(')')? + 2..].starts_with('Z')))
                == Some(false)
        })
        .map(|pid| {
            let cmd = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
            (pid, String::from_utf8_lossy(&cmd).replace('\0', " "))
        })
        .collect()
}

/// Case 5: a kill while the agent's command runs, with a child of that
/// command in a session of its own (and, in Codex's bubblewrap sandbox, a
/// PID namespace of its own), leaves no process of the turn.
#[test]
fn killing_codex_leaves_no_process_of_the_turn() {
    let server = FakeServer::start(Scenario::new(vec![Reply::parts(vec![Part::shell(
        "setsid sleep 300 > /dev/null 2>&1 & echo started > bg.txt; while :; do sleep 0.1; done",
    )])]))
    .expect("fake server");
    let sandbox = Sandbox::new();
    let engine = engine(&sandbox, &server);
    let started = engine
        .start(request(Adapter::Codex, "start a background job"))
        .expect("start");
    let turn = turn_of(&started);
    let marker = turn.marker.clone().expect("a marker");
    wait_for("the background job", || {
        marked_processes(&marker)
            .iter()
            .any(|(_, cmd)| cmd.starts_with("sleep 300"))
            .then_some(())
    });
    let bg: Vec<Member> = marked_processes(&marker)
        .into_iter()
        .filter(|(_, cmd)| cmd.starts_with("sleep 300"))
        .filter_map(|(pid, _)| {
            Some(Member {
                pid,
                start_time: zwarm_core::supervisor::start_time(pid)?,
            })
        })
        .collect();
    let found = turn.members();
    assert!(
        bg.iter().all(|job| found.contains(job)),
        "the job is the turn's: {bg:?} in {found:?}"
    );

    assert_eq!(engine.kill(&started.id).expect("kill"), KillResult::Killed);
    assert_eq!(marked_processes(&marker), vec![], "survived the kill");
    assert!(turn.members().is_empty(), "{:?}", turn.members());
    assert_eq!(
        engine.refresh(&started.id).expect("refresh").status,
        SessionStatus::Killed
    );
}

/// Case 6: a kill right after the CLI printed its terminal event (Codex's
/// `turn.completed`, Claude's `result`) finds a completed turn, says so, and
/// records no kill.
#[test]
fn a_kill_right_after_the_terminal_event_is_not_a_kill() {
    for (adapter, terminal) in [
        (Adapter::Codex, "turn.completed"),
        (Adapter::Claude, "\"type\":\"result\""),
    ] {
        let server = FakeServer::start(Scenario::new(vec![]).with_fallback(Reply::text("done")))
            .expect("fake server");
        let sandbox = Sandbox::new();
        let engine = engine(&sandbox, &server);
        let started = engine.start(request(adapter, "say done")).expect("start");
        turn_file_holds(&engine, &started.id, terminal);
        let result = engine.kill(&started.id).expect("kill");
        assert!(
            matches!(
                result,
                KillResult::AlreadyEnded {
                    status: SessionStatus::Completed
                } | KillResult::NotRunning
            ),
            "{adapter}: {result:?}"
        );
        let meta = engine.refresh(&started.id).expect("refresh");
        assert_eq!(
            meta.status,
            SessionStatus::Completed,
            "{adapter}: {:?}",
            meta.error
        );
        assert_eq!(meta.error, None);
        let turn = turn_of(&meta);
        assert!(turn.members().is_empty(), "{adapter}: {:?}", turn.members());
        let marker = turn.marker.expect("a marker");
        assert_eq!(marked_processes(&marker), vec![], "{adapter}");
    }
}
