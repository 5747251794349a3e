//! Sessions the Python zwarm 3.x wrote: it keeps no per-turn records, only the
//! current turn's number and PID, the last turn's messages and usage, and one
//! output file per turn (`turns/turn_N.jsonl`, stdout and stderr mixed).
//!
//! So that such a session shows its whole history, tokens and cost, every turn
//! that has a file (or is the current one) but no [`TurnRecord`] gets one rebuilt
//! from its file: status from the CLI's terminal event, usage and cost from it,
//! times from the file's modification time. This happens in memory on every
//! read; records are written only when the engine writes the session anyway
//! (a follow-up, a kill, finalizing a turn), under zwarm's own keys unchanged,
//! so zwarm 3.x can still read the folder.
//!
//! A running turn's PID is trusted only after [`find_foreign`] confirms that
//! process started while the session recorded it (PIDs are reused).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, Local};

use crate::agents::turn_log::{Reported, TurnLog, TurnOutcome};
use crate::agents::Adapter;
use crate::cost::PriceTable;
use crate::events::AgentEvent;
use crate::store::{ResumeMode, SessionMeta, SessionStatus, Timestamp, TurnRecord};
use crate::supervisor::{find_foreign, ForeignRecord};
use crate::usage::TokenUsage;

use super::turn_usage::record_usage;

/// The prompt of a follow-up zwarm 3.x sent but did not keep.
pub const LOST_PROMPT: &str = "(a follow-up message; zwarm 3.x did not keep its text)";

/// What a turn file says, kept per file by size and modification time so
/// listing a workspace does not parse every legacy turn file each time.
#[derive(Debug, Clone)]
pub(super) struct TurnFacts {
    outcome: TurnOutcome,
    reported: Option<Reported>,
    model: Option<String>,
    modified: Option<Timestamp>,
    exists: bool,
    /// The agent's final message, for replaying the history into a follow-up.
    pub reply: Option<String>,
}

/// Parsed facts of legacy turn files, keyed by path.
#[derive(Default)]
pub(super) struct FactsCache(HashMap<PathBuf, (u64, Option<SystemTime>, TurnFacts)>);

/// Fills in a record for every turn of `meta` that lacks one. Returns whether
/// any was added. Sessions naming an unknown adapter are left as they are.
pub(super) fn adopt_turns(
    meta: &mut SessionMeta,
    turns_dir: &Path,
    prices: &PriceTable,
    cache: &std::sync::Mutex<FactsCache>,
) -> bool {
    if !may_lack_records(meta) {
        return false;
    }
    let Ok(adapter) = meta.adapter.parse::<Adapter>() else {
        return false;
    };
    let recorded: BTreeSet<u32> = meta.turns.iter().map(|t| t.number).collect();
    let last = turn_file_numbers(turns_dir)
        .into_iter()
        .chain([meta.turn])
        .max()
        .unwrap_or(0);
    let missing: Vec<u32> = (1..=last).filter(|n| !recorded.contains(n)).collect();
    if missing.is_empty() {
        return false;
    }
    let mut previous_end: Option<Timestamp> = None;
    for number in 1..=last {
        if !missing.contains(&number) {
            previous_end = meta
                .turns
                .iter()
                .find(|t| t.number == number)
                .and_then(|t| t.ended_at);
            continue;
        }
        let path = turns_dir.join(format!("turn_{number}.jsonl"));
        let facts = facts_of(adapter, &path, cache);
        let record = rebuild(meta, adapter, number, &facts, previous_end, prices);
        previous_end = record.ended_at.or(facts.modified);
        meta.turns.push(record);
    }
    meta.turns.sort_by_key(|t| t.number);
    fill_missing_usage(meta, adapter, prices);
    let mut session_total = TokenUsage::default();
    for turn in &mut meta.turns {
        session_total = session_total.add(&turn.usage);
        if turn.adopted && turn.cumulative_usage.is_some() {
            turn.cumulative_usage = Some(session_total);
        }
    }
    true
}

/// Whether `meta` may lack turn records: false for sessions we wrote and
/// zwarm 3.x did not continue since, which have nothing to rebuild and no
/// folder to scan (this runs for every session a listing reads).
pub(super) fn may_lack_records(meta: &SessionMeta) -> bool {
    meta.current_turn().is_none()
}

/// The turn files of a session (`turns/turn_N.jsonl`) that records are
/// rebuilt from.
pub(super) fn turn_files(turns_dir: &Path) -> Vec<PathBuf> {
    turn_file_numbers(turns_dir)
        .into_iter()
        .map(|n| turns_dir.join(format!("turn_{n}.jsonl")))
        .collect()
}

/// The record of turn `number`, rebuilt from what the file and meta.json say.
fn rebuild(
    meta: &SessionMeta,
    adapter: Adapter,
    number: u32,
    facts: &TurnFacts,
    previous_end: Option<Timestamp>,
    prices: &PriceTable,
) -> TurnRecord {
    let current = number == meta.turn;
    let running = current && matches!(meta.status, SessionStatus::Running | SessionStatus::Pending);
    let prompt = if number == 1 {
        meta.task.clone()
    } else if running {
        meta.messages
            .iter()
            .rev()
            .find(|m| m.role == "user")
            .map(|m| m.content.clone())
            .unwrap_or_else(|| LOST_PROMPT.to_string())
    } else {
        LOST_PROMPT.to_string()
    };
    let mode = if number == 1 {
        ResumeMode::First
    } else {
        ResumeMode::Replay
    };
    let mut turn = TurnRecord::new(number, prompt, mode);
    turn.adopted = true;
    turn.started_at = match (number, running) {
        (1, _) => meta.created_at,
        (_, true) => meta.updated_at,
        _ => previous_end.unwrap_or(meta.created_at),
    };
    if running {
        turn.status = SessionStatus::Running;
        turn.pid = meta.pid;
        turn.pid_start_time = meta.pid.and_then(|pid| {
            find_foreign(ForeignRecord {
                pid,
                earliest: meta.created_at.naive(),
                latest: meta.updated_at.naive(),
                program: adapter.as_str(),
            })
            .map(|p| p.start_time)
        });
        return turn;
    }
    let (status, error) = if current {
        (meta.status, meta.error.clone())
    } else {
        judged_status(facts)
    };
    turn.status = status;
    turn.error = error;
    turn.ended_at = facts.modified.or(Some(meta.updated_at));
    let model = facts.model.clone().unwrap_or_else(|| meta.model.clone());
    // Each zwarm 3.x turn is a fresh CLI run: its figures are its own.
    record_usage(
        &mut turn,
        adapter,
        &[],
        facts.reported.as_ref(),
        &model,
        prices,
    );
    turn
}

/// The status of an earlier turn from its file's terminal event.
fn judged_status(facts: &TurnFacts) -> (SessionStatus, Option<String>) {
    match &facts.outcome {
        _ if !facts.exists => (
            SessionStatus::Failed,
            Some("zwarm 3.x left no output file for this turn".to_string()),
        ),
        TurnOutcome::Completed => (SessionStatus::Completed, None),
        TurnOutcome::Failed { message } => (SessionStatus::Failed, Some(message.clone())),
        TurnOutcome::Incomplete => (
            SessionStatus::Failed,
            Some("the turn's output ends without the CLI's result".to_string()),
        ),
    }
}

/// zwarm 3.x keeps the last turn's usage in `token_usage`; when its turn file
/// gave none (an older CLI's format), that figure is the best evidence.
fn fill_missing_usage(meta: &mut SessionMeta, adapter: Adapter, prices: &PriceTable) {
    if meta.token_usage.values().all(|n| *n == 0) {
        return;
    }
    let usage = usage_from_keys(meta, adapter);
    let model = meta.model.clone();
    let Some(turn) = meta
        .turns
        .iter_mut()
        .rev()
        .find(|t| t.adopted && t.ended_at.is_some())
    else {
        return;
    };
    if !turn.usage.is_zero() {
        return;
    }
    let reported = Reported {
        usage,
        total_cost_usd: None,
    };
    record_usage(turn, adapter, &[], Some(&reported), &model, prices);
}

/// zwarm's raw `token_usage` keys in our convention (input includes cached).
fn usage_from_keys(meta: &SessionMeta, adapter: Adapter) -> TokenUsage {
    let key = |k: &str| meta.token_usage.get(k).copied().unwrap_or(0);
    match adapter {
        Adapter::Codex => TokenUsage {
            input_tokens: key("input_tokens"),
            cached_input_tokens: key("cached_input_tokens"),
            output_tokens: key("output_tokens"),
            ..TokenUsage::default()
        },
        Adapter::Claude => TokenUsage {
            input_tokens: key("input_tokens")
                + key("cache_read_input_tokens")
                + key("cache_creation_input_tokens"),
            cached_input_tokens: key("cache_read_input_tokens"),
            cache_write_input_tokens: key("cache_creation_input_tokens"),
            output_tokens: key("output_tokens"),
            ..TokenUsage::default()
        },
    }
}

/// What turn file `path` says, from the cache while it has not changed.
pub(super) fn facts_of(
    adapter: Adapter,
    path: &Path,
    cache: &std::sync::Mutex<FactsCache>,
) -> TurnFacts {
    let stat = std::fs::metadata(path).ok().filter(|m| m.is_file());
    let key = stat
        .as_ref()
        .map(|m| (m.len(), m.modified().ok()))
        .unwrap_or((0, None));
    if let Some((len, modified, facts)) = cache.lock().ok().and_then(|c| c.0.get(path).cloned()) {
        if (len, modified) == key && stat.is_some() {
            return facts;
        }
    }
    let log = match (&stat, std::fs::read(path)) {
        (Some(_), Ok(bytes)) => TurnLog::parse_all(adapter, &bytes),
        _ => TurnLog::new(adapter),
    };
    let facts = TurnFacts {
        outcome: log.outcome(None),
        reported: log.reported().copied(),
        model: log.model().map(str::to_string),
        modified: key.1.map(local_timestamp),
        exists: stat.is_some(),
        reply: log.entries().iter().rev().find_map(|e| match e {
            AgentEvent::AgentMessage { text } if !text.trim().is_empty() => Some(text.clone()),
            _ => None,
        }),
    };
    if stat.is_some() {
        if let Ok(mut c) = cache.lock() {
            c.0.insert(path.to_path_buf(), (key.0, key.1, facts.clone()));
        }
    }
    facts
}

/// The `N` of every `turn_N.jsonl` in `dir`.
fn turn_file_numbers(dir: &Path) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| {
            let name = e.ok()?.file_name();
            name.to_str()?
                .strip_prefix("turn_")?
                .strip_suffix(".jsonl")?
                .parse()
                .ok()
        })
        .collect()
}

fn local_timestamp(at: SystemTime) -> Timestamp {
    Timestamp::from_naive(DateTime::<Local>::from(at).naive_local())
}
