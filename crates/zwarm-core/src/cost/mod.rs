//! What a turn costs, in USD.
//!
//! - [`pricing`]: the price table (data in `data/pricing.toml`, overridable per workspace).
//! - [`compute`]: usage × prices, and the choice between a CLI's own figure and ours.
//! - [`per_turn`]: a turn's share of the cumulative figures both CLIs report.

pub mod compute;
pub mod overrides;
pub mod per_turn;
pub mod pricing;

#[cfg(test)]
mod tests;

pub use compute::{cost_of, turn_cost, Cost, CostBreakdown, CostSource, TurnCost};
pub use overrides::{remove_price_override, save_price_override};
pub use per_turn::{per_turn, per_turn_reported_cost, per_turn_usage, UsageScope};
pub use pricing::{PriceEntry, PriceTable, PricingError};
