//! Listing through the index: each session's meta.json is `stat`ed, and
//! read and parsed only when the index holds nothing valid for it.
//!
//! Two listings share one walk: a typed one ([`SessionListing`], what the
//! app and most commands use) and a JSON one ([`JsonListing`], what
//! `zwarm sessions --json` prints), which never parses a session the index
//! holds.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Entry, ListingIndex, SessionJson};
use crate::store::stamp::FileStamp;
use crate::store::{
    read_meta, sort_newest_first, SessionListing, SessionMeta, SessionStore, StoreError,
    StoreResult, META_FILE,
};

/// The sessions of one workspace as JSON, and what could not be read.
#[derive(Debug, Default)]
pub struct JsonListing {
    /// Readable sessions, newest first.
    pub sessions: Vec<SessionJson>,
    /// As [`SessionListing::broken`].
    pub broken: Vec<(PathBuf, StoreError)>,
    /// As [`SessionListing::problems`]; filled by the engine.
    pub problems: std::collections::BTreeMap<String, String>,
}

/// Unreadable meta.json files, with why.
type Broken = Vec<(PathBuf, StoreError)>;

/// What a listing collects of each session.
trait Collect: Sized {
    /// From an entry of the index; `None` when it cannot (then the session
    /// is read from its folder again).
    fn from_entry(entry: &mut Entry) -> Option<Self>;
    /// From a session just read (and derived), handing it to `keep` for the
    /// index, with its JSON row when this made one anyway.
    fn from_read(
        meta: SessionMeta,
        keep: impl FnOnce(&Arc<SessionMeta>, Option<&SessionJson>),
    ) -> serde_json::Result<Self>;
}

impl Collect for Arc<SessionMeta> {
    fn from_entry(entry: &mut Entry) -> Option<Self> {
        entry.meta()
    }

    fn from_read(
        meta: SessionMeta,
        keep: impl FnOnce(&Arc<SessionMeta>, Option<&SessionJson>),
    ) -> serde_json::Result<Self> {
        let meta = Arc::new(meta);
        keep(&meta, None);
        Ok(meta)
    }
}

impl Collect for SessionJson {
    fn from_entry(entry: &mut Entry) -> Option<Self> {
        Some(entry.row.clone())
    }

    fn from_read(
        meta: SessionMeta,
        keep: impl FnOnce(&Arc<SessionMeta>, Option<&SessionJson>),
    ) -> serde_json::Result<Self> {
        let row = SessionJson::of(&meta)?;
        keep(&Arc::new(meta), Some(&row));
        Ok(row)
    }
}

impl SessionStore {
    /// Every session, newest first, each as `derive` makes it of its
    /// meta.json, taken from `index` while the files it came from are
    /// unchanged (see [`ListingIndex`]). `derive` returns the other files
    /// its result depends on, or `None` when it depends on more than files
    /// (then it is not kept). Unreadable sessions are reported as by
    /// [`Self::list`], and never kept.
    pub fn list_indexed(
        &self,
        index: &mut ListingIndex,
        derive: impl FnMut(&mut SessionMeta) -> Option<Vec<PathBuf>>,
    ) -> StoreResult<SessionListing> {
        let (mut sessions, broken) = self.scan::<Arc<SessionMeta>>(index, derive)?;
        sort_newest_first(&mut sessions);
        Ok(SessionListing {
            sessions,
            broken,
            ..SessionListing::default()
        })
    }

    /// [`Self::list_indexed`] as JSON rows.
    pub fn list_indexed_json(
        &self,
        index: &mut ListingIndex,
        derive: impl FnMut(&mut SessionMeta) -> Option<Vec<PathBuf>>,
    ) -> StoreResult<JsonListing> {
        let (mut sessions, broken) = self.scan::<SessionJson>(index, derive)?;
        sessions.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(JsonListing {
            sessions,
            broken,
            ..JsonListing::default()
        })
    }

    /// The walk both listings share; unsorted. Each meta.json is `stat`ed
    /// relative to the sessions folder, and its path is made only when it
    /// must be read.
    fn scan<T: Collect>(
        &self,
        index: &mut ListingIndex,
        mut derive: impl FnMut(&mut SessionMeta) -> Option<Vec<PathBuf>>,
    ) -> StoreResult<(Vec<T>, Broken)> {
        let began = index.begin();
        let names = self.session_names()?;
        let mut found = Vec::with_capacity(names.len());
        let mut broken = Broken::new();
        let folder = match std::fs::File::open(&self.sessions_dir) {
            Ok(folder) => Some(folder),
            // Gone since it was read: as empty as a missing one.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(StoreError::io("read", &self.sessions_dir, e)),
        };
        let stamps = match &folder {
            Some(folder) => stamp_metas(folder, &names),
            None => Vec::new(),
        };
        for (id, stamp) in names.iter().zip(stamps) {
            let relative = meta_relative(id);
            let stamp = match stamp {
                Ok(Some(stamp)) => stamp,
                Ok(None) => continue,
                Err(e) => {
                    let path = self.sessions_dir.join(&relative);
                    broken.push((path.clone(), StoreError::io("read", &path, e)));
                    continue;
                }
            };
            if let Some(item) = index.lookup(id, stamp).and_then(T::from_entry) {
                found.push(item);
                continue;
            }
            let path = self.sessions_dir.join(&relative);
            match read(&path, id, &mut derive, |meta, inputs, row| {
                index.keep(id, stamp, inputs, meta, row, began)
            }) {
                Ok(Some(item)) => found.push(item),
                Ok(None) => {}
                Err(err) => broken.push((path, err)),
            }
        }
        index.retain_listed();
        index.save();
        Ok((found, broken))
    }
}

/// From this many sessions on, their meta.json files are `stat`ed by one
/// thread per core: 10,000 `stat`s are most of a warm listing's time, and
/// below this a thread costs more than it saves.
pub(super) const PARALLEL_STATS_FROM: usize = 2_048;

/// `<id>/meta.json`, relative to the sessions folder.
fn meta_relative(id: &str) -> String {
    let mut relative = String::with_capacity(id.len() + 1 + META_FILE.len());
    relative.push_str(id);
    relative.push('/');
    relative.push_str(META_FILE);
    relative
}

/// The stamp of each session's meta.json (`None` when missing), in the
/// order of `ids`.
fn stamp_metas(folder: &std::fs::File, ids: &[String]) -> Vec<std::io::Result<Option<FileStamp>>> {
    let stamp_all = |ids: &[String]| -> Vec<_> {
        ids.iter()
            .map(|id| FileStamp::read_at(folder, &meta_relative(id)))
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if ids.len() < PARALLEL_STATS_FROM || threads < 2 {
        return stamp_all(ids);
    }
    let chunk = ids.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = ids
            .chunks(chunk)
            .map(|part| scope.spawn(move || stamp_all(part)))
            .collect();
        parts
            .into_iter()
            .zip(ids.chunks(chunk))
            .flat_map(|(part, ids)| {
                // A thread that could not finish (it cannot panic on a
                // `stat`) is done again here rather than lose its sessions.
                part.join().unwrap_or_else(|_| stamp_all(ids))
            })
            .collect()
    })
}

/// Reads, derives and collects one session; `None` when its meta.json went
/// away since it was `stat`ed.
fn read<T: Collect>(
    path: &Path,
    id: &str,
    derive: &mut impl FnMut(&mut SessionMeta) -> Option<Vec<PathBuf>>,
    keep: impl FnOnce(&Arc<SessionMeta>, Option<&[PathBuf]>, Option<&SessionJson>),
) -> StoreResult<Option<T>> {
    let mut meta = match read_meta(path) {
        Ok(meta) => meta,
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(None)
        }
        Err(err) => return Err(err),
    };
    let inputs = derive(&mut meta);
    T::from_read(meta, |meta, row| keep(meta, inputs.as_deref(), row))
        .map(Some)
        .map_err(|source| StoreError::Encode {
            id: id.to_string(),
            source,
        })
}
