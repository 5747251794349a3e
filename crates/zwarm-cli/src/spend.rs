//! `zwarm spend`: what the workspace's agents and pilots cost, as a summary,
//! JSON (`--json`, the spend view's report) or CSV (`--csv`, one row per turn).

use zwarm_core::engine::Engine;
use zwarm_core::pilot::PilotConfig;
use zwarm_core::spend::{reconcile, to_csv, workspace_records, BudgetLevel, SpendReport, Totals};

pub fn run(engine: &Engine, json: bool, csv: bool) -> anyhow::Result<()> {
    if csv {
        let read = workspace_records(engine)?;
        print_problems(&read.problems);
        print!("{}", to_csv(&read.records)?);
        return Ok(());
    }
    let budget = PilotConfig::load(engine.workspace())?.settings.budget;
    let report = SpendReport::compute(engine, &budget)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    print_problems(&report.problems);
    println!("today      {}", line(&report.today));
    println!("this week  {}", line(&report.this_week));
    println!("all time   {}", line(&report.all_time));
    println!("  agents   {}", line(&report.executor));
    println!("  pilots   {}", line(&report.pilot));
    if report.executor.reported_cost_usd > 0.0 && report.executor.reported_differs() {
        let ours = report
            .executor
            .estimate_of_reported_usd
            .map(|e| format!("${e:.4}"))
            .unwrap_or_else(|| "no price in our table".into());
        println!(
            "  (CLIs reported ${:.4} themselves; our table says {ours})",
            report.executor.reported_cost_usd
        );
    }
    if !report.by_model.is_empty() {
        println!("\nby model");
        for group in &report.by_model {
            println!("  {:<28} {}", group.key, line(&group.totals));
        }
    }
    for status in &report.budgets {
        let mark = match status.level {
            BudgetLevel::Ok => "",
            BudgetLevel::Warning => "  ⚠ over 80 %",
            BudgetLevel::Exceeded => "  ✗ spent: no new agent turns",
        };
        println!(
            "budget {}: ${:.2} of ${:.2}{mark}",
            status.scope, status.spent_usd, status.limit_usd
        );
    }
    Ok(())
}

/// `zwarm spend --check`: returns whether every figure agreed.
pub fn check(engine: &Engine, json: bool) -> anyhow::Result<bool> {
    let found = reconcile(engine)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&found)?);
        return Ok(found.discrepancies.is_empty());
    }
    for d in &found.discrepancies {
        let (ours, cli) = match d.figure.as_str() {
            "cost_usd" => (format!("${:.4}", d.ours), format!("${:.4}", d.cli)),
            _ => (
                format!("{:.0} tokens", d.ours),
                format!("{:.0} tokens", d.cli),
            ),
        };
        println!(
            "{}  {:<7} {:<40}  ours {ours}, {} says {cli}",
            &d.session_id.get(..8).unwrap_or(&d.session_id),
            d.adapter,
            d.title.chars().take(40).collect::<String>(),
            d.adapter
        );
    }
    println!(
        "{} session(s) checked, {} difference(s) above 1 %",
        found.sessions_checked,
        found.discrepancies.len()
    );
    Ok(found.discrepancies.is_empty())
}

/// What could not be read, on stderr so the figures on stdout stay clean.
fn print_problems(problems: &[String]) {
    for problem in problems {
        eprintln!("zwarm: {problem}");
    }
}

fn line(totals: &Totals) -> String {
    let unpriced = if totals.unpriced_turns > 0 {
        format!(
            " (of which {} tokens in {} turn(s) unpriced)",
            totals.unpriced_tokens, totals.unpriced_turns
        )
    } else {
        String::new()
    };
    format!(
        "${:.4}  {} tokens  {} turn(s){unpriced}",
        totals.cost_usd,
        totals.usage.total(),
        totals.turns
    )
}
