//! The index is used only while every stamp matches, and a listing through
//! it is the listing without it.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::*;
use crate::store::{NewSession, SessionListing, SessionStore};

const CONTEXT: u64 = 7;

struct Fixture {
    _dir: tempfile::TempDir,
    state: PathBuf,
    store: SessionStore,
}

impl Fixture {
    fn new(sessions: usize) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join(".zwarm");
        let store = SessionStore::new(&state);
        for i in 0..sessions {
            store
                .create(NewSession::new(format!("task {i}"), "."))
                .unwrap();
        }
        let fixture = Self {
            _dir: dir,
            state,
            store,
        };
        fixture.age_all();
        fixture
    }

    fn index(&self) -> ListingIndex {
        ListingIndex::new(&self.state, CONTEXT)
    }

    /// Lists through `index`; returns the listing and how many files it parsed.
    fn list(&self, index: &mut ListingIndex) -> (SessionListing, usize) {
        let listing = self
            .store
            .list_indexed(index, |_| Some(Vec::new()))
            .unwrap();
        (listing, index.parsed_by_last_listing())
    }

    fn meta_path(&self, listing: &SessionListing, n: usize) -> PathBuf {
        self.store.meta_path(&listing.sessions[n].id).unwrap()
    }

    /// Makes every meta.json look written a minute ago, as sessions
    /// usually are when listed (fresh ones are never kept; see `settled`).
    fn age_all(&self) {
        for meta in self.store.list(None).unwrap().sessions {
            age(&self.store.meta_path(&meta.id).unwrap(), 60);
        }
    }
}

fn age(path: &Path, secs: u64) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(secs))
        .unwrap();
}

/// What `SessionStore::list` gives, which a listing through the index must equal.
fn assert_same(listing: &SessionListing, store: &SessionStore) {
    assert_eq!(listing.sessions, store.list(None).unwrap().sessions);
}

#[test]
fn unchanged_sessions_come_from_the_index_in_memory_and_from_the_file() {
    let f = Fixture::new(3);
    let mut index = f.index();
    let (listing, parsed) = f.list(&mut index);
    assert_eq!(parsed, 3);
    assert_same(&listing, &f.store);
    let (again, parsed) = f.list(&mut index);
    assert_eq!(parsed, 0, "nothing changed: nothing read");
    assert_eq!(again.sessions, listing.sessions);
    assert!(f.state.join(INDEX_FILE).is_file());

    let mut next_process = f.index();
    let (from_file, parsed) = f.list(&mut next_process);
    assert_eq!(parsed, 0, "the file serves a fresh index");
    assert_eq!(from_file.sessions, listing.sessions);
}

#[test]
fn a_changed_meta_json_is_read_again() {
    let f = Fixture::new(2);
    let mut index = f.index();
    let (listing, _) = f.list(&mut index);
    let id = listing.sessions[0].id.clone();
    f.store
        .update(&id, |m| m.task = "a longer task now".into())
        .unwrap();
    age(&f.store.meta_path(&id).unwrap(), 30);
    let (listing, parsed) = f.list(&mut index);
    assert_eq!(parsed, 1);
    assert_same(&listing, &f.store);
    assert!(listing
        .sessions
        .iter()
        .any(|m| m.task == "a longer task now"));
}

#[test]
fn a_rewrite_in_place_of_the_same_size_is_read_again_whatever_its_mtime() {
    let f = Fixture::new(1);
    let mut index = f.index();
    let (listing, _) = f.list(&mut index);
    let path = f.meta_path(&listing, 0);
    // As zwarm 3.x writes: in place, same inode; same size, other content.
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace("task 0", "task X");
    assert_eq!(edited.len(), text.len());
    std::fs::write(&path, &edited).unwrap();
    age(&path, 10);
    let held = std::fs::metadata(&path).unwrap().modified().unwrap();
    let (listing, parsed) = f.list(&mut index);
    assert_eq!(parsed, 1, "another mtime");
    assert_eq!(listing.sessions[0].task, "task X");

    // Once more, now giving the file back the very mtime the index holds:
    // the change time still tells.
    std::fs::write(&path, &text).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(held)
        .unwrap();
    let (listing, parsed) = f.list(&mut index);
    assert_eq!(parsed, 1, "same size and mtime, new ctime");
    assert_eq!(listing.sessions[0].task, "task 0");
}

#[test]
fn a_freshly_written_meta_json_is_never_served_from_the_index() {
    let f = Fixture::new(1);
    let id = f.store.list(None).unwrap().sessions[0].id.clone();
    f.store.update(&id, |m| m.task = "fresh".into()).unwrap();
    let mut index = f.index();
    f.list(&mut index);
    let (listing, parsed) = f.list(&mut index);
    assert_eq!(
        parsed, 1,
        "written just now: its mtime may not show the next write"
    );
    assert_eq!(listing.sessions[0].task, "fresh");
}

#[test]
fn deleted_sessions_disappear_and_new_ones_appear() {
    let f = Fixture::new(3);
    let mut index = f.index();
    let (listing, _) = f.list(&mut index);
    f.store.delete(&listing.sessions[1].id).unwrap();
    let created = f.store.create(NewSession::new("new one", ".")).unwrap();
    let (listing, parsed) = f.list(&mut index);
    assert_eq!(parsed, 1, "only the new session is read");
    assert_eq!(listing.sessions.len(), 3);
    assert!(listing.sessions.iter().any(|m| m.id == created.id));
    assert_same(&listing, &f.store);

    let mut next_process = f.index();
    let (from_file, _) = f.list(&mut next_process);
    assert_same(&from_file, &f.store);
}

#[test]
fn a_corrupt_foreign_or_other_context_index_file_is_ignored_and_rebuilt() {
    let f = Fixture::new(2);
    f.list(&mut f.index());
    let file = f.state.join(INDEX_FILE);
    let valid = std::fs::read(&file).unwrap();
    let truncated = valid[..valid.len() / 2].to_vec();
    for bad in [b"not an index".to_vec(), Vec::new(), truncated] {
        std::fs::write(&file, &bad).unwrap();
        let mut index = f.index();
        let (listing, parsed) = f.list(&mut index);
        assert_eq!(parsed, 2);
        assert_same(&listing, &f.store);
        let (_, parsed) = f.list(&mut f.index());
        assert_eq!(parsed, 0, "rebuilt");
    }
    let mut other_build = ListingIndex::new(&f.state, CONTEXT + 1);
    let (listing, parsed) = f.list(&mut other_build);
    assert_eq!(parsed, 2);
    assert_same(&listing, &f.store);
}

#[test]
fn a_changed_input_file_makes_the_session_read_again() {
    let f = Fixture::new(1);
    let input = f.state.join("sessions/input.txt");
    std::fs::write(&input, "one").unwrap();
    age(&input, 60);
    let mut index = f.index();
    let list = |index: &mut ListingIndex| {
        f.store
            .list_indexed(index, |_| Some(vec![input.clone()]))
            .unwrap();
        index.parsed_by_last_listing()
    };
    assert_eq!(list(&mut index), 1);
    assert_eq!(list(&mut index), 0);
    std::fs::write(&input, "two!").unwrap();
    age(&input, 30);
    assert_eq!(list(&mut index), 1);
    std::fs::remove_file(&input).unwrap();
    assert_eq!(list(&mut index), 1, "a missing input is a change too");
    assert_eq!(list(&mut index), 0, "and then a fact like any other");
    // Not made of files alone: never kept.
    let uncached = |index: &mut ListingIndex| {
        f.store.list_indexed(index, |_| None).unwrap();
        index.parsed_by_last_listing()
    };
    let mut fresh = ListingIndex::new(&f.state, CONTEXT + 1);
    assert_eq!(uncached(&mut fresh), 1);
    assert_eq!(uncached(&mut fresh), 1);
}

#[test]
fn a_broken_meta_json_is_reported_and_not_kept() {
    let f = Fixture::new(1);
    let mut index = f.index();
    let (listing, _) = f.list(&mut index);
    let path = f.meta_path(&listing, 0);
    std::fs::write(&path, b"{ not json").unwrap();
    age(&path, 60);
    for _ in 0..2 {
        let (listing, parsed) = f.list(&mut index);
        assert_eq!(parsed, 0);
        assert!(listing.sessions.is_empty());
        assert_eq!(listing.broken.len(), 1);
    }
}

#[test]
fn a_workspace_large_enough_to_stat_in_parallel_lists_every_session_and_its_changes() {
    let f = Fixture::new(scan::PARALLEL_STATS_FROM + 5);
    // A folder without meta.json in the middle of the others is no session.
    std::fs::create_dir(f.store.sessions_dir().join("0-not-a-session")).unwrap();
    let mut index = f.index();
    let (listing, parsed) = f.list(&mut index);
    assert_eq!(listing.sessions.len(), scan::PARALLEL_STATS_FROM + 5);
    assert_eq!(parsed, listing.sessions.len());
    assert_same(&listing, &f.store);

    // The last session (in whichever thread's part it was stamped) changes.
    let id = listing.sessions[listing.sessions.len() - 1].id.clone();
    f.store.update(&id, |m| m.task = "changed".into()).unwrap();
    age(&f.store.meta_path(&id).unwrap(), 30);
    let (again, parsed) = f.list(&mut index);
    assert_eq!(parsed, 1, "only the changed session is read again");
    assert_same(&again, &f.store);
}
