//! Why recording or restoring a workspace's files failed.

use std::path::{Path, PathBuf};

/// Why the files of a checkpoint could not be recorded, compared or restored.
/// Every message says what to do; git's own words are included when git failed.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error(
        "git was not found on PATH; install it (apt install git) to record files with checkpoints"
    )]
    GitMissing,
    #[error("could not run git ({program}): {source}; check that it is an executable git")]
    GitSpawn {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("`git {command}` failed ({status}) while {doing}: {stderr}")]
    Git {
        command: String,
        doing: &'static str,
        status: String,
        stderr: String,
    },
    #[error("git printed output zwarm could not read ({what}): {detail}; is this a recent git (2.32 or newer)?")]
    Unexpected { what: &'static str, detail: String },
    #[error("could not {action} {path}: {source}; check that the folder exists and that you may write to it")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{0}` is not a recorded set of files in this workspace; pick a checkpoint that recorded files")]
    UnknownCommit(String),
    #[error("the backup of the files could not be recorded ({0}); no file was changed")]
    BackupNotRecorded(String),
    #[error("restoring the files stopped half-way ({source}); the files as they were are kept in snapshot {backup_commit}: restore it to go back")]
    RestoreIncomplete {
        backup_commit: String,
        #[source]
        source: Box<FilesError>,
    },
}

pub type FilesResult<T> = Result<T, FilesError>;

pub(super) fn io(action: &'static str, path: &Path, source: std::io::Error) -> FilesError {
    FilesError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}
