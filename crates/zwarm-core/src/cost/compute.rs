//! Turning token counts into dollars.
//!
//! Usage follows [`TokenUsage`]'s OpenAI convention: `input_tokens` already
//! includes cache reads and writes, so only [`TokenUsage::uncached_input_tokens`]
//! is billed at the full input price and each cached token is billed exactly once.
//! Reasoning tokens are part of `output_tokens` and are not billed again.

use serde::{Deserialize, Serialize};

use super::pricing::{PriceEntry, PriceTable};
use crate::usage::TokenUsage;

const TOKENS_PER_PRICE_UNIT: f64 = 1_000_000.0;

/// USD per kind of token, summing to [`Cost::Priced::usd`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub struct CostBreakdown {
    pub input: f64,
    pub cached_input: f64,
    pub cache_write: f64,
    pub output: f64,
}

/// What some usage costs by zwarm's price table.
///
/// An unknown model is [`Cost::Unpriced`], never $0: a free-looking run of an
/// expensive model is worse than an honest "unknown".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cost {
    Priced {
        usd: f64,
        /// Prefix of the price entry used, so the UI can say which prices applied.
        model_entry: String,
        /// When those prices were recorded.
        as_of: String,
        breakdown: CostBreakdown,
    },
    Unpriced {
        model: String,
    },
}

impl Cost {
    /// The amount in USD, `None` when unpriced.
    pub fn usd(&self) -> Option<f64> {
        match self {
            Cost::Priced { usd, .. } => Some(*usd),
            Cost::Unpriced { .. } => None,
        }
    }
}

/// Where a turn's displayed cost comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum CostSource {
    /// The CLI's own figure (Claude's `total_cost_usd`, as a per-turn difference).
    Reported,
    /// zwarm's estimate from the price table.
    PriceTable,
    /// Neither: the model is unknown and the CLI reported nothing.
    Unpriced,
}

/// The cost of one turn as the UI shows it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub struct TurnCost {
    /// The figure to display; `None` only when [`CostSource::Unpriced`].
    pub cost_usd: Option<f64>,
    pub source: CostSource,
    /// zwarm's own estimate, kept beside a reported figure so the two can be compared.
    pub our_estimate: Option<f64>,
}

impl PriceEntry {
    /// Cost of `usage` at these prices.
    pub fn breakdown(&self, usage: &TokenUsage) -> CostBreakdown {
        let usd = |tokens: u64, price: f64| tokens as f64 * price / TOKENS_PER_PRICE_UNIT;
        CostBreakdown {
            input: usd(usage.uncached_input_tokens(), self.input),
            cached_input: usd(usage.cached_input_tokens, self.cached_input),
            cache_write: usd(usage.cache_write_input_tokens, self.cache_write),
            output: usd(usage.output_tokens, self.output),
        }
    }
}

impl CostBreakdown {
    pub fn total(&self) -> f64 {
        self.input + self.cached_input + self.cache_write + self.output
    }
}

/// Cost of `usage` on `model` by the price table.
pub fn cost_of(table: &PriceTable, model: &str, usage: &TokenUsage) -> Cost {
    match table.lookup(model) {
        Some(entry) => {
            let breakdown = entry.breakdown(usage);
            Cost::Priced {
                usd: breakdown.total(),
                model_entry: entry.prefix.clone(),
                as_of: entry.as_of.clone(),
                breakdown,
            }
        }
        None => Cost::Unpriced {
            model: model.to_string(),
        },
    }
}

/// Cost of one turn. `usage` must be this turn's usage (see
/// [`super::per_turn_usage`]) and `reported_cost_usd_delta` this turn's share of
/// the CLI's own figure (see [`super::per_turn_reported_cost`]).
///
/// A reported figure wins: the CLI knows its real prices, tiers and discounts.
/// A reported value that is negative or not a number is ignored.
pub fn turn_cost(
    table: &PriceTable,
    model: &str,
    usage: &TokenUsage,
    reported_cost_usd_delta: Option<f64>,
) -> TurnCost {
    let our_estimate = cost_of(table, model, usage).usd();
    let reported = reported_cost_usd_delta.filter(|c| c.is_finite() && *c >= 0.0);
    let (cost_usd, source) = match (reported, our_estimate) {
        (Some(r), _) => (Some(r), CostSource::Reported),
        (None, Some(e)) => (Some(e), CostSource::PriceTable),
        (None, None) => (None, CostSource::Unpriced),
    };
    TurnCost {
        cost_usd,
        source,
        our_estimate,
    }
}
