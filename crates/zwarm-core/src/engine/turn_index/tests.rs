//! The index folds a file that grows from where it stopped, reads a replaced,
//! rewritten or shrunk file again, and always equals a whole-file parse.

use std::io::{Seek, SeekFrom, Write};
use std::time::{Duration, SystemTime};

use super::*;

const CODEX: &str = include_str!("../../../tests/fixtures/codex/turn1.jsonl");
const CLAUDE: &str = include_str!("../../../tests/fixtures/claude/turn1.jsonl");

fn index() -> Mutex<TurnIndex> {
    Mutex::new(TurnIndex::default())
}

/// What a whole-file parse of `path` gives: entries, malformed lines, terminal.
fn whole(adapter: Adapter, path: &Path) -> TurnLog {
    TurnLog::parse_all(adapter, &std::fs::read(path).unwrap())
}

fn assert_same(log: &TurnLog, expected: &TurnLog) {
    assert_eq!(log.entries(), expected.entries());
    assert_eq!(log.malformed_lines(), expected.malformed_lines());
    assert_eq!(log.terminal(), expected.terminal());
    assert_eq!(log.agent_session_id(), expected.agent_session_id());
}

fn append(path: &Path, bytes: &[u8]) {
    let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(bytes).unwrap();
}

/// Sets the modification time, so a rewrite is seen even within one clock tick.
fn touch(path: &Path, seconds_ahead: u64) {
    let file = File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() + Duration::from_secs(seconds_ahead))
        .unwrap();
}

#[test]
fn an_unchanged_file_is_served_from_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("turn_1.jsonl");
    std::fs::write(&path, CODEX).unwrap();
    let index = index();
    let first = folded(&index, Adapter::Codex, &path).unwrap();
    let again = folded(&index, Adapter::Codex, &path).unwrap();
    assert!(Arc::ptr_eq(&first, &again));
    assert_same(&again, &whole(Adapter::Codex, &path));
}

#[test]
fn a_growing_file_equals_a_whole_parse_wherever_it_was_cut() {
    for (adapter, text) in [(Adapter::Codex, CODEX), (Adapter::Claude, CLAUDE)] {
        let bytes = text.as_bytes();
        // Cuts at line ends and in the middle of lines (then the cut line is
        // read as a last line, and the file is read again once it grows).
        let step = (bytes.len() / 13).max(1);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("turn_1.jsonl");
        std::fs::write(&path, b"").unwrap();
        let index = index();
        let mut written = 0;
        while written < bytes.len() {
            let next = (written + step).min(bytes.len());
            append(&path, &bytes[written..next]);
            written = next;
            let log = folded(&index, adapter, &path).unwrap();
            assert_same(&log, &whole(adapter, &path));
        }
    }
}

#[test]
fn only_the_appended_bytes_are_read_when_a_file_grows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("turn_1.jsonl");
    let head = format!(
        "{{\"type\":\"thread.started\",\"thread_id\":\"{}\"}}\n",
        "t".repeat(300)
    );
    let first = "{\"type\":\"item.completed\",\"item\":{\"id\":\"a\",\"type\":\"agent_message\",\"text\":\"first\"}}\n";
    let second = "{\"type\":\"item.completed\",\"item\":{\"id\":\"b\",\"type\":\"agent_message\",\"text\":\"second\"}}\n";
    std::fs::write(&path, format!("{head}{first}")).unwrap();
    let index = index();
    assert_eq!(
        folded(&index, Adapter::Codex, &path)
            .unwrap()
            .entries()
            .len(),
        1
    );

    // Blank out the line already read (past the compared head), then append:
    // a fold that reads only the new bytes still holds the first message.
    let mut file = File::options().write(true).open(&path).unwrap();
    file.seek(SeekFrom::Start(head.len() as u64)).unwrap();
    file.write_all(" ".repeat(first.len() - 1).as_bytes())
        .unwrap();
    drop(file);
    append(&path, second.as_bytes());
    let log = folded(&index, Adapter::Codex, &path).unwrap();
    let texts: Vec<_> = log
        .entries()
        .iter()
        .map(|e| match e {
            crate::events::AgentEvent::AgentMessage { text } => text.as_str(),
            _ => "?",
        })
        .collect();
    assert_eq!(texts, ["first", "second"]);
}

#[test]
fn a_replaced_file_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("turn_1.jsonl");
    std::fs::write(&path, CODEX).unwrap();
    let index = index();
    folded(&index, Adapter::Codex, &path).unwrap();
    // A longer file renamed over it (a new inode): not this file grown.
    let other = dir.path().join("other.jsonl");
    std::fs::write(&other, format!("{CODEX}{CODEX}")).unwrap();
    std::fs::rename(&other, &path).unwrap();
    let log = folded(&index, Adapter::Codex, &path).unwrap();
    assert_same(&log, &whole(Adapter::Codex, &path));
}

#[test]
fn a_file_rewritten_in_place_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("turn_1.jsonl");
    std::fs::write(&path, CODEX).unwrap();
    let index = index();
    let before = folded(&index, Adapter::Codex, &path).unwrap();

    // Same length, other content.
    let mut lines: Vec<&str> = CODEX.lines().collect();
    lines.reverse();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    touch(&path, 5);
    let log = folded(&index, Adapter::Codex, &path).unwrap();
    assert_ne!(log.entries(), before.entries());
    assert_same(&log, &whole(Adapter::Codex, &path));

    // Longer, starting differently: not growth either.
    std::fs::write(&path, format!("not json\n{CODEX}")).unwrap();
    let log = folded(&index, Adapter::Codex, &path).unwrap();
    assert_eq!(log.malformed_lines(), 1);
    assert_same(&log, &whole(Adapter::Codex, &path));

    // Shorter.
    std::fs::write(&path, CODEX.lines().next().unwrap_or_default()).unwrap();
    let log = folded(&index, Adapter::Codex, &path).unwrap();
    assert!(log.entries().is_empty());
    assert_same(&log, &whole(Adapter::Codex, &path));
}

#[test]
fn a_missing_file_is_empty_and_an_appearing_one_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("turn_1.jsonl");
    let index = index();
    assert!(folded(&index, Adapter::Codex, &path)
        .unwrap()
        .entries()
        .is_empty());
    std::fs::write(&path, CODEX).unwrap();
    assert_same(
        &folded(&index, Adapter::Codex, &path).unwrap(),
        &whole(Adapter::Codex, &path),
    );
}

#[test]
fn memory_is_bounded_but_the_file_just_read_stays_and_counts_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let index = Mutex::new(TurnIndex::keeping(CODEX.len() as u64 + 10));
    let paths: Vec<PathBuf> = (1..=3)
        .map(|n| {
            let path = dir.path().join(format!("turn_{n}.jsonl"));
            std::fs::write(&path, CODEX.repeat(n)).unwrap();
            path
        })
        .collect();
    for path in &paths {
        folded(&index, Adapter::Codex, path).unwrap();
    }
    let index = index.lock().unwrap();
    let kept: Vec<&PathBuf> = index.folded.iter().map(|(p, _)| p).collect();
    // The last file alone is over the budget, and still kept.
    assert_eq!(kept, [&paths[2]]);
    for (n, path) in paths.iter().enumerate() {
        let stamp = Stamp::of(path).unwrap().unwrap();
        let expected = whole(Adapter::Codex, path);
        assert_eq!(
            index.counts(path, &stamp),
            Some((expected.entries().len(), expected.malformed_lines())),
            "turn {}",
            n + 1
        );
    }
}
