//! A finished turn's tokens and cost, from what its CLI reported.
//!
//! The CLIs count differently: Codex's `turn.completed.usage` covers the whole
//! thread so far, Claude's `result.usage` only this run, while Claude's
//! `total_cost_usd` covers the whole session. Per-turn figures are therefore
//! the difference from the previous turn *of the same agent thread* (a turn
//! resumed natively), and every turn also records the session's running total
//! (`cumulative_usage`), which means the same for both CLIs.
//!
//! Every outcome counts: a Claude run that failed (max turns, budget, an API
//! error) or was interrupted still reports what it spent.

use crate::agents::turn_log::Reported;
use crate::agents::Adapter;
use crate::cost::{per_turn, per_turn_reported_cost, turn_cost, CostSource, PriceTable};
use crate::store::{ResumeMode, TurnRecord};
use crate::usage::TokenUsage;

/// Records `turn`'s usage, cost and model. `earlier` are the session's turns
/// before it, oldest first.
pub(super) fn record_usage(
    turn: &mut TurnRecord,
    adapter: Adapter,
    earlier: &[TurnRecord],
    reported: Option<&Reported>,
    model: &str,
    prices: &PriceTable,
) {
    if !model.is_empty() {
        turn.model = Some(model.to_string());
    }
    let session_before = earlier
        .iter()
        .filter(|t| !t.is_copied())
        .fold(TokenUsage::default(), |sum, t| sum.add(&t.usage));
    // A turn its CLI reported nothing for has no figures, not zero ones.
    let Some(reported) = reported else {
        return;
    };
    let thread_previous = same_thread_previous(turn, earlier);
    let usage = match adapter {
        Adapter::Codex => per_turn(
            thread_previous.and_then(thread_usage).as_ref(),
            &reported.usage,
        ),
        Adapter::Claude => reported.usage,
    };
    // A forked Claude session starts from the total it carried over.
    let cost_base = turn
        .reported_cost_base_usd
        .or_else(|| thread_previous.and_then(|p| p.reported_total_cost_usd));
    let reported_delta = reported
        .total_cost_usd
        .and_then(|total| per_turn_reported_cost(cost_base, total));
    let cost = turn_cost(prices, model, &usage, reported_delta);
    turn.usage = usage;
    turn.cumulative_usage = Some(session_before.add(&usage));
    turn.reported_usage = Some(reported.usage);
    turn.reported_total_cost_usd = reported.total_cost_usd;
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

/// The latest earlier turn of the agent thread `turn` resumed that reported
/// figures: back through natively resumed turns to the one that started the
/// thread. `None` when `turn` started a thread of its own.
fn same_thread_previous<'a>(
    turn: &TurnRecord,
    earlier: &'a [TurnRecord],
) -> Option<&'a TurnRecord> {
    if turn.resume_mode != ResumeMode::Native {
        return None;
    }
    for previous in earlier.iter().rev() {
        if thread_usage(previous).is_some() || previous.reported_total_cost_usd.is_some() {
            return Some(previous);
        }
        if previous.resume_mode != ResumeMode::Native {
            return None;
        }
    }
    None
}

/// What the CLI reported for a turn. Records written before `reported_usage`
/// existed kept that figure in `cumulative_usage`.
fn thread_usage(turn: &TurnRecord) -> Option<TokenUsage> {
    turn.reported_usage.or(turn.cumulative_usage)
}

#[cfg(test)]
mod tests;
