//! An autonomous run: the LLM works on a task alone, one step (one LLM call
//! and its tools) at a time, until it calls `finish`, a limit is reached or a
//! watcher stops it. Every step is a node of the run's checkpoint graph (the
//! same store as a pilot's), and the run's state lives in its `pilot.json`,
//! so pause, stop and resume work across windows, the CLI and restarts.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::json;
use zwarm_llm::{CancellationToken, Item, LlmClient, LlmError, Request, StreamEvent, ToolSpec};

use super::options::RunOptions;
use super::shell::{run_shell, ShellLimits};
use super::watchers::{
    CallRecord, Intervention, RunFacts, StepRecord, WatcherAction, WatcherConfig, Watchers,
};
use crate::checkpoints::{Graph, Node, NodeKind, PilotMeta, PilotStore, PilotStoreError};
use crate::cost::cost_of;
use crate::engine::Engine;
use crate::pilot::tools::{tool_specs, ToolBox};
use crate::pilot::{PilotError, PilotSettings};
use crate::spend::{pilot_spend, workspace_records};
use crate::store::Timestamp;
use crate::TokenUsage;

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

const FINISH: &str = "finish";
const SHELL: &str = "shell";

const ORCHESTRATOR_PROMPT: &str = "\
You are zwarm's orchestrator, working alone on a task in the user's project folder (the workspace). Coding \
agents (Codex CLI, Claude Code) do the work in sessions you start with `delegate` and steer with `converse`. \
`wait` returns as soon as one of your sessions finishes its turn; then read the result with `check_session` \
or `get_trajectory`. Use the `shell` tool (if you have it) only to inspect: listing files, reading them, \
running the tests to verify an agent's claim. Check the evidence before you believe a session succeeded. \
When the task is done (or cannot be done), call `finish` with a short summary for the user.";

fn extra_tools(shell: bool) -> Vec<ToolSpec> {
    let mut tools = vec![ToolSpec {
        name: FINISH.into(),
        description:
            "End the run: the task is done or cannot be done. The summary is shown to the user."
                .into(),
        parameters: json!({"type": "object", "properties": {"summary": {"type": "string"}}, "required": ["summary"], "additionalProperties": false}),
    }];
    if shell {
        tools.push(ToolSpec {
            name: SHELL.into(),
            description: "Run a shell command in the workspace folder (with a timeout) to inspect or verify. \
                          Do not write code with it: delegate that."
                .into(),
            parameters: json!({"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"], "additionalProperties": false}),
        });
    }
    tools
}

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
        let tools = Arc::new(
            ToolBox::new(
                Arc::clone(&self.engine),
                run_id,
                self.settings.default_adapter,
                self.settings.budget,
            )
            .for_orchestrator()
            .on_branch(&head_sessions),
        );
        let mut watchers = Watchers::new(self.watchers);
        for node in loaded.graph.nodes() {
            watchers.observe(step_record(node, 0), &RunFacts::default());
        }
        let mut pending: Vec<String> = loaded
            .meta
            .head
            .as_deref()
            .and_then(|h| loaded.graph.get(h))
            .map(|n| {
                n.interventions
                    .iter()
                    .filter(|i| i.action == WatcherAction::Message)
                    .map(|i| i.message.clone())
                    .collect()
            })
            .unwrap_or_default();
        loop {
            let pilot = self.store.load(run_id)?;
            let Some(run) = pilot.meta.run.clone() else {
                return Err(PilotStoreError::NotFound(run_id.to_string()).into());
            };
            if run.status != RunStatus::Running {
                return Ok(pilot.meta);
            }
            if cancel.is_cancelled() {
                return self.set_status(
                    run_id,
                    RunStatus::Stopped,
                    Some("stopped by the user".into()),
                );
            }
            if run.steps >= run.max_steps {
                return self.set_status(
                    run_id,
                    RunStatus::Stopped,
                    Some(format!("the step limit of {} was reached", run.max_steps)),
                );
            }
            let message = if pilot.meta.head.is_none() {
                run.task.clone()
            } else if pending.is_empty() {
                String::new()
            } else {
                pending.join("\n\n")
            };
            pending.clear();
            let step = run.steps + 1;
            sink(RunEvent::StepStarted { step });
            let outcome = self
                .step(
                    client,
                    &pilot.graph,
                    &pilot.meta,
                    &run,
                    &message,
                    &tools,
                    sink,
                    cancel,
                )
                .await;
            let (mut node, record, finished, text_only) = match outcome {
                Ok(done) => done,
                Err(PilotError::Llm(error)) if !matches!(error, LlmError::Cancelled) => {
                    return self.set_status(run_id, RunStatus::Failed, Some(error.to_string()));
                }
                Err(other) => return Err(other),
            };
            let records = workspace_records(&self.engine)
                .map_err(|e| PilotError::Tool(e.to_string()))?
                .records;
            let spent = pilot_spend(&records, run_id).cost_usd + node.pilot_cost_usd.unwrap_or(0.0);
            let facts = RunFacts {
                step,
                max_steps: run.max_steps,
                sessions_started: tools.own_sessions().len() as u32,
                spent_usd: spent,
                budget_usd: run.budget_usd,
            };
            node.interventions = watchers.observe(record, &facts);
            let node = self.store.append(run_id, node)?;
            crate::spend::record_pilot_node(self.engine.workspace(), &pilot.meta, &node);
            for intervention in &node.interventions {
                sink(RunEvent::Intervention {
                    intervention: intervention.clone(),
                });
            }
            sink(RunEvent::StepFinished {
                node: Box::new(node.clone()),
            });
            pending = node
                .interventions
                .iter()
                .filter(|i| i.action == WatcherAction::Message)
                .map(|i| i.message.clone())
                .collect();
            if text_only && pending.is_empty() {
                pending.push("Continue with your tools, or call finish with a summary when the task is done.".into());
            }
            let stop = node
                .interventions
                .iter()
                .find(|i| i.action == WatcherAction::Stop);
            let pause = node
                .interventions
                .iter()
                .find(|i| i.action == WatcherAction::Pause);
            let next = if let Some(summary) = finished {
                Some((RunStatus::Finished, Some(summary)))
            } else if cancel.is_cancelled() {
                Some((RunStatus::Stopped, Some("stopped by the user".into())))
            } else if let Some(i) = stop {
                Some((
                    RunStatus::Stopped,
                    Some(format!("watcher {}: {}", i.watcher, i.reason)),
                ))
            } else {
                pause.map(|i| {
                    (
                        RunStatus::Paused,
                        Some(format!("watcher {}: {}", i.watcher, i.reason)),
                    )
                })
            };
            self.store.update(run_id, |m, _| {
                if let Some(run) = m.run.as_mut() {
                    run.steps = step;
                    // The user may have paused or stopped it meanwhile: keep that.
                    if let (Some((status, reason)), RunStatus::Running) = (next.clone(), run.status)
                    {
                        run.status = status;
                        run.reason = reason;
                    }
                }
                Ok(())
            })?;
        }
    }

    /// One LLM call and its tools, as a node (not yet recorded).
    #[allow(clippy::too_many_arguments)]
    async fn step(
        &self,
        client: &LlmClient,
        graph: &Graph,
        meta: &PilotMeta,
        run: &RunState,
        message: &str,
        tools: &Arc<ToolBox>,
        sink: &mut (dyn FnMut(RunEvent) + Send),
        cancel: &CancellationToken,
    ) -> Result<(Node, StepRecord, Option<String>, bool), PilotError> {
        let started_at = Timestamp::now();
        let mut items = meta
            .head
            .as_deref()
            .map(|h| graph.conversation_at(h))
            .unwrap_or_default();
        let mut added = Vec::new();
        if !message.is_empty() {
            added.push(Item::user(message));
        }
        items.extend(added.iter().cloned());
        let mut specs = tool_specs();
        specs.extend(extra_tools(run.shell));
        let request = Request::new(ORCHESTRATOR_PROMPT, items).with_tools(specs);
        let mut forward = |event: StreamEvent| sink(RunEvent::Llm { event });
        let (completion, stopped) = match client.complete(&request, &mut forward, cancel).await {
            Ok(c) => (Some(c), false),
            Err(LlmError::Cancelled) => (None, true),
            Err(e) => return Err(e.into()),
        };
        let mut usage = TokenUsage::default();
        let mut model = client.config().model.clone();
        let mut record = StepRecord::default();
        let mut finished = None;
        let mut text_only = false;
        if let Some(completion) = completion {
            usage = TokenUsage::from(completion.usage);
            if !completion.model.is_empty() {
                model = completion.model.clone();
            }
            record.text = completion.text();
            let calls: Vec<(String, String, serde_json::Value)> = completion
                .tool_calls()
                .map(|(i, n, a)| (i.to_string(), n.to_string(), a.clone()))
                .collect();
            text_only = calls.is_empty();
            added.extend(completion.items);
            for (call_id, name, arguments) in calls {
                if cancel.is_cancelled() {
                    added.push(Item::tool_error(
                        call_id,
                        "not run: the user stopped the run",
                    ));
                    continue;
                }
                sink(RunEvent::ToolStarted {
                    call_id: call_id.clone(),
                    name: name.clone(),
                    arguments: arguments.clone(),
                });
                let (output, is_error) = self
                    .run_tool(tools, run, &name, &arguments, cancel, &mut finished)
                    .await?;
                sink(RunEvent::ToolFinished {
                    call_id: call_id.clone(),
                    name: name.clone(),
                    output: output.clone(),
                    is_error,
                });
                record.calls.push(CallRecord {
                    name,
                    arguments,
                    output: output.clone(),
                });
                added.push(if is_error {
                    Item::tool_error(call_id, output)
                } else {
                    Item::tool_result(call_id, output)
                });
            }
        }
        if stopped {
            added.push(Item::assistant("(Stopped by the user.)"));
        }
        let node = Node {
            id: uuid::Uuid::new_v4().to_string(),
            label: String::new(),
            parent: meta.head.clone(),
            kind: NodeKind::Step,
            message: message.to_string(),
            reply: record.text.clone(),
            items: added,
            sessions: tools.branch_snapshots(),
            pilot_usage: usage,
            pilot_cost_usd: cost_of(&self.engine.prices(), &model, &usage).usd(),
            executor_usage: TokenUsage::default(),
            executor_cost_usd: None,
            model,
            context_tokens: usage.total(),
            stopped,
            interventions: Vec::new(),
            files_commit: None,
            started_at,
            ended_at: Timestamp::now(),
        };
        record.step = run.steps + 1;
        Ok((node, record, finished, text_only && !stopped))
    }

    async fn run_tool(
        &self,
        tools: &Arc<ToolBox>,
        run: &RunState,
        name: &str,
        arguments: &serde_json::Value,
        cancel: &CancellationToken,
        finished: &mut Option<String>,
    ) -> Result<(String, bool), PilotError> {
        let text = |key: &str| {
            arguments
                .get(key)
                .and_then(serde_json::Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        match name {
            FINISH => {
                let summary = text("summary");
                *finished = Some(if summary.trim().is_empty() {
                    "finished".into()
                } else {
                    summary
                });
                Ok(("The run ends.".into(), false))
            }
            SHELL if run.shell => {
                let command = text("command");
                if command.trim().is_empty() {
                    return Ok(("`command` is required".into(), true));
                }
                let (dir, limits, cancel) = (
                    self.engine.workspace().root().to_path_buf(),
                    self.shell_limits,
                    cancel.clone(),
                );
                let result =
                    tokio::task::spawn_blocking(move || run_shell(&command, &dir, limits, &cancel))
                        .await
                        .map_err(|e| PilotError::Tool(e.to_string()))?;
                Ok(match result {
                    Ok(result) => (result.describe(), result.exit_code != Some(0)),
                    Err(error) => (format!("the command could not be started: {error}"), true),
                })
            }
            SHELL => Ok(("the shell tool is switched off for this run".into(), true)),
            _ => {
                let (tools, name, arguments, cancel) = (
                    Arc::clone(tools),
                    name.to_string(),
                    arguments.clone(),
                    cancel.clone(),
                );
                let outcome =
                    tokio::task::spawn_blocking(move || tools.run(&name, &arguments, &cancel))
                        .await
                        .map_err(|e| PilotError::Tool(e.to_string()))?;
                Ok((outcome.output, outcome.is_error))
            }
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
