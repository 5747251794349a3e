//! `zwarm spend --check`: our per-session figures against what the CLIs wrote
//! on disk, read again from the turn files independently of how we derived
//! the per-turn figures.
//!
//! A session's turns form one or more agent threads (a thread starts with the
//! first turn or a replayed follow-up, and natively resumed turns continue
//! it). Per thread, Claude's last `total_cost_usd` is what the thread cost and
//! its runs' `result.usage` add up to its tokens; Codex's last
//! `turn.completed.usage` is the thread's tokens. Those are compared with the
//! sums of our per-turn records over the same turns.

use serde::Serialize;

use crate::agents::{Adapter, TurnLog};
use crate::engine::{Engine, EngineResult};
use crate::store::{ResumeMode, SessionMeta};

/// Differences up to this share of the larger figure are rounding, not errors.
pub const TOLERANCE: f64 = 0.01;

/// One figure on which we and a CLI disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Discrepancy {
    pub session_id: String,
    pub title: String,
    pub adapter: String,
    /// `cost_usd` or `tokens`.
    pub figure: String,
    pub ours: f64,
    pub cli: f64,
}

/// What the check found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Reconciliation {
    pub sessions_checked: u32,
    pub discrepancies: Vec<Discrepancy>,
}

/// Checks every session of the workspace.
pub fn reconcile(engine: &Engine) -> EngineResult<Reconciliation> {
    let sessions = engine.list(None)?.sessions;
    let mut discrepancies = Vec::new();
    for meta in &sessions {
        discrepancies.extend(check_session(engine, meta));
    }
    Ok(Reconciliation {
        sessions_checked: sessions.len() as u32,
        discrepancies,
    })
}

/// Sums over one agent thread: ours, and the CLI's.
#[derive(Default)]
struct Thread {
    our_tokens: u64,
    our_cost: f64,
    cli_tokens: Option<u64>,
    cli_cost: Option<f64>,
    /// What a forked Claude session's `total_cost_usd` carries over beyond
    /// this thread's earlier turns (the original's later turns): subtracted.
    carried_cost: f64,
}

fn check_session(engine: &Engine, meta: &SessionMeta) -> Vec<Discrepancy> {
    let Ok(adapter) = meta.adapter.parse::<Adapter>() else {
        return Vec::new();
    };
    let mut threads: Vec<Thread> = Vec::new();
    for turn in meta.turns.iter().filter(|t| t.ended_at.is_some()) {
        if turn.resume_mode != ResumeMode::Native || threads.is_empty() {
            threads.push(Thread::default());
        }
        let Some(thread) = threads.last_mut() else {
            continue;
        };
        thread.our_tokens += turn.usage.total();
        thread.our_cost += turn.cost_usd.unwrap_or(0.0);
        let Some(reported) = engine
            .store()
            .turn_stdout_path(&meta.id, turn.number)
            .ok()
            .and_then(|path| std::fs::read(path).ok())
            .and_then(|bytes| TurnLog::parse_all(adapter, &bytes).reported().copied())
        else {
            continue;
        };
        match adapter {
            Adapter::Codex => thread.cli_tokens = Some(reported.usage.total()),
            Adapter::Claude => {
                *thread.cli_tokens.get_or_insert(0) += reported.usage.total();
                if let Some(base) = turn.reported_cost_base_usd {
                    thread.carried_cost = base - thread.cli_cost.unwrap_or(0.0);
                }
                if let Some(total) = reported.total_cost_usd {
                    thread.cli_cost = Some(total - thread.carried_cost);
                }
            }
        }
    }
    let (mut our_tokens, mut cli_tokens, mut our_cost, mut cli_cost) = (0u64, 0u64, 0.0, 0.0);
    let mut any_cli_cost = false;
    for thread in &threads {
        our_tokens += thread.our_tokens;
        cli_tokens += thread.cli_tokens.unwrap_or(0);
        our_cost += thread.our_cost;
        if let Some(cost) = thread.cli_cost {
            cli_cost += cost;
            any_cli_cost = true;
        }
    }
    let mut found = Vec::new();
    let mut compare = |figure: &str, ours: f64, cli: f64| {
        if differs(ours, cli) {
            found.push(Discrepancy {
                session_id: meta.id.clone(),
                title: meta.task.lines().next().unwrap_or_default().to_string(),
                adapter: meta.adapter.clone(),
                figure: figure.to_string(),
                ours,
                cli,
            });
        }
    };
    compare("tokens", our_tokens as f64, cli_tokens as f64);
    if any_cli_cost {
        compare("cost_usd", our_cost, cli_cost);
    }
    found
}

/// Whether two figures differ by more than [`TOLERANCE`] of the larger one.
fn differs(ours: f64, cli: f64) -> bool {
    let scale = ours.abs().max(cli.abs());
    scale > 0.0 && (ours - cli).abs() > TOLERANCE * scale
}

#[cfg(test)]
mod tests {
    use super::differs;

    #[test]
    fn differences_within_one_percent_are_rounding() {
        assert!(!differs(100.0, 100.9));
        assert!(differs(100.0, 101.5));
        assert!(differs(0.0, 5.0));
        assert!(!differs(0.0, 0.0));
    }
}
