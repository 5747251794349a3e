//! Spend records as CSV, one row per turn, for spreadsheets and invoices.

use super::records::SpendRecord;

/// The records as CSV with a header row; unpriced costs are empty cells, never 0.
pub fn to_csv(records: &[SpendRecord]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "kind",
        "day",
        "model",
        "adapter",
        "session_id",
        "turn",
        "pilot_id",
        "node_id",
        "orchestrator_run",
        "input_tokens",
        "cached_input_tokens",
        "cache_write_input_tokens",
        "output_tokens",
        "reasoning_output_tokens",
        "cost_usd",
        "estimated_cost_usd",
        "reported_cost_usd",
    ])?;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let usd = |v: Option<f64>| v.map(|c| format!("{c:.6}")).unwrap_or_default();
    for r in records {
        let kind = match r.kind {
            super::SpendKind::Executor => "executor",
            super::SpendKind::Pilot => "pilot",
        };
        writer.write_record([
            kind.to_string(),
            r.day.to_string(),
            r.model.clone(),
            r.adapter.clone(),
            opt(&r.session_id),
            r.turn.map(|t| t.to_string()).unwrap_or_default(),
            opt(&r.pilot_id),
            opt(&r.node_id),
            opt(&r.orchestrator_run),
            r.usage.input_tokens.to_string(),
            r.usage.cached_input_tokens.to_string(),
            r.usage.cache_write_input_tokens.to_string(),
            r.usage.output_tokens.to_string(),
            r.usage.reasoning_output_tokens.to_string(),
            usd(r.cost_usd),
            usd(r.estimated_cost_usd),
            usd(r.reported_cost_usd),
        ])?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
