//! What an orchestrator run keeps in its checkpoints: its state in
//! `pilot.json` and its watchers' interventions on each step's node. The
//! types live here, beside the files that hold them, so the store never
//! names the orchestrator that writes them (`orchestrate` re-exports them).

use serde::{Deserialize, Serialize};

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Running,
    /// Waits for the user to resume it.
    Paused,
    /// The LLM called `finish`.
    Finished,
    /// A limit, a watcher or the user ended it.
    Stopped,
    /// An error the run cannot get past (a rejected key, a server that keeps failing).
    Failed,
}

/// A run's task, limits and state, kept in its `pilot.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RunState {
    pub task: String,
    pub status: RunStatus,
    /// Why it is not running: the summary it finished with, the limit, the watcher.
    pub reason: Option<String>,
    pub max_steps: u32,
    pub budget_usd: Option<f64>,
    /// Whether the run has its own shell tool.
    pub shell: bool,
    pub steps: u32,
}

/// What a watcher does when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum WatcherAction {
    /// Tell the LLM (as a user message before its next call).
    Message,
    /// Pause the run until the user resumes it.
    Pause,
    /// End the run.
    Stop,
}

/// One intervention, kept in the run's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Intervention {
    /// `progress`, `budget`, `delegation` or `reminder`.
    pub watcher: String,
    pub action: WatcherAction,
    /// Why it fired, for the user.
    pub reason: String,
    /// What the LLM is told.
    pub message: String,
}
