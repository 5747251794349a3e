//! What tells one version of a file from another without reading it: the
//! listing index keeps a session only while its files carry the same stamps.
//!
//! A stamp is size, modification time and change time (nanoseconds) and the
//! inode. Every write of ours replaces the file by a rename, so the inode
//! alone changes on each of them; zwarm 3.x rewrites in place, which changes
//! the times. The change time cannot be set back by `touch`, so a file
//! edited and given its old mtime again is caught too.
//!
//! Times are only as fine as the file system keeps them (a second on some),
//! so two writes of the same size within one tick would leave the same
//! stamp. Hence [`FileStamp::settled`]: a stamp is trusted only when its
//! modification time lies [`SETTLE`] before the moment the file was looked
//! at; any later write then carries a later time than the one kept. (The
//! change time is compared, not waited for: only a tool setting the mtime
//! back, like `cp -p`, leaves a fresh ctime beside an old mtime, and it
//! would have to do so twice within one tick, to the same mtime and size.)

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// How long a file must have been left alone before its stamp is trusted:
/// more than the coarsest time granularity of common file systems (2 s on
/// FAT, 1 s on some network file systems), with a second of margin.
pub const SETTLE: Duration = Duration::from_secs(3);

/// Size, times and inode of one file (or folder) as `stat` gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    len: u64,
    modified_ns: i128,
    changed_ns: i128,
    inode: u64,
}

impl FileStamp {
    /// The stamp of what `metadata` describes.
    pub fn of(metadata: &std::fs::Metadata) -> Self {
        let ns = |secs: i64, nanos: i64| i128::from(secs) * 1_000_000_000 + i128::from(nanos);
        Self {
            len: metadata.len(),
            modified_ns: ns(metadata.mtime(), metadata.mtime_nsec()),
            changed_ns: ns(metadata.ctime(), metadata.ctime_nsec()),
            inode: metadata.ino(),
        }
    }

    /// The stamp of `path` inside the folder `dir` (following symbolic
    /// links), `None` when it is missing: what a listing uses, so that each
    /// of 10,000 `stat`s walks two path components, not the whole path.
    pub fn read_at(dir: impl std::os::fd::AsFd, path: &str) -> std::io::Result<Option<Self>> {
        let stat = match rustix::fs::statat(dir, path, rustix::fs::AtFlags::empty()) {
            Ok(stat) => stat,
            Err(rustix::io::Errno::NOENT) => return Ok(None),
            Err(errno) => return Err(errno.into()),
        };
        let ns = |secs: i64, nanos: i128| i128::from(secs) * 1_000_000_000 + nanos;
        Ok(Some(Self {
            len: u64::try_from(stat.st_size).unwrap_or_default(),
            modified_ns: ns(stat.st_mtime, i128::from(stat.st_mtime_nsec)),
            changed_ns: ns(stat.st_ctime, i128::from(stat.st_ctime_nsec)),
            inode: stat.st_ino,
        }))
    }

    /// The stamp of `path` (following symbolic links, as reading it does),
    /// `None` when it is missing.
    pub fn read(path: &Path) -> std::io::Result<Option<Self>> {
        match std::fs::metadata(path) {
            Ok(metadata) => Ok(Some(Self::of(&metadata))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Whether the file had been left alone for `settle` when it was looked
    /// at, at `looked_at` (taken before any `stat` or read of it): only then
    /// does a later write of the same size show in the stamp.
    pub fn settled(&self, looked_at: SystemTime, settle: Duration) -> bool {
        let Some(limit) = looked_at.checked_sub(settle) else {
            return false;
        };
        let limit_ns = match limit.duration_since(UNIX_EPOCH) {
            Ok(since) => since.as_nanos() as i128,
            Err(before) => -(before.duration().as_nanos() as i128),
        };
        self.modified_ns <= limit_ns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_file_is_not_settled_and_a_rewrite_changes_the_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meta.json");
        std::fs::write(&path, b"one").unwrap();
        let first = FileStamp::read(&path).unwrap().unwrap();
        assert!(!first.settled(SystemTime::now(), SETTLE));
        assert!(first.settled(SystemTime::now() + SETTLE, SETTLE));
        crate::store::write_atomic(&path, b"two").unwrap();
        let second = FileStamp::read(&path).unwrap().unwrap();
        assert_ne!(first, second, "same size, new inode");
        let folder = std::fs::File::open(dir.path()).unwrap();
        assert_eq!(FileStamp::read_at(&folder, "meta.json").unwrap(), Some(second));
        assert_eq!(FileStamp::read_at(&folder, "gone").unwrap(), None);
        assert_eq!(FileStamp::read(&dir.path().join("gone")).unwrap(), None);
    }
}
