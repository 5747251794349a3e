//! An autonomous run: the LLM works on a task alone, one step (one LLM call
//! and its tools) at a time, until it calls `finish`, a limit is reached or a
//! watcher stops it. Every step is a node of the run's checkpoint graph (the
//! same store as a pilot's), and the run's state lives in its `pilot.json`,
//! so pause, stop and resume work across windows, the CLI and restarts.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use zwarm_llm::{CancellationToken, Item, LlmClient, LlmError, StreamEvent};

use super::options::RunOptions;
use super::shell::ShellLimits;
use super::steps::{pending_at_head, RunPolicy};
use super::tools::{RunTools, Shell};
use super::watchers::{CallRecord, Intervention, RunFacts, StepRecord, WatcherConfig, Watchers};
use crate::checkpoints::{Node, PilotMeta, PilotStore, PilotStoreError};
use crate::engine::Engine;
use crate::pilot::tool_loop::ToolLoop;
use crate::pilot::tools::ToolBox;
use crate::pilot::{PilotError, PilotSettings};

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

const ORCHESTRATOR_PROMPT: &str = "\
You are zwarm's orchestrator, working alone on a task in the user's project folder (the workspace). Coding \
agents (Codex CLI, Claude Code) do the work in sessions you start with `delegate` and steer with `converse`. \
`wait` returns as soon as one of your sessions finishes its turn; then read the result with `check_session` \
or `get_trajectory`. Use the `shell` tool (if you have it) only to inspect: listing files, reading them, \
running the tests to verify an agent's claim. Check the evidence before you believe a session succeeded. \
When the task is done (or cannot be done), call `finish` with a short summary for the user.";

/// Runs orchestrator runs of one workspace.
pub struct Orchestrator {
    pub(super) engine: Arc<Engine>,
    store: PilotStore,
    settings: PilotSettings,
    watchers: WatcherConfig,
    shell_limits: ShellLimits,
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
        Ok(self.store.update(run_id, |m, _| {
            let Some(run) = m.run.as_mut() else {
                return Err(PilotStoreError::NotFound(run_id.to_string()));
            };
            run.status = status;
            run.reason = reason;
            Ok(())
        })?)
    }

    /// Runs steps until the run is no longer `running` (finished, stopped,
    /// paused, failed). Resuming a run calls this again: it continues from
    /// the run's last step, watchers rebuilt from the recorded steps.
    pub async fn drive(
        &self,
        client: &LlmClient,
        run_id: &str,
        sink: &mut (dyn FnMut(RunEvent) + Send),
        cancel: &CancellationToken,
    ) -> Result<PilotMeta, PilotError> {
        let loaded = self.store.load(run_id)?;
        // A run goes on from its last step, with that step's sessions.
        let head_sessions = loaded
            .meta
            .head
            .as_deref()
            .and_then(|h| loaded.graph.get(h))
            .map(|n| n.sessions.clone())
            .unwrap_or_default();
        let toolbox = Arc::new(
            ToolBox::new(
                Arc::clone(&self.engine),
                run_id,
                self.settings.default_adapter,
                self.settings.budget,
            )
            .for_orchestrator()
            .on_branch(&head_sessions),
        );
        let has_shell = loaded.meta.run.as_ref().is_some_and(|run| run.shell);
        let tools = Arc::new(RunTools {
            toolbox: Arc::clone(&toolbox),
            shell: has_shell.then(|| Shell {
                dir: self.engine.workspace().root().to_path_buf(),
                limits: self.shell_limits,
            }),
        });
        let mut watchers = Watchers::new(self.watchers);
        for node in loaded.graph.nodes() {
            watchers.observe(step_record(node, 0), &RunFacts::default());
        }
        let pending = pending_at_head(&loaded);
        let model = client.config().model.clone();
        let mut policy = RunPolicy::new(self, run_id, toolbox, watchers, pending, model);
        let tool_loop = ToolLoop {
            system: ORCHESTRATOR_PROMPT,
            tools,
            stopped_what: "run",
        };
        match tool_loop.run(client, &mut policy, sink, cancel).await {
            Err(PilotError::Llm(error)) if !matches!(error, LlmError::Cancelled) => {
                self.set_status(run_id, RunStatus::Failed, Some(error.to_string()))
            }
            other => other,
        }
    }
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

/// What the watchers saw of a recorded step (calls paired with their results).
fn step_record(node: &Node, step: u32) -> StepRecord {
    let mut calls = Vec::new();
    for item in &node.items {
        if let Item::ToolCall {
            call_id,
            name,
            arguments,
        } = item
        {
            let output = node
                .items
                .iter()
                .find_map(|i| match i {
                    Item::ToolResult {
                        call_id: id,
                        output,
                        ..
                    } if id == call_id => Some(output.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            calls.push(CallRecord {
                name: name.clone(),
                arguments: arguments.clone(),
                output,
            });
        }
    }
    StepRecord {
        step,
        calls,
        text: node.reply.clone(),
    }
}
