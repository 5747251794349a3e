//! What the watcher last read from a file, kept while the file is unchanged,
//! so touching or re-announcing a file costs a `stat`, not a read and a parse.

use std::collections::HashMap;
use std::hash::Hash;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// A file modified this recently may change again within the same tick of
/// the file system's clock without its stamp changing (git's "racily clean"
/// files): what was read from it is not kept.
const RACY: Duration = Duration::from_secs(1);

/// A file's version as the file system tells it: size, modification and
/// change times, and inode (an atomic rewrite is a new inode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FileStamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
}

impl FileStamp {
    /// The stamp of `path`, `None` when it cannot be read.
    pub(super) fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Self {
            len: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
            inode: meta.ino(),
        })
    }

    fn is_racy(&self, now: SystemTime) -> bool {
        let modified = SystemTime::UNIX_EPOCH
            + Duration::new(
                u64::try_from(self.modified.0).unwrap_or(0),
                u32::try_from(self.modified.1).unwrap_or(0),
            );
        now.duration_since(modified).map_or(true, |age| age < RACY)
    }
}

/// The last value read from each file, with the file's stamp at that read.
pub(super) struct Stamped<K, V> {
    entries: HashMap<K, (FileStamp, V)>,
}

impl<K: Eq + Hash + Clone, V: Clone> Stamped<K, V> {
    pub(super) fn new() -> Self {
        Self {
            entries: HashMap::new(),
        }
    }

    /// What `path` holds for `key`: the value kept from the last read while
    /// the file's stamp is unchanged, else a fresh `read()`. The stamp is
    /// taken before reading, so a change during the read makes the next call
    /// read again.
    pub(super) fn get_or_read<E>(
        &mut self,
        key: &K,
        path: &Path,
        read: impl FnOnce() -> Result<V, E>,
    ) -> Result<V, E> {
        let stamp = FileStamp::of(path);
        if let (Some(stamp), Some((kept, value))) = (stamp, self.entries.get(key)) {
            if *kept == stamp {
                return Ok(value.clone());
            }
        }
        let value = read()?;
        match stamp {
            Some(stamp) if !stamp.is_racy(SystemTime::now()) => {
                self.entries.insert(key.clone(), (stamp, value.clone()));
            }
            _ => {
                self.entries.remove(key);
            }
        }
        Ok(value)
    }

    pub(super) fn forget(&mut self, key: &K) {
        self.entries.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::fs::{File, FileTimes};

    use super::*;

    /// Writes `text` to `path` as the store does (a new file renamed over the
    /// old), always dated at the same moment in the past, so the read is not
    /// racy and the modification time alone cannot tell two writes apart.
    fn write_old(path: &Path, text: &str) {
        let temp = path.with_extension("tmp");
        std::fs::write(&temp, text).unwrap();
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        File::options()
            .write(true)
            .open(&temp)
            .unwrap()
            .set_times(FileTimes::new().set_modified(old))
            .unwrap();
        std::fs::rename(&temp, path).unwrap();
    }

    fn read_counted(
        cache: &mut Stamped<&'static str, String>,
        path: &Path,
        reads: &Cell<u32>,
    ) -> String {
        cache
            .get_or_read(&"s", path, || {
                reads.set(reads.get() + 1);
                std::fs::read_to_string(path)
            })
            .unwrap()
    }

    #[test]
    fn an_unchanged_file_is_read_once_a_rewritten_one_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meta.json");
        write_old(&path, "{\"status\":\"running\"}");
        let reads = Cell::new(0);
        let mut cache = Stamped::new();
        for _ in 0..5 {
            assert_eq!(
                read_counted(&mut cache, &path, &reads),
                "{\"status\":\"running\"}"
            );
        }
        assert_eq!(reads.get(), 1, "an unchanged file is not read again");

        // Same size, same (old) modification time: the change time and
        // the inode tell.
        write_old(&path, "{\"status\":\"stopped\"}");
        read_counted(&mut cache, &path, &reads);
        assert_eq!(reads.get(), 2, "a rewritten file is read again");
    }

    #[test]
    fn a_file_modified_just_now_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("meta.json");
        std::fs::write(&path, "{}").unwrap();
        let reads = Cell::new(0);
        let mut cache = Stamped::new();
        read_counted(&mut cache, &path, &reads);
        read_counted(&mut cache, &path, &reads);
        assert_eq!(reads.get(), 2);
    }

    #[test]
    fn a_missing_file_is_read_every_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gone.json");
        let mut cache: Stamped<&str, String> = Stamped::new();
        for _ in 0..2 {
            assert!(cache
                .get_or_read(&"s", &path, || std::fs::read_to_string(&path))
                .is_err());
        }
    }
}
