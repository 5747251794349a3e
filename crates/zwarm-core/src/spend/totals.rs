//! Sums of spend records, honest about what has no price.

use serde::Serialize;

use super::records::SpendRecord;
use crate::TokenUsage;

/// What a group of records adds up to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Totals {
    /// Records summed (turns).
    pub turns: u32,
    pub usage: TokenUsage,
    /// Sum of the priced records; a lower bound when `unpriced_turns > 0`.
    pub cost_usd: f64,
    /// Records with tokens but no price.
    pub unpriced_turns: u32,
    /// Their tokens (input plus output).
    pub unpriced_tokens: u64,
    /// Of `cost_usd`, what CLIs reported themselves.
    pub reported_cost_usd: f64,
    /// Our price-table estimate for those same reported records, so the two
    /// can be shown side by side when they differ; `None` when one of them
    /// has no price in our table.
    pub estimate_of_reported_usd: Option<f64>,
}

impl Default for Totals {
    fn default() -> Self {
        Self {
            turns: 0,
            usage: TokenUsage::default(),
            cost_usd: 0.0,
            unpriced_turns: 0,
            unpriced_tokens: 0,
            reported_cost_usd: 0.0,
            estimate_of_reported_usd: Some(0.0),
        }
    }
}

impl Totals {
    pub fn add(&mut self, record: &SpendRecord) {
        self.turns += 1;
        self.usage = self.usage.add(&record.usage);
        match record.cost_usd {
            Some(usd) => self.cost_usd += usd,
            None if !record.usage.is_zero() => {
                self.unpriced_turns += 1;
                self.unpriced_tokens += record.usage.total();
            }
            None => {}
        }
        if let Some(reported) = record.reported_cost_usd {
            self.reported_cost_usd += reported;
            self.estimate_of_reported_usd = self
                .estimate_of_reported_usd
                .zip(record.estimated_cost_usd)
                .map(|(a, b)| a + b);
        }
    }

    pub fn of<'a>(records: impl IntoIterator<Item = &'a SpendRecord>) -> Self {
        let mut totals = Totals::default();
        for record in records {
            totals.add(record);
        }
        totals
    }

    /// Whether our estimate and the CLIs' own figures differ by more than a cent's tenth.
    pub fn reported_differs(&self) -> bool {
        match self.estimate_of_reported_usd {
            Some(estimate) => (self.reported_cost_usd - estimate).abs() > 0.001,
            None => self.reported_cost_usd > 0.0,
        }
    }
}

/// One row of a grouped total.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Group {
    pub key: String,
    pub totals: Totals,
}

/// Groups records by `key` (records whose key is `None` are left out),
/// sorted by `order`.
pub fn group_by<'a>(
    records: impl IntoIterator<Item = &'a SpendRecord>,
    key: impl Fn(&SpendRecord) -> Option<String>,
) -> Vec<Group> {
    let mut groups: std::collections::BTreeMap<String, Totals> = std::collections::BTreeMap::new();
    for record in records {
        if let Some(k) = key(record) {
            groups.entry(k).or_default().add(record);
        }
    }
    groups
        .into_iter()
        .map(|(key, totals)| Group { key, totals })
        .collect()
}

/// The `n` groups that cost most (unpriced tokens break ties).
pub fn top(mut groups: Vec<Group>, n: usize) -> Vec<Group> {
    groups.sort_by(|a, b| {
        b.totals
            .cost_usd
            .total_cmp(&a.totals.cost_usd)
            .then(b.totals.unpriced_tokens.cmp(&a.totals.unpriced_tokens))
    });
    groups.truncate(n);
    groups
}
