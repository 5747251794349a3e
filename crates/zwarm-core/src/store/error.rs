//! Errors of the session store, each phrased so the user knows what to do next.

use std::path::PathBuf;

/// Why a session could not be created, read, updated or removed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("could not {action} {path}: {source}; check that the folder exists and that you may write to it")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not valid session metadata ({source}); fix the file by hand or delete the session folder (its turn logs are not needed by other sessions)")]
    Corrupt {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("could not encode the metadata of session {id}: {source}; this is a bug in zwarm, please report it")]
    Encode {
        id: String,
        #[source]
        source: serde_json::Error,
    },
    #[error(
        "no session matches `{prefix}`; run `zwarm sessions` to see the ids of this workspace"
    )]
    NotFound { prefix: String },
    #[error(
        "an empty session id matches every session; give at least the first characters of an id"
    )]
    EmptyPrefix,
    #[error("`{prefix}` matches {} sessions ({}); type more characters of the id", matches.len(), matches.join(", "))]
    Ambiguous {
        prefix: String,
        matches: Vec<String>,
    },
    #[error("`{id}` is not a session id (ids are made of letters, digits, `-` and `_`); copy the id from `zwarm sessions`")]
    InvalidId { id: String },
}

impl StoreError {
    /// Wraps an I/O error with what we were doing and on which path.
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        StoreError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;
