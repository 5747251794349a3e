//! The paging index: turn files kept folded in memory, so that a page of a
//! long transcript is a slice, not a parse of the whole file.
//!
//! A line's byte offset is not an entry's index (an item that starts and
//! later completes is one entry, updated in place), so what is kept is the
//! folded [`TurnLog`] itself, stamped with the file's identity, length and
//! modification time. A file that only grew (a running turn) is folded on
//! from where the last read stopped; one replaced, rewritten or shrunk is
//! read again whole. Either way the entries equal a parse of the whole file
//! as it is now.
//!
//! Memory is bounded by the bytes of the files kept (about twice that in
//! folded entries); the least recently used go first, but the one just read
//! always stays, or scrolling through it would parse it for every page.
//! What evicted files held is remembered as counts, so the total of a long
//! session stays cheap.

use std::collections::HashMap;
use std::fs::{File, Metadata};
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::agents::{Adapter, TurnLog};

use super::{EngineError, EngineResult};

/// Turn file bytes kept folded: a 50,000-event turn is about 10 MB of file
/// and twice that in memory, and the app should stay well under 300 MB.
const KEPT_BYTES: u64 = 32 * 1024 * 1024;

/// Bytes at the start of a file compared before folding on: a rewritten
/// file that merely came out longer is read again, not appended to.
const HEAD_BYTES: usize = 256;

/// One version of a turn file, as far as its metadata tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    dev: u64,
    ino: u64,
}

impl Stamp {
    fn new(meta: &Metadata, len: u64) -> Self {
        Stamp {
            len,
            modified: meta.modified().ok(),
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }

    /// The stamp of the file at `path` now; `None` when there is none (a
    /// turn that has not written anything yet reads as empty).
    pub(super) fn of(path: &Path) -> EngineResult<Option<Stamp>> {
        match std::fs::metadata(path) {
            Ok(meta) => Ok(Some(Stamp::new(&meta, meta.len()))),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(io_error(path, source)),
        }
    }

    /// Whether `now` is this file with bytes appended.
    fn grew_into(&self, now: &Stamp) -> bool {
        self.dev == now.dev && self.ino == now.ino && now.len > self.len
    }
}

/// A turn file folded up to `stamp.len` bytes.
struct Folded {
    stamp: Stamp,
    log: Arc<TurnLog>,
    head: Vec<u8>,
    /// The file ended mid-line and that line was read as the last one (as a
    /// whole-file parse does): bytes appended later continue it, so the file
    /// must then be read again whole.
    cut: bool,
}

impl Folded {
    fn read(adapter: Adapter, path: &Path) -> EngineResult<Option<Folded>> {
        let mut file = match File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(io_error(path, source)),
        };
        let meta = file.metadata().map_err(|e| io_error(path, e))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)
            .map_err(|e| io_error(path, e))?;
        let mut log = TurnLog::new(adapter);
        log.push_bytes(&bytes);
        log.finish();
        Ok(Some(Folded {
            stamp: Stamp::new(&meta, bytes.len() as u64),
            head: bytes[..bytes.len().min(HEAD_BYTES)].to_vec(),
            cut: !bytes.is_empty() && !bytes.ends_with(b"\n"),
            log: Arc::new(log),
        }))
    }

    /// Folds what was appended since the last read; `None` when the file
    /// turns out not to be this one grown (then it is read whole).
    fn extend(mut self, path: &Path) -> EngineResult<Option<Folded>> {
        if self.cut {
            return Ok(None);
        }
        let mut file = match File::open(path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => return Err(io_error(path, source)),
        };
        let meta = file.metadata().map_err(|e| io_error(path, e))?;
        if !self.stamp.grew_into(&Stamp::new(&meta, meta.len())) {
            return Ok(None);
        }
        let mut head = vec![0; self.head.len()];
        match file.read_exact(&mut head) {
            Ok(()) if head == self.head => {}
            Ok(()) => return Ok(None),
            Err(error) if error.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(source) => return Err(io_error(path, source)),
        }
        file.seek(SeekFrom::Start(self.stamp.len))
            .map_err(|e| io_error(path, e))?;
        let mut added = Vec::new();
        file.read_to_end(&mut added)
            .map_err(|e| io_error(path, e))?;
        let log = Arc::make_mut(&mut self.log);
        log.push_bytes(&added);
        log.finish();
        let len = self.stamp.len + added.len() as u64;
        if self.head.len() < HEAD_BYTES {
            let more = (HEAD_BYTES - self.head.len()).min(added.len());
            self.head.extend_from_slice(&added[..more]);
        }
        self.cut = !added.is_empty() && !added.ends_with(b"\n");
        self.stamp = Stamp::new(&meta, len);
        Ok(Some(self))
    }
}

/// The folded turn files, most recently used last, and the counts of every
/// turn file folded so far.
pub(super) struct TurnIndex {
    folded: Vec<(PathBuf, Folded)>,
    counts: HashMap<PathBuf, (Stamp, usize, u64)>,
    kept_bytes: u64,
}

impl Default for TurnIndex {
    fn default() -> Self {
        Self::keeping(KEPT_BYTES)
    }
}

impl TurnIndex {
    fn keeping(kept_bytes: u64) -> Self {
        TurnIndex {
            folded: Vec::new(),
            counts: HashMap::new(),
            kept_bytes,
        }
    }

    /// Entries and malformed lines of the file at `path` when it is still
    /// as it was last folded.
    pub(super) fn counts(&self, path: &Path, stamp: &Stamp) -> Option<(usize, u64)> {
        self.counts
            .get(path)
            .filter(|(known, _, _)| known == stamp)
            .map(|(_, count, bad)| (*count, *bad))
    }

    fn take(&mut self, path: &Path) -> Option<Folded> {
        let at = self.folded.iter().position(|(p, _)| p == path)?;
        Some(self.folded.remove(at).1)
    }

    fn put(&mut self, path: &Path, folded: Folded) {
        self.counts.insert(
            path.to_path_buf(),
            (
                folded.stamp,
                folded.log.entries().len(),
                folded.log.malformed_lines(),
            ),
        );
        self.folded.retain(|(p, _)| p != path);
        self.folded.push((path.to_path_buf(), folded));
        let mut total: u64 = self.folded.iter().map(|(_, f)| f.stamp.len).sum();
        while total > self.kept_bytes && self.folded.len() > 1 {
            let (_, evicted) = self.folded.remove(0);
            total -= evicted.stamp.len;
        }
    }

    fn hit(&mut self, path: &Path, stamp: &Stamp) -> Option<Arc<TurnLog>> {
        let at = self
            .folded
            .iter()
            .position(|(p, f)| p == path && f.stamp == *stamp)?;
        let entry = self.folded.remove(at);
        let log = Arc::clone(&entry.1.log);
        self.folded.push(entry);
        Some(log)
    }
}

/// The file at `path` folded as it is now: from the index when unchanged,
/// folded on when it only grew, else read whole. A missing file is empty.
pub(super) fn folded(
    index: &Mutex<TurnIndex>,
    adapter: Adapter,
    path: &Path,
) -> EngineResult<Arc<TurnLog>> {
    let Some(stamp) = Stamp::of(path)? else {
        return Ok(Arc::new(TurnLog::new(adapter)));
    };
    let known = match index.lock() {
        Ok(mut index) => match index.hit(path, &stamp) {
            Some(log) => return Ok(log),
            None => index.take(path),
        },
        Err(_) => None,
    };
    let grown = match known {
        Some(known) if known.log.adapter() == adapter && known.stamp.grew_into(&stamp) => {
            known.extend(path)?
        }
        _ => None,
    };
    let folded = match grown {
        Some(folded) => folded,
        None => match Folded::read(adapter, path)? {
            Some(folded) => folded,
            None => return Ok(Arc::new(TurnLog::new(adapter))),
        },
    };
    let log = Arc::clone(&folded.log);
    if let Ok(mut index) = index.lock() {
        index.put(path, folded);
    }
    Ok(log)
}

fn io_error(path: &Path, source: std::io::Error) -> EngineError {
    EngineError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests;
