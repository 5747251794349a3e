//! Forking a session at a turn ("time travel"): a new session, child of the
//! original, whose transcript is turns 1..=N of the original and whose next
//! follow-up continues the agent as it was after turn N. The original and
//! its later turns are not touched.
//!
//! Each CLI forks with its own mechanism:
//! * **Codex**, eagerly: `codex app-server`'s `thread/fork` through the turn
//!   of the thread that is our turn N (see [`codex_fork`]); the new thread is
//!   the fork's `agent_session_id`, and follow-ups are plain
//!   `codex exec resume NEW_THREAD`.
//! * **Claude**, lazily: the fork's first follow-up runs `claude --resume
//!   SESSION --fork-session --resume-session-at MESSAGE` (MESSAGE: the `uuid`
//!   of turn N's last message line); the new session id it reports becomes
//!   the fork's `agent_session_id` when that turn is finalized.
//! * **Fallback**: where neither works (no agent session, a thread whose
//!   turns cannot be mapped, a CLI that refuses), the fork's first follow-up
//!   replays the transcript of the copied turns into a fresh agent session
//!   (`resume_mode: replay`), and `forked_from.fork_mode` says `replayed`
//!   with the reason in `note`.
//!
//! The copied turn records keep their figures (the fork's first turn on a
//! forked agent thread is differenced against them) and are marked
//! `copied_from`: spend, the ledger and session totals skip them, so money
//! is counted once, in the original.
//!
//! Files are not restored (see [`FILES_NOT_RESTORED`]).

mod codex_fork;
mod copy;

use crate::agents::Adapter;
use crate::store::{ForkMode, ForkOrigin, NewSession, SessionMeta, SessionStatus};

use super::finalize::read_turn_log;
use super::spawn::AgentResume;
use super::{adapter_of, Engine, EngineError, EngineResult};

impl Engine {
    /// Forks session `id_or_prefix` after its turn `through_turn`: a new
    /// session (source `source`, default `user`) holding turns 1..=N, whose
    /// next [`Engine::continue_session`] resumes the agent as it was after
    /// turn N. Refused while turn N runs. Returns the new session.
    pub fn fork(
        &self,
        id_or_prefix: &str,
        through_turn: u32,
        source: Option<String>,
    ) -> EngineResult<SessionMeta> {
        let original = self.refresh(id_or_prefix)?;
        let refuse = |why: String| EngineError::Fork {
            id: original.id.clone(),
            turn: through_turn,
            why,
        };
        let Some(last) = original.turns.iter().find(|t| t.number == through_turn) else {
            let numbers: Vec<String> = original
                .turns
                .iter()
                .map(|t| t.number.to_string())
                .collect();
            return Err(refuse(format!(
                "it has no turn {through_turn} (its turns: {})",
                numbers.join(", ")
            )));
        };
        if !last.is_ended() || last.ended_at.is_none() {
            return Err(refuse(format!(
                "turn {through_turn} has not ended yet; wait for it to finish or kill it first"
            )));
        }
        let adapter = adapter_of(&original)?;
        let mut origin = ForkOrigin {
            session_id: original.id.clone(),
            turn: through_turn,
            fork_mode: ForkMode::Replayed,
            resume_session: None,
            resume_at_message: None,
            note: None,
            files_backup: None,
        };
        let mut agent_session_id = None;
        match adapter {
            Adapter::Codex => {
                let program = self.find_cli(adapter)?;
                match codex_fork::fork_thread(self, &program, &original, through_turn) {
                    Ok(thread) => {
                        origin.fork_mode = ForkMode::Native;
                        agent_session_id = Some(thread);
                    }
                    Err(why) => origin.note = Some(why),
                }
            }
            Adapter::Claude => match self.claude_fork_point(&original, through_turn) {
                Ok((session, message)) => {
                    origin.fork_mode = ForkMode::Native;
                    origin.resume_session = Some(session);
                    origin.resume_at_message = Some(message);
                }
                Err(why) => origin.note = Some(why),
            },
        }

        let mut new = NewSession::new(original.task.clone(), original.working_dir.clone());
        new.adapter = original.adapter.clone();
        new.model = original.model.clone();
        new.source = source.unwrap_or_else(|| "user".into());
        new.sandbox = original.sandbox.clone();
        new.extra_args = original.extra_args.clone();
        let fork = self.store.create(new)?;
        let made = copy::turn_files(self, &original.id, &fork.id, through_turn).and_then(|()| {
            self.update_session(&fork.id, |m| {
                copy::into_fork(m, &original, through_turn);
                m.agent_session_id = agent_session_id.clone();
                m.forked_from = Some(origin.clone());
            })
        });
        match made {
            Ok(meta) => Ok(meta),
            Err(error) => {
                // Half a fork is no fork: the folder is ours alone, remove it.
                if let Ok(dir) = self.store.session_dir(&fork.id) {
                    let _ = std::fs::remove_dir_all(dir);
                }
                Err(error)
            }
        }
    }

    /// Claude's session and last message `uuid` of turn `number`, read from
    /// its turn file; or why a native fork is impossible.
    fn claude_fork_point(
        &self,
        meta: &SessionMeta,
        number: u32,
    ) -> Result<(String, String), String> {
        let path = self
            .store
            .turn_stdout_path(&meta.id, number)
            .map_err(|e| e.to_string())?;
        let log = read_turn_log(Adapter::Claude, &path).map_err(|e| e.to_string())?;
        let session = log.agent_session_id().ok_or_else(|| {
            format!("turn {number}'s output names no Claude session, so it cannot be resumed")
        })?;
        let message = log.last_message_uuid().ok_or_else(|| {
            format!("turn {number}'s output has no message with a uuid to resume at")
        })?;
        Ok((session.to_string(), message.to_string()))
    }
}

/// The Claude fork a session's first follow-up must make: `None` for every
/// other session and turn. Tried once: when that turn yielded no session of
/// its own (Claude refused the fork), later follow-ups replay instead.
pub(super) fn pending_claude_fork(meta: &SessionMeta) -> Option<AgentResume> {
    let origin = meta.forked_from.as_ref()?;
    if meta.agent_session_id.is_some()
        || origin.fork_mode != ForkMode::Native
        || meta.adapter != "claude"
        || meta.turns.iter().any(|t| !t.is_copied())
    {
        return None;
    }
    Some(AgentResume::ClaudeFork {
        session: origin.resume_session.clone()?,
        message: origin.resume_at_message.clone()?,
    })
}

/// The `total_cost_usd` a Claude `--fork-session` starts with: Claude
/// restores the original session's latest total (turns after the fork point
/// included). Read from the original's latest ended turn; when the original
/// is gone, the fork's own copy of its last turn is the best we know.
pub(super) fn carried_cost(engine: &Engine, fork: &SessionMeta) -> Option<f64> {
    let latest = |meta: &SessionMeta| {
        meta.turns
            .iter()
            .filter(|t| t.ended_at.is_some() && t.status != SessionStatus::Pending)
            .filter_map(|t| t.reported_total_cost_usd)
            .next_back()
    };
    fork.forked_from
        .as_ref()
        .and_then(|origin| engine.load_session(&origin.session_id).ok())
        .and_then(|original| latest(&original))
        .or_else(|| latest(fork))
}
