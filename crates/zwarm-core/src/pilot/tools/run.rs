//! Runs the pilot's tool calls against the session engine.
//!
//! A tool never fails the pilot's turn: a bad argument, an unknown session or
//! a busy one becomes an error result the LLM reads and can act on.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;
use zwarm_llm::CancellationToken;

use super::specs::*;
use super::trajectory::{last_reply, trajectory_lines};
use super::truncate::head_tail;
use crate::agents::Adapter;
use crate::checkpoints::{PilotStore, SessionSnapshot};
use crate::engine::{Engine, EngineError, Isolation, KillResult, SessionSummary, StartRequest};
use crate::pilot::branch::{Branch, BranchSession};
use crate::spend::{budget_statuses, workspace_records, BudgetConfig, BudgetStatus};
use crate::store::{SessionMeta, SessionStatus};

/// The longest a single `wait` may block.
pub const MAX_WAIT: Duration = Duration::from_secs(600);
/// How often a `wait` looks at the watched sessions.
const WAIT_POLL: Duration = Duration::from_millis(250);
/// Longest tool result handed back to the LLM, in characters.
const MAX_RESULT: usize = 6_000;
/// Longest result of `get_trajectory` with `full`.
const MAX_FULL_TRAJECTORY: usize = 20_000;

/// The result of one tool call.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolOutcome {
    pub output: String,
    pub is_error: bool,
}

impl ToolOutcome {
    fn ok(output: impl Into<String>) -> Self {
        Self {
            output: head_tail(&output.into(), MAX_RESULT),
            is_error: false,
        }
    }

    fn error(output: impl Into<String>) -> Self {
        Self {
            output: head_tail(&output.into(), MAX_RESULT),
            is_error: true,
        }
    }
}

/// Runs tools for one pilot.
pub struct ToolBox {
    engine: Arc<Engine>,
    /// `pilot:<id>`: recorded as the source of the sessions it starts.
    source: String,
    pilot_id: String,
    default_adapter: Adapter,
    budget: BudgetConfig,
    /// The sessions of the branch this turn continues (see `pilot::branch`).
    branch: Branch,
}

impl ToolBox {
    pub fn new(
        engine: Arc<Engine>,
        pilot_id: &str,
        default_adapter: Adapter,
        budget: BudgetConfig,
    ) -> Self {
        Self {
            engine,
            source: format!("pilot:{pilot_id}"),
            pilot_id: pilot_id.to_string(),
            default_adapter,
            budget,
            branch: Branch::default(),
        }
    }

    /// Continues the branch whose node recorded `sessions`: the turn sees
    /// those sessions as they stood there (none at the start of a graph).
    pub fn on_branch(mut self, sessions: &[SessionSnapshot]) -> Self {
        self.branch = Branch::at(sessions);
        self
    }

    /// The branch's sessions as they stand now, for the node this turn records.
    pub fn branch_snapshots(&self) -> Vec<SessionSnapshot> {
        self.branch.snapshots(&self.engine)
    }

    /// The id the pilot's conversation uses for session `id` (a fork made on
    /// this branch answers to its original's id).
    fn known_as(&self, id: &str) -> String {
        self.branch
            .sessions()
            .into_iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.known_as)
    }

    /// The session the pilot names, on this branch.
    fn branch_session(&self, id: &str) -> Result<BranchSession, ToolOutcome> {
        self.branch.resolve(id).map_err(|not_here| {
            // A session no branch knows is simply unknown.
            match self.engine.store().resolve(id) {
                Ok(_) => ToolOutcome::error(not_here),
                Err(_) => ToolOutcome::error(format!(
                    "no session matches `{}`; list_sessions shows this branch's sessions",
                    id.trim()
                )),
            }
        })
    }

    /// The same tools for an orchestrator run: its sessions are recorded as
    /// started by `orchestrator:<run id>`.
    pub fn for_orchestrator(mut self) -> Self {
        self.source = format!("orchestrator:{}", self.pilot_id);
        self
    }

    /// Why no new agent turn may start: a spent budget of the workspace or of this pilot.
    ///
    /// Fails closed: a budget that cannot be checked (this pilot's own
    /// `pilot.json` or the spend unreadable) does not let turns through.
    fn budget_refusal(&self) -> Option<ToolOutcome> {
        let own = match PilotStore::new(self.engine.workspace().state_dir()).load(&self.pilot_id) {
            Ok(own) => own,
            Err(error) => {
                return Some(ToolOutcome::error(format!(
                    "refused: this pilot's budget cannot be checked, its pilot.json could not be \
                     read ({error}); no new agent turns start until it can be"
                )))
            }
        };
        if self.budget.workspace_usd.is_none()
            && self.budget.pilot_usd.is_none()
            && own.meta.budget_usd.is_none()
        {
            return None;
        }
        let records = match workspace_records(&self.engine) {
            Ok(read) => read.records,
            Err(error) => {
                return Some(ToolOutcome::error(format!(
                    "refused: a budget is set but the spend could not be read ({error}); \
                     no new agent turns start until it can be checked"
                )))
            }
        };
        budget_statuses(
            &self.budget,
            &records,
            std::slice::from_ref(&own),
            Some(&self.pilot_id),
        )
        .iter()
        .find_map(BudgetStatus::refusal)
        .map(ToolOutcome::error)
    }

    /// The sessions this pilot started.
    pub fn own_sessions(&self) -> Vec<SessionMeta> {
        match self.engine.list(None) {
            Ok(listing) => listing
                .sessions
                .into_iter()
                .filter(|m| m.source == self.source)
                .map(Arc::unwrap_or_clone)
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Runs one call. `arguments` is what the model sent (a JSON string when
    /// it was not valid JSON).
    pub fn run(&self, name: &str, arguments: &Value, cancel: &CancellationToken) -> ToolOutcome {
        let args = match arguments {
            Value::Object(map) => map,
            Value::String(raw) => {
                return ToolOutcome::error(format!(
                    "the arguments were not valid JSON: {}",
                    head_tail(raw, 300)
                ))
            }
            _ => return ToolOutcome::error("the arguments must be a JSON object"),
        };
        let text = |key: &str| {
            args.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let flag = |key: &str| args.get(key).and_then(Value::as_bool).unwrap_or(false);
        let required =
            |key: &str| text(key).ok_or_else(|| ToolOutcome::error(format!("`{key}` is required")));
        let result = match name {
            DELEGATE => required("task").and_then(|task| {
                let isolation = args.get("worktree").and_then(Value::as_bool).map(|own| {
                    if own {
                        Isolation::Worktree { base: None }
                    } else {
                        Isolation::None
                    }
                });
                self.delegate(task, text("adapter"), text("model"), text("working_dir"), isolation)
            }),
            CONVERSE => required("session_id")
                .and_then(|id| required("message").map(|m| (id, m)))
                .and_then(|(id, message)| self.converse(id, message)),
            CHECK_SESSION => required("session_id").and_then(|id| self.check(id)),
            GET_TRAJECTORY => required("session_id").and_then(|id| self.trajectory(id, flag("full"))),
            LIST_SESSIONS => self.list(text("status")),
            END_SESSION => required("session_id").and_then(|id| self.end(id, flag("delete"))),
            WAIT => {
                let seconds = args.get("seconds").and_then(Value::as_f64).unwrap_or(60.0);
                let ids = args.get("session_ids").and_then(Value::as_array).map(|ids| {
                    ids.iter().filter_map(Value::as_str).map(str::to_string).collect::<Vec<_>>()
                });
                Ok(self.wait(seconds, ids, cancel))
            }
            other => Err(ToolOutcome::error(format!(
                "there is no tool `{other}`; the tools are {DELEGATE}, {CONVERSE}, {CHECK_SESSION}, {GET_TRAJECTORY}, \
                 {LIST_SESSIONS}, {END_SESSION} and {WAIT}"
            ))),
        };
        result.unwrap_or_else(|error| error)
    }

    fn delegate(
        &self,
        task: &str,
        adapter: Option<&str>,
        model: Option<&str>,
        working_dir: Option<&str>,
        isolation: Option<Isolation>,
    ) -> Result<ToolOutcome, ToolOutcome> {
        if let Some(refusal) = self.budget_refusal() {
            return Err(refusal);
        }
        let adapter = match adapter {
            None => self.default_adapter,
            Some(name) => name.parse::<Adapter>().map_err(|_| {
                ToolOutcome::error(format!("unknown adapter `{name}`: use codex or claude"))
            })?,
        };
        let working_dir = working_dir.map(|dir| {
            let path = PathBuf::from(dir);
            if path.is_absolute() {
                path
            } else {
                self.engine.workspace().root().join(path)
            }
        });
        let request = StartRequest {
            task: task.to_string(),
            adapter,
            model: model.map(str::to_string),
            mode: None,
            working_dir,
            source: self.source.clone(),
            isolation,
        };
        let meta = self.engine.start(request).map_err(engine_error)?;
        self.branch.set(&meta.id, &meta.id, meta.turn);
        let branch = meta
            .worktree
            .as_ref()
            .map(|w| format!(" (a worktree of its own on branch {})", w.branch))
            .unwrap_or_default();
        Ok(ToolOutcome::ok(format!(
            "Started session {} ({adapter}{}, {}) in {}{branch}. It works in the background: call wait, then check_session.",
            meta.id,
            if meta.model.is_empty() { String::new() } else { format!(" {}", meta.model) },
            meta.sandbox.as_deref().unwrap_or("default mode"),
            meta.working_dir,
        )))
    }

    fn converse(&self, id: &str, message: &str) -> Result<ToolOutcome, ToolOutcome> {
        if let Some(refusal) = self.budget_refusal() {
            return Err(refusal);
        }
        let session = self.branch_session(id)?;
        let current = self.engine.refresh(&session.id).map_err(engine_error)?;
        // Moved on since the node this branch continues (another branch talked
        // to it): continue a fork of the agent at its state on this branch.
        let target = if current.turn > session.turn {
            self.fork_for_branch(&session)?
        } else {
            session.id.clone()
        };
        let meta = self
            .engine
            .continue_session(&target, message)
            .map_err(engine_error)?;
        self.branch.set(&session.known_as, &meta.id, meta.turn);
        Ok(ToolOutcome::ok(format!(
            "Sent to session {}; its turn {} is running. Call wait, then check_session.",
            session.known_as, meta.turn
        )))
    }

    fn check(&self, id: &str) -> Result<ToolOutcome, ToolOutcome> {
        let session = self.branch_session(id)?;
        let meta = self.as_on_branch(&session)?;
        let summary = SessionSummary::from(&meta);
        let tail = self.tail_events(&meta.id, 60, session.turn)?;
        let mut out = format!(
            "session {} ({} {}): {} after {} turn(s); {} tokens, {}",
            session.known_as,
            summary.adapter,
            if summary.model.is_empty() {
                "default model"
            } else {
                summary.model.as_str()
            },
            status_word(meta.status),
            meta.turn,
            summary.usage.total(),
            cost_text(&summary),
        );
        if let Some(error) = &meta.error {
            out.push_str(&format!("\nerror: {error}"));
        }
        match last_reply(&tail) {
            Some(reply) => out.push_str(&format!("\nlast reply:\n{}", head_tail(reply, 3_000))),
            None => out.push_str("\nno reply yet"),
        }
        Ok(ToolOutcome::ok(out))
    }

    fn trajectory(&self, id: &str, full: bool) -> Result<ToolOutcome, ToolOutcome> {
        let session = self.branch_session(id)?;
        let meta = self.as_on_branch(&session)?;
        let events = self.tail_events(&meta.id, if full { 2_000 } else { 40 }, session.turn)?;
        let lines = trajectory_lines(&events, full);
        let text = format!(
            "session {} ({}):\n{}",
            session.known_as,
            status_word(meta.status),
            lines.join("\n")
        );
        let limit = if full {
            MAX_FULL_TRAJECTORY
        } else {
            MAX_RESULT
        };
        Ok(ToolOutcome {
            output: head_tail(&text, limit),
            is_error: false,
        })
    }

    /// The sessions of this branch (never those of other branches), each as
    /// this branch knows it.
    fn list(&self, status: Option<&str>) -> Result<ToolOutcome, ToolOutcome> {
        let status = match status {
            None => None,
            Some(s) => Some(
                parse_status(s)
                    .ok_or_else(|| ToolOutcome::error(format!("unknown status `{s}`")))?,
            ),
        };
        let listing = self.engine.list(None).map_err(engine_error)?;
        let mut lines = Vec::new();
        for session in self.branch.sessions() {
            let Ok(meta) = self.as_on_branch(&session) else {
                lines.push(format!("{} is gone", session.known_as));
                continue;
            };
            if status.is_some_and(|wanted| wanted != meta.status) {
                continue;
            }
            let s = SessionSummary::from(&meta);
            let problem = listing
                .problem_of(&meta.id)
                .map(|p| format!(" (problem: {p})"))
                .unwrap_or_default();
            lines.push(format!(
                "{} {} {} turn {} {}: {}{}",
                session.known_as,
                status_word(s.status),
                s.adapter,
                s.turn,
                cost_text(&s),
                s.title,
                problem
            ));
        }
        if lines.is_empty() {
            return Ok(ToolOutcome::ok("No sessions."));
        }
        Ok(ToolOutcome::ok(lines.join("\n")))
    }

    /// The session as it stands on this branch: as it is, or, when another
    /// branch has moved it on since, with its later turns left out.
    fn as_on_branch(&self, session: &BranchSession) -> Result<SessionMeta, ToolOutcome> {
        let mut meta = self.engine.refresh(&session.id).map_err(engine_error)?;
        if meta.turn > session.turn {
            meta.turns.retain(|t| t.number <= session.turn);
            meta.turn = session.turn;
            if let Some((status, error)) = meta.current_turn().map(|t| (t.status, t.error.clone()))
            {
                meta.status = status;
                meta.error = error;
            }
        }
        Ok(meta)
    }

    /// A fork of `session` at the turn this branch knows, for a branch that
    /// talks to it after another branch moved it on.
    fn fork_for_branch(&self, session: &BranchSession) -> Result<String, ToolOutcome> {
        let fork = self
            .engine
            .fork(&session.id, session.turn, Some(self.source.clone()))
            .map_err(engine_error)?;
        self.branch.set(&session.known_as, &fork.id, fork.turn);
        Ok(fork.id)
    }

    fn end(&self, id: &str, delete: bool) -> Result<ToolOutcome, ToolOutcome> {
        let session = self.branch_session(id)?;
        let id = session.id.as_str();
        if delete {
            let id = self.engine.delete(id).map_err(engine_error)?;
            return Ok(ToolOutcome::ok(format!(
                "Session {id} stopped and deleted."
            )));
        }
        let result = self.engine.kill(id).map_err(engine_error)?;
        let meta = self.engine.refresh(id).map_err(engine_error)?;
        Ok(ToolOutcome::ok(match result {
            KillResult::Killed => format!("Session {} stopped.", meta.id),
            KillResult::AlreadyEnded { status } => format!(
                "Session {} had already ended by itself ({}); nothing was cut short.",
                meta.id,
                status_word(status)
            ),
            KillResult::NotRunning => format!(
                "Session {} was not running ({}).",
                meta.id,
                status_word(meta.status)
            ),
        }))
    }

    /// Blocks until a watched session is no longer running, `seconds` pass or
    /// the turn is cancelled. A watched session that has already finished
    /// answers at once: there is nothing to wait for.
    fn wait(
        &self,
        seconds: f64,
        ids: Option<Vec<String>>,
        cancel: &CancellationToken,
    ) -> ToolOutcome {
        let limit = Duration::from_secs_f64(seconds.clamp(0.0, MAX_WAIT.as_secs_f64()));
        let watched: Vec<String> = match ids {
            Some(ids) if !ids.is_empty() => {
                let mut resolved = Vec::new();
                for id in ids {
                    match self.branch.resolve(&id) {
                        Ok(session) => resolved.push(session.id),
                        Err(e) => return ToolOutcome::error(e),
                    }
                }
                resolved
            }
            _ => self
                .branch
                .sessions()
                .into_iter()
                .filter(|s| {
                    self.engine
                        .refresh(&s.id)
                        .is_ok_and(|m| m.status == SessionStatus::Running && m.turn == s.turn)
                })
                .map(|s| s.id)
                .collect(),
        };
        if watched.is_empty() {
            return ToolOutcome::ok("Nothing to wait for: none of your sessions is running.");
        }
        let started = Instant::now();
        loop {
            let states: Vec<(String, Option<SessionMeta>)> = watched
                .iter()
                .map(|id| (id.clone(), self.engine.refresh(id).ok()))
                .collect();
            let finished: Vec<&SessionMeta> = states
                .iter()
                .filter_map(|(_, m)| m.as_ref())
                .filter(|m| {
                    m.status != SessionStatus::Running && m.status != SessionStatus::Pending
                })
                .collect();
            if !finished.is_empty() {
                let mut out = vec![format!("After {:.0} s:", started.elapsed().as_secs_f64())];
                out.extend(states.iter().map(|(id, m)| match m {
                    Some(m) => format!(
                        "{} {} (turn {})",
                        self.known_as(&m.id),
                        status_word(m.status),
                        m.turn
                    ),
                    None => format!("{id} is gone"),
                }));
                out.push("Call check_session for the replies.".into());
                return ToolOutcome::ok(out.join("\n"));
            }
            if cancel.is_cancelled() {
                return ToolOutcome::error("the wait was cancelled by the user");
            }
            if started.elapsed() >= limit {
                return ToolOutcome::ok(format!(
                    "Waited {:.0} s; still running: {}",
                    started.elapsed().as_secs_f64(),
                    watched
                        .iter()
                        .map(|id| self.known_as(id))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            std::thread::sleep(
                WAIT_POLL
                    .min(limit.saturating_sub(started.elapsed()))
                    .max(Duration::from_millis(10)),
            );
        }
    }

    /// The last `count` events of a session's transcript up to and
    /// including turn `through` (the view of this branch).
    fn tail_events(
        &self,
        id: &str,
        count: usize,
        through: u32,
    ) -> Result<Vec<crate::events::AgentEvent>, ToolOutcome> {
        let total = self.engine.events(id, 0, 0).map_err(engine_error)?.total as usize;
        let page = self
            .engine
            .events(id, total.saturating_sub(count), count)
            .map_err(engine_error)?;
        if page.events.iter().all(|e| e.turn <= through) {
            return Ok(page.events.into_iter().map(|e| e.event).collect());
        }
        // Later turns belong to another branch: read the whole transcript and
        // keep this branch's part (a rare path: only after travelling back).
        let all = self.engine.events(id, 0, total).map_err(engine_error)?;
        let mine: Vec<_> = all
            .events
            .into_iter()
            .filter(|e| e.turn <= through)
            .collect();
        let skip = mine.len().saturating_sub(count);
        Ok(mine.into_iter().skip(skip).map(|e| e.event).collect())
    }
}

fn engine_error(error: EngineError) -> ToolOutcome {
    ToolOutcome::error(error.to_string())
}

fn parse_status(text: &str) -> Option<SessionStatus> {
    serde_json::from_value(Value::String(text.to_string())).ok()
}

fn status_word(status: SessionStatus) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn cost_text(summary: &SessionSummary) -> String {
    if summary.unpriced {
        format!("at least ${:.4} (some turns unpriced)", summary.cost_usd)
    } else {
        format!("${:.4}", summary.cost_usd)
    }
}
