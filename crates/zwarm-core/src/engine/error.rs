//! Everything that can go wrong in an engine operation, each with what to do.

use std::path::PathBuf;

use crate::cost::PricingError;
use crate::discovery::DiscoveryError;
use crate::launch::LaunchError;
use crate::store::StoreError;
use crate::supervisor::SpawnError;

use super::modes::UnknownMode;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Launch(#[from] LaunchError),
    #[error(transparent)]
    Spawn(#[from] SpawnError),
    #[error(transparent)]
    Mode(#[from] UnknownMode),
    #[error(transparent)]
    Cli(#[from] DiscoveryError),
    #[error(transparent)]
    Pricing(#[from] PricingError),
    #[error(transparent)]
    Config(#[from] super::ConfigError),
    #[error("{reason}")]
    BudgetSpent { reason: String },
    #[error("{0}")]
    Untrusted(Box<crate::trust::Untrusted>),
    #[error("the task is empty; write what the agent should do")]
    EmptyTask,
    #[error("the message is empty; write what the agent should do next")]
    EmptyMessage,
    #[error("session {id} is still running a turn; wait for it to finish or kill it first")]
    Busy { id: String },
    #[error("session {id} has no files recorded after turn {turn}: its files are recorded only while `[sessions] track_files` is on (the default) and git is installed")]
    NoTurnFiles { id: String, turn: u32 },
    #[error(transparent)]
    Files(#[from] crate::files::FilesError),
    #[error(transparent)]
    Worktree(#[from] crate::worktree::WorktreeError),
    #[error(transparent)]
    Race(#[from] crate::race::RaceError),
    #[error("session {id} does not run in a worktree of its own, so it has nothing to merge or remove")]
    NoWorktree { id: String },
    #[error("session {id} cannot be forked at turn {turn}: {why}")]
    Fork { id: String, turn: u32, why: String },
    #[error("session {id} names an unknown adapter {adapter:?}; zwarm knows codex and claude")]
    UnknownAdapter { id: String, adapter: String },
    #[error("folder {dir} lies outside the workspace {workspace}; pick a folder inside it")]
    OutsideWorkspace { dir: PathBuf, workspace: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("could not stop the processes of session {id}'s turn: {source}. If they belong to another user, kill them as that user; else try again")]
    Kill {
        id: String,
        #[source]
        source: std::io::Error,
    },
    #[error("could not watch {path} for changes: {source}. The system's inotify limits may be reached: raise fs.inotify.max_user_watches and fs.inotify.max_user_instances (sysctl), or close other programs that watch many files, then open the workspace again")]
    Watch {
        path: PathBuf,
        #[source]
        source: notify::Error,
    },
    #[error("could not start zwarm's {what} thread: {source}. The system is short of threads or memory: close some programs and try again")]
    Thread {
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("\"Ask me\" mode needs zwarm's own helper program to ask you, and this program does not know where it is; start the session from the zwarm app or the `zwarm` command")]
    NoHelper,
}
