//! A workspace of finished sessions for the listing benchmarks (the core's
//! `store` bench and the CLI's whole-process `sessions` bench share it).

use std::path::Path;

use zwarm_core::store::{NewSession, ResumeMode, SessionStatus, SessionStore, SETTLE};

/// Turns per benchmark session.
pub const TURNS: u32 = 5;

/// Fills `<workspace>/.zwarm` with `count` finished sessions of [`TURNS`]
/// turns each, then waits until their files are old enough for the listing
/// index to keep them (see `zwarm_core::store::FileStamp::settled`), as
/// the sessions of a real workspace are.
pub fn populate(workspace: &Path, count: usize) {
    let store = SessionStore::new(workspace.join(".zwarm"));
    for i in 0..count {
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
    std::thread::sleep(SETTLE + std::time::Duration::from_millis(100));
}
