//! Listing a large workspace: 1,000 sessions of 5 turns each. Goal: < 150 ms,
//! so the session list stays instant when the app opens a busy workspace.

use criterion::{criterion_group, criterion_main, Criterion};
use zwarm_core::store::{NewSession, ResumeMode, SessionStatus, SessionStore};

const SESSIONS: usize = 1_000;
const TURNS: u32 = 5;

/// Fills a fresh store with finished sessions of `TURNS` turns each.
fn populate(store: &SessionStore) {
    for i in 0..SESSIONS {
        let mut new = NewSession::new(
            format!("task {i}: refactor the parser and add tests"),
            "/home/me/proj",
        );
        new.model = "gpt-5.1-codex-mini".into();
        let id = store.create(new).expect("create session").id;
        store
            .update(&id, |m| {
                for turn in 1..=TURNS {
                    if turn > 1 {
                        m.begin_follow_up(format!("follow-up {turn}"), ResumeMode::Native);
                    }
                    let t = m.current_turn_mut().expect("current turn");
                    t.status = SessionStatus::Completed;
                    t.exit_code = Some(0);
                    t.usage.input_tokens = 12_000;
                    t.usage.cached_input_tokens = 8_000;
                    t.usage.output_tokens = 900;
                    t.cost_usd = Some(0.0123);
                    m.push_reply("Done. I changed three files and the tests pass.".repeat(4));
                }
                m.status = SessionStatus::Completed;
                m.agent_session_id = Some(format!("thread-{i}"));
                m.sync_token_usage();
            })
            .expect("update session");
    }
}

fn list_sessions(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SessionStore::new(dir.path().join(".zwarm"));
    populate(&store);
    c.bench_function("list 1000 sessions x 5 turns", |b| {
        b.iter(|| {
            let listing = store.list(None).expect("list");
            assert_eq!(listing.sessions.len(), SESSIONS);
            listing
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = list_sessions
}
criterion_main!(benches);
