//! Workspace trust. A repository's `.zwarm/config.toml` comes with the
//! repository: whoever wrote it could name a program for zwarm to run
//! (`[codex] path`), pass the CLI flags that switch its sandbox off
//! (`[codex] args = ["--dangerously-bypass-approvals-and-sandbox"]`), or let
//! agents see secrets (`[claude] env`). Such settings take effect only in a
//! workspace the user has trusted with exactly what the file asks for now;
//! when the file asks for something else, trust is asked again.
//!
//! Trust is the user's, so it is kept in the user's own config folder
//! (`$ZWARM_CONFIG_DIR`, else e.g. `~/.config/zwarm/trusted-workspaces.json`),
//! never in the workspace.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::store::{write_atomic, Timestamp};

/// File name of the trust list in the user's zwarm config folder.
pub const TRUST_FILE: &str = "trusted-workspaces.json";

/// What a workspace's config asks for that needs the user's trust, one line
/// per setting as the user should read it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Wants {
    pub settings: Vec<String>,
}

impl Wants {
    pub fn is_empty(&self) -> bool {
        self.settings.is_empty()
    }

    /// Names exactly these settings: trust given to one fingerprint does not
    /// carry over to a file that asks for more or other things.
    pub fn fingerprint(&self) -> String {
        let mut hash = Sha256::new();
        for line in &self.settings {
            hash.update(line.as_bytes());
            hash.update([0]);
        }
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A workspace whose config asks for settings the user has not trusted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Untrusted {
    pub root: String,
    pub wants: Wants,
    pub fingerprint: String,
}

impl std::fmt::Display for Untrusted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}/.zwarm/config.toml asks for settings that choose programs, weaken the agents' sandbox or pass them secrets: {}. They take effect only in a workspace you trust: run `zwarm trust` in {} (or accept them in the app) once you have read them",
            self.root,
            self.wants.settings.join("; "),
            self.root
        )
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct TrustFile {
    /// Workspace root → what was trusted there.
    #[serde(default)]
    workspaces: BTreeMap<String, Trusted>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Trusted {
    fingerprint: String,
    settings: Vec<String>,
    trusted_at: Timestamp,
}

/// The user's list of trusted workspaces.
#[derive(Debug, Clone)]
pub struct TrustStore {
    path: PathBuf,
}

impl TrustStore {
    /// The current user's list (in [`user_config_dir`]).
    pub fn for_user() -> Option<Self> {
        Some(Self::at(user_config_dir()?.join(TRUST_FILE)))
    }

    pub fn at(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether `root` is trusted with exactly `wants`. An unreadable list
    /// trusts nothing.
    pub fn trusts(&self, root: &Path, wants: &Wants) -> bool {
        self.read().ok().is_some_and(|file| {
            file.workspaces
                .get(&key(root))
                .is_some_and(|t| t.fingerprint == wants.fingerprint())
        })
    }

    /// Trusts `root` with `wants` (replacing what it was trusted with before).
    pub fn trust(&self, root: &Path, wants: &Wants) -> std::io::Result<()> {
        self.change(|file| {
            file.workspaces.insert(
                key(root),
                Trusted {
                    fingerprint: wants.fingerprint(),
                    settings: wants.settings.clone(),
                    trusted_at: Timestamp::now(),
                },
            );
        })
    }

    /// Withdraws trust from `root`; returns whether it was trusted.
    pub fn revoke(&self, root: &Path) -> std::io::Result<bool> {
        let mut removed = false;
        self.change(|file| removed = file.workspaces.remove(&key(root)).is_some())?;
        Ok(removed)
    }

    fn read(&self) -> std::io::Result<TrustFile> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(std::io::Error::other),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(TrustFile::default()),
            Err(e) => Err(e),
        }
    }

    /// Read, change and write the list atomically under a lock, so two
    /// front ends trusting at once lose nothing.
    fn change(&self, f: impl FnOnce(&mut TrustFile)) -> std::io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(".trusted-workspaces.lock"))?;
        fs4::fs_std::FileExt::lock_exclusive(&lock)?;
        let mut file = self.read().map_err(|e| {
            std::io::Error::other(format!(
                "{} cannot be read ({e}); fix or remove it, then trust again",
                self.path.display()
            ))
        })?;
        f(&mut file);
        let json = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
        write_atomic(&self.path, &json)
    }
}

/// The user's own zwarm config folder: `$ZWARM_CONFIG_DIR`, else the
/// platform's (e.g. `~/.config/zwarm`). What only the user may decide lives
/// here, never in a workspace.
pub fn user_config_dir() -> Option<PathBuf> {
    std::env::var_os("ZWARM_CONFIG_DIR")
        .map(PathBuf::from)
        .or_else(|| dirs::config_dir().map(|d| d.join("zwarm")))
}

fn key(root: &Path) -> String {
    root.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wants(lines: &[&str]) -> Wants {
        Wants {
            settings: lines.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn trust_holds_for_exactly_what_was_asked() {
        let dir = tempfile::tempdir().unwrap();
        let store = TrustStore::at(dir.path().join("zwarm").join(TRUST_FILE));
        let root = Path::new("/work/repo");
        let asked = wants(&["[codex] path = \"/opt/codex\""]);
        assert!(!store.trusts(root, &asked));
        store.trust(root, &asked).unwrap();
        assert!(store.trusts(root, &asked));
        assert!(!store.trusts(Path::new("/work/other"), &asked));
        let more = wants(&[
            "[codex] path = \"/opt/codex\"",
            "[codex] args = [\"--yolo\"]",
        ]);
        assert!(
            !store.trusts(root, &more),
            "a file that asks for more is asked again"
        );
        assert!(store.revoke(root).unwrap());
        assert!(!store.trusts(root, &asked));
    }

    #[test]
    fn an_unreadable_list_trusts_nothing_and_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(TRUST_FILE);
        std::fs::write(&path, "{not json").unwrap();
        let store = TrustStore::at(path.clone());
        let asked = wants(&["x"]);
        assert!(!store.trusts(Path::new("/r"), &asked));
        assert!(store.trust(Path::new("/r"), &asked).is_err());
        assert_eq!(std::fs::read_to_string(path).unwrap(), "{not json");
    }
}
