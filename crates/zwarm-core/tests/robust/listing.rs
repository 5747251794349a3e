//! Case 8: one session that cannot be finalized is listed with its problem,
//! and every other session is still listed, totalled and deletable.

use zwarm_core::engine::{Engine, SessionSummary};
use zwarm_core::spend::{BudgetConfig, SpendReport};
use zwarm_core::store::{SessionMeta, SessionStatus};

use crate::support::{completed, engine_in, running_without_process};
use crate::tmpfs::Tmpfs;

/// What every trigger must leave working: the listing (with the bad session
/// as on disk and its problem), the summaries the app shows, the spend
/// totals of the others, and deleting the bad one.
fn assert_listed_with_problem(engine: &Engine, good: &SessionMeta, bad: &SessionMeta, why: &str) {
    let listing = engine
        .list(None)
        .expect("one bad session must not fail the listing");
    let ids: Vec<&str> = listing.sessions.iter().map(|m| m.id.as_str()).collect();
    assert!(
        ids.contains(&good.id.as_str()) && ids.contains(&bad.id.as_str()),
        "{ids:?}"
    );
    let problem = listing
        .problem_of(&bad.id)
        .expect("the bad session carries its problem");
    assert!(problem.contains(why), "{problem}");
    assert_eq!(listing.problem_of(&good.id), None);
    let shown = listing.sessions.iter().find(|m| m.id == bad.id).unwrap();
    assert_eq!(shown.status, SessionStatus::Running, "shown as last saved");

    let rows = SessionSummary::of_listing(&listing);
    let row = rows.iter().find(|r| r.id == bad.id).unwrap();
    assert!(row.problem.as_deref().is_some_and(|p| p.contains(why)));
    assert!(rows
        .iter()
        .find(|r| r.id == good.id)
        .unwrap()
        .problem
        .is_none());

    let only_completed = engine.list(Some(SessionStatus::Completed)).unwrap();
    assert_eq!(only_completed.sessions.len(), 1);
    assert!(
        only_completed.problems.is_empty(),
        "problems only of listed sessions"
    );

    let spend = SpendReport::compute(engine, &BudgetConfig::default()).expect("spend still works");
    assert_eq!(spend.executor.cost_usd, 0.25);

    assert_eq!(engine.cleanup(365).unwrap(), Vec::<String>::new());
}

#[test]
fn a_running_session_naming_an_unknown_adapter() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let good = completed(&engine, "good", 0.25);
    let bad = running_without_process(&engine, "gemini");
    assert_listed_with_problem(&engine, &good, &bad, "unknown adapter \"gemini\"");
    engine
        .delete(&bad.id)
        .expect("a session that cannot be finalized can be deleted");
    assert_eq!(engine.list(None).unwrap().sessions.len(), 1);
}

#[test]
fn a_turn_file_that_is_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let good = completed(&engine, "good", 0.25);
    let bad = running_without_process(&engine, "codex");
    let turn_file = engine.store().turn_stdout_path(&bad.id, 1).unwrap();
    std::fs::create_dir_all(&turn_file).unwrap();
    assert_listed_with_problem(&engine, &good, &bad, "turn_1.jsonl");
    engine.delete(&bad.id).unwrap();
    assert!(!engine.store().session_dir(&bad.id).unwrap().exists());
}

/// The session folder refuses the write of meta.json at finalize. chmod does
/// not stop root (the tests run as root here), so the refusal is made in a
/// way that stops everyone: the lock file every writer opens is a directory.
#[test]
fn a_session_folder_that_refuses_writes_at_finalize() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    let good = completed(&engine, "good", 0.25);
    let bad = running_without_process(&engine, "codex");
    let lock = engine
        .store()
        .session_dir(&bad.id)
        .unwrap()
        .join("meta.lock");
    std::fs::remove_file(&lock).unwrap();
    std::fs::create_dir(&lock).unwrap();
    assert_listed_with_problem(&engine, &good, &bad, "meta.lock");
}

/// A really read-only `.zwarm` (a tmpfs remounted read-only: that stops root
/// too). Needs the right to mount; skipped with a note without it.
#[test]
fn a_read_only_zwarm_at_finalize() {
    let Some(disk) = Tmpfs::mount("read_only_zwarm", 1024) else {
        return;
    };
    let engine = engine_in(&disk.path().join("ws"));
    let good = completed(&engine, "good", 0.25);
    let bad = running_without_process(&engine, "codex");
    disk.remount_read_only();
    let listing = engine
        .list(None)
        .expect("a read-only disk must not fail the listing");
    assert_eq!(listing.sessions.len(), 2);
    let problem = listing.problem_of(&bad.id).expect("problem kept");
    assert!(problem.contains("Read-only file system"), "{problem}");
    assert_eq!(listing.problem_of(&good.id), None);
}

/// A full disk when the turn ends: meta.json cannot be rewritten.
#[test]
fn a_full_disk_at_finalize() {
    let Some(disk) = Tmpfs::mount("full_at_finalize", 1024) else {
        return;
    };
    let engine = engine_in(&disk.path().join("ws"));
    let good = completed(&engine, "good", 0.25);
    let bad = running_without_process(&engine, "codex");
    disk.fill();
    assert_listed_with_problem(&engine, &good, &bad, "No space left on device");
}
