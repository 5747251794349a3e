//! `zwarm parse`: normalize one recorded turn file.
//!
//! The `--json` shape is a public contract: `status`, `agent_session_id`,
//! `error`, `usage`, `cost_usd`, `malformed_lines`, `events`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;
use zwarm_core::agents::turn_log::{TurnLog, TurnOutcome};
use zwarm_core::agents::Adapter;
use zwarm_core::cost::{turn_cost, PriceTable};
use zwarm_core::events::AgentEvent;
use zwarm_core::TokenUsage;

#[derive(Serialize)]
struct ParseReport<'a> {
    status: &'static str,
    agent_session_id: Option<&'a str>,
    model: Option<&'a str>,
    error: Option<String>,
    usage: TokenUsage,
    cost_usd: Option<f64>,
    malformed_lines: u64,
    events: &'a [AgentEvent],
}

pub fn run(
    adapter: Adapter,
    model: Option<&str>,
    file: &Path,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let log = TurnLog::parse_all(adapter, &bytes);
    let (status, error) = match log.outcome(None) {
        TurnOutcome::Completed => ("completed", None),
        TurnOutcome::Failed { message } => ("failed", Some(message)),
        TurnOutcome::Incomplete => ("incomplete", log.last_error().map(str::to_string)),
    };
    // What the run spent counts whatever its outcome.
    let (usage, reported) = log
        .reported()
        .map(|r| (r.usage, r.total_cost_usd))
        .unwrap_or_default();
    let model_name = log.model().or(model);
    let cost_usd = match (reported, model_name) {
        (Some(reported), _) => Some(reported),
        (None, Some(name)) => turn_cost(&PriceTable::embedded()?, name, &usage, None).cost_usd,
        (None, None) => None,
    };
    let report = ParseReport {
        status,
        agent_session_id: log.agent_session_id(),
        model: model_name,
        error,
        usage,
        cost_usd,
        malformed_lines: log.malformed_lines(),
        events: log.entries(),
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_human(&report);
        for sample in log.malformed_samples() {
            eprintln!("line {}: {}", sample.line, sample.reason);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_human(report: &ParseReport) {
    println!("status: {}", report.status);
    if let Some(id) = report.agent_session_id {
        println!("agent session: {id}");
    }
    if let Some(error) = &report.error {
        println!("error: {error}");
    }
    println!(
        "tokens: {} in ({} cached), {} out",
        report.usage.input_tokens, report.usage.cached_input_tokens, report.usage.output_tokens
    );
    match report.cost_usd {
        Some(usd) => println!("cost: ${usd:.4}"),
        None => println!("cost: unpriced"),
    }
    if report.malformed_lines > 0 {
        println!("malformed lines: {} (skipped)", report.malformed_lines);
    }
    println!();
    for event in report.events {
        println!("{}", crate::output::event_line(event));
    }
}
