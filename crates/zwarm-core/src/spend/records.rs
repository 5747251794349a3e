//! Every priced (or unpriced) unit of work in a workspace as one flat record:
//! an executor turn of a session, or a pilot turn's own LLM calls. Totals of
//! any kind are sums over these records, so every view adds up the same way.

use chrono::NaiveDate;
use serde::Serialize;

use crate::checkpoints::Pilot;
use crate::store::SessionMeta;
use crate::TokenUsage;

/// Whose tokens a record counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SpendKind {
    /// An agent CLI's turn.
    Executor,
    /// The pilot's (or an orchestrator's) own LLM calls in one of its turns.
    Pilot,
}

/// One turn's tokens and cost, with everything it can be grouped by.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SpendRecord {
    pub kind: SpendKind,
    /// The local day the turn ended (or started, while it runs).
    pub day: NaiveDate,
    pub model: String,
    /// `codex`, `claude`, or the pilot's provider.
    pub adapter: String,
    pub session_id: Option<String>,
    pub turn: Option<u32>,
    /// The pilot whose turn this is, or that started the session.
    pub pilot_id: Option<String>,
    /// The pilot node (turn) this record belongs to: the pilot turn itself.
    pub node_id: Option<String>,
    /// The orchestrator run that started the session.
    pub orchestrator_run: Option<String>,
    pub usage: TokenUsage,
    /// The figure shown: the CLI's own where it reports one, else ours; `None` when unpriced.
    pub cost_usd: Option<f64>,
    /// Our figure from the price table, beside a reported one.
    pub estimated_cost_usd: Option<f64>,
    /// What the CLI reported itself (Claude).
    pub reported_cost_usd: Option<f64>,
}

impl SpendRecord {
    /// Tokens with no price: counted and shown, never priced at $0.
    pub fn is_unpriced(&self) -> bool {
        self.cost_usd.is_none() && !self.usage.is_zero()
    }
}

/// Splits `pilot:<id>` / `orchestrator:<id>` sources.
fn source_owner<'a>(source: &'a str, prefix: &str) -> Option<&'a str> {
    source
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix(':'))
        .filter(|id| !id.is_empty())
}

/// One record per turn of a session (running turns without usage included
/// at zero, so counts stay honest).
pub fn session_records(meta: &SessionMeta) -> Vec<SpendRecord> {
    meta.turns
        .iter()
        .map(|turn| {
            let when = turn.ended_at.unwrap_or(turn.started_at);
            SpendRecord {
                kind: SpendKind::Executor,
                day: when.naive().date(),
                model: if meta.model.is_empty() {
                    "(default model)".into()
                } else {
                    meta.model.clone()
                },
                adapter: meta.adapter.clone(),
                session_id: Some(meta.id.clone()),
                turn: Some(turn.number),
                pilot_id: source_owner(&meta.source, "pilot").map(str::to_string),
                node_id: None,
                orchestrator_run: source_owner(&meta.source, "orchestrator").map(str::to_string),
                usage: turn.usage,
                cost_usd: turn.cost_usd,
                estimated_cost_usd: turn.estimated_cost_usd,
                reported_cost_usd: turn.reported_cost_usd,
            }
        })
        .collect()
}

/// One record per node of a pilot: the pilot LLM's own spend in that turn.
pub fn pilot_records(pilot: &Pilot) -> Vec<SpendRecord> {
    let provider = serde_json::to_value(pilot.meta.model.provider)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    pilot
        .graph
        .nodes()
        .iter()
        .map(|node| SpendRecord {
            kind: SpendKind::Pilot,
            day: node.ended_at.naive().date(),
            model: node.model.clone(),
            adapter: provider.clone(),
            session_id: None,
            turn: None,
            pilot_id: Some(pilot.meta.id.clone()),
            node_id: Some(node.id.clone()),
            orchestrator_run: None,
            usage: node.pilot_usage,
            cost_usd: node.pilot_cost_usd,
            estimated_cost_usd: node.pilot_cost_usd,
            reported_cost_usd: None,
        })
        .collect()
}
