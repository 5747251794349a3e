//! Driving a run (`Orchestrator::drive`): the run's side of the tool loop,
//! a node per LLM call, the watchers after each, and the run's state on disk
//! deciding whether another call comes (so a pause or stop from another
//! window, or the CLI, is heeded).

use std::ops::ControlFlow;
use std::sync::Arc;

use zwarm_llm::{CancellationToken, Item, LlmClient, LlmError};

use super::run::{set_run_status, Orchestrator, RunEvent, RunState, RunStatus};
use super::tools::{finish_summary, RunTools, Shell, FINISH};
use super::watchers::{CallRecord, RunFacts, StepRecord, WatcherAction, Watchers};
use crate::checkpoints::{Node, NodeKind, Pilot, PilotMeta, PilotStore, PilotStoreError};
use crate::engine::Engine;
use crate::pilot::tool_loop::{off_thread, LlmSpend, LoopEvent, Next, Policy, Step, ToolLoop};
use crate::pilot::tools::ToolBox;
use crate::pilot::PilotError;
use crate::spend::{pilot_spend, workspace_records};
use crate::store::Timestamp;

const ORCHESTRATOR_PROMPT: &str = "\
You are zwarm's orchestrator, working alone on a task in the user's project folder (the workspace). Coding \
agents (Codex CLI, Claude Code) do the work in sessions you start with `delegate` and steer with `converse`. \
`wait` returns as soon as one of your sessions finishes its turn; then read the result with `check_session` \
or `get_trajectory`. Use the `shell` tool (if you have it) only to inspect: listing files, reading them, \
running the tests to verify an agent's claim. Check the evidence before you believe a session succeeded. \
When the task is done (or cannot be done), call `finish` with a short summary for the user.";

impl Orchestrator {
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
        let loaded = off_thread("reading the run", {
            let (store, run_id) = (self.store.clone(), run_id.to_string());
            move || store.load(&run_id)
        })
        .await??;
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
        let mut policy = RunPolicy {
            store: self.store.clone(),
            engine: Arc::clone(&self.engine),
            run_id: run_id.to_string(),
            toolbox,
            watchers,
            pending,
            model: client.config().model.clone(),
            current: None,
        };
        let tool_loop = ToolLoop {
            system: ORCHESTRATOR_PROMPT,
            tools,
            stopped_what: "run",
        };
        match tool_loop.run(client, &mut policy, sink, cancel).await {
            Err(PilotError::Llm(error)) if !matches!(error, LlmError::Cancelled) => {
                policy
                    .set_status(RunStatus::Failed, error.to_string())
                    .await
            }
            other => other,
        }
    }
}

/// What the LLM is told after a step in which it neither used a tool nor finished.
const NUDGE: &str = "Continue with your tools, or call finish with a summary when the task is done.";

/// The step a call belongs to, as it stood before the call.
struct Current {
    pilot: Pilot,
    run: RunState,
    message: String,
    started_at: Timestamp,
}

/// Drives one run, one recorded step per LLM call. It holds its own
/// handles (not the orchestrator) so its disk work can go to a blocking
/// thread.
struct RunPolicy {
    store: PilotStore,
    engine: Arc<Engine>,
    run_id: String,
    toolbox: Arc<ToolBox>,
    watchers: Watchers,
    /// What the watchers told the LLM after the last step, sent with the next call.
    pending: Vec<String>,
    /// The model the client is configured with, until the API names its own.
    model: String,
    current: Option<Current>,
}

impl RunPolicy {
    /// `work` with the run's store and id, off the async threads.
    async fn on_store<T: Send + 'static>(
        &self,
        what: &'static str,
        work: impl FnOnce(&PilotStore, &str) -> Result<T, PilotError> + Send + 'static,
    ) -> Result<T, PilotError> {
        let (store, run_id) = (self.store.clone(), self.run_id.clone());
        off_thread(what, move || work(&store, &run_id)).await?
    }

    async fn set_status(&self, status: RunStatus, reason: String) -> Result<PilotMeta, PilotError> {
        self.on_store("recording the run's state", move |store, id| {
            set_run_status(store, id, status, Some(reason))
        })
        .await
    }
}

/// The messages of a step's interventions that speak to the LLM.
fn messages(node: &Node) -> Vec<String> {
    node.interventions
        .iter()
        .filter(|i| i.action == WatcherAction::Message)
        .map(|i| i.message.clone())
        .collect()
}

impl Policy for RunPolicy {
    type Output = PilotMeta;
    type Event = RunEvent;

    fn event(event: LoopEvent) -> Option<RunEvent> {
        match event {
            LoopEvent::Llm(event) => Some(RunEvent::Llm { event }),
            LoopEvent::CallFinished { .. } => None,
            LoopEvent::ToolStarted {
                call_id,
                name,
                arguments,
            } => Some(RunEvent::ToolStarted {
                call_id,
                name,
                arguments,
            }),
            LoopEvent::ToolFinished {
                call_id,
                name,
                output,
                is_error,
            } => Some(RunEvent::ToolFinished {
                call_id,
                name,
                output,
                is_error,
            }),
        }
    }

    async fn before(
        &mut self,
        sink: &mut (dyn FnMut(RunEvent) + Send),
        cancel: &CancellationToken,
    ) -> Result<Next<PilotMeta>, PilotError> {
        let pilot = self
            .on_store("reading the run", |store, id| Ok(store.load(id)?))
            .await?;
        let Some(run) = pilot.meta.run.clone() else {
            return Err(PilotStoreError::NotFound(self.run_id.clone()).into());
        };
        if run.status != RunStatus::Running {
            return Ok(Next::End(pilot.meta));
        }
        if cancel.is_cancelled() {
            let reason = "stopped by the user".to_string();
            return Ok(Next::End(self.set_status(RunStatus::Stopped, reason).await?));
        }
        if run.steps >= run.max_steps {
            let reason = format!("the step limit of {} was reached", run.max_steps);
            return Ok(Next::End(self.set_status(RunStatus::Stopped, reason).await?));
        }
        let message = if pilot.meta.head.is_none() {
            run.task.clone()
        } else {
            std::mem::take(&mut self.pending).join("\n\n")
        };
        self.pending.clear();
        sink(RunEvent::StepStarted {
            step: run.steps + 1,
        });
        let mut items = pilot
            .meta
            .head
            .as_deref()
            .map(|h| pilot.graph.conversation_at(h))
            .unwrap_or_default();
        if !message.is_empty() {
            items.push(Item::user(message.as_str()));
        }
        self.current = Some(Current {
            pilot,
            run,
            message,
            started_at: Timestamp::now(),
        });
        Ok(Next::Call(items))
    }

    async fn after(
        &mut self,
        step: Step,
        sink: &mut (dyn FnMut(RunEvent) + Send),
        cancel: &CancellationToken,
    ) -> Result<ControlFlow<PilotMeta>, PilotError> {
        let Some(Current {
            pilot,
            run,
            message,
            started_at,
        }) = self.current.take()
        else {
            return Err(PilotStoreError::NotFound(self.run_id.clone()).into());
        };
        let number = run.steps + 1;
        // The sessions as they stand, the run's spend so far and the
        // sessions it started: read off the async threads.
        let (sessions, spent_before, sessions_started) =
            off_thread("reading the run's sessions and spend", {
                let (engine, toolbox) = (Arc::clone(&self.engine), Arc::clone(&self.toolbox));
                let run_id = self.run_id.clone();
                move || -> Result<_, PilotError> {
                    let sessions = toolbox.branch_snapshots();
                    let records = workspace_records(&engine)
                        .map_err(|e| PilotError::Tool(e.to_string()))?
                        .records;
                    let spent = pilot_spend(&records, &run_id).cost_usd;
                    Ok((sessions, spent, toolbox.own_sessions().len() as u32))
                }
            })
            .await??;

        let mut items = Vec::new();
        if !message.is_empty() {
            items.push(Item::user(message.as_str()));
        }
        items.extend(step.items.iter().cloned());
        if step.interrupted {
            items.push(Item::assistant("(Stopped by the user.)"));
        }
        let finished = step
            .calls
            .iter()
            .rfind(|c| c.name == FINISH)
            .map(|c| finish_summary(&c.arguments));
        let mut spend = LlmSpend::new(&self.model);
        spend.add(&step);
        let node = Node::new(NodeKind::Step, pilot.meta.head.clone(), message);
        let mut node = Node {
            reply: step.text.clone(),
            items,
            sessions,
            executor_cost_usd: None,
            stopped: step.interrupted,
            started_at,
            ..spend.on(node, &self.engine.prices())
        };
        let record = StepRecord {
            step: number,
            calls: step
                .calls
                .into_iter()
                .map(|c| CallRecord {
                    name: c.name,
                    arguments: c.arguments,
                    output: c.output,
                })
                .collect(),
            text: step.text,
        };
        let text_only = step.text_only && !step.interrupted;

        let facts = RunFacts {
            step: number,
            max_steps: run.max_steps,
            sessions_started,
            spent_usd: spent_before + node.pilot_cost_usd.unwrap_or(0.0),
            budget_usd: run.budget_usd,
        };
        node.interventions = self.watchers.observe(record, &facts);
        let engine = Arc::clone(&self.engine);
        let node = self
            .on_store("recording the step", move |store, id| {
                let node = store.append(id, node)?;
                crate::spend::record_pilot_node(engine.workspace(), &pilot.meta, &node);
                Ok(node)
            })
            .await?;
        for intervention in &node.interventions {
            sink(RunEvent::Intervention {
                intervention: intervention.clone(),
            });
        }
        sink(RunEvent::StepFinished {
            node: Box::new(node.clone()),
        });
        self.pending = messages(&node);
        if text_only && self.pending.is_empty() {
            self.pending.push(NUDGE.into());
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
        self.on_store("recording the run's state", move |store, id| {
            store.update(id, |m, _| {
                if let Some(run) = m.run.as_mut() {
                    run.steps = number;
                    // The user may have paused or stopped it meanwhile: keep that.
                    if let (Some((status, reason)), RunStatus::Running) = (next.clone(), run.status) {
                        run.status = status;
                        run.reason = reason;
                    }
                }
                Ok(())
            })?;
            Ok(())
        })
        .await?;
        // Whether another call comes is the run's state's to say (`before`).
        Ok(ControlFlow::Continue(()))
    }
}

/// What the watchers told the LLM at the run's last step, for its next call.
pub(super) fn pending_at_head(pilot: &Pilot) -> Vec<String> {
    pilot
        .meta
        .head
        .as_deref()
        .and_then(|h| pilot.graph.get(h))
        .map(messages)
        .unwrap_or_default()
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
