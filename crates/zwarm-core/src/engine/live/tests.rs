//! The watcher as a subscriber sees it. Nothing here times the watcher:
//! every wait is for a condition, with a bound long enough that only a
//! broken build reaches it.

use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::super::EngineSettings;
use super::*;
use crate::events::AgentEvent;
use crate::store::{NewSession, SessionMeta, SessionStatus};

const PATIENCE: Duration = Duration::from_secs(60);

fn engine_in(root: &std::path::Path) -> Arc<Engine> {
    let workspace = crate::Workspace::open(root).unwrap();
    Arc::new(Engine::open(workspace, EngineSettings::default()).unwrap())
}

fn finished_session(engine: &Engine, task: &str) -> SessionMeta {
    let mut new = NewSession::new(task, ".");
    new.adapter = "codex".into();
    let meta = engine.store().create(new).unwrap();
    engine
        .store()
        .update(&meta.id, |m| m.status = SessionStatus::Completed)
        .unwrap()
}

/// A session whose running turn belongs to this very test process, so the
/// engine sees a live process and tails its file; and that file, empty.
fn running_session(engine: &Engine) -> (SessionMeta, PathBuf) {
    let mut new = NewSession::new("stream", ".");
    new.adapter = "codex".into();
    let meta = engine.store().create(new).unwrap();
    let pid = std::process::id();
    let started = crate::supervisor::start_time(pid).unwrap();
    let meta = engine
        .store()
        .update(&meta.id, |m| {
            m.status = SessionStatus::Running;
            m.pid = Some(pid);
            if let Some(t) = m.current_turn_mut() {
                t.status = SessionStatus::Running;
                t.pid = Some(pid);
                t.pid_start_time = Some(started);
            }
        })
        .unwrap();
    let path = engine.store().turn_stdout_path(&meta.id, 1).unwrap();
    std::fs::write(&path, "").unwrap();
    (meta, path)
}

/// Everything received until `done` holds for an event (that one included).
fn until(
    rx: &Receiver<EngineEvent>,
    what: &str,
    done: impl Fn(&EngineEvent) -> bool,
) -> Vec<EngineEvent> {
    let deadline = Instant::now() + PATIENCE;
    let mut seen = Vec::new();
    loop {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(event) => {
                let last = done(&event);
                seen.push(event);
                if last {
                    return seen;
                }
            }
            Err(_) => panic!("the watcher never sent {what}; it sent {seen:?}"),
        }
    }
}

fn is_session(event: &EngineEvent, id: &str) -> bool {
    matches!(event, EngineEvent::Session { session } if session.id == id)
}

fn mentions(event: &EngineEvent, id: &str) -> bool {
    match event {
        EngineEvent::Events { session_id, .. } | EngineEvent::Removed { session_id } => {
            session_id == id
        }
        EngineEvent::Session { session } => session.id == id,
        EngineEvent::Approvals { session_id, .. } => session_id == id,
        EngineEvent::WorkspaceFolder { .. } => false,
    }
}

/// A new session created as a marker: events arrive in order, so whatever
/// the watcher sent before its creation is in what [`until`] returns.
fn after_marker(engine: &Engine, rx: &Receiver<EngineEvent>) -> Vec<EngineEvent> {
    let marker = finished_session(engine, "marker");
    until(rx, "the marker session", |e| is_session(e, &marker.id))
}

/// Case 12 of issue 11: a workspace deleted while watched is reported.
#[test]
fn a_deleted_workspace_is_reported() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("ws");
    std::fs::create_dir(&root).unwrap();
    let engine = engine_in(&root);
    let shown = engine.workspace().root().display().to_string();
    let (tx, rx) = channel();
    let _watcher = engine.watch(tx).unwrap();
    std::fs::remove_dir_all(&root).unwrap();
    let seen = until(&rx, "the folder gone", |e| {
        matches!(e, EngineEvent::WorkspaceFolder { .. })
    });
    let Some(EngineEvent::WorkspaceFolder {
        root: reported,
        exists,
    }) = seen.last()
    else {
        unreachable!()
    };
    assert_eq!((reported, *exists), (&shown, false));
}

#[test]
fn a_deleted_session_is_reported_removed() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let meta = finished_session(&engine, "done already");
    let (tx, rx) = channel();
    let _watcher = engine.watch(tx).unwrap();
    engine.delete(&meta.id).unwrap();
    until(
        &rx,
        "the session removed",
        |e| matches!(e, EngineEvent::Removed { session_id } if *session_id == meta.id),
    );
}

#[test]
fn a_meta_json_rewritten_or_touched_without_a_change_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let meta = finished_session(&engine, "left alone");
    let path = engine.store().meta_path(&meta.id).unwrap();
    let (tx, rx) = channel();
    let _watcher = engine.watch(tx).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    for _ in 0..3 {
        std::fs::write(&path, &bytes).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(std::time::SystemTime::now())
            .unwrap();
    }
    let seen = after_marker(&engine, &rx);
    assert!(
        !seen.iter().any(|e| mentions(e, &meta.id)),
        "an unchanged session was sent: {seen:?}"
    );
}

/// A change the session's summary shows, made by another writer without
/// touching `updated_at`: sent once, however many file events it made.
#[test]
fn a_meta_json_rewritten_with_a_real_change_sends_one_session_event() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let meta = finished_session(&engine, "old title");
    let path = engine.store().meta_path(&meta.id).unwrap();
    let (tx, rx) = channel();
    let _watcher = engine.watch(tx).unwrap();
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    json["task"] = "new title".into();
    std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();

    let seen = until(&rx, "the retitled session", |e| is_session(e, &meta.id));
    let Some(EngineEvent::Session { session }) = seen.last() else {
        unreachable!()
    };
    assert_eq!(session.title, "new title");
    let later = after_marker(&engine, &rx);
    assert!(
        !later.iter().any(|e| mentions(e, &meta.id)),
        "the change was sent more than once: {later:?}"
    );
}

/// Lines appended one write at a time, as a CLI does: every one arrives,
/// once and in order, and in fewer messages than writes.
#[test]
fn a_burst_of_appends_arrives_whole_in_fewer_messages() {
    const LINES: u32 = 200;
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let (meta, path) = running_session(&engine);
    let (tx, rx) = channel();
    let _watcher = engine.watch(tx).unwrap();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    for i in 0..LINES {
        let line = format!(
            "{{\"type\":\"item.completed\",\"item\":{{\"id\":\"item_{i}\",\"type\":\"agent_message\",\"text\":\"message {i}\"}}}}\n"
        );
        file.write_all(line.as_bytes()).unwrap();
    }
    let last = format!("message {}", LINES - 1);
    let seen = until(&rx, "the last line", |e| match e {
        EngineEvent::Events { events, .. } => events
            .iter()
            .any(|e| matches!(&e.event, AgentEvent::AgentMessage { text } if *text == last)),
        _ => false,
    });
    let batches: Vec<&Vec<SessionEvent>> = seen
        .iter()
        .filter_map(|e| match e {
            EngineEvent::Events { session_id, events } if *session_id == meta.id => Some(events),
            _ => None,
        })
        .collect();
    let texts: Vec<String> = batches
        .iter()
        .flat_map(|events| events.iter())
        .filter_map(|e| match &e.event {
            AgentEvent::AgentMessage { text } => Some(text.clone()),
            _ => None,
        })
        .collect();
    let expected: Vec<String> = (0..LINES).map(|i| format!("message {i}")).collect();
    assert_eq!(texts, expected);
    assert!(
        batches.len() < LINES as usize,
        "{} messages for {LINES} writes",
        batches.len()
    );
}

/// A session folder whose meta.json lands after the folder was seen, before
/// the watch on the new folder was in place (so the write was never
/// reported): the tick reads it once it is there.
#[test]
fn a_new_session_whose_files_came_unreported_is_found_by_the_tick() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let (tx, rx) = channel();
    let mut state = state::LiveState::attach(Arc::clone(&engine), tx);
    let id = "5a1e0000-0000-4000-8000-00000000c0de";
    let folder = engine.store().sessions_dir().join(id);
    std::fs::create_dir_all(&folder).unwrap();
    state.on_path(&folder);
    assert!(rx.try_recv().is_err(), "nothing to say about an empty folder");

    let meta = serde_json::json!({
        "id": id, "task": "written by another process", "status": "completed",
        "working_dir": ".", "created_at": "2026-11-25T07:00:00.000000",
        "updated_at": "2026-11-25T07:10:00.000000", "pid": null, "exit_code": 0,
        "model": "", "turn": 1, "messages": [], "token_usage": {}, "error": null,
        "source": "user", "adapter": "codex"
    });
    std::fs::write(folder.join("meta.json"), serde_json::to_vec(&meta).unwrap()).unwrap();
    state.tick();
    let seen = until(&rx, "the new session", |e| is_session(e, id));
    assert_eq!(seen.len(), 1, "{seen:?}");
}

/// A session another process writes (folder, then meta.json by temp and
/// rename) into a workspace that had no sessions yet is sent.
#[test]
fn a_session_written_by_another_process_into_a_fresh_workspace_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let engine = engine_in(&root);
    let (tx, rx) = channel();
    let _watcher = engine.watch(tx).unwrap();
    let id = "5a1e0000-0000-4000-8000-00000000beef";
    let folder = root.join(".zwarm/sessions").join(id);
    std::fs::create_dir_all(folder.join("turns")).unwrap();
    let meta = serde_json::json!({
        "id": id, "task": "from elsewhere", "status": "completed",
        "working_dir": root.display().to_string(), "created_at": "2026-11-25T07:00:00.000000",
        "updated_at": "2026-11-25T07:10:00.000000", "pid": null, "exit_code": 0,
        "model": "gpt-5.5", "turn": 1, "token_usage": {}, "error": null,
        "source": "user", "adapter": "codex",
        "messages": [{"role": "user", "content": "from elsewhere"}]
    });
    std::fs::write(folder.join("meta.json.tmp"), serde_json::to_vec_pretty(&meta).unwrap()).unwrap();
    std::fs::rename(folder.join("meta.json.tmp"), folder.join("meta.json")).unwrap();
    until(&rx, "the session written elsewhere", |e| is_session(e, id));
}

#[test]
fn approvals_asked_and_answered_are_sent_as_the_sessions_pending_list() {
    use crate::approvals::{Answer, Approval, ApprovalAction, ApprovalStore};
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let session = finished_session(&engine, "asks");
    let store = ApprovalStore::new(engine.workspace().state_dir());
    std::fs::create_dir_all(store.dir_of(&session.id)).unwrap();
    let (tx, rx) = channel();
    let _watcher = engine.watch(tx).unwrap();
    let pid = std::process::id();
    let approval = Approval {
        id: "0123abcd4567".into(),
        session_id: session.id.clone(),
        turn: 1,
        adapter: "claude".into(),
        action: ApprovalAction::Command {
            command: "make deploy".into(),
        },
        cwd: "/ws".into(),
        reason: None,
        requested_at: crate::store::Timestamp::now(),
        waiter_pid: pid,
        waiter_start_time: crate::supervisor::start_time(pid).unwrap(),
    };
    store.submit(&approval).unwrap();
    let is_list = |e: &EngineEvent, len: usize| {
        matches!(e, EngineEvent::Approvals { session_id, approvals }
            if *session_id == session.id && approvals.len() == len)
    };
    let seen = until(&rx, "the pending approval", |e| is_list(e, 1));
    let Some(EngineEvent::Approvals { approvals, .. }) = seen.last() else {
        unreachable!()
    };
    assert_eq!(approvals[0], approval);
    store.decide("0123", Answer::approve(), "app").unwrap();
    until(&rx, "the answered approval gone", |e| is_list(e, 0));
}
