//! Session store: zwarm compatibility, concurrency, prefixes, broken files, cleanup.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use serde_json::{json, Value};

mod common;
use common::assert_zwarm_readable;
use zwarm_core::store::{
    write_atomic, NewSession, ResumeMode, SessionStatus, SessionStore, StoreError, Timestamp,
};

const ZWARM_321_ID: &str = "3f2c9a1e-7b4d-4c1a-9e2f-0a1b2c3d4e5f";
const ZWARM_3106_ID: &str = "9d8e7f6a-5b4c-4d3e-8f2a-1b0c9d8e7f6a";

fn store() -> (tempfile::TempDir, SessionStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SessionStore::new(dir.path().join(".zwarm"));
    (dir, store)
}

fn write_raw(store: &SessionStore, id: &str, meta: &Value) {
    let dir = store.sessions_dir().join(id);
    std::fs::create_dir_all(dir.join("turns")).unwrap();
    write_atomic(
        &dir.join("meta.json"),
        serde_json::to_string_pretty(meta).unwrap().as_bytes(),
    )
    .unwrap();
}

fn read_raw(store: &SessionStore, id: &str) -> Value {
    serde_json::from_slice(&std::fs::read(store.meta_path(id).unwrap()).unwrap()).unwrap()
}

/// meta.json exactly as zwarm 3.2.1's `CodexSession` writes it (reference §2.2),
/// plus a key from some newer version that we must not drop.
fn zwarm_321_meta() -> Value {
    json!({
        "id": ZWARM_321_ID,
        "task": "Add a --verbose flag to the CLI",
        "status": "completed",
        "working_dir": ".",
        "created_at": "2025-01-10T09:15:02.123456",
        "updated_at": "2025-01-10T09:16:40",
        "pid": 4242,
        "exit_code": null,
        "model": "gpt-5.1-codex-mini",
        "turn": 1,
        "messages": [
            {"role": "user", "content": "Add a --verbose flag to the CLI", "timestamp": "2025-01-10T09:15:02.123456", "metadata": {}},
            {"role": "assistant", "content": "Done: added --verbose.", "timestamp": "2025-01-10T09:16:40.000001", "metadata": {"item_id": "item_3"}}
        ],
        "token_usage": {"input_tokens": 10, "cached_input_tokens": 0, "output_tokens": 2, "total_tokens": 12},
        "error": null,
        "source": "user",
        "adapter": "codex",
        "future_zwarm_field": {"nested": [1, 2, 3]}
    })
}

/// A Claude session as zwarm 3.10.6 writes it, started by an orchestrator.
fn zwarm_3106_claude_meta() -> Value {
    json!({
        "id": ZWARM_3106_ID,
        "task": "Explain src/main.rs",
        "status": "running",
        "working_dir": "/home/me/proj",
        "created_at": "2025-06-01T18:00:00",
        "updated_at": "2025-06-01T18:00:01.5",
        "pid": 999999,
        "exit_code": null,
        "model": "sonnet",
        "turn": 2,
        "messages": [{"role": "user", "content": "and the tests?", "timestamp": "2025-06-01T18:00:01.5", "metadata": {}}],
        "token_usage": {"input_tokens": 5, "output_tokens": 7, "cache_read_input_tokens": 100, "cache_creation_input_tokens": 20, "total_tokens": 132},
        "error": null,
        "source": "orchestrator:5e1a77c0-0000-4000-8000-000000000000",
        "adapter": "claude"
    })
}

#[test]
fn create_load_round_trip() {
    let (_dir, store) = store();
    let mut new = NewSession::new("fix the bug", "/tmp/proj");
    new.adapter = "claude".into();
    new.source = "pilot:abc".into();
    new.extra_args = vec!["--verbose".into()];
    let created = store.create(new).unwrap();
    assert_eq!(created.status, SessionStatus::Pending);
    assert_eq!(created.turn, 1);
    assert_eq!(created.turns.len(), 1);
    assert_eq!(created.turns[0].resume_mode, ResumeMode::First);
    assert_eq!(store.load(&created.id).unwrap(), created);
    assert!(store
        .turn_stdout_path(&created.id, 1)
        .unwrap()
        .ends_with("turns/turn_1.jsonl"));
    assert!(store
        .turn_stderr_path(&created.id, 2)
        .unwrap()
        .ends_with("turns/turn_2.stderr"));
    assert!(store
        .turn_stdout_path(&created.id, 1)
        .unwrap()
        .parent()
        .unwrap()
        .is_dir());
    assert_zwarm_readable(&read_raw(&store, &created.id));
}

#[test]
fn zwarm_321_meta_loads_and_keeps_its_keys_after_an_update() {
    let (_dir, store) = store();
    write_raw(&store, ZWARM_321_ID, &zwarm_321_meta());
    let meta = store.load(ZWARM_321_ID).unwrap();
    assert_eq!(meta.status, SessionStatus::Completed);
    assert_eq!(meta.pid, Some(4242));
    assert_eq!(meta.model, "gpt-5.1-codex-mini");
    assert_eq!(meta.token_usage["total_tokens"], 12);
    assert_eq!(meta.created_at.to_string(), "2025-01-10T09:15:02.123456");
    assert!(meta.turns.is_empty() && meta.agent_session_id.is_none());

    store
        .update(ZWARM_321_ID, |m| {
            m.begin_follow_up("also document it", ResumeMode::Replay);
        })
        .unwrap();
    let v = read_raw(&store, ZWARM_321_ID);
    assert_zwarm_readable(&v);
    assert_eq!(v["future_zwarm_field"], json!({"nested": [1, 2, 3]}));
    assert_eq!(v["turn"], 2);
    assert_eq!(v["created_at"], "2025-01-10T09:15:02.123456");
    let messages = v["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 3, "history is appended, never replaced");
    assert_eq!(messages[1]["metadata"]["item_id"], "item_3");
    assert_eq!(messages[1]["timestamp"], "2025-01-10T09:16:40.000001");
    assert_eq!(messages[2]["content"], "also document it");
    assert_ne!(v["updated_at"], "2025-01-10T09:16:40");
}

#[test]
fn zwarm_3106_claude_meta_loads_and_defaults_fill_missing_keys() {
    let (_dir, store) = store();
    write_raw(&store, ZWARM_3106_ID, &zwarm_3106_claude_meta());
    let meta = store.load(ZWARM_3106_ID).unwrap();
    assert_eq!(meta.adapter, "claude");
    assert_eq!(meta.turn, 2);
    assert_eq!(meta.created_at.to_string(), "2025-06-01T18:00:00");
    assert_eq!(meta.updated_at.to_string(), "2025-06-01T18:00:01.500000");

    // An older file without model, adapter and source: zwarm's defaults apply.
    let mut old = zwarm_321_meta();
    let obj = old.as_object_mut().unwrap();
    for key in ["model", "adapter", "source", "messages", "token_usage"] {
        obj.remove(key);
    }
    obj.insert(
        "created_at".into(),
        json!("2025-01-10T09:15:02.123456+00:00"),
    );
    write_raw(&store, ZWARM_321_ID, &old);
    let meta = store.load(ZWARM_321_ID).unwrap();
    assert_eq!(
        (
            meta.model.as_str(),
            meta.adapter.as_str(),
            meta.source.as_str()
        ),
        ("", "codex", "user")
    );
    store
        .update(ZWARM_321_ID, |m| m.status = SessionStatus::Killed)
        .unwrap();
    assert_zwarm_readable(&read_raw(&store, ZWARM_321_ID));
}

#[test]
fn turn_records_and_usage_totals_survive_a_round_trip() {
    let (_dir, store) = store();
    let id = store.create(NewSession::new("t", ".")).unwrap().id;
    let meta = store
        .update(&id, |m| {
            let t = m.current_turn_mut().unwrap();
            t.status = SessionStatus::Completed;
            t.pid = Some(12);
            t.pid_start_time = Some(123_456_789_012);
            t.usage.input_tokens = 100;
            t.usage.output_tokens = 5;
            t.cost_usd = Some(0.25);
            m.push_reply("done");
            let t2 = m.begin_follow_up("more", ResumeMode::Native);
            t2.usage.input_tokens = 50;
            m.agent_session_id = Some("thread-1".into());
            m.sync_token_usage();
        })
        .unwrap();
    assert_eq!(store.load(&id).unwrap(), meta);
    assert_eq!(
        meta.turns.iter().map(|t| t.number).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert_eq!(meta.token_usage["total_tokens"], 155);
    let roles: Vec<_> = meta.messages.iter().map(|m| m.role.as_str()).collect();
    assert_eq!(roles, vec!["user", "assistant", "user"]);
}

fn bump_counter(store: &SessionStore, id: &str) {
    store
        .update(id, |m| {
            let n = m.extra.get("counter").and_then(Value::as_u64).unwrap_or(0);
            m.extra.insert("counter".into(), json!(n + 1));
        })
        .unwrap();
}

#[test]
fn concurrent_updates_from_threads_are_never_lost() {
    let (_dir, store) = store();
    let id = store.create(NewSession::new("count", ".")).unwrap().id;
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| (0..50).for_each(|_| bump_counter(&store, &id)));
        }
    });
    assert_eq!(store.load(&id).unwrap().extra["counter"], 400);
}

const CHILD_ENV: &str = "ZWARM_STORE_TEST_CHILD";

/// Runs only inside the child processes of the cross-process test.
#[test]
fn cross_process_child() {
    if let Ok(spec) = std::env::var(CHILD_ENV) {
        let (state_dir, id) = spec.split_once('|').unwrap();
        let store = SessionStore::new(state_dir);
        (0..100).for_each(|_| bump_counter(&store, id));
    }
}

#[test]
fn concurrent_updates_from_processes_are_never_lost() {
    let (dir, store) = store();
    let id = store.create(NewSession::new("count", ".")).unwrap().id;
    let spec = format!("{}|{}", dir.path().join(".zwarm").display(), id);
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..2)
        .map(|_| {
            std::process::Command::new(&exe)
                .args(["cross_process_child", "--exact", "--quiet"])
                .env(CHILD_ENV, &spec)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    (0..100).for_each(|_| bump_counter(&store, &id));
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    assert_eq!(store.load(&id).unwrap().extra["counter"], 300);
}

#[test]
fn resolve_prefixes() {
    let (_dir, store) = store();
    for id in ["abc12345-0000", "abc12345-0000-x", "abd00000-1111"] {
        let mut v = zwarm_321_meta();
        v["id"] = json!(id);
        write_raw(&store, id, &v);
    }
    assert_eq!(store.resolve("abd").unwrap(), "abd00000-1111");
    assert_eq!(
        store.resolve("abc12345-0000").unwrap(),
        "abc12345-0000",
        "exact id wins"
    );
    match store.resolve("abc").unwrap_err() {
        StoreError::Ambiguous { matches, .. } => {
            assert_eq!(matches, vec!["abc12345-0000", "abc12345-0000-x"])
        }
        other => panic!("expected ambiguity, got {other}"),
    }
    let msg = store.resolve("ab").unwrap_err().to_string();
    assert!(
        msg.contains("abc12345-0000-x") && msg.contains("abd00000-1111"),
        "{msg}"
    );
    assert!(matches!(
        store.resolve("").unwrap_err(),
        StoreError::EmptyPrefix
    ));
    assert!(matches!(
        store.resolve("  ").unwrap_err(),
        StoreError::EmptyPrefix
    ));
    assert!(matches!(
        store.resolve("zzz").unwrap_err(),
        StoreError::NotFound { .. }
    ));
    assert!(matches!(
        store.resolve("../x").unwrap_err(),
        StoreError::InvalidId { .. }
    ));
    assert_eq!(store.find("abd").unwrap().id, "abd00000-1111");
}

#[test]
fn corrupt_meta_is_reported_not_hidden() {
    let (_dir, store) = store();
    let good = store.create(NewSession::new("ok", ".")).unwrap().id;
    let bad_dir = store.sessions_dir().join("deadbeef-0000");
    std::fs::create_dir_all(&bad_dir).unwrap();
    std::fs::write(
        bad_dir.join("meta.json"),
        "{\"id\": \"deadbeef-0000\", \"status\": ",
    )
    .unwrap();
    std::fs::create_dir_all(store.sessions_dir().join("no-meta-yet")).unwrap();

    let listing = store.list(None).unwrap();
    assert_eq!(
        listing
            .sessions
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>(),
        vec![good.as_str()]
    );
    assert_eq!(listing.broken.len(), 1);
    assert_eq!(listing.broken[0].0, bad_dir.join("meta.json"));

    let err = store.load("deadbeef-0000").unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("deadbeef-0000/meta.json") && msg.contains("delete"),
        "{msg}"
    );
    store.delete("deadbeef-0000").unwrap();
    assert!(store.list(None).unwrap().broken.is_empty());
    assert!(matches!(
        store.load("missing").unwrap_err(),
        StoreError::NotFound { .. }
    ));
    assert!(matches!(
        store.update("missing", |_| {}).unwrap_err(),
        StoreError::NotFound { .. }
    ));
}

#[test]
fn list_filters_by_status_and_sorts_newest_first() {
    let (_dir, store) = store();
    for (i, status) in ["completed", "running", "failed"].iter().enumerate() {
        let mut v = zwarm_321_meta();
        let id = format!("0000000{i}-aaaa");
        v["id"] = json!(id);
        v["status"] = json!(status);
        v["created_at"] = json!(format!("2025-01-1{i}T00:00:00"));
        write_raw(&store, &id, &v);
    }
    let all: Vec<_> = store
        .list(None)
        .unwrap()
        .sessions
        .iter()
        .map(|m| m.id.clone())
        .collect();
    assert_eq!(all, vec!["00000002-aaaa", "00000001-aaaa", "00000000-aaaa"]);
    let running = store.list(Some(SessionStatus::Running)).unwrap().sessions;
    assert_eq!(running.len(), 1);
    assert_eq!(running[0].id, "00000001-aaaa");
    assert!(SessionStore::new("/nonexistent/zwarm-test")
        .list(None)
        .unwrap()
        .sessions
        .is_empty());
}

#[test]
fn cleanup_removes_only_old_ended_sessions() {
    let (_dir, store) = store();
    let old =
        Timestamp::from_naive(Timestamp::now().naive() - chrono::Duration::days(10)).to_string();
    for (id, status, updated) in [
        ("old-completed", "completed", old.as_str()),
        ("old-killed", "killed", old.as_str()),
        ("old-running", "running", old.as_str()),
        ("new-failed", "failed", "2999-01-01T00:00:00"),
    ] {
        let mut v = zwarm_321_meta();
        v["id"] = json!(id);
        v["status"] = json!(status);
        v["updated_at"] = json!(updated);
        write_raw(&store, id, &v);
    }
    let mut removed = store.cleanup(7).unwrap();
    removed.sort();
    assert_eq!(removed, vec!["old-completed", "old-killed"]);
    assert!(!store.sessions_dir().join("old-completed").exists());
    let mut left: Vec<_> = store
        .list(None)
        .unwrap()
        .sessions
        .iter()
        .map(|m| m.id.clone())
        .collect();
    left.sort();
    assert_eq!(left, vec!["new-failed", "old-running"]);
    store.delete("old-running").unwrap();
    assert!(matches!(
        store.delete("old-running").unwrap_err(),
        StoreError::NotFound { .. }
    ));
}

#[test]
fn updates_leave_no_temporary_files() {
    let (_dir, store) = store();
    let id = store.create(NewSession::new("t", ".")).unwrap().id;
    (0..20).for_each(|_| bump_counter(&store, &id));
    let mut names: Vec<_> = std::fs::read_dir(store.session_dir(&id).unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, vec!["meta.json", "meta.lock", "turns"]);
    assert!(Path::new(&store.meta_path(&id).unwrap()).is_file());
}

#[test]
fn refused_change_writes_nothing() {
    let (_dir, store) = store();
    let created = store.create(NewSession::new("t", ".")).unwrap();
    let result: Result<_, StoreError> = store.try_update(&created.id, |m| {
        m.task = "changed".into();
        Err(StoreError::EmptyPrefix)
    });
    assert!(result.is_err());
    assert_eq!(store.load(&created.id).unwrap(), created);
}
