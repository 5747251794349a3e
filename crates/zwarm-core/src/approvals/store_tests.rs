use std::time::Duration;

use super::*;
use crate::approvals::ApprovalAction;
use crate::store::Timestamp;
use crate::supervisor::start_time;

fn store() -> (tempfile::TempDir, ApprovalStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = ApprovalStore::new(dir.path()).with_seals(dir.path().join("seals.json"));
    (dir, store)
}

/// A request of session `session` waited on by this very process (alive).
fn request(id: &str, session: &str, command: &str) -> Approval {
    let pid = std::process::id();
    Approval {
        id: id.into(),
        session_id: session.into(),
        turn: 1,
        adapter: "claude".into(),
        action: ApprovalAction::Command {
            command: command.into(),
        },
        cwd: "/ws".into(),
        reason: None,
        requested_at: Timestamp::now(),
        waiter_pid: pid,
        waiter_start_time: start_time(pid).unwrap(),
    }
}

#[test]
fn a_request_is_pending_until_answered_and_the_first_answer_wins() {
    let (_dir, store) = store();
    let asked = request("abc123", "s1", "rm -rf build");
    store.submit(&asked).unwrap();
    store.submit(&request("def456", "s2", "ls")).unwrap();
    let listing = store.pending();
    assert_eq!(listing.approvals.len(), 2);
    assert!(listing.problems.is_empty());
    assert_eq!(store.pending_of("s1").approvals, vec![asked.clone()]);

    let (found, decision) = store
        .decide("abc", Answer::deny(Some("  not now ".into())), "cli")
        .unwrap();
    assert_eq!(found.id, "abc123");
    assert!(!decision.approved);
    assert_eq!(decision.reason.as_deref(), Some("not now"));
    assert_eq!(decision.denial_message(), "The user denied this: not now");
    assert_eq!(store.decision(&asked), Some(decision.clone()));
    assert!(store.pending_of("s1").approvals.is_empty(), "answered");
    assert!(matches!(
        store.record(&asked, &Decision::from_answer(Answer::approve(), "app")),
        Err(ApprovalError::AlreadyDecided(_))
    ));
    assert_eq!(
        store.decision(&asked),
        Some(decision),
        "the first answer stays"
    );

    store.withdraw(&asked);
    assert_eq!(store.decision(&asked), None);
    assert!(store.dir_of("s1").read_dir().unwrap().next().is_none());
}

#[test]
fn prefixes_must_name_one_pending_request() {
    let (_dir, store) = store();
    store.submit(&request("aa11", "s1", "a")).unwrap();
    store.submit(&request("aa22", "s1", "b")).unwrap();
    assert!(matches!(
        store.find("aa"),
        Err(ApprovalError::Ambiguous { .. })
    ));
    assert!(matches!(store.find("zz"), Err(ApprovalError::NotFound(_))));
    assert!(matches!(store.find(""), Err(ApprovalError::NotFound(_))));
    assert_eq!(store.find("aa2").unwrap().id, "aa22");
}

#[test]
fn requests_of_a_killed_turn_are_not_offered_and_are_cleared_at_finalize() {
    let (_dir, store) = store();
    let mut dead = request("dead01", "s1", "sleep 1");
    dead.waiter_start_time += 1;
    store.submit(&dead).unwrap();
    assert!(store.pending().approvals.is_empty());
    assert!(matches!(
        store.decide("dead01", Answer::approve(), "cli"),
        Err(ApprovalError::NotFound(_))
    ));
    assert!(matches!(
        store.record(&dead, &Decision::from_answer(Answer::approve(), "app")),
        Err(ApprovalError::Gone(_))
    ));
    let live = request("live01", "s1", "ls");
    store.submit(&live).unwrap();
    store.clear_turn("s1", 1);
    let left: Vec<_> = store.pending_of("s1").approvals;
    assert_eq!(left, vec![live], "only the dead waiter's request goes");
}

#[test]
fn one_unreadable_request_never_hides_the_others() {
    let (_dir, store) = store();
    store.submit(&request("good01", "s1", "ls")).unwrap();
    std::fs::write(store.dir_of("s1").join("bad01.json"), "{broken").unwrap();
    let listing = store.pending();
    assert_eq!(listing.approvals.len(), 1);
    assert_eq!(listing.problems.len(), 1);
    assert!(
        listing.problems[0].contains("bad01.json"),
        "{:?}",
        listing.problems
    );
}

#[test]
fn an_always_answer_adds_a_rule_that_approves_the_next_request_without_asking() {
    let (_dir, store) = store();
    store
        .submit(&request("first1", "s1", "cargo test"))
        .unwrap();
    let answer = Answer {
        approved: true,
        always: true,
        ..Answer::default()
    };
    let (_, decision) = store.decide("first1", answer, "app").unwrap();
    assert!(decision.always);
    let next = request("second", "s1", "cargo test");
    let decision = store.ask(&next, None).unwrap();
    assert!(decision.approved);
    assert_eq!(decision.by, "rule");
    assert!(
        !store.dir_of("s1").join("second.json").exists(),
        "never written"
    );
}

#[test]
fn the_asker_gets_the_answer_written_by_another_process() {
    let (_dir, store) = store();
    let asked = request("wait01", "s1", "make install");
    let answering = store.clone();
    let answerer = std::thread::spawn(move || loop {
        match answering.decide("wait01", Answer::deny(Some("use make check".into())), "cli") {
            Ok(_) => break,
            Err(ApprovalError::NotFound(_)) => std::thread::sleep(Duration::from_millis(10)),
            Err(other) => panic!("{other}"),
        }
    });
    let decision = store.ask(&asked, None).unwrap();
    answerer.join().unwrap();
    assert!(!decision.approved);
    assert_eq!(decision.reason.as_deref(), Some("use make check"));
    assert!(
        store.dir_of("s1").read_dir().unwrap().next().is_none(),
        "both files removed once answered"
    );
}

#[test]
fn an_unanswered_request_is_denied_when_the_timeout_passes() {
    let (_dir, store) = store();
    let decision = store
        .ask(
            &request("slow01", "s1", "ls"),
            Some(Duration::from_millis(50)),
        )
        .unwrap();
    assert!(!decision.approved);
    assert_eq!(decision.by, "timeout");
    assert!(decision.denial_message().contains("in time"));
}
