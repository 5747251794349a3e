//! Deleting a session, also one that is broken.
//!
//! Deleting is how a user gets rid of a session that cannot be read or
//! finalized, so it must not depend on either: the running turn is stopped
//! the normal way when possible (which records it as killed), else straight
//! from what meta.json says, and the folder is removed in both cases.

use crate::store::{SessionStatus, StoreError};
use crate::supervisor::{kill_turn, Scope};

use super::liveness::processes;

use super::{Engine, EngineResult};

/// Stops session `id_or_prefix`'s running turn, then removes its folder.
/// Returns the session id.
pub(super) fn delete(engine: &Engine, id_or_prefix: &str) -> EngineResult<String> {
    let id = engine.store.resolve(id_or_prefix)?;
    if let Err(error) = engine.kill(&id) {
        // `kill` also finalizes and rewrites meta.json, which fails for a
        // corrupt file, an unknown adapter or a full disk. The session is
        // going away: what matters is only that its process is stopped.
        // When even that fails, the first error says more than the second.
        stop_from_disk(engine, &id).map_err(|_| error)?;
    }
    keep_spend(engine, &id)?;
    let worktree = engine.load_session(&id).ok().and_then(|meta| meta.worktree);
    engine.store.delete(&id)?;
    // Its worktree goes with it, unless the agent left uncommitted work
    // there: that stays listed (`zwarm worktree list`) for the user to judge.
    if let (Some(worktree), Ok(worktrees)) = (worktree, engine.worktrees()) {
        let _ = worktrees.remove(std::path::Path::new(&worktree.path), false);
    }
    Ok(id)
}

/// Writes the session's finished turns into the spend ledger before its
/// folder goes (those written when each turn ended are not written twice),
/// so deleting a session never deletes its money. Refuses the delete when
/// the ledger cannot be written; a session that cannot be read has no
/// figures to keep.
fn keep_spend(engine: &Engine, id: &str) -> EngineResult<()> {
    let Ok(meta) = engine.load_session(id) else {
        return Ok(());
    };
    let ledger = engine.ledger();
    ledger
        .append(&crate::ledger::ended_turn_records(&meta))
        .map_err(|source| super::EngineError::Io {
            path: ledger.path().to_path_buf(),
            source,
        })?;
    Ok(())
}

/// Stops the process group meta.json records for the running turn, if any.
/// A meta.json that cannot be parsed names no process: nothing to stop.
fn stop_from_disk(engine: &Engine, id: &str) -> EngineResult<()> {
    let meta = match engine.store.load(id) {
        Ok(meta) => meta,
        Err(StoreError::Corrupt { .. } | StoreError::NotFound { .. }) => return Ok(()),
        Err(other) => return Err(other.into()),
    };
    let running = matches!(meta.status, SessionStatus::Running | SessionStatus::Pending);
    let Some(turn) = meta.current_turn().filter(|_| running) else {
        return Ok(());
    };
    if let Some(procs) = processes(turn) {
        kill_turn(&procs, Scope::Whole, engine.settings.kill_grace)
            .map_err(super::kill::kill_failed(id))?;
    }
    Ok(())
}
