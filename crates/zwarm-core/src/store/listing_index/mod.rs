//! The listing index: what a listing made of each session, kept while the
//! files it came from are unchanged, so listing 1,000 sessions costs 1,000
//! `stat`s instead of 1,000 reads and parses of meta.json.
//!
//! An entry is never trusted blindly. It is used only while the session's
//! meta.json, and every other file the listing consulted for it (the turn
//! files of a session zwarm 3.x wrote, see `engine::legacy`), carry exactly
//! the [`FileStamp`]s they had when the entry was made; anything else is read
//! and parsed again. An entry is made only when all of those stamps were
//! [settled](FileStamp::settled) at the moment the listing began, before it
//! looked at any file: a write after that moment carries a later time than
//! any stamp kept, whatever order the reads and `stat`s happened in.
//!
//! An entry holds the session as JSON laid out exactly as it appears in the
//! array `zwarm sessions --json` prints ([`element_json`]), which is what
//! the index file stores (so a whole-process listing neither parses nor
//! lays out any session: it copies bytes), and, once a typed listing asked for
//! it, the parsed [`SessionMeta`] behind an `Arc`, which every later typed
//! listing shares instead of copying (the app lists on every change).
//!
//! The index lives in memory (the app keeps one engine per workspace) and in
//! a file beside the sessions (`file.rs`), so one `zwarm sessions` benefits
//! from the last. The file is only a cache: one that is missing, corrupt,
//! of another format or of another build is ignored and rebuilt. Listing
//! through it is in `scan.rs`.

mod file;
mod scan;
#[cfg(test)]
mod tests;
mod text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::stamp::{FileStamp, SETTLE};
use super::{SessionMeta, SessionStatus, Timestamp};

pub use scan::JsonListing;
pub use text::JsonText;

/// Where the index file lives inside a workspace's state folder.
pub const INDEX_FILE: &str = "cache/listing-index.bin";

/// What a listing made of sessions, by id; see the module documentation.
#[derive(Debug)]
pub struct ListingIndex {
    /// The state folder (`.zwarm`): input paths are kept relative to it.
    state_dir: PathBuf,
    /// Says which build and settings made the entries; a file made under
    /// another is ignored (see [`Self::new`]).
    context: u64,
    entries: HashMap<String, Entry>,
    /// Whether the file was read yet (it is read on the first listing).
    loaded: bool,
    /// Whether the entries differ from the file's.
    changed: bool,
    /// See [`Self::parsed_by_last_listing`].
    parsed: usize,
    /// Counts listings; an entry not marked with the current one by the end
    /// of a listing is of a session that is gone.
    listing: u64,
}

/// A session of a listing as JSON ([`element_json`] of its
/// [`SessionMeta`]), with what sorting and filtering need.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionJson {
    pub id: String,
    pub status: SessionStatus,
    pub created_at: Timestamp,
    pub json: JsonText,
}

impl SessionJson {
    /// `meta` as a row of a JSON listing.
    pub fn of(meta: &SessionMeta) -> serde_json::Result<Self> {
        Ok(Self {
            id: meta.id.clone(),
            status: meta.status,
            created_at: meta.created_at,
            json: element_json(meta)?.into(),
        })
    }
}

/// `value` as `serde_json::to_string_pretty` lays it out as an element of
/// an array: two spaces of indent per level, starting one level in, so
/// that `[`, then the elements each after a newline and two spaces, joined
/// by commas, then a newline and `]` are byte for byte the pretty array.
pub fn element_json(value: &impl Serialize) -> serde_json::Result<String> {
    let pretty = serde_json::to_string_pretty(value)?;
    // A raw newline in serde_json's output is always layout: inside
    // strings it is escaped.
    Ok(pretty.replace('\n', "\n  "))
}

/// One session as listed, and the stamps it is valid for.
#[derive(Debug)]
struct Entry {
    meta_stamp: FileStamp,
    inputs: Vec<Input>,
    row: SessionJson,
    /// `row` parsed, once a typed listing needed it.
    meta: Option<Arc<SessionMeta>>,
    /// The last listing that found this session (see `ListingIndex::listing`).
    seen: u64,
}

impl Entry {
    /// The typed session, parsed from the JSON the first time; `None` if
    /// that fails (then the session is read from its folder again).
    fn meta(&mut self) -> Option<Arc<SessionMeta>> {
        if self.meta.is_none() {
            self.meta = serde_json::from_slice(self.row.json.as_bytes())
                .ok()
                .map(Arc::new);
        }
        self.meta.clone()
    }
}

/// Another file a listed session was made from, relative to the state
/// folder; `None`: it was missing, which is a fact too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Input {
    path: PathBuf,
    stamp: Option<FileStamp>,
}

impl ListingIndex {
    /// An index for the sessions under `state_dir`, kept in
    /// `state_dir/`[`INDEX_FILE`]. `context` stands for everything besides
    /// the files that the listed sessions depend on (the build, its price
    /// table, the time zone): an index file written under another context
    /// is ignored.
    pub fn new(state_dir: &Path, context: u64) -> Self {
        Self {
            state_dir: state_dir.to_path_buf(),
            context,
            entries: HashMap::new(),
            loaded: false,
            changed: false,
            parsed: 0,
            listing: 0,
        }
    }

    /// How many sessions the last listing had to read and parse from their
    /// meta.json (the others came from the index; unreadable ones are not
    /// counted).
    pub fn parsed_by_last_listing(&self) -> usize {
        self.parsed
    }

    /// Starts a listing: reads the index file the first time. Returns the
    /// moment the listing begins, for [`Self::keep`].
    fn begin(&mut self) -> SystemTime {
        let now = SystemTime::now();
        if !self.loaded {
            self.loaded = true;
            self.entries = file::read(&self.file(), self.context).unwrap_or_default();
        }
        self.parsed = 0;
        self.listing += 1;
        now
    }

    /// Session `id` as last listed, if its meta.json still has `meta_stamp`
    /// and every other file it was made from still has its stamp.
    fn lookup(&mut self, id: &str, meta_stamp: FileStamp) -> Option<&mut Entry> {
        let entry = self.entries.get_mut(id)?;
        let unchanged = entry.meta_stamp == meta_stamp
            && entry.inputs.iter().all(|input| {
                FileStamp::read(&self.state_dir.join(&input.path))
                    .is_ok_and(|stamp| stamp == input.stamp)
            });
        entry.seen = self.listing;
        unchanged.then_some(entry)
    }

    /// Records what the listing made of session `id` after reading it: `meta`
    /// (and its `row`, when the caller made it already) from a meta.json with
    /// `meta_stamp` and from the files `inputs` (`None`: it depends on more
    /// than files, e.g. on running processes). Kept only when every stamp
    /// had settled at `began`; otherwise the old entry is dropped and the
    /// session is read again next time.
    fn keep(
        &mut self,
        id: &str,
        meta_stamp: FileStamp,
        inputs: Option<&[PathBuf]>,
        meta: &Arc<SessionMeta>,
        row: Option<&SessionJson>,
        began: SystemTime,
    ) {
        self.parsed += 1;
        let entry = inputs
            .filter(|_| meta_stamp.settled(began, SETTLE))
            .and_then(|paths| self.stamped(paths, began))
            .and_then(|inputs| {
                let row = match row {
                    Some(row) => row.clone(),
                    None => SessionJson::of(meta).ok()?,
                };
                Some(Entry {
                    meta_stamp,
                    inputs,
                    row,
                    meta: Some(Arc::clone(meta)),
                    seen: self.listing,
                })
            });
        // A miss always changes the index: a new or replaced entry has other
        // stamps than the file's (or it would have been used).
        let changed = match entry {
            Some(entry) => {
                self.entries.insert(id.to_string(), entry);
                true
            }
            None => self.entries.remove(id).is_some(),
        };
        self.changed |= changed;
    }

    /// Drops the entries of sessions this listing did not find.
    fn retain_listed(&mut self) {
        let before = self.entries.len();
        let listing = self.listing;
        self.entries.retain(|_, entry| entry.seen == listing);
        self.changed |= self.entries.len() != before;
    }

    /// Writes the index file if the entries changed. Best effort: the index
    /// is a cache, and a listing must not fail because the state folder is
    /// read-only or full; the next listing simply reads more files.
    fn save(&mut self) {
        if !self.changed {
            return;
        }
        if file::write(&self.file(), self.context, &self.entries).is_ok() {
            self.changed = false;
        }
    }

    /// The inputs of an entry with their current stamps, if all are settled
    /// and all are inside the state folder.
    fn stamped(&self, paths: &[PathBuf], began: SystemTime) -> Option<Vec<Input>> {
        paths
            .iter()
            .map(|path| {
                let stamp = FileStamp::read(path).ok()?;
                if stamp.is_some_and(|s| !s.settled(began, SETTLE)) {
                    return None;
                }
                let relative = path.strip_prefix(&self.state_dir).ok()?;
                Some(Input {
                    path: relative.to_path_buf(),
                    stamp,
                })
            })
            .collect()
    }

    fn file(&self) -> PathBuf {
        self.state_dir.join(INDEX_FILE)
    }
}
