//! Crash-safe file replacement.
//!
//! zwarm rewrote meta.json in place, so a crash or a concurrent reader could see
//! a truncated file (§10.7). Here a reader sees either the old or the new file:
//! the content goes to a temporary file in the same folder (a rename is atomic
//! only within one file system), is flushed to disk, and is renamed over the
//! target; the folder is then flushed so the rename itself survives a power cut.

use std::io::Write;
use std::path::Path;

/// Prefix of the temporary files, so tools can recognize leftovers of a crash.
pub const TEMP_PREFIX: &str = ".tmp-";

/// Replaces `path` with `contents` atomically. On failure the temporary file is
/// removed and `path` is left as it was.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|err| err.error)?;
    sync_dir(dir)
}

/// Flushes a folder's entries (the rename) to disk. Windows has no such call:
/// `MoveFileEx` is already durable enough there.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("meta.json");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["meta.json".to_string()]);
    }

    #[test]
    fn failure_leaves_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("meta.json");
        write_atomic(&target, b"keep").unwrap();
        let missing = dir.path().join("gone").join("meta.json");
        assert!(write_atomic(&missing, b"x").is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"keep");
    }
}
