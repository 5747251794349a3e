//! A workspace is the project folder the user drives agents in.
//!
//! zwarm keeps all of its state for a workspace under `<root>/.zwarm/`, in the
//! layout the Python zwarm uses, so both tools can read each other's folders.

use std::path::{Path, PathBuf};

/// Name of the state folder inside a workspace (fixed: zwarm 3.x hard-codes it).
pub const STATE_DIR_NAME: &str = ".zwarm";

/// Why a folder cannot be opened as a workspace.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("workspace folder {path} does not exist or cannot be read: {source}; pick an existing folder")]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is a file, not a folder; open the folder that contains your project")]
    NotADirectory { path: PathBuf },
}

/// An opened workspace: an existing folder, with its path made absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    root: PathBuf,
}

impl Workspace {
    /// Opens `path` as a workspace. The path is canonicalized so that two ways of
    /// naming one folder (relative, through a symlink) give the same workspace.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, WorkspaceError> {
        let path = path.as_ref();
        let root = std::fs::canonicalize(path).map_err(|source| WorkspaceError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        if !root.is_dir() {
            return Err(WorkspaceError::NotADirectory { path: root });
        }
        Ok(Self { root })
    }

    /// The workspace folder, absolute.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `<root>/.zwarm`, where sessions, pilots and settings of this workspace live.
    /// It is not created here: opening a folder must not write into it.
    pub fn state_dir(&self) -> PathBuf {
        self.root.join(STATE_DIR_NAME)
    }

    /// Holds the workspace's settings lock until dropped: every
    /// read-modify-write of `.zwarm/config.toml` and `.zwarm/pricing.toml`
    /// takes it, so the app and `zwarm` editing at once lose nothing. (An
    /// advisory `flock` on `.zwarm/settings.lock`; the files themselves are
    /// replaced by rename, so a lock on them would guard a file that is gone.)
    pub fn settings_lock(&self) -> std::io::Result<SettingsLock> {
        let dir = self.state_dir();
        std::fs::create_dir_all(&dir)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join("settings.lock"))?;
        fs4::fs_std::FileExt::lock_exclusive(&file)?;
        Ok(SettingsLock { _file: file })
    }

    /// A summary for display.
    pub fn info(&self) -> WorkspaceInfo {
        WorkspaceInfo {
            root: self.root.display().to_string(),
            name: self
                .root
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| self.root.display().to_string()),
            has_state: self.state_dir().is_dir(),
        }
    }
}

/// See [`Workspace::settings_lock`]; closing the file releases the lock.
#[derive(Debug)]
pub struct SettingsLock {
    _file: std::fs::File,
}

/// What the UI shows about a workspace.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorkspaceInfo {
    /// Absolute path of the folder.
    pub root: String,
    /// The folder's own name, for titles and tabs.
    pub name: String,
    /// Whether the folder already has a `.zwarm/` state folder (zwarm used it before).
    pub has_state: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_canonicalizes_and_reports_state() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("proj");
        std::fs::create_dir(&nested).unwrap();
        let ws = Workspace::open(nested.join("..").join("proj")).unwrap();
        assert_eq!(ws.root(), std::fs::canonicalize(&nested).unwrap());
        assert_eq!(ws.info().name, "proj");
        assert!(!ws.info().has_state);
        std::fs::create_dir(ws.state_dir()).unwrap();
        assert!(ws.info().has_state);
    }

    #[test]
    fn open_rejects_missing_folder_and_files_with_a_hint() {
        let dir = tempfile::tempdir().unwrap();
        let err = Workspace::open(dir.path().join("missing")).unwrap_err();
        assert!(matches!(err, WorkspaceError::Unreadable { .. }));
        assert!(err.to_string().contains("pick an existing folder"));

        let file = dir.path().join("file.txt");
        std::fs::write(&file, "x").unwrap();
        let err = Workspace::open(&file).unwrap_err();
        assert!(matches!(err, WorkspaceError::NotADirectory { .. }));
    }

    #[test]
    fn info_serializes_in_snake_case_like_all_domain_types() {
        let info = WorkspaceInfo {
            root: "/w".into(),
            name: "w".into(),
            has_state: true,
        };
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(json["has_state"], true);
    }
}
