//! Paging through a session's transcript gives exactly what a whole parse of
//! every turn file gives, page by page, for every recorded fixture; a turn
//! file replaced after it was read is read again.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use serde_json::json;
use zwarm_core::agents::{Adapter, TurnLog};
use zwarm_core::engine::{Engine, EngineSettings, SessionEvent};
use zwarm_core::events::AgentEvent;
use zwarm_core::workspace::Workspace;

const ID: &str = "7c2a9e10-4b3d-4f5e-8a6b-0c1d2e3f4a5b";

fn fixtures(adapter: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(adapter);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    files
}

/// A finished session of `adapter` whose turns are `turns`, in a fresh workspace.
struct Session {
    _dir: tempfile::TempDir,
    root: PathBuf,
    adapter: Adapter,
}

impl Session {
    fn new(adapter: Adapter, turns: &[Vec<u8>]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("ws");
        let session = root.join(".zwarm/sessions").join(ID);
        std::fs::create_dir_all(session.join("turns")).unwrap();
        let records: Vec<_> = (1..=turns.len())
            .map(|n| json!({"number": n, "prompt": format!("prompt {n}"), "started_at": "2026-11-25T07:00:00.000000",
                             "ended_at": "2026-11-25T07:10:00.000000", "exit_code": 0, "status": "completed"}))
            .collect();
        let meta = json!({
            "id": ID, "task": "paging", "status": "completed", "working_dir": ".",
            "created_at": "2026-11-25T07:00:00.000000", "updated_at": "2026-11-25T07:10:00.000000",
            "pid": null, "exit_code": 0, "model": "m", "turn": turns.len(), "messages": [], "token_usage": {},
            "error": null, "source": "user", "adapter": adapter.as_str(), "agent_session_id": "s", "turns": records
        });
        std::fs::write(
            session.join("meta.json"),
            serde_json::to_vec_pretty(&meta).unwrap(),
        )
        .unwrap();
        for (i, body) in turns.iter().enumerate() {
            std::fs::write(session.join(format!("turns/turn_{}.jsonl", i + 1)), body).unwrap();
        }
        Session {
            _dir: dir,
            root,
            adapter,
        }
    }

    fn engine(&self) -> Engine {
        Engine::open(
            Workspace::open(&self.root).unwrap(),
            EngineSettings::default(),
        )
        .unwrap()
    }

    fn turn_path(&self, n: usize) -> PathBuf {
        self.root
            .join(".zwarm/sessions")
            .join(ID)
            .join(format!("turns/turn_{n}.jsonl"))
    }

    /// The whole transcript by the old way: every turn file parsed whole.
    fn expected(&self) -> (Vec<SessionEvent>, u32) {
        let mut events = Vec::new();
        let mut malformed = 0;
        for n in 1.. {
            let Ok(bytes) = std::fs::read(self.turn_path(n)) else {
                break;
            };
            let log = TurnLog::parse_all(self.adapter, &bytes);
            malformed += log.malformed_lines() as u32;
            let prompt = AgentEvent::UserMessage {
                text: format!("prompt {n}"),
            };
            for (index, mut event) in std::iter::once(prompt)
                .chain(log.entries().iter().cloned())
                .enumerate()
            {
                event.interrupt();
                events.push(SessionEvent {
                    turn: n as u32,
                    index: index as u32,
                    event,
                });
            }
        }
        (events, malformed)
    }
}

/// Every page size, from the end backwards (as the app reads) and from the start.
fn assert_pages_match(session: &Session) {
    let (expected, malformed) = session.expected();
    let total = expected.len();
    for limit in [1, 2, 3, 7, 50, 10_000] {
        let engine = session.engine();
        let count = engine.events(ID, u32::MAX as usize, 0).unwrap();
        assert_eq!((count.total as usize, count.events.len()), (total, 0));
        let mut backwards = Vec::new();
        let mut end = total;
        while end > 0 {
            let offset = end.saturating_sub(limit);
            let page = engine.events(ID, offset, end - offset).unwrap();
            assert_eq!(
                (page.total as usize, page.malformed_lines),
                (total, malformed)
            );
            backwards.splice(0..0, page.events);
            end = offset;
        }
        assert_eq!(backwards, expected, "backwards by {limit}");

        let engine = session.engine();
        for offset in (0..total + limit).step_by(limit) {
            let page = engine.events(ID, offset, limit).unwrap();
            let want = &expected[offset.min(total)..(offset + limit).min(total)];
            assert_eq!(page.events, want, "page at {offset} of {limit}");
        }
    }
}

#[test]
fn every_page_of_every_fixture_equals_the_whole_parse() {
    for (adapter, name) in [(Adapter::Codex, "codex"), (Adapter::Claude, "claude")] {
        let files = fixtures(name);
        assert!(files.len() >= 6, "{name} fixtures");
        for (i, file) in files.iter().enumerate() {
            // Each fixture as turn 1, the next one as turn 2, and a file
            // without a final newline as turn 3.
            let next = &files[(i + 1) % files.len()];
            let mut cut = std::fs::read(file).unwrap();
            cut.truncate(cut.len().saturating_sub(7));
            let turns = [
                std::fs::read(file).unwrap(),
                std::fs::read(next).unwrap(),
                cut,
            ];
            assert_pages_match(&Session::new(adapter, &turns));
        }
    }
}

#[test]
fn a_turn_file_replaced_after_reading_is_read_again() {
    let files = fixtures("codex");
    let first = std::fs::read(&files[0]).unwrap();
    let second = std::fs::read(&files[1]).unwrap();
    let session = Session::new(Adapter::Codex, std::slice::from_ref(&first));
    let engine = session.engine();
    let before = engine.events(ID, 0, 10_000).unwrap();
    assert_eq!(before.events, session.expected().0);

    let path = session.turn_path(1);
    let fresh = path.with_extension("new");
    std::fs::write(&fresh, [second.as_slice(), first.as_slice()].concat()).unwrap();
    std::fs::rename(&fresh, &path).unwrap();
    let after = engine.events(ID, 0, 10_000).unwrap();
    assert_ne!(after.total, before.total);
    assert_eq!(after.events, session.expected().0);
}
