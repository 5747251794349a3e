//! Whether a turn still runs: the rule every reader applies before it
//! finalizes a turn, and the stopping of what a finished turn left behind.
//!
//! A turn runs while its CLI runs, and the waiter is only the usual witness
//! of that. The rule, in order:
//!
//! 1. The waiter lives and has written no exit file: running (the cheap,
//!    common answer; nothing else is read).
//! 2. The exit file holds a code of 128 or less: the CLI exited by itself
//!    (Codex's node launcher returns only once the native binary has):
//!    ended.
//! 3. Otherwise the evidence is gone: the waiter was killed before it could
//!    write the exit file, or the CLI's launcher died of a signal (code
//!    above 128) while what it started may work on. The turn runs while
//!    any process of it lives ([`SpawnedTurn::members`]), unless the turn
//!    file already holds the CLI's terminal event: then the agent has said
//!    its last word, and what still lives is the CLI's last moment or
//!    something the agent left behind.
//!
//! When a turn has ended, whatever of it still runs (a background `sleep`,
//! a dev server the agent started) is stopped: TERM, the kill grace, KILL.
//! A turn leaves nothing behind that nobody watches, and the next turn
//! never races a process of the previous one.

use crate::store::{SessionMeta, TurnRecord};
use crate::supervisor::{kill_turn, Scope, SpawnedTurn, TurnFiles};

use super::turn_index::folded;
use super::{adapter_of, Engine, EngineResult};

/// The highest exit code of a process that exited by itself (`sh` reports
/// death by signal N as 128 + N).
const LAST_OWN_EXIT_CODE: i32 = 128;

/// The processes of `turn` as recorded; `None` before it was started.
pub(super) fn processes(turn: &TurnRecord) -> Option<SpawnedTurn> {
    Some(SpawnedTurn {
        pid: turn.pid?,
        start_time: turn.pid_start_time?,
        marker: turn.process_marker.clone(),
    })
}

/// Whether turn `turn` of `meta` has ended, by the rule above. A turn that
/// was never started (no PID recorded) has ended.
pub(super) fn has_ended(
    engine: &Engine,
    meta: &SessionMeta,
    turn: &TurnRecord,
) -> EngineResult<bool> {
    let Some(procs) = processes(turn) else {
        return Ok(true);
    };
    let files = turn_files(engine, &meta.id, turn.number)?;
    let exit_code = files.exit_code();
    if exit_code.is_none() && procs.is_alive() {
        return Ok(false);
    }
    if exit_code.is_some_and(|code| (0..=LAST_OWN_EXIT_CODE).contains(&code)) {
        return Ok(true);
    }
    if procs.members().is_empty() {
        return Ok(true);
    }
    reported_end(engine, meta, turn.number)
}

/// Whether the CLI wrote its terminal event (success or failure) into the
/// file of turn `number`.
pub(super) fn reported_end(engine: &Engine, meta: &SessionMeta, number: u32) -> EngineResult<bool> {
    let adapter = adapter_of(meta)?;
    let path = engine.store.turn_stdout_path(&meta.id, number)?;
    Ok(folded(&engine.turns, adapter, &path)?.terminal().is_some())
}

/// Stops what an ended turn left running, sparing the waiter (it is writing
/// the exit file). A failure to signal is not fatal here: the turn has ended
/// either way, and `continue` refuses while anything of it still lives.
pub(super) fn stop_leftovers(engine: &Engine, turn: &TurnRecord) {
    if let Some(procs) = processes(turn) {
        let _ = kill_turn(&procs, Scope::Leftovers, engine.settings.kill_grace);
    }
}

/// Whether any process of `turn` of `meta` still lives. The waiter counts
/// only until it has written the exit file: after that it is merely exiting.
pub(super) fn anything_alive(engine: &Engine, meta: &SessionMeta, turn: &TurnRecord) -> bool {
    let Some(procs) = processes(turn) else {
        return false;
    };
    let exited = turn_files(engine, &meta.id, turn.number).is_ok_and(|f| f.exit.exists());
    let waiter = procs.waiter();
    procs.members().into_iter().any(|m| m != waiter || !exited)
}

pub(super) fn turn_files(engine: &Engine, id: &str, number: u32) -> EngineResult<TurnFiles> {
    let stdout = engine.store.turn_stdout_path(id, number)?;
    let dir = stdout
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    Ok(TurnFiles::in_dir(&dir, number))
}
