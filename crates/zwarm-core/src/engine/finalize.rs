//! Turning a finished turn's evidence into its final record: status from the
//! CLI's terminal event and exit code, per-turn usage from the cumulative
//! figures, cost from the CLI's report or the price table.

use crate::agents::turn_log::{TurnLog, TurnOutcome};
use crate::agents::Adapter;
use crate::events::AgentEvent;
use crate::store::{SessionMeta, SessionStatus, Timestamp, TurnRecord};

use super::liveness::{has_ended, stop_leftovers, turn_files};
use super::turn_usage::record_usage;
use super::{adapter_of, model, Engine, EngineError, EngineResult};

/// Finalizes the running turn of `meta` if it has ended (see
/// [`super::liveness`]), after stopping whatever it left running.
pub(super) fn finalize_if_ended(engine: &Engine, meta: SessionMeta) -> EngineResult<SessionMeta> {
    let Some(turn) = meta.current_turn() else {
        return Ok(meta);
    };
    if !has_ended(engine, &meta, turn)? {
        return Ok(meta);
    }
    stop_leftovers(engine, turn);
    let number = turn.number;
    finalize_turn(engine, &meta.id, number)
}

/// Parses turn `number` of session `id` to the end and records what it says.
/// Idempotent: a turn already finalized is left alone. A turn marked killed
/// stays `killed` and gains its usage, unless its file holds the CLI's
/// terminal event: then the turn had ended before the kill could matter, and
/// the CLI's own verdict stands.
pub(super) fn finalize_turn(engine: &Engine, id: &str, number: u32) -> EngineResult<SessionMeta> {
    let meta = engine.load_session(id)?;
    let adapter = adapter_of(&meta)?;
    let files = turn_files(engine, id, number)?;
    let log = read_turn_log(adapter, &files.stdout)?;
    let exit_code = files.exit_code();
    let stderr_tail = read_tail(&files.stderr);
    let model_after = match adapter {
        Adapter::Codex => log
            .agent_session_id()
            .or(meta.agent_session_id.as_deref())
            .zip(engine.codex_home())
            .and_then(|(thread, home)| {
                model::codex_model_after(&home, thread, Timestamp::now().naive().date())
            }),
        Adapter::Claude => None,
    };
    let prices = engine.prices();
    let unfinished = meta
        .current_turn()
        .is_some_and(|t| t.number == number && t.ended_at.is_none());
    let files_after = unfinished
        .then(|| engine.snapshot_turn_files(&meta, number, "after"))
        .flatten();
    let files_before = meta.current_turn().and_then(|t| t.files_before.as_deref());
    let files_changed = files_before
        .zip(files_after.as_deref())
        .and_then(|(before, after)| engine.turn_stat(&meta, before, after));
    let mut finalized = false;
    let meta = engine.update_session(id, |m| {
        let finished = m
            .current_turn()
            .map(|t| t.number == number && t.ended_at.is_none())
            .unwrap_or(false);
        if !finished {
            return;
        }
        finalized = true;
        if let Some(t) = m.current_turn_mut() {
            t.files_after = files_after.clone();
            t.files_changed = files_changed;
        }
        let evidence = Evidence {
            log: &log,
            exit_code,
            stderr_tail: stderr_tail.as_deref(),
            model_after: model_after.as_deref(),
        };
        apply(m, adapter, number, &evidence, &prices);
    })?;
    if finalized {
        // The turn's money goes into the ledger now. If that write fails (a
        // full disk), meta.json still holds it, and a delete writes it first.
        let _ = engine.ledger().append(
            &crate::ledger::ended_turn_records(&meta)
                .into_iter()
                .filter(|r| r.turn == Some(number))
                .collect::<Vec<_>>(),
        );
        // Requests a killed helper could not withdraw are nobody's now.
        engine.approvals().clear_turn(id, number);
    }
    Ok(meta)
}

/// The whole turn file through the parser. A missing file is an empty turn
/// (the process never wrote anything).
pub(super) fn read_turn_log(adapter: Adapter, path: &std::path::Path) -> EngineResult<TurnLog> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(TurnLog::parse_all(adapter, &bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(TurnLog::new(adapter)),
        Err(source) => Err(EngineError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// The last line of the CLI's stderr, for failures that left no JSON behind.
fn read_tail(path: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    text.lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| l.chars().take(500).collect())
}

/// What a finished turn left behind, read before taking the session's lock.
struct Evidence<'a> {
    /// The whole turn file, parsed.
    log: &'a TurnLog,
    exit_code: Option<i32>,
    /// The CLI's last stderr line, for failures that left no JSON.
    stderr_tail: Option<&'a str>,
    /// The model Codex's rollout recorded for the thread.
    model_after: Option<&'a str>,
}

fn apply(
    meta: &mut SessionMeta,
    adapter: Adapter,
    number: u32,
    evidence: &Evidence<'_>,
    prices: &crate::cost::PriceTable,
) {
    let Evidence {
        log,
        exit_code,
        stderr_tail,
        model_after,
    } = *evidence;
    let earlier: Vec<TurnRecord> = meta
        .turns
        .iter()
        .filter(|t| t.number < number)
        .cloned()
        .collect();
    if meta.agent_session_id.is_none() {
        meta.agent_session_id = log.agent_session_id().map(str::to_string);
    }
    if meta.model.is_empty() {
        if let Some(model) = log.model() {
            meta.model = model.to_string();
        }
    }
    let model = log
        .model()
        .map(str::to_string)
        .or_else(|| model_after.map(str::to_string))
        .or_else(|| meta.current_turn().and_then(|t| t.model.clone()))
        .unwrap_or_else(|| meta.model.clone());
    let reply = last_agent_message(log);
    let (status, error) = match log.outcome(exit_code) {
        TurnOutcome::Completed => (SessionStatus::Completed, None),
        TurnOutcome::Failed { message } => (SessionStatus::Failed, Some(message)),
        TurnOutcome::Incomplete => (
            SessionStatus::Failed,
            Some(match (exit_code, stderr_tail) {
                (None, _) if meta.current_turn().is_some_and(|t| t.adopted) => format!(
                    "the process zwarm 3.x started for this turn (pid {}) is gone, and its output ends without the CLI's result",
                    meta.pid.map_or_else(|| "unknown".to_string(), |p| p.to_string())
                ),
                (Some(code), Some(tail)) => {
                    format!("the CLI exited with code {code} without finishing the turn: {tail}")
                }
                (Some(code), None) => {
                    format!("the CLI exited with code {code} without finishing the turn")
                }
                (None, _) => {
                    "the CLI's process ended without finishing the turn or recording an exit code"
                        .into()
                }
            }),
        ),
    };

    let Some(turn) = meta.current_turn_mut() else {
        return;
    };
    turn.ended_at = Some(Timestamp::now());
    turn.exit_code = exit_code;
    record_usage(turn, adapter, &earlier, log.reported(), &model, prices);
    let killed = turn.status == SessionStatus::Killed && log.terminal().is_none();
    if !killed {
        turn.status = status;
        turn.error = error.clone();
    }
    if let Some(reply) = reply {
        meta.push_reply(reply);
    }
    if !killed {
        meta.status = status;
        meta.error = error;
    }
    meta.exit_code = exit_code;
    meta.pid = None;
    meta.sync_token_usage();
}

fn last_agent_message(log: &TurnLog) -> Option<String> {
    log.entries().iter().rev().find_map(|e| match e {
        AgentEvent::AgentMessage { text } if !text.trim().is_empty() => Some(text.clone()),
        _ => None,
    })
}
