//! A turn's share of figures the CLIs report cumulatively.
//!
//! Which figures are cumulative (gotcha 2 in `docs/agent-clis.md`):
//! - Codex: `turn.completed.usage` counts the whole thread, across resumed turns.
//!   Per-turn usage = this snapshot − the previous turn's snapshot.
//! - Claude: `result.total_cost_usd` and `result.modelUsage` count the whole
//!   session, across `--resume`; but `result.usage` counts **this run only**, so
//!   it already is the turn's usage and must not be differenced.
//!   Per-turn reported cost = this `total_cost_usd` − the previous turn's.

use crate::usage::TokenUsage;

/// Whether an adapter's usage figure covers the whole thread or only this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageScope {
    /// Running total across resumed turns (Codex `turn.completed.usage`).
    Cumulative,
    /// This invocation only (Claude `result.usage`).
    ThisRun,
}

/// Usage of the latest turn, from a cumulative snapshot and the previous one
/// (`None` for the first turn of a thread). Fields are floored at zero.
pub fn per_turn(
    previous_cumulative: Option<&TokenUsage>,
    current_cumulative: &TokenUsage,
) -> TokenUsage {
    match previous_cumulative {
        Some(previous) => current_cumulative.saturating_sub(previous),
        None => *current_cumulative,
    }
}

/// Usage of the latest turn as an adapter reported it: differenced for
/// [`UsageScope::Cumulative`], taken as is for [`UsageScope::ThisRun`] (where
/// `previous_cumulative` is ignored).
pub fn per_turn_usage(
    scope: UsageScope,
    previous_cumulative: Option<&TokenUsage>,
    reported: &TokenUsage,
) -> TokenUsage {
    match scope {
        UsageScope::Cumulative => per_turn(previous_cumulative, reported),
        UsageScope::ThisRun => *reported,
    }
}

/// The latest turn's share of a cumulative reported cost (Claude's
/// `total_cost_usd`), floored at 0. `None` when the current figure is not a
/// usable amount; an unusable previous figure is treated as absent.
pub fn per_turn_reported_cost(
    previous_total_usd: Option<f64>,
    current_total_usd: f64,
) -> Option<f64> {
    if !current_total_usd.is_finite() || current_total_usd < 0.0 {
        return None;
    }
    let previous = previous_total_usd.filter(|p| p.is_finite()).unwrap_or(0.0);
    Some((current_total_usd - previous).max(0.0))
}
