//! Killing a session's turn, and saying truthfully what happened.
//!
//! A kill stops every process of the turn (see `supervisor::members`), not
//! only the waiter's group. It records `killed` only when it cut the turn
//! short: if the CLI had already written its terminal event, the turn
//! completed (or failed) by itself and is recorded so, and the caller hears
//! that it had already ended.

use serde::Serialize;

use crate::store::{SessionMeta, SessionStatus};
use crate::supervisor::{kill_turn, KillOutcome, Scope};

use super::liveness::{processes, reported_end, turn_files};
use super::{finalize, Engine, EngineError, EngineResult};

/// What [`Engine::kill`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KillResult {
    /// The turn was running; it is stopped and recorded `killed`.
    Killed,
    /// The turn had already ended by itself (its terminal event was written,
    /// or its processes were gone) and is recorded with `status`. Whatever
    /// of it still ran was stopped.
    AlreadyEnded { status: SessionStatus },
    /// No turn was running and nothing of one was left: nothing was done.
    NotRunning,
}

impl Engine {
    /// Kills the running turn of a session: every process of it, TERM, then
    /// after the kill grace KILL.
    pub fn kill(&self, id_or_prefix: &str) -> EngineResult<KillResult> {
        let meta = self.find_session(id_or_prefix)?;
        let Some(turn) = meta.current_turn() else {
            return Ok(KillResult::NotRunning);
        };
        let Some(procs) = processes(turn) else {
            return Ok(KillResult::NotRunning);
        };
        let number = turn.number;
        let grace = self.settings.kill_grace;
        if meta.status.is_ended() {
            // Recorded as ended: stop anything of it that still runs, but
            // leave a waiter that has written the exit file to finish exiting.
            let exited = turn_files(self, &meta.id, number)?.exit.exists();
            let scope = if exited {
                Scope::Leftovers
            } else {
                Scope::Whole
            };
            return Ok(
                match kill_turn(&procs, scope, grace).map_err(kill_failed(&meta.id))? {
                    KillOutcome::NotRunning => KillResult::NotRunning,
                    _ => KillResult::AlreadyEnded {
                        status: meta.status,
                    },
                },
            );
        }
        if meta.status != SessionStatus::Running {
            return Ok(KillResult::NotRunning);
        }
        if reported_end(self, &meta, number)? {
            // The CLI has said its last word: the turn is over whatever its
            // processes are still doing. Stop them, record the CLI's verdict.
            kill_turn(&procs, Scope::Whole, grace).map_err(kill_failed(&meta.id))?;
            let meta = finalize::finalize_turn(self, &meta.id, number)?;
            return Ok(ended(&meta));
        }
        // Mark the turn killed before signalling it: the live watcher finalizes
        // a turn the moment its processes are gone, and must then see that the
        // user killed it rather than report the signal's exit code as a failure.
        self.update_session(&meta.id, |m| set_killed(m, number, true))?;
        let outcome = kill_turn(&procs, Scope::Whole, grace);
        if !matches!(
            outcome,
            Ok(KillOutcome::Terminated | KillOutcome::ForceKilled)
        ) {
            // It had ended by itself (or could not be signalled): it was not
            // killed. Undo the mark unless the turn was finalized meanwhile.
            self.update_session(&meta.id, |m| set_killed(m, number, false))?;
            let meta = self.refresh(&meta.id)?;
            outcome.map_err(kill_failed(&meta.id))?;
            return Ok(if meta.status.is_ended() {
                ended(&meta)
            } else {
                KillResult::NotRunning
            });
        }
        let meta = finalize::finalize_turn(self, &meta.id, number)?;
        Ok(ended(&meta))
    }
}

/// Names the session whose turn could not be signalled.
pub(super) fn kill_failed(id: &str) -> impl FnOnce(std::io::Error) -> EngineError + '_ {
    move |source| EngineError::Kill {
        id: id.to_string(),
        source,
    }
}

/// `Killed` if the turn was recorded killed, else what it ended as.
fn ended(meta: &SessionMeta) -> KillResult {
    match meta.status {
        SessionStatus::Killed => KillResult::Killed,
        status => KillResult::AlreadyEnded { status },
    }
}

/// Marks turn `number` killed by the user (`killed`), or undoes that mark
/// while the turn is still unfinalized.
fn set_killed(meta: &mut SessionMeta, number: u32, killed: bool) {
    let Some(turn) = meta
        .current_turn_mut()
        .filter(|t| t.number == number && t.ended_at.is_none())
    else {
        return;
    };
    let (from, to, error) = if killed {
        (
            SessionStatus::Running,
            SessionStatus::Killed,
            Some("Killed by the user".to_string()),
        )
    } else {
        (SessionStatus::Killed, SessionStatus::Running, None)
    };
    if turn.status != from && !(killed && turn.status == SessionStatus::Pending) {
        return;
    }
    turn.status = to;
    turn.error = error.clone();
    meta.status = to;
    meta.error = error;
}
