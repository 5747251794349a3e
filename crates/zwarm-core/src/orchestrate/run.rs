//! An autonomous run: the LLM works on a task alone, one step (one LLM call
//! and its tools) at a time, until it calls `finish`, a limit is reached or a
//! watcher stops it. Every step is a node of the run's checkpoint graph (the
//! same store as a pilot's), and the run's state lives in its `pilot.json`,
//! so pause, stop and resume work across windows, the CLI and restarts.

use std::sync::Arc;

use serde::Serialize;
use zwarm_llm::StreamEvent;

use super::options::RunOptions;
use super::shell::ShellLimits;
use super::watchers::{Intervention, WatcherConfig};
pub use crate::checkpoints::{RunState, RunStatus};
use crate::checkpoints::{Node, PilotMeta, PilotStore, PilotStoreError};
use crate::engine::Engine;
use crate::pilot::{PilotConfig, PilotError, PilotSettings};

/// Runs orchestrator runs of one workspace.
pub struct Orchestrator {
    pub(super) engine: Arc<Engine>,
    pub(super) store: PilotStore,
    pub(super) settings: PilotSettings,
    pub(super) watchers: WatcherConfig,
    pub(super) shell_limits: ShellLimits,
}

impl Orchestrator {
    pub fn new(engine: Arc<Engine>, settings: PilotSettings, watchers: WatcherConfig) -> Self {
        let store = PilotStore::new(engine.workspace().state_dir());
        Self {
            engine,
            store,
            settings,
            watchers,
            shell_limits: ShellLimits::default(),
        }
    }

    pub fn with_shell_limits(mut self, limits: ShellLimits) -> Self {
        self.shell_limits = limits;
        self
    }

    /// An orchestrator as the workspace's config sets it up: `[pilot]` and
    /// `[budget]` for its tools, `[watchers]`, and `[orchestrate]`'s shell
    /// limits.
    pub fn from_config(engine: Arc<Engine>, config: &PilotConfig) -> Self {
        Self::new(engine, config.settings.clone(), config.watchers)
            .with_shell_limits(ShellLimits::from(&config.orchestrate))
    }

    pub fn store(&self) -> &PilotStore {
        &self.store
    }

    /// Creates a run (status running, no step yet). A blank task is
    /// refused: the run would have nothing to do.
    pub fn create(&self, options: RunOptions) -> Result<PilotMeta, PilotError> {
        if options.task.trim().is_empty() {
            return Err(PilotError::EmptyTask);
        }
        let name = format!(
            "run: {}",
            options
                .task
                .lines()
                .next()
                .unwrap_or_default()
                .chars()
                .take(60)
                .collect::<String>()
        );
        let meta = self.store.create(&name, options.model, false)?;
        let run = RunState {
            task: options.task,
            status: RunStatus::Running,
            reason: None,
            max_steps: options.max_steps.max(1),
            budget_usd: options.budget_usd,
            shell: options.shell,
            steps: 0,
        };
        Ok(self.store.update(&meta.id, |m, _| {
            m.budget_usd = run.budget_usd;
            m.run = Some(run);
            Ok(())
        })?)
    }

    /// Every run of the workspace.
    pub fn runs(&self) -> Result<Vec<PilotMeta>, PilotError> {
        Ok(self
            .store
            .list()?
            .0
            .into_iter()
            .filter(|m| m.run.is_some())
            .collect())
    }

    /// Sets a run's status (pause, resume, stop) with a reason.
    pub fn set_status(
        &self,
        run_id: &str,
        status: RunStatus,
        reason: Option<String>,
    ) -> Result<PilotMeta, PilotError> {
        set_run_status(&self.store, run_id, status, reason)
    }
}

/// Sets a run's status with a reason, under the run's lock.
pub(super) fn set_run_status(
    store: &PilotStore,
    run_id: &str,
    status: RunStatus,
    reason: Option<String>,
) -> Result<PilotMeta, PilotError> {
    Ok(store.update(run_id, |m, _| {
        let Some(run) = m.run.as_mut() else {
            return Err(PilotStoreError::NotFound(run_id.to_string()));
        };
        run.status = status;
        run.reason = reason;
        Ok(())
    })?)
}

/// What a running run reports, for live display.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RunEvent {
    StepStarted {
        step: u32,
    },
    Llm {
        event: StreamEvent,
    },
    ToolStarted {
        call_id: String,
        name: String,
        arguments: serde_json::Value,
    },
    ToolFinished {
        call_id: String,
        name: String,
        output: String,
        is_error: bool,
    },
    Intervention {
        intervention: Intervention,
    },
    StepFinished {
        node: Box<Node>,
    },
}
