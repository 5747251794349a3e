//! Orchestrate: the pilot's LLM working alone on a task ([`run`]), with a
//! shell of its own ([`shell`]) and watchers that keep it on course
//! ([`watchers`]). Runs are stored like pilots, one node per step.

mod options;
mod removal;
pub mod run;
pub mod shell;
mod steps;
mod tools;
pub mod watchers;

pub use options::{RunOptions, RunRequest};
pub use run::{Orchestrator, RunEvent, RunState, RunStatus};
pub use shell::{run_shell, ShellLimits, ShellResult};
pub use watchers::{Intervention, ProgressConfig, WatcherAction, WatcherConfig, Watchers};

#[cfg(test)]
mod tests;
