//! Races: one task given to several agents at once, each in a git worktree
//! of its own (`crate::worktree`), then compared side by side so the user
//! keeps the best result.
//!
//! A race is a record, `.zwarm/races/<id>.json`, naming the task, the base
//! it branched from, the optional check command and its entrants: which
//! agent (and model) ran it, as which session. The sessions are ordinary
//! sessions with a `race` link in their `meta.json`, so listing, watching,
//! continuing and deleting them work as for any other. What a comparison
//! shows (status, time, tokens, cost, files and diffs) is read from the
//! sessions and their worktrees when asked, never copied into the record:
//! only what nothing else keeps is recorded here, the check results and the
//! entrant kept.
//!
//! [`Engine::race_start`](crate::engine::Engine::race_start) starts it,
//! [`race_show`](crate::engine::Engine::race_show) compares,
//! [`race_check`](crate::engine::Engine::race_check) runs the check in each
//! ended entrant's worktree, and [`race_keep`](crate::engine::Engine::race_keep)
//! merges the winner home and removes the others' worktrees.

mod check;
mod compare;
mod keep;
mod start;
mod store;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::agents::Adapter;
use crate::store::Timestamp;
use crate::worktree::MergeOutcome;

pub use check::{CHECK_OUTPUT_CHARS, CHECK_TIMEOUT};
pub use compare::{EntrantView, RaceComparison, RaceListing};
pub use keep::{DirtyEntrant, KeepOutcome, KeepRefusal};
pub use start::{EntrantRequest, RaceRequest, RaceStarted};
pub use store::{HeldRace, RaceFiles, RaceStore};

/// A race as its file records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Race {
    /// A uuid, also the file's name.
    pub id: String,
    /// The task every entrant was given.
    pub task: String,
    pub created_at: Timestamp,
    /// The branch the worktrees were made from; `None`: the HEAD of the
    /// moment the race started.
    pub base: Option<String>,
    /// Run with `sh -c` in each entrant's worktree to judge it (the
    /// project's tests, say); `None` when the race has none.
    pub check: Option<String>,
    pub entrants: Vec<Entrant>,
    /// The entrant whose work was merged home, once one was.
    pub kept: Option<KeptWinner>,
}

/// One agent of a race.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Entrant {
    pub adapter: Adapter,
    /// `None`: the CLI's own default model.
    pub model: Option<String>,
    /// The session it runs as; `None` when it could not be started.
    pub session_id: Option<String>,
    /// Why it could not be started.
    pub start_error: Option<String>,
    /// The last check run in its worktree.
    pub check: Option<CheckResult>,
}

/// What the check command said in one entrant's worktree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CheckResult {
    pub command: String,
    /// `None` when it was killed (it ran past [`CHECK_TIMEOUT`]) or could
    /// not be run at all (then `output` says why).
    pub exit_code: Option<i32>,
    pub timed_out: bool,
    /// Exit code 0.
    pub passed: bool,
    /// Its combined stdout and stderr, cut to about [`CHECK_OUTPUT_CHARS`]
    /// characters (head and tail).
    pub output: String,
    pub ran_at: Timestamp,
    pub duration_ms: u64,
}

/// The entrant kept: merged into the base branch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KeptWinner {
    pub session_id: String,
    pub kept_at: Timestamp,
    pub merge: MergeOutcome,
    /// The other entrants whose worktrees were removed.
    pub removed: Vec<String>,
    /// The other entrants whose worktrees could not be removed, with why
    /// (they stay listed by `zwarm worktree list` for the user to judge).
    pub not_removed: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RaceError {
    #[error("no race matches {prefix:?}; `zwarm race list` shows the races of this workspace")]
    NotFound { prefix: String },
    #[error("{prefix:?} matches several races ({}); give more of the id", .matches.join(", "))]
    Ambiguous { prefix: String, matches: Vec<String> },
    #[error("{path} is not a race zwarm can read ({source}); delete the file or restore it")]
    Corrupt {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("could not {doing} {path}: {source}")]
    Io {
        doing: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("write the task the agents should race on first")]
    NoTask,
    #[error("a race needs at least two entrants (two agents, or one agent with two models); it has {count}")]
    TooFewEntrants { count: usize },
    #[error("session {session} is not an entrant of race {race}")]
    NotAnEntrant { race: String, session: String },
    #[error("race {race} already kept session {session}")]
    AlreadyKept { race: String, session: String },
    #[error("race {race} has no check command; give one (`zwarm race check {race} --command CMD`)")]
    NoCheck { race: String },
}

impl Race {
    /// First 8 characters of the id, as ids are shown.
    pub fn short_id(&self) -> &str {
        self.id.get(..8).unwrap_or(&self.id)
    }

    /// The entrant that runs as `session` (an id or a unique prefix of one).
    pub fn entrant_of(&self, session: &str) -> Result<&Entrant, RaceError> {
        let mut found = self
            .entrants
            .iter()
            .filter(|e| e.session_id.as_deref().is_some_and(|id| !session.is_empty() && id.starts_with(session)));
        match (found.next(), found.next()) {
            (Some(entrant), None) => Ok(entrant),
            _ => Err(RaceError::NotAnEntrant {
                race: self.short_id().to_string(),
                session: session.to_string(),
            }),
        }
    }
}
