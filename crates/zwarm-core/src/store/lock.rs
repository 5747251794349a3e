//! Per-session exclusive lock shared by every process that writes a session.
//!
//! The app, the `zwarm` CLI and several windows may update one session at the
//! same time; without a lock, two read-modify-write cycles interleave and one
//! update is lost (zwarm's §10.7). The lock is an advisory `flock` on a
//! `meta.lock` file beside meta.json: meta.json itself is replaced by rename on
//! every write, so a lock on it would protect a file that no longer exists.
//! The OS releases the lock when the holder exits, so a crash cannot leave a
//! session locked forever.

use std::fs::{File, OpenOptions};
use std::path::Path;

use super::error::{StoreError, StoreResult};

/// Name of the lock file inside a session folder.
pub const LOCK_FILE: &str = "meta.lock";

/// Holds a session's lock until dropped.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
}

impl SessionLock {
    /// Blocks until this process holds the exclusive lock of the session in
    /// `session_dir`. Fails with `NotFound` when the folder is gone (the
    /// session was deleted while we waited).
    pub fn acquire(session_dir: &Path, id: &str) -> StoreResult<Self> {
        let path = session_dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|err| match err.kind() {
                std::io::ErrorKind::NotFound => StoreError::NotFound {
                    prefix: id.to_string(),
                },
                _ => StoreError::io("open the lock file", &path, err),
            })?;
        fs4::fs_std::FileExt::lock_exclusive(&file)
            .map_err(|err| StoreError::io("lock", &path, err))?;
        Ok(Self { file })
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Closing the file releases the lock anyway; unlocking first only makes
        // the release immediate. There is nobody to report a failure to.
        let _ = fs4::fs_std::FileExt::unlock(&self.file);
    }
}
