//! Sessions the Python zwarm 3.x wrote (no `turns` list, one output file per
//! turn, only the current turn's PID): every turn shows with its tokens and
//! cost, dead processes are found out, live ones can be killed, and the folder
//! stays readable by zwarm 3.x.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

mod common;

use serde_json::{json, Value};
use zwarm_core::engine::{Engine, EngineSettings, KillResult};
use zwarm_core::events::AgentEvent;
use zwarm_core::spend::workspace_records;
use zwarm_core::store::{SessionStatus, Timestamp};
use zwarm_core::workspace::Workspace;

const ID: &str = "5b1f0c3e-2d4a-4b7e-9f10-0a1b2c3d4e5f";

/// One `codex exec --json` run as recorded, and its cost at the built-in
/// price of gpt-5.1-codex-mini: 9,806 uncached input at $0.25/M, 9,629 cached
/// at $0.025/M, 29 output at $2/M.
const CODEX_TURN: &str = include_str!("fixtures/codex/turn1.jsonl");
const CODEX_TURN_USD: f64 = 0.002_750_225;
/// One `claude -p` run as recorded; it reports its own cost.
const CLAUDE_TURN: &str = include_str!("fixtures/claude/turn1.jsonl");
const CLAUDE_TURN_USD: f64 = 0.029_894_6;

struct Folder {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Folder {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ws");
        std::fs::create_dir_all(&root).unwrap();
        Folder { _dir: dir, root }
    }

    fn session_dir(&self) -> PathBuf {
        self.root.join(".zwarm/sessions").join(ID)
    }

    /// A session folder exactly as zwarm 3.x leaves it; `turns` are the
    /// contents of turn_1.jsonl, turn_2.jsonl, ...
    fn write(&self, meta: &Value, turns: &[&str]) {
        let dir = self.session_dir();
        std::fs::create_dir_all(dir.join("turns")).unwrap();
        std::fs::write(
            dir.join("meta.json"),
            serde_json::to_string_pretty(meta).unwrap(),
        )
        .unwrap();
        for (i, body) in turns.iter().enumerate() {
            std::fs::write(dir.join(format!("turns/turn_{}.jsonl", i + 1)), body).unwrap();
        }
    }

    fn raw_meta(&self) -> Vec<u8> {
        std::fs::read(self.session_dir().join("meta.json")).unwrap()
    }

    fn engine(&self, settings: EngineSettings) -> Engine {
        Engine::open(Workspace::open(&self.root).unwrap(), settings).unwrap()
    }
}

/// meta.json of a Codex session after two turns, as 3.x writes it: `messages`
/// holds only the last turn's parse, `token_usage` only its usage.
fn codex_meta(status: &str, turn: u32) -> Value {
    json!({
        "id": ID, "task": "write the parser", "status": status, "working_dir": ".",
        "created_at": "2025-01-10T09:15:02.123456", "updated_at": "2025-01-10T09:20:40.654321",
        "pid": 4242, "exit_code": null, "model": "gpt-5.1-codex-mini", "turn": turn,
        "messages": [{"role": "assistant", "content": "Done.", "timestamp": "2025-01-10T09:20:40.000001", "metadata": {}}],
        "token_usage": {"input_tokens": 19435, "cached_input_tokens": 9629, "output_tokens": 29, "total_tokens": 19464},
        "error": null, "source": "user", "adapter": "codex"
    })
}

/// meta.json as bytes, checked for what zwarm 3.x reads.
fn assert_zwarm_readable(bytes: &[u8]) {
    common::assert_zwarm_readable(&serde_json::from_slice(bytes).unwrap());
}

fn events(engine: &Engine) -> Vec<(u32, AgentEvent)> {
    let page = engine.events(ID, 0, 10_000).unwrap();
    page.events.into_iter().map(|e| (e.turn, e.event)).collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn every_turn_of_a_zwarm_3_session_shows_with_its_tokens_and_cost() {
    let folder = Folder::new();
    // stderr is mixed into the turn file by zwarm 3.x.
    let noisy = format!("Reading prompt from stdin...\n{CODEX_TURN}");
    folder.write(&codex_meta("completed", 2), &[CODEX_TURN, &noisy]);
    let before = folder.raw_meta();
    let engine = folder.engine(EngineSettings::default());

    let listing = engine.list(None).unwrap();
    let meta = &listing.sessions[0];
    assert_eq!(meta.turns.len(), 2);
    assert!(meta
        .turns
        .iter()
        .all(|t| t.adopted && t.status == SessionStatus::Completed));
    assert_eq!(meta.turns[0].prompt, "write the parser");
    assert_eq!(meta.total_usage().input_tokens, 2 * 19_435);
    assert_eq!(meta.total_usage().output_tokens, 2 * 29);
    let summary = zwarm_core::engine::SessionSummary::from(meta.as_ref());
    assert!(!summary.unpriced);
    assert!(
        close(summary.cost_usd, 2.0 * CODEX_TURN_USD),
        "{}",
        summary.cost_usd
    );

    let all = events(&engine);
    for turn in [1, 2] {
        assert!(all.iter().any(|(t, e)| *t == turn
            && matches!(e, AgentEvent::Command { command, .. } if command.contains("echo hello"))));
        assert!(all
            .iter()
            .any(|(t, e)| *t == turn && matches!(e, AgentEvent::TurnCompleted { .. })));
    }
    assert!(matches!(&all[0], (1, AgentEvent::UserMessage { text }) if text == "write the parser"));

    let records = workspace_records(&engine).unwrap().records;
    let spent: f64 = records.iter().filter_map(|r| r.cost_usd).sum();
    assert!(close(spent, 2.0 * CODEX_TURN_USD), "spend {spent}");

    assert_eq!(folder.raw_meta(), before, "reading never writes meta.json");
}

#[test]
fn a_claude_session_of_zwarm_3_counts_the_cost_claude_reported() {
    let folder = Folder::new();
    let mut meta = codex_meta("completed", 1);
    meta["adapter"] = json!("claude");
    meta["model"] = json!("sonnet");
    folder.write(&meta, &[CLAUDE_TURN]);
    let engine = folder.engine(EngineSettings::default());
    let meta = engine.refresh(ID).unwrap();
    assert_eq!(meta.turns.len(), 1);
    assert_eq!(meta.turns[0].reported_cost_usd, Some(CLAUDE_TURN_USD));
    assert_eq!(meta.total_usage().output_tokens, 40);
}

#[test]
fn a_turn_file_without_usage_falls_back_to_what_zwarm_3_recorded() {
    let folder = Folder::new();
    let only_message = "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_0\",\"type\":\"agent_message\",\"text\":\"Done.\"}}\n{\"type\":\"turn.completed\"}\n";
    folder.write(&codex_meta("completed", 1), &[only_message]);
    let engine = folder.engine(EngineSettings::default());
    let meta = engine.refresh(ID).unwrap();
    assert_eq!(meta.total_usage().input_tokens, 19_435);
    assert_eq!(meta.total_usage().cached_input_tokens, 9_629);
    assert!(close(meta.turns[0].cost_usd.unwrap(), CODEX_TURN_USD));
}

#[test]
fn a_follow_up_keeps_every_earlier_turn_and_replays_the_whole_history() {
    let folder = Folder::new();
    folder.write(&codex_meta("completed", 2), &[CODEX_TURN, CODEX_TURN]);
    let bin = tempfile::tempdir().unwrap();
    let settings = EngineSettings {
        codex_path: Some(common::fake_cli(bin.path(), "codex", CODEX_TURN)),
        ..EngineSettings::default()
    };
    let engine = folder.engine(settings);
    engine.continue_session(ID, "now add tests").unwrap();
    let meta = common::wait_ended(&engine, ID);
    assert_eq!(meta.status, SessionStatus::Completed, "{:?}", meta.error);
    assert_eq!(
        meta.turns.iter().map(|t| t.number).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(meta.turns[0].adopted && meta.turns[1].adopted && !meta.turns[2].adopted);
    assert!(close(
        zwarm_core::engine::SessionSummary::from(&meta).cost_usd,
        3.0 * CODEX_TURN_USD
    ));
    let turns: Vec<u32> = events(&engine).iter().map(|(t, _)| *t).collect();
    for turn in [1, 2, 3] {
        assert!(
            turns.contains(&turn),
            "turn {turn} shown after the follow-up"
        );
    }
    let given = std::fs::read_to_string(bin.path().join("given.txt")).unwrap();
    for said in [
        "write the parser",
        "Done. The tool returned",
        "now add tests",
    ] {
        assert!(
            given.contains(said),
            "the replayed history holds {said:?}: {given}"
        );
    }
    let on_disk = folder.raw_meta();
    assert_zwarm_readable(&on_disk);
    let v: Value = serde_json::from_slice(&on_disk).unwrap();
    assert_eq!(v["turn"], 3);
    assert_eq!(
        v["turns"].as_array().map(Vec::len),
        Some(3),
        "records kept on disk"
    );
}

/// A process standing in for the agent CLI zwarm 3.x started: its command
/// line names `codex`, in its own session as 3.x's `start_new_session`.
fn live_codex(dir: &Path) -> Child {
    let script = dir.join("codex");
    std::fs::write(&script, "#!/bin/sh\nsleep 600 &\nwait\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = Command::new(&script);
    // SAFETY: only setsid, async-signal-safe, runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let _ = rustix::process::setsid();
            Ok(())
        });
    }
    cmd.spawn().unwrap()
}

fn running_meta(pid: u32, created: Timestamp) -> Value {
    let mut meta = codex_meta("running", 1);
    meta["pid"] = json!(pid);
    meta["created_at"] = json!(created.to_string());
    meta["updated_at"] = json!(Timestamp::now().to_string());
    meta["messages"] = json!([{"role": "user", "content": "write the parser", "timestamp": created.to_string(), "metadata": {}}]);
    meta
}

#[test]
fn a_running_zwarm_3_session_whose_process_is_gone_is_failed_with_the_reason() {
    let folder = Folder::new();
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let half = CODEX_TURN.lines().take(3).collect::<Vec<_>>().join("\n");
    folder.write(&running_meta(pid, Timestamp::now()), &[&half]);
    let engine = folder.engine(EngineSettings::default());
    let meta = &engine.list(None).unwrap().sessions[0];
    assert_eq!(meta.status, SessionStatus::Failed);
    let error = meta.error.clone().unwrap_or_default();
    assert!(
        error.contains(&format!("pid {pid}")) && error.contains("gone"),
        "{error}"
    );
    assert_eq!(
        engine.kill(ID).unwrap(),
        KillResult::NotRunning,
        "nothing to kill"
    );
    assert_zwarm_readable(&folder.raw_meta());
}

#[test]
fn a_reused_pid_does_not_keep_a_zwarm_3_session_running() {
    let folder = Folder::new();
    // This test process is alive, but it is not `codex`, and it started
    // well before the session was created (a minute from now: beyond the
    // clock slack `supervisor::foreign` allows, with no waiting).
    let later = Timestamp::from_naive(Timestamp::now().naive() + chrono::TimeDelta::minutes(1));
    folder.write(&running_meta(std::process::id(), later), &[""]);
    let engine = folder.engine(EngineSettings::default());
    let meta = engine.refresh(ID).unwrap();
    assert_eq!(meta.status, SessionStatus::Failed);
}

#[test]
fn kill_ends_a_live_zwarm_3_session_and_records_it_killed() {
    let folder = Folder::new();
    let bin = tempfile::tempdir().unwrap();
    let created = Timestamp::now();
    let mut child = live_codex(bin.path());
    folder.write(&running_meta(child.id(), created), &[""]);
    let engine = folder.engine(EngineSettings {
        kill_grace: Duration::from_secs(2),
        ..EngineSettings::default()
    });
    assert_eq!(engine.refresh(ID).unwrap().status, SessionStatus::Running);
    assert_eq!(
        engine.kill(ID).unwrap(),
        KillResult::Killed,
        "a live turn is killed"
    );
    let status = child.wait().unwrap();
    assert!(!status.success());
    let meta = engine.refresh(ID).unwrap();
    assert_eq!(meta.status, SessionStatus::Killed);
    assert_eq!(meta.turns[0].status, SessionStatus::Killed);
    assert_zwarm_readable(&folder.raw_meta());
}
