//! One pilot turn: the user's message, then LLM calls and tool runs until the
//! LLM answers in text, then a checkpoint node.
//!
//! The conversation sent to the LLM is the path from the root to the node the
//! turn continues from, so a turn sent from an old node branches off without
//! touching later turns. A turn that fails (a rejected key, a server that
//! keeps failing) records nothing: the history stays as it was. A turn the
//! user stops is recorded, with every tool call answered, so the next turn
//! starts from a history the APIs accept.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::Arc;

use serde::Serialize;
use zwarm_llm::{CancellationToken, Item, LlmClient, LlmError, StreamEvent};

use super::prompt::SYSTEM_PROMPT;
use super::files::snapshot_files;
use super::tool_loop::{off_thread, LlmSpend, LoopEvent, Next, Policy, Step, ToolLoop};
use super::tools::ToolBox;
use super::PilotSettings;
use crate::checkpoints::{find_node, node_key, Node, NodeKind, PilotMeta, PilotStore, PilotStoreError};
use crate::engine::{Engine, SessionSummary};
use crate::store::Timestamp;
use crate::TokenUsage;

/// Where a turn continues from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Continue {
    /// The pilot's current node.
    Head,
    /// A fresh conversation (a new root).
    Start,
    /// A node by id, id prefix or label.
    Node(String),
}

impl Continue {
    /// Where a turn sent from `key` continues: none, the head; the root
    /// keyword ([`ROOT_KEYWORD`](crate::checkpoints::ROOT_KEYWORD)), a fresh
    /// start; else the node it names. Both front ends read `--from` and the
    /// app's "send from" through here.
    pub fn from_key(key: Option<&str>) -> Self {
        match key {
            None => Continue::Head,
            Some(key) => match node_key(key) {
                None => Continue::Start,
                Some(node) => Continue::Node(node.to_string()),
            },
        }
    }
}

/// What a running turn reports, for live display.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PilotEvent {
    /// Text, reasoning or a tool call as the LLM streams it.
    Llm { event: StreamEvent },
    /// A tool call is about to run.
    ToolStarted {
        call_id: String,
        name: String,
        arguments: serde_json::Value,
    },
    /// A tool call finished.
    ToolFinished {
        call_id: String,
        name: String,
        output: String,
        is_error: bool,
    },
    /// One LLM call finished.
    StepFinished { step: u32, usage: TokenUsage },
    /// Something the user should know that did not stop the turn.
    Notice { message: String },
}

/// Why a turn could not run. No node is recorded for these.
#[derive(Debug, thiserror::Error)]
pub enum PilotError {
    #[error(transparent)]
    Store(#[from] PilotStoreError),
    #[error(transparent)]
    Llm(#[from] LlmError),
    #[error("the pilot's tool runner stopped unexpectedly: {0}")]
    Tool(String),
    #[error("zwarm stopped unexpectedly while {what} ({detail}); try again")]
    Background { what: &'static str, detail: String },
    #[error("the message is empty; type what the pilot should do")]
    EmptyMessage,
    #[error("the task is empty; say what the run should achieve")]
    EmptyTask,
    #[error("{label} has no recorded files: this pilot did not record files when that turn ran")]
    NoFiles { label: String },
    #[error("workspace files: {0}")]
    Files(String),
    #[error("run {0} is running; stop it first, then delete it")]
    RunRunning(String),
    #[error("could not keep the run's spend in the ledger ({0}), so the run was not deleted; free some disk space and try again")]
    SpendNotKept(String),
}

/// Runs pilot turns of one workspace.
pub struct PilotRunner {
    engine: Arc<Engine>,
    store: PilotStore,
    settings: PilotSettings,
}

impl PilotRunner {
    pub fn new(engine: Arc<Engine>, settings: PilotSettings) -> Self {
        let store = PilotStore::new(engine.workspace().state_dir());
        Self {
            engine,
            store,
            settings,
        }
    }

    pub fn store(&self) -> &PilotStore {
        &self.store
    }

    pub fn engine(&self) -> &Arc<Engine> {
        &self.engine
    }

    /// Runs one turn and records its node, which becomes the pilot's head.
    pub async fn send(
        &self,
        client: &LlmClient,
        pilot_id: &str,
        message: &str,
        from: Continue,
        sink: &mut (dyn FnMut(PilotEvent) + Send),
        cancel: &CancellationToken,
    ) -> Result<Node, PilotError> {
        if message.trim().is_empty() {
            return Err(PilotError::EmptyMessage);
        }
        // The graph and the sessions are read off the async threads.
        let start = off_thread("reading the pilot", {
            let (engine, store) = (Arc::clone(&self.engine), self.store.clone());
            let (settings, pilot_id) = (self.settings.clone(), pilot_id.to_string());
            move || TurnStart::read(engine, &store, &settings, &pilot_id, from)
        })
        .await??;

        let mut policy = TurnPolicy {
            history: start.history,
            added: vec![Item::user(message)],
            spend: LlmSpend::new(&client.config().model),
            steps: 0,
            max_steps: self.settings.max_steps,
        };
        let tool_loop = ToolLoop {
            system: SYSTEM_PROMPT,
            tools: Arc::clone(&start.tools),
            stopped_what: "turn",
        };
        let end = tool_loop.run(client, &mut policy, sink, cancel).await?;

        // What the executors spent, the files and the sessions as they stand
        // now: read (and the files snapshotted) off the async threads too.
        let track_files = start.meta.track_files;
        let (tools, spend_before) = (Arc::clone(&start.tools), start.spend_before);
        let (engine, text) = (Arc::clone(&self.engine), message.to_string());
        let (executor, files, sessions) = off_thread("recording the turn's files", move || {
            let executor = spend_delta(&spend_before, &executor_spend(&tools));
            let files = track_files.then(|| snapshot_files(&engine, &text));
            (executor, files, tools.branch_snapshots())
        })
        .await?;
        let files_commit = match files {
            Some(Ok(commit)) => Some(commit),
            Some(Err(error)) => {
                sink(PilotEvent::Notice {
                    message: format!("The workspace files were not recorded: {error}"),
                });
                None
            }
            None => None,
        };
        let (executor_usage, executor_cost_usd) = executor;
        let node = Node::new(NodeKind::Turn, start.parent, message);
        let node = Node {
            reply: end.reply,
            items: policy.added,
            sessions,
            executor_usage,
            executor_cost_usd,
            stopped: end.stopped,
            files_commit,
            started_at: start.started_at,
            ..policy.spend.on(node, &self.engine.prices())
        };
        let (engine, store, pilot_id, meta) = (
            Arc::clone(&self.engine),
            self.store.clone(),
            pilot_id.to_string(),
            start.meta,
        );
        off_thread("recording the turn", move || {
            let node = store.append(&pilot_id, node)?;
            crate::spend::record_pilot_node(engine.workspace(), &meta, &node);
            Ok(node)
        })
        .await?
    }
}

/// Where a turn starts: read before its first LLM call.
struct TurnStart {
    meta: PilotMeta,
    /// The node the turn continues from (`None`: a fresh start).
    parent: Option<String>,
    /// The conversation up to `parent`.
    history: Vec<Item>,
    /// The tools, on the branch through `parent`.
    tools: Arc<ToolBox>,
    /// What the pilot's sessions had spent before the turn.
    spend_before: HashMap<String, (TokenUsage, f64, bool)>,
    started_at: Timestamp,
}

impl TurnStart {
    fn read(
        engine: Arc<Engine>,
        store: &PilotStore,
        settings: &PilotSettings,
        pilot_id: &str,
        from: Continue,
    ) -> Result<Self, PilotError> {
        let pilot = store.load(pilot_id)?;
        let parent = match from {
            Continue::Head => pilot.meta.head.clone(),
            Continue::Start => None,
            Continue::Node(key) => Some(find_node(&pilot.graph, pilot_id, &key)?.id.clone()),
        };
        let history = parent
            .as_deref()
            .map(|p| pilot.graph.conversation_at(p))
            .unwrap_or_default();
        let started_at = Timestamp::now();
        // The sessions of the branch this turn continues: those recorded at
        // the parent node, as they stood there.
        let parent_sessions = parent
            .as_deref()
            .and_then(|p| pilot.graph.get(p))
            .map(|n| n.sessions.clone())
            .unwrap_or_default();
        let tools = Arc::new(
            ToolBox::new(engine, pilot_id, settings.default_adapter, settings.budget)
                .on_branch(&parent_sessions),
        );
        let spend_before = executor_spend(&tools);
        Ok(Self {
            meta: pilot.meta,
            parent,
            history,
            tools,
            spend_before,
            started_at,
        })
    }
}

/// How a pilot turn ended.
struct TurnEnd {
    /// The pilot's last words: its answer, or why it stopped.
    reply: String,
    /// The user stopped it.
    stopped: bool,
}

/// The pilot's side of the tool loop: one node for the whole turn, which
/// ends when the LLM answers in text, at the step limit, or when the user
/// stops it (every tool call answered, then a last word).
struct TurnPolicy {
    /// The conversation up to the node the turn continues from.
    history: Vec<Item>,
    /// What this turn added, the user's message first.
    added: Vec<Item>,
    spend: LlmSpend,
    steps: u32,
    max_steps: u32,
}

impl TurnPolicy {
    fn end(&mut self, reply: String, stopped: bool) -> TurnEnd {
        self.added.push(Item::assistant(reply.clone()));
        TurnEnd { reply, stopped }
    }
}

impl Policy for TurnPolicy {
    type Output = TurnEnd;
    type Event = PilotEvent;

    fn event(event: LoopEvent) -> Option<PilotEvent> {
        Some(match event {
            LoopEvent::Llm(event) => PilotEvent::Llm { event },
            LoopEvent::CallFinished { step, usage } => PilotEvent::StepFinished { step, usage },
            LoopEvent::ToolStarted {
                call_id,
                name,
                arguments,
            } => PilotEvent::ToolStarted {
                call_id,
                name,
                arguments,
            },
            LoopEvent::ToolFinished {
                call_id,
                name,
                output,
                is_error,
            } => PilotEvent::ToolFinished {
                call_id,
                name,
                output,
                is_error,
            },
        })
    }

    async fn before(
        &mut self,
        _sink: &mut (dyn FnMut(PilotEvent) + Send),
        _cancel: &CancellationToken,
    ) -> Result<Next<TurnEnd>, PilotError> {
        if self.steps >= self.max_steps {
            let note = format!(
                "(Stopped: this turn reached its limit of {} steps.)",
                self.max_steps
            );
            return Ok(Next::End(self.end(note, false)));
        }
        self.steps += 1;
        let mut items = self.history.clone();
        items.extend(self.added.iter().cloned());
        Ok(Next::Call(items))
    }

    async fn after(
        &mut self,
        step: Step,
        _sink: &mut (dyn FnMut(PilotEvent) + Send),
        cancel: &CancellationToken,
    ) -> Result<ControlFlow<TurnEnd>, PilotError> {
        if step.interrupted {
            return Ok(ControlFlow::Break(self.end(STOPPED.into(), true)));
        }
        self.spend.add(&step);
        self.added.extend(step.items);
        if step.text_only {
            return Ok(ControlFlow::Break(TurnEnd {
                reply: step.text,
                stopped: false,
            }));
        }
        if cancel.is_cancelled() {
            return Ok(ControlFlow::Break(self.end(STOPPED.into(), true)));
        }
        Ok(ControlFlow::Continue(()))
    }
}

/// The last word of a turn the user stopped.
const STOPPED: &str = "(Stopped by the user.)";

/// Each own session's usage, cost and whether it has unpriced turns.
fn executor_spend(tools: &ToolBox) -> HashMap<String, (TokenUsage, f64, bool)> {
    tools
        .own_sessions()
        .iter()
        .map(|meta| {
            let summary = SessionSummary::from(meta);
            (
                meta.id.clone(),
                (summary.usage, summary.cost_usd, summary.unpriced),
            )
        })
        .collect()
}

/// What the executors spent between two snapshots: executor turns that
/// ended during this pilot turn. A turn still running is counted by the
/// pilot turn during which it ends.
fn spend_delta(
    before: &HashMap<String, (TokenUsage, f64, bool)>,
    after: &HashMap<String, (TokenUsage, f64, bool)>,
) -> (TokenUsage, Option<f64>) {
    let mut usage = TokenUsage::default();
    let mut cost = 0.0;
    let mut unpriced = false;
    for (id, (usage_after, cost_after, unpriced_after)) in after {
        let (usage_before, cost_before) =
            before.get(id).map(|(u, c, _)| (*u, *c)).unwrap_or_default();
        let delta = usage_after.saturating_sub(&usage_before);
        usage = usage.add(&delta);
        cost += (cost_after - cost_before).max(0.0);
        unpriced |= *unpriced_after && !delta.is_zero();
    }
    (usage, if unpriced { None } else { Some(cost) })
}
