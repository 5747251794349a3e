//! Turning a finished turn's evidence into its final record: status from the
//! CLI's terminal event and exit code, per-turn usage from the cumulative
//! figures, cost from the CLI's report or the price table.

use crate::agents::turn_log::{Terminal, TurnLog, TurnOutcome};
use crate::agents::Adapter;
use crate::cost::{per_turn_reported_cost, per_turn_usage, turn_cost, CostSource, UsageScope};
use crate::events::AgentEvent;
use crate::store::{ResumeMode, SessionMeta, SessionStatus, Timestamp, TurnRecord};

use super::liveness::{has_ended, stop_leftovers, turn_files};
use super::{adapter_of, Engine, EngineError, EngineResult};

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
    let meta = engine.store.load(id)?;
    let adapter = adapter_of(&meta)?;
    let files = turn_files(engine, id, number)?;
    let log = read_turn_log(adapter, &files.stdout)?;
    let exit_code = files.exit_code();
    let stderr_tail = read_tail(&files.stderr);
    let prices = engine.prices();
    Ok(engine.store.update(id, |m| {
        let finished = m
            .current_turn()
            .map(|t| t.number == number && t.ended_at.is_none())
            .unwrap_or(false);
        if !finished {
            return;
        }
        apply(
            m,
            adapter,
            number,
            &log,
            exit_code,
            stderr_tail.as_deref(),
            &prices,
        );
    })?)
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

fn apply(
    meta: &mut SessionMeta,
    adapter: Adapter,
    number: u32,
    log: &TurnLog,
    exit_code: Option<i32>,
    stderr_tail: Option<&str>,
    prices: &crate::cost::PriceTable,
) {
    let previous = meta
        .turns
        .iter()
        .filter(|t| t.number < number)
        .max_by_key(|t| t.number)
        .cloned();
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
        .unwrap_or_else(|| meta.model.clone());
    let reply = last_agent_message(log);
    let (status, error) = match log.outcome(exit_code) {
        TurnOutcome::Completed => (SessionStatus::Completed, None),
        TurnOutcome::Failed { message } => (SessionStatus::Failed, Some(message)),
        TurnOutcome::Incomplete => (
            SessionStatus::Failed,
            Some(match (exit_code, stderr_tail) {
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
    record_usage(turn, adapter, previous.as_ref(), log, &model, prices);
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

fn record_usage(
    turn: &mut TurnRecord,
    adapter: Adapter,
    previous: Option<&TurnRecord>,
    log: &TurnLog,
    model: &str,
    prices: &crate::cost::PriceTable,
) {
    let Some(Terminal::Completed {
        usage: reported_usage,
        reported_cost_usd: reported_total,
    }) = log.terminal().cloned()
    else {
        return;
    };
    // Cumulative figures continue only when this turn resumed the same agent session.
    let same_thread = turn.resume_mode == ResumeMode::Native;
    let prev = previous.filter(|_| same_thread);
    let scope = match adapter {
        Adapter::Codex => UsageScope::Cumulative,
        Adapter::Claude => UsageScope::ThisRun,
    };
    let usage = per_turn_usage(
        scope,
        prev.and_then(|p| p.cumulative_usage.as_ref()),
        &reported_usage,
    );
    let reported_delta = reported_total.and_then(|total| {
        per_turn_reported_cost(prev.and_then(|p| p.reported_total_cost_usd), total)
    });
    let cost = turn_cost(prices, model, &usage, reported_delta);
    turn.usage = usage;
    turn.cumulative_usage = Some(reported_usage);
    turn.reported_total_cost_usd = reported_total;
    turn.reported_cost_usd = reported_delta;
    turn.estimated_cost_usd = cost.our_estimate;
    turn.cost_usd = cost.cost_usd;
    turn.cost_source = Some(
        match cost.source {
            CostSource::Reported => "reported",
            CostSource::PriceTable => "price_table",
            CostSource::Unpriced => "unpriced",
        }
        .to_string(),
    );
}

fn last_agent_message(log: &TurnLog) -> Option<String> {
    log.entries().iter().rev().find_map(|e| match e {
        AgentEvent::AgentMessage { text } if !text.trim().is_empty() => Some(text.clone()),
        _ => None,
    })
}
