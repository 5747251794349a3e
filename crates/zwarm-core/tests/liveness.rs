//! Issue 11, "Liveness and kill", through the engine: `/bin/sh` scripts
//! printing Codex's JSON lines stand in for the CLI, `setsid` and `env -i`
//! for the sandboxes of the commands it runs. Every wait is on a condition;
//! the deadline only keeps a broken build from hanging.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::sync::mpsc::channel;
use std::sync::Arc;
use std::time::{Duration, Instant};

use zwarm_core::agents::Adapter;
use zwarm_core::engine::{
    Engine, EngineError, EngineEvent, EngineSettings, KillResult, StartRequest,
};
use zwarm_core::events::{AgentEvent, ItemStatus};
use zwarm_core::store::{SessionMeta, SessionStatus};
use zwarm_core::supervisor::{start_time, Member, SpawnedTurn};
use zwarm_core::Workspace;

const DEADLINE: Duration = Duration::from_secs(30);

/// Codex's lines, for the scripts.
const THREAD: &str =
    r#"echo '{"type":"thread.started","thread_id":"th-1"}'; echo '{"type":"turn.started"}'"#;
const COMMAND: &str = r#"echo '{"type":"item.started","item":{"id":"item_0","type":"command_execution","command":"sleep 120","aggregated_output":"","exit_code":null,"status":"in_progress"}}'"#;
const REPLY: &str = r#"echo '{"type":"item.completed","item":{"id":"item_1","type":"agent_message","text":"all done"}}'"#;
const COMPLETED: &str = r#"echo '{"type":"turn.completed","usage":{"input_tokens":10,"cached_input_tokens":0,"output_tokens":2}}'"#;
/// Waits (as the CLI) until the test creates `go` in the workspace.
const WAIT_GO: &str = "while [ ! -e go ]; do sleep 0.02; done";

struct Fixture {
    _dir: tempfile::TempDir,
    workspace: PathBuf,
    engine: Arc<Engine>,
}

/// An engine whose `codex` is a script running `body`.
fn fixture(body: &str) -> Fixture {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path().join("ws");
    std::fs::create_dir_all(&workspace).unwrap();
    let cli = dir.path().join("fake-codex");
    std::fs::write(&cli, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&cli, std::fs::Permissions::from_mode(0o755)).unwrap();
    let settings = EngineSettings {
        codex_path: Some(cli),
        kill_grace: Duration::from_secs(2),
        ..EngineSettings::default()
    };
    let engine = Engine::open(Workspace::open(&workspace).unwrap(), settings).unwrap();
    Fixture {
        workspace: workspace.canonicalize().unwrap(),
        _dir: dir,
        engine: Arc::new(engine),
    }
}

impl Fixture {
    fn start(&self) -> SessionMeta {
        self.engine
            .start(StartRequest {
                task: "work".into(),
                adapter: Adapter::Codex,
                model: None,
                mode: None,
                working_dir: None,
                source: "user".into(),
                isolation: None,
            })
            .unwrap()
    }

    /// The processes whose PIDs the script wrote into `file`, one a line,
    /// once it holds `n` of them.
    fn pids(&self, file: &str, n: usize) -> Vec<Member> {
        wait_for(&format!("{n} PIDs in {file}"), || {
            let text = std::fs::read_to_string(self.workspace.join(file)).unwrap_or_default();
            let pids: Vec<u32> = text.lines().filter_map(|l| l.trim().parse().ok()).collect();
            (pids.len() >= n).then(|| {
                pids.into_iter()
                    .map(|pid| Member {
                        pid,
                        start_time: start_time(pid).expect("the process runs"),
                    })
                    .collect()
            })
        })
    }

    fn go(&self) {
        std::fs::write(self.workspace.join("go"), "").unwrap();
    }

    fn ended(&self, id: &str) -> SessionMeta {
        wait_for("the turn to end", || {
            let meta = self.engine.refresh(id).unwrap();
            meta.status.is_ended().then_some(meta)
        })
    }

    fn turn_file_holds(&self, id: &str, text: &str) {
        let raw = || self.engine.raw_turn(id, 1).unwrap_or_default();
        wait_for(&format!("{text} in the turn file"), || {
            raw().contains(text).then_some(())
        });
    }

    fn commands(&self, id: &str) -> Vec<ItemStatus> {
        let page = self.engine.events(id, 0, 100).unwrap();
        page.events
            .into_iter()
            .filter_map(|e| match e.event {
                AgentEvent::Command { status, .. } => Some(status),
                _ => None,
            })
            .collect()
    }
}

fn wait_for<T>(what: &str, mut ready: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(value) = ready() {
            return value;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn sigkill(pid: u32) {
    let pid = rustix::process::Pid::from_raw(i32::try_from(pid).unwrap()).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::KILL).unwrap();
}

fn waiter(meta: &SessionMeta) -> Member {
    let turn = &meta.turns[0];
    Member {
        pid: turn.pid.unwrap(),
        start_time: turn.pid_start_time.unwrap(),
    }
}

fn assert_all_dead(members: &[Member]) {
    for member in members {
        assert!(!member.is_alive(), "{member:?} outlived the turn");
    }
}

/// Case 4: the CLI (here a "native" binary its "launcher" started in a
/// session of its own) works on after the waiter, or the launcher, is
/// SIGKILLed. The turn is running until the CLI finishes, `continue` is
/// refused meanwhile, and the turn then completes.
#[test]
fn a_turn_runs_while_its_cli_outlives_the_waiter_or_the_launcher() {
    for kill_waiter in [true, false] {
        let native = format!(
            "{THREAD}\necho $$ > launcher\n\
             cat > native.sh <<'EOF'\necho $$ > native\n{WAIT_GO}\n{REPLY}\n{COMPLETED}\nEOF\n\
             setsid sh native.sh &\nwait"
        );
        let fx = fixture(&native);
        let meta = fx.start();
        let launcher = fx.pids("launcher", 1)[0];
        let cli = fx.pids("native", 1)[0];
        let waiter = waiter(&meta);
        if kill_waiter {
            sigkill(waiter.pid);
        }
        sigkill(launcher.pid);
        wait_for("the launcher's death", || {
            (!launcher.is_alive()).then_some(())
        });
        if kill_waiter {
            wait_for("the waiter's death", || (!waiter.is_alive()).then_some(()));
        } else {
            // The waiter saw its child die of SIGKILL and recorded 137.
            let exit = fx
                .workspace
                .join(".zwarm/sessions")
                .join(&meta.id)
                .join("turns/turn_1.exit");
            wait_for("the exit file", || exit.exists().then_some(()));
        }

        let now = fx.engine.refresh(&meta.id).unwrap();
        assert_eq!(
            now.status,
            SessionStatus::Running,
            "kill_waiter={kill_waiter}: {now:?}"
        );
        assert!(
            matches!(
                fx.engine.continue_session(&meta.id, "more"),
                Err(EngineError::Busy { .. })
            ),
            "a second turn beside the running one"
        );
        assert!(cli.is_alive());

        fx.go();
        let done = fx.ended(&meta.id);
        assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
        assert_eq!(done.agent_session_id.as_deref(), Some("th-1"));
        assert_eq!(
            done.messages.last().map(|m| m.content.as_str()),
            Some("all done")
        );
        assert_all_dead(&[cli]);
    }
}

/// Case 5: a kill stops the commands the agent started in their own
/// session and group, even one that dropped our environment.
#[test]
fn kill_stops_every_process_of_the_turn() {
    let fx = fixture(&format!(
        "{THREAD}\n{COMMAND}\n\
         setsid sleep 120 & echo $! >> pids\n\
         env -i setsid sleep 121 & echo $! >> pids\n\
         sleep 122 & echo $! >> pids\n\
         wait"
    ));
    let meta = fx.start();
    let spawned = fx.pids("pids", 3);
    assert_eq!(fx.engine.kill(&meta.id).unwrap(), KillResult::Killed);
    assert_all_dead(&spawned);
    let killed = fx.engine.refresh(&meta.id).unwrap();
    assert_eq!(killed.status, SessionStatus::Killed);
    assert_eq!(killed.error.as_deref(), Some("Killed by the user"));
    // Case 7: the command that was running is interrupted, not spinning.
    assert_eq!(fx.commands(&meta.id), vec![ItemStatus::Interrupted]);
    assert_eq!(fx.engine.kill(&meta.id).unwrap(), KillResult::NotRunning);
}

/// Case 5 as reported: the CLI itself is SIGKILLed; its sandboxed children
/// work on, so the turn is still running, and a kill stops them.
#[test]
fn children_of_a_sigkilled_cli_keep_the_turn_running_until_killed() {
    let fx = fixture(&format!(
        "{THREAD}\n{COMMAND}\necho $$ > cli\nsetsid sleep 120 & echo $! > child\nwait"
    ));
    let meta = fx.start();
    let cli = fx.pids("cli", 1)[0];
    let child = fx.pids("child", 1)[0];
    sigkill(cli.pid);
    let exit = fx
        .workspace
        .join(".zwarm/sessions")
        .join(&meta.id)
        .join("turns/turn_1.exit");
    wait_for("the exit file", || exit.exists().then_some(()));
    assert_eq!(
        fx.engine.refresh(&meta.id).unwrap().status,
        SessionStatus::Running
    );
    assert_eq!(fx.engine.kill(&meta.id).unwrap(), KillResult::Killed);
    assert_all_dead(&[child]);
    assert_eq!(
        fx.engine.refresh(&meta.id).unwrap().status,
        SessionStatus::Killed
    );
}

/// Case 6: once the CLI has written its terminal event, a kill is not a
/// kill: the turn completed, and the caller is told so.
#[test]
fn a_kill_after_the_terminal_event_reports_the_turn_completed() {
    let fx = fixture(&format!(
        "{THREAD}\n{REPLY}\n{COMPLETED}\necho $$ > cli\n{WAIT_GO}"
    ));
    let meta = fx.start();
    fx.turn_file_holds(&meta.id, "turn.completed");
    let cli = fx.pids("cli", 1)[0];
    assert_eq!(
        fx.engine.kill(&meta.id).unwrap(),
        KillResult::AlreadyEnded {
            status: SessionStatus::Completed
        }
    );
    let done = fx.engine.refresh(&meta.id).unwrap();
    assert_eq!(done.status, SessionStatus::Completed);
    assert_eq!(done.error, None);
    assert_eq!(done.turns[0].status, SessionStatus::Completed);
    assert_all_dead(&[cli, waiter(&meta)]);
}

/// Case 7 and the leftover rule: the agent left a background process and
/// the CLI exited. The turn completes, the leftover is stopped, and the
/// command that never finished reads as interrupted.
#[test]
fn a_process_the_agent_left_behind_is_stopped_when_the_turn_ends() {
    let fx = fixture(&format!(
        "{THREAD}\n{COMMAND}\nsetsid sleep 120 & echo $! > left\n{REPLY}\n{COMPLETED}"
    ));
    let meta = fx.start();
    let left = fx.pids("left", 1)[0];
    let done = fx.ended(&meta.id);
    assert_eq!(done.status, SessionStatus::Completed, "{:?}", done.error);
    assert_all_dead(&[left]);
    assert_eq!(fx.commands(&meta.id), vec![ItemStatus::Interrupted]);
    fx.engine
        .continue_session(&meta.id, "more")
        .expect("nothing of turn 1 runs any more");
    // Turn 2 runs the same script: its leftover goes the same way.
    let again = fx.ended(&meta.id);
    assert_eq!((again.turn, again.status), (2, SessionStatus::Completed));
    let turn2 = again.turns.last().unwrap();
    let turn2 = SpawnedTurn {
        pid: turn2.pid.unwrap(),
        start_time: turn2.pid_start_time.unwrap(),
        marker: turn2.process_marker.clone(),
    };
    // Its waiter may still be exiting; the leftover `sleep 120` would not be.
    wait_for("turn 2 to leave nothing", || {
        turn2.members().is_empty().then_some(())
    });
}

/// Case 7, live: the watcher's last word on a command of a killed turn is
/// "interrupted".
#[test]
fn the_live_watcher_reports_running_items_of_an_ended_turn_interrupted() {
    let fx = fixture(&format!("{THREAD}\n{COMMAND}\n{WAIT_GO}"));
    let (tx, rx) = channel();
    let _watcher = fx.engine.watch(tx).unwrap();
    let meta = fx.start();
    fx.turn_file_holds(&meta.id, "item.started");
    assert_eq!(fx.engine.kill(&meta.id).unwrap(), KillResult::Killed);
    let mut last = None;
    let deadline = Instant::now() + DEADLINE;
    while last != Some(ItemStatus::Interrupted) {
        let event = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("the command reported interrupted");
        if let EngineEvent::Events { events, .. } = event {
            for e in events {
                if let AgentEvent::Command { status, .. } = e.event {
                    last = Some(status);
                }
            }
        }
    }
}
