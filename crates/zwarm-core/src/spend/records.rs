//! Every priced (or unpriced) unit of work in a workspace as one flat record:
//! an executor turn of a session, or a pilot turn's own LLM calls. Totals of
//! any kind are sums over these records, so every view adds up the same way.

use crate::checkpoints::{Node, NodeKind, Pilot, PilotMeta};
pub use crate::ledger::{session_records, SpendKind, SpendRecord};

/// One record per node of a pilot: the pilot LLM's own spend in that turn.
pub fn pilot_records(pilot: &Pilot) -> Vec<SpendRecord> {
    pilot
        .graph
        .nodes()
        .iter()
        .filter_map(|node| pilot_node_record(&pilot.meta, node))
        .collect()
}

/// The pilot LLM's own spend in `node`; `None` for a backup node, recorded
/// before files are restored, which made no LLM call.
pub fn pilot_node_record(pilot: &PilotMeta, node: &Node) -> Option<SpendRecord> {
    if node.kind == NodeKind::Backup {
        return None;
    }
    let provider = serde_json::to_value(pilot.model.provider)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Some(SpendRecord {
        kind: SpendKind::Pilot,
        day: node.ended_at.naive().date(),
        model: node.model.clone(),
        adapter: provider,
        session_id: None,
        turn: None,
        pilot_id: Some(pilot.id.clone()),
        node_id: Some(node.id.clone()),
        orchestrator_run: None,
        usage: node.pilot_usage,
        cost_usd: node.pilot_cost_usd,
        estimated_cost_usd: node.pilot_cost_usd,
        reported_cost_usd: None,
        title: None,
    })
}
