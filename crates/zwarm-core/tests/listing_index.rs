//! The engine's listing through the listing index (`store::ListingIndex`)
//! is the listing without it: for sessions we wrote and for those zwarm 3.x
//! wrote (whose turn records are rebuilt from their turn files), typed and
//! as JSON, from memory, from the index file, and after files change.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::{json, Value};
use zwarm_core::engine::{Engine, EngineSettings};
use zwarm_core::store::{NewSession, SessionStatus, SessionStore, INDEX_FILE};
use zwarm_core::workspace::Workspace;

const ID: &str = "5b1f0c3e-2d4a-4b7e-9f10-0a1b2c3d4e5f";
const CODEX_TURN: &str = include_str!("fixtures/codex/turn1.jsonl");

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

    fn engine(&self) -> Engine {
        Engine::open(
            Workspace::open(&self.root).unwrap(),
            EngineSettings::default(),
        )
        .unwrap()
    }

    fn store(&self) -> SessionStore {
        SessionStore::new(self.root.join(".zwarm"))
    }

    fn index_file(&self) -> PathBuf {
        self.root.join(".zwarm").join(INDEX_FILE)
    }

    /// A session folder as zwarm 3.x leaves it: no turn records, one output
    /// file per turn.
    fn write_zwarm_3_session(&self, turns: &[&str]) {
        let dir = self.root.join(".zwarm/sessions").join(ID);
        std::fs::create_dir_all(dir.join("turns")).unwrap();
        let meta = json!({
            "id": ID, "task": "write the parser", "status": "completed", "working_dir": ".",
            "created_at": "2025-01-10T09:15:02.123456", "updated_at": "2025-01-10T09:20:40.654321",
            "pid": 4242, "exit_code": null, "model": "gpt-5.1-codex-mini", "turn": turns.len(),
            "messages": [{"role": "assistant", "content": "Done.", "timestamp": "2025-01-10T09:20:40.000001", "metadata": {}}],
            "token_usage": {"input_tokens": 19435, "cached_input_tokens": 9629, "output_tokens": 29, "total_tokens": 19464},
            "error": null, "source": "user", "adapter": "codex"
        });
        std::fs::write(dir.join("meta.json"), meta.to_string()).unwrap();
        for (i, body) in turns.iter().enumerate() {
            std::fs::write(dir.join(format!("turns/turn_{}.jsonl", i + 1)), body).unwrap();
        }
    }

    /// Makes every file and folder of the sessions look written a minute
    /// ago, as they usually are when listed: the index keeps nothing fresher
    /// than `store::SETTLE`.
    fn age(&self) {
        age_tree(&self.root.join(".zwarm/sessions"));
    }
}

fn age_tree(path: &Path) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            age_tree(&entry.unwrap().path());
        }
    }
    std::fs::File::open(path)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(60))
        .unwrap();
}

/// A listing as JSON values, typed and from the JSON listing, which must agree.
fn listed(engine: &Engine) -> Vec<Value> {
    let typed: Vec<Value> = engine
        .list(None)
        .unwrap()
        .sessions
        .iter()
        .map(|m| serde_json::to_value(m.as_ref()).unwrap())
        .collect();
    let json: Vec<Value> = engine
        .list_json(None)
        .unwrap()
        .sessions
        .iter()
        .map(|row| serde_json::from_str(&row.json).unwrap())
        .collect();
    assert_eq!(typed, json, "the typed and the JSON listing agree");
    typed
}

/// The listing a fresh engine makes with no index file.
fn listed_without_index(folder: &Folder) -> Vec<Value> {
    let _ = std::fs::remove_file(folder.index_file());
    listed(&folder.engine())
}

#[test]
fn a_zwarm_3_session_lists_the_same_from_the_index_and_without_it() {
    let folder = Folder::new();
    folder.write_zwarm_3_session(&[CODEX_TURN, CODEX_TURN]);
    folder.age();
    let engine = folder.engine();
    let first = listed(&engine);
    assert_eq!(
        first[0]["turns"].as_array().unwrap().len(),
        2,
        "records rebuilt"
    );
    assert!(folder.index_file().is_file());
    assert_eq!(listed(&engine), first, "from memory");
    assert_eq!(listed(&folder.engine()), first, "from the index file");
    assert_eq!(listed_without_index(&folder), first);
}

#[test]
fn a_changed_turn_file_of_a_zwarm_3_session_is_read_again() {
    let folder = Folder::new();
    folder.write_zwarm_3_session(&[CODEX_TURN, CODEX_TURN]);
    folder.age();
    let engine = folder.engine();
    let before = listed(&engine);
    let tokens = |listing: &[Value]| listing[0]["turns"][0]["usage"]["output_tokens"].clone();
    assert_eq!(tokens(&before), json!(29));

    // Turn 1's file now ends without usage; then a third turn file appears.
    let turns = folder.root.join(".zwarm/sessions").join(ID).join("turns");
    let without_usage = "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_0\",\"type\":\"agent_message\",\"text\":\"Done.\"}}\n{\"type\":\"turn.completed\"}\n";
    std::fs::write(turns.join("turn_1.jsonl"), without_usage).unwrap();
    folder.age();
    let after = listed(&folder.engine());
    assert_eq!(tokens(&after), json!(0));
    assert_eq!(after, listed_without_index(&folder));

    std::fs::write(turns.join("turn_3.jsonl"), CODEX_TURN).unwrap();
    folder.age();
    let with_third = listed(&engine);
    assert_eq!(with_third[0]["turns"].as_array().unwrap().len(), 3);
    assert_eq!(with_third, listed_without_index(&folder));
}

#[test]
fn sessions_we_wrote_list_the_same_from_the_index_and_without_it() {
    let folder = Folder::new();
    let store = folder.store();
    let mut ids = Vec::new();
    for i in 0..4 {
        let id = store
            .create(NewSession::new(format!("task {i}"), "."))
            .unwrap()
            .id;
        store
            .update(&id, |m| {
                m.status = SessionStatus::Completed;
                if let Some(t) = m.current_turn_mut() {
                    t.status = SessionStatus::Completed;
                    t.cost_usd = Some(0.25 * f64::from(i));
                }
            })
            .unwrap();
        ids.push(id);
    }
    folder.write_zwarm_3_session(&[CODEX_TURN]);
    folder.age();
    let engine = folder.engine();
    let first = listed(&engine);
    assert_eq!(first.len(), 5);
    assert_eq!(listed(&folder.engine()), first, "from the index file");
    assert_eq!(listed_without_index(&folder), first);

    // A change, a removal and a new session are all seen at once.
    store
        .update(&ids[0], |m| m.task = "renamed".into())
        .unwrap();
    store.delete(&ids[1]).unwrap();
    store.create(NewSession::new("new", ".")).unwrap();
    let changed = listed(&engine);
    assert_eq!(changed.len(), 5);
    assert!(changed.iter().any(|m| m["task"] == "renamed"));
    assert!(!changed.iter().any(|m| m["id"] == ids[1].as_str()));
    assert_eq!(changed, listed_without_index(&folder));

    let pending = engine.list_json(Some(SessionStatus::Pending)).unwrap();
    assert_eq!(pending.sessions.len(), 1);
    assert_eq!(
        engine.list(Some(SessionStatus::Pending)).unwrap().sessions[0].id,
        pending.sessions[0].id
    );
}
