//! The loop a pilot turn and an orchestrator run share: an LLM call, the
//! tool calls it asked for (each on a blocking thread, so a `wait` of ten
//! minutes never holds an async worker), again, until the policy says stop.
//!
//! What differs between the two lives in a [`Policy`]: the pilot ends its
//! turn when the LLM answers in text, at its step limit or when the user
//! stops it, and records one node for the whole turn; a run records a node
//! per call, runs its watchers after each and ends when its state (kept on
//! disk, so another window may pause it) says so. What the loop's tools are
//! and how they run is a [`Tools`]. Everything else (the request, the
//! stream, a stop in the middle of the call, the tool calls a stop leaves
//! unanswered, the events) is done here once.

use std::future::Future;
use std::ops::ControlFlow;
use std::sync::Arc;

use serde_json::Value;
use zwarm_llm::{CancellationToken, Item, LlmClient, LlmError, Request, StreamEvent, ToolSpec};

use super::tools::{ToolBox, ToolOutcome};
use super::PilotError;
use crate::checkpoints::Node;
use crate::cost::{cost_of, PriceTable};
use crate::TokenUsage;

/// The tools of a loop: what the LLM is shown and how a call runs.
///
/// `run` may block (a `wait`, a shell command): the loop calls it on a
/// blocking thread.
pub(crate) trait Tools: Send + Sync + 'static {
    fn specs(&self) -> Vec<ToolSpec>;
    fn run(&self, name: &str, arguments: &Value, cancel: &CancellationToken) -> ToolOutcome;
}

impl Tools for ToolBox {
    fn specs(&self) -> Vec<ToolSpec> {
        super::tools::tool_specs()
    }

    fn run(&self, name: &str, arguments: &Value, cancel: &CancellationToken) -> ToolOutcome {
        ToolBox::run(self, name, arguments, cancel)
    }
}

/// What the loop reports as it goes; each front end's event type takes what
/// it shows ([`Policy::event`]).
#[derive(Debug, Clone)]
pub(crate) enum LoopEvent {
    /// Text, reasoning or a tool call as the LLM streams it.
    Llm(StreamEvent),
    /// One LLM call finished (before its tools run).
    CallFinished { step: u32, usage: TokenUsage },
    ToolStarted {
        call_id: String,
        name: String,
        arguments: Value,
    },
    ToolFinished {
        call_id: String,
        name: String,
        output: String,
        is_error: bool,
    },
}

/// A tool call that ran, with its result.
#[derive(Debug, Clone)]
pub(crate) struct RanCall {
    pub name: String,
    pub arguments: Value,
    pub output: String,
}

/// What one LLM call and its tools came to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Step {
    /// What the call added to the conversation: the LLM's items, then one
    /// result per tool call it asked for (an error for the calls a stop
    /// left unrun).
    pub items: Vec<Item>,
    pub usage: TokenUsage,
    /// The model as the API reported it (empty when it did not say).
    pub model: String,
    /// The LLM's text.
    pub text: String,
    /// The tool calls that ran.
    pub calls: Vec<RanCall>,
    /// The LLM asked for no tool: it answered in text.
    pub text_only: bool,
    /// The user stopped the LLM call: nothing came back.
    pub interrupted: bool,
}

/// What happens before a call.
pub(crate) enum Next<T> {
    /// Send this conversation (the whole of it, from the root).
    Call(Vec<Item>),
    /// The loop is over.
    End(T),
}

/// What makes a loop a pilot turn or an orchestrator run.
pub(crate) trait Policy {
    /// What the loop ends with.
    type Output;
    /// The front end's event type.
    type Event;

    /// The front end's form of a loop event; `None` for one it does not show.
    fn event(event: LoopEvent) -> Option<Self::Event>;

    /// Before each call: the conversation to send, or the end (a limit, a
    /// stop, a run no longer running).
    fn before(
        &mut self,
        sink: &mut (dyn FnMut(Self::Event) + Send),
        cancel: &CancellationToken,
    ) -> impl Future<Output = Result<Next<Self::Output>, PilotError>> + Send;

    /// After each call and its tools: the end, or another call.
    fn after(
        &mut self,
        step: Step,
        sink: &mut (dyn FnMut(Self::Event) + Send),
        cancel: &CancellationToken,
    ) -> impl Future<Output = Result<ControlFlow<Self::Output>, PilotError>> + Send;
}

/// The loop's fixed parts: its system prompt, its tools, and what it is
/// called in "not run: the user stopped the …".
pub(crate) struct ToolLoop<T: Tools> {
    pub system: &'static str,
    pub tools: Arc<T>,
    pub stopped_what: &'static str,
}

impl<T: Tools> ToolLoop<T> {
    /// Calls the LLM and runs its tools until the policy ends the loop. A
    /// failed call (other than a stop) ends it with the error.
    pub async fn run<P: Policy>(
        &self,
        client: &LlmClient,
        policy: &mut P,
        sink: &mut (dyn FnMut(P::Event) + Send),
        cancel: &CancellationToken,
    ) -> Result<P::Output, PilotError> {
        let mut number = 0;
        loop {
            let items = match policy.before(sink, cancel).await? {
                Next::Call(items) => items,
                Next::End(output) => return Ok(output),
            };
            number += 1;
            let step = self.step(client, number, items, sink, P::event, cancel).await?;
            if let ControlFlow::Break(output) = policy.after(step, sink, cancel).await? {
                return Ok(output);
            }
        }
    }

    /// One LLM call and the tools it asked for.
    async fn step<E>(
        &self,
        client: &LlmClient,
        number: u32,
        items: Vec<Item>,
        sink: &mut (dyn FnMut(E) + Send),
        event: fn(LoopEvent) -> Option<E>,
        cancel: &CancellationToken,
    ) -> Result<Step, PilotError> {
        let mut emit = |e: LoopEvent| {
            if let Some(e) = event(e) {
                sink(e)
            }
        };
        let request = Request::new(self.system, items).with_tools(self.tools.specs());
        let mut forward = |e: StreamEvent| emit(LoopEvent::Llm(e));
        let completion = match client.complete(&request, &mut forward, cancel).await {
            Ok(completion) => completion,
            Err(LlmError::Cancelled) => {
                return Ok(Step {
                    interrupted: true,
                    ..Step::default()
                })
            }
            Err(error) => return Err(error.into()),
        };
        let usage = TokenUsage::from(completion.usage);
        emit(LoopEvent::CallFinished {
            step: number,
            usage,
        });
        let asked: Vec<(String, String, Value)> = completion
            .tool_calls()
            .map(|(id, name, args)| (id.to_string(), name.to_string(), args.clone()))
            .collect();
        let mut step = Step {
            usage,
            model: completion.model.clone(),
            text: completion.text(),
            text_only: asked.is_empty(),
            items: completion.items,
            ..Step::default()
        };
        for (call_id, name, arguments) in asked {
            if cancel.is_cancelled() {
                let words = format!("not run: the user stopped the {}", self.stopped_what);
                step.items.push(Item::tool_error(call_id, words));
                continue;
            }
            emit(LoopEvent::ToolStarted {
                call_id: call_id.clone(),
                name: name.clone(),
                arguments: arguments.clone(),
            });
            let outcome = self.run_tool(&name, &arguments, cancel).await?;
            emit(LoopEvent::ToolFinished {
                call_id: call_id.clone(),
                name: name.clone(),
                output: outcome.output.clone(),
                is_error: outcome.is_error,
            });
            step.calls.push(RanCall {
                name,
                arguments,
                output: outcome.output.clone(),
            });
            step.items.push(if outcome.is_error {
                Item::tool_error(call_id, outcome.output)
            } else {
                Item::tool_result(call_id, outcome.output)
            });
        }
        Ok(step)
    }

    /// Runs one (possibly long, blocking) tool call off the async threads.
    async fn run_tool(
        &self,
        name: &str,
        arguments: &Value,
        cancel: &CancellationToken,
    ) -> Result<ToolOutcome, PilotError> {
        let (tools, name, arguments, cancel) = (
            Arc::clone(&self.tools),
            name.to_string(),
            arguments.clone(),
            cancel.clone(),
        );
        tokio::task::spawn_blocking(move || tools.run(&name, &arguments, &cancel))
            .await
            .map_err(|e| PilotError::Tool(e.to_string()))
    }
}

/// Runs blocking work (a store's lock and reads, a listing of the sessions,
/// a shadow-git snapshot) on a blocking thread, so the async threads that
/// stream the LLM's answer, and the app's commands, never wait on a disk.
/// `what` names the work should its thread die.
pub(crate) async fn off_thread<T: Send + 'static>(
    what: &'static str,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, PilotError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| PilotError::Background {
            what,
            detail: e.to_string(),
        })
}

/// What the pilot's LLM spent over one or more calls, for a node.
#[derive(Debug, Clone)]
pub(crate) struct LlmSpend {
    pub usage: TokenUsage,
    /// The model as the API last reported it, else the configured one.
    pub model: String,
    /// Input plus output tokens of the last call: the context's size.
    pub context_tokens: u64,
}

impl LlmSpend {
    pub fn new(model: &str) -> Self {
        Self {
            usage: TokenUsage::default(),
            model: model.to_string(),
            context_tokens: 0,
        }
    }

    pub fn add(&mut self, step: &Step) {
        self.usage = self.usage.add(&step.usage);
        self.context_tokens = step.usage.total();
        if !step.model.is_empty() {
            self.model = step.model.clone();
        }
    }

    /// `node` with this spend as its pilot LLM's, priced by `prices`.
    pub fn on(&self, node: Node, prices: &PriceTable) -> Node {
        Node {
            pilot_usage: self.usage,
            pilot_cost_usd: cost_of(prices, &self.model, &self.usage).usd(),
            model: self.model.clone(),
            context_tokens: self.context_tokens,
            ..node
        }
    }
}
