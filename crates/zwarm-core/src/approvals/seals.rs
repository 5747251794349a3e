//! Why a workspace's "always" rules are believed. The rules file lives in
//! the workspace (`.zwarm/approval-rules.json`), which a repository may bring
//! along: rules written by someone else must never approve anything. So each
//! time zwarm writes the file for the user it records the file's SHA-256 in
//! the user's own config folder (`approval-seals.json`, beside the list of
//! trusted workspaces), and the rules apply only while the file is exactly
//! what was recorded.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::store::write_atomic;

const SEALS_FILE: &str = "approval-seals.json";

/// The user's record of the rules files zwarm wrote.
#[derive(Debug, Clone)]
pub(super) struct Seals {
    path: PathBuf,
}

impl Seals {
    /// The current user's (`None`: the user has no config folder).
    pub(super) fn for_user() -> Option<Self> {
        Some(Self::at(crate::trust::user_config_dir()?.join(SEALS_FILE)))
    }

    pub(super) fn at(path: PathBuf) -> Self {
        Self { path }
    }

    /// Whether `bytes` are what zwarm last wrote to the rules file `rules`.
    pub(super) fn holds(&self, rules: &Path, bytes: &[u8]) -> bool {
        self.read()
            .ok()
            .and_then(|seals| seals.get(&key(rules)).cloned())
            .is_some_and(|sealed| sealed == digest(bytes))
    }

    /// Records `bytes` as what zwarm wrote to `rules`, under a lock.
    pub(super) fn seal(&self, rules: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(".approval-seals.lock"))?;
        fs4::fs_std::FileExt::lock_exclusive(&lock)?;
        // An unreadable record is replaced: at worst, older rules files ask again.
        let mut seals = self.read().unwrap_or_default();
        seals.insert(key(rules), digest(bytes));
        let json = serde_json::to_vec_pretty(&seals).map_err(std::io::Error::other)?;
        write_atomic(&self.path, &json)
    }

    fn read(&self) -> std::io::Result<BTreeMap<String, String>> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(std::io::Error::other),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(e),
        }
    }
}

fn key(rules: &Path) -> String {
    rules.display().to_string()
}

fn digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
