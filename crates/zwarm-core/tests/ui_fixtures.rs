//! The UI's thread tests render the real CLI recordings, normalized by the
//! same parser the app uses. This test writes them as
//! `ui/src/thread/testdata/recorded.json` (`"<adapter>/<name>"` → the events
//! of `zwarm parse --json`) and fails when that file is stale, so a change to
//! the parsers is seen by the UI tests too. `UPDATE_UI_FIXTURES=1` rewrites it.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use zwarm_core::agents::{Adapter, TurnLog};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn generated_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/thread/testdata/recorded.json")
}

/// Every recording, parsed, keyed by `adapter/name`.
fn recorded_events() -> BTreeMap<String, serde_json::Value> {
    let mut all = BTreeMap::new();
    for adapter in [Adapter::Codex, Adapter::Claude] {
        let dir = fixtures_dir().join(adapter.to_string());
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("jsonl") {
                continue;
            }
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("a UTF-8 file name")
                .to_string();
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let log = TurnLog::parse_all(adapter, &bytes);
            let events = serde_json::to_value(log.entries()).expect("events serialize");
            all.insert(format!("{adapter}/{name}"), events);
        }
    }
    all
}

#[test]
fn ui_thread_fixtures_are_up_to_date() {
    let mut text = serde_json::to_string_pretty(&recorded_events()).expect("serializes");
    text.push('\n');
    let path = generated_file();
    if std::env::var_os("UPDATE_UI_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().expect("a parent folder"))
            .expect("creates the folder");
        std::fs::write(&path, &text).expect("writes the fixtures");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == text,
        "{} is stale: run `UPDATE_UI_FIXTURES=1 cargo test -p zwarm-core --test ui_fixtures` and commit it",
        path.display()
    );
}
