//! Which file events the watcher acts on, and how a burst of them becomes
//! one batch of paths.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::time::{Duration, Instant};

/// A batch closes once no event came for this long...
pub(super) const QUIET: Duration = Duration::from_millis(15);
/// ...or this long after its first event, so a CLI that writes without pause
/// is still shown as it goes.
pub(super) const LONGEST: Duration = Duration::from_millis(100);

/// A notify handler that passes on the paths of events that change what a
/// file holds or which files exist. Opening, reading and closing a file after
/// reading (the watcher's own reads of meta.json among them) change nothing:
/// reacting to them made every read trigger the next one, forever.
pub(super) fn content_changes_to(
    tx: Sender<Vec<PathBuf>>,
) -> impl FnMut(notify::Result<notify::Event>) + Send + 'static {
    move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if changes_content(&event.kind) {
                let _ = tx.send(event.paths);
            }
        }
    }
}

fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, ModifyKind};
    use notify::EventKind;
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// `first` and whatever follows it within the burst (see [`QUIET`] and
/// [`LONGEST`]), each path once, in the order first seen. A CLI appending
/// line after line, and the modify and close events of one write, then cost
/// one read of each file and one message to the subscriber, not one per event.
pub(super) fn gather(
    first: Vec<PathBuf>,
    rx: &Receiver<Vec<PathBuf>>,
    quiet: Duration,
    longest: Duration,
) -> Vec<PathBuf> {
    let started = Instant::now();
    let mut seen = HashSet::new();
    let mut paths = Vec::new();
    let mut add = |batch: Vec<PathBuf>| {
        for path in batch {
            if seen.insert(path.clone()) {
                paths.push(path);
            }
        }
    };
    add(first);
    loop {
        let left = longest.saturating_sub(started.elapsed());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(quiet.min(left)) {
            Ok(batch) => add(batch),
            Err(_) => break,
        }
    }
    paths
}

/// `(session id, file name)` for a path under `sessions/<id>/...`.
pub(super) fn session_file(path: &Path) -> Option<(String, String)> {
    let file = path.file_name()?.to_str()?.to_string();
    let parent = path.parent()?;
    let session_dir = if parent.file_name()? == "turns" {
        parent.parent()?
    } else {
        parent
    };
    Some((session_dir.file_name()?.to_str()?.to_string(), file))
}

/// The session id for a path under `sessions/<id>/approvals/`.
pub(super) fn approvals_session(path: &Path) -> Option<String> {
    let parent = path.parent()?;
    if parent.file_name()? != crate::approvals::APPROVALS_DIR {
        return None;
    }
    Some(parent.parent()?.file_name()?.to_str()?.to_string())
}

/// `N` for a file named `turn_N<suffix>`.
pub(super) fn turn_number(file: &str, suffix: &str) -> Option<u32> {
    file.strip_prefix("turn_")?
        .strip_suffix(suffix)?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;

    use notify::{RecursiveMode, Watcher};

    use super::*;

    #[test]
    fn reading_files_is_not_a_change_writing_them_is() {
        let dir = tempfile::tempdir().unwrap();
        let meta = dir.path().join("meta.json");
        std::fs::write(&meta, "{}").unwrap();
        let (tx, rx) = channel();
        let mut watcher = notify::recommended_watcher(content_changes_to(tx)).unwrap();
        watcher.watch(dir.path(), RecursiveMode::Recursive).unwrap();
        for _ in 0..20 {
            std::fs::read(&meta).unwrap();
        }
        // A real change after the reads: events arrive in order, so whatever
        // the reads caused would come before it.
        let marker = dir.path().join("turn_1.exit");
        std::fs::write(&marker, "0\n").unwrap();
        loop {
            let paths = rx
                .recv_timeout(Duration::from_secs(30))
                .expect("the write is reported");
            assert!(
                !paths.contains(&meta),
                "a read was reported as a change: {paths:?}"
            );
            if paths.contains(&marker) {
                break;
            }
        }
    }

    #[test]
    fn a_burst_is_one_batch_of_distinct_paths_in_the_order_first_seen() {
        let (tx, rx) = channel();
        let turn = PathBuf::from("/w/s/turns/turn_1.jsonl");
        let meta = PathBuf::from("/w/s/meta.json");
        for _ in 0..100 {
            tx.send(vec![turn.clone()]).unwrap();
        }
        tx.send(vec![meta.clone(), turn.clone()]).unwrap();
        // Generous windows: everything is already queued, and nothing more comes.
        let first = vec![turn.clone()];
        let batch = gather(first, &rx, Duration::from_secs(1), Duration::from_secs(60));
        assert_eq!(batch, vec![turn, meta]);
    }

    #[test]
    fn a_batch_closes_when_its_longest_window_is_over() {
        let (tx, rx) = channel();
        let writer = std::thread::spawn(move || {
            for i in 0.. {
                if tx.send(vec![PathBuf::from(format!("/w/{i}"))]).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        // A writer that never pauses: the batch still ends.
        let batch = gather(vec![], &rx, Duration::from_secs(60), LONGEST);
        assert!(!batch.is_empty());
        drop(rx);
        writer.join().unwrap();
    }

    #[test]
    fn recognizes_turn_files_and_sessions() {
        let path = Path::new("/w/.zwarm/sessions/abc/turns/turn_12.jsonl");
        let (id, file) = session_file(path).unwrap();
        assert_eq!(
            (id.as_str(), turn_number(&file, ".jsonl")),
            ("abc", Some(12))
        );
        let (id, file) = session_file(Path::new("/w/.zwarm/sessions/abc/meta.json")).unwrap();
        assert_eq!((id.as_str(), file.as_str()), ("abc", "meta.json"));
        assert_eq!(turn_number("turn_3.exit", ".exit"), Some(3));
        assert_eq!(
            approvals_session(Path::new("/w/.zwarm/sessions/abc/approvals/f00.json")).as_deref(),
            Some("abc")
        );
        assert_eq!(approvals_session(path), None);
        assert_eq!(turn_number("turn_x.jsonl", ".jsonl"), None);
    }
}
