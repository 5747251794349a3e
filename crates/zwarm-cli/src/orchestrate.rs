//! `zwarm orchestrate`: an autonomous run to the end, then a summary.
//! `--resume RUN` continues a paused or interrupted run.

use std::io::Write;
use std::sync::Arc;

use clap::Args;
use zwarm_core::engine::Engine;
use zwarm_core::llm::StreamEvent;
use zwarm_core::orchestrate::{Orchestrator, RunEvent, RunOptions, RunRequest, RunStatus};
use zwarm_core::pilot::{client_for, PilotConfig};
use zwarm_core::spend::{pilot_spend, workspace_records};

use crate::interrupt::run_until_interrupted;
use crate::output::truncate;
use crate::pilot::ModelFlags;

#[derive(Args)]
pub struct OrchestrateArgs {
    /// What the run should achieve.
    #[arg(long, short = 't', required_unless_present = "resume")]
    task: Option<String>,
    /// LLM calls before the run is stopped (default from [orchestrate] max_steps).
    #[arg(long)]
    max_steps: Option<u32>,
    /// Dollars the run may spend, its own LLM and its sessions together.
    #[arg(long)]
    budget: Option<f64>,
    /// No shell tool: the run can only delegate.
    #[arg(long)]
    no_shell: bool,
    /// Continue this run (id or prefix) instead of starting one.
    #[arg(long, conflicts_with = "task")]
    resume: Option<String>,
    #[command(flatten)]
    model: ModelFlags,
    #[arg(long)]
    json: bool,
}

pub fn run(engine: Engine, args: OrchestrateArgs) -> anyhow::Result<bool> {
    let config = PilotConfig::load(engine.workspace())?;
    let engine = Arc::new(engine);
    let orchestrator = Orchestrator::from_config(Arc::clone(&engine), &config);
    let run_id = match (&args.resume, &args.task) {
        (Some(key), _) => {
            let id = orchestrator.store().resolve(key)?;
            orchestrator.set_status(&id, RunStatus::Running, None)?;
            id
        }
        (None, Some(task)) => {
            let request = RunRequest {
                task: task.clone(),
                model: Some(args.model.apply(config.model.clone())?),
                max_steps: args.max_steps,
                budget_usd: args.budget,
                shell: args.no_shell.then_some(false),
            };
            orchestrator
                .create(RunOptions::from_request(request, &config))?
                .id
        }
        (None, None) => anyhow::bail!("give --task TEXT, or --resume RUN"),
    };
    let meta = orchestrator.store().load(&run_id)?.meta;
    let client = client_for(&args.model.apply(meta.model.clone())?, None)?;
    if !args.json {
        eprintln!("run {run_id}");
    }
    let progress = !args.json;
    let (orchestrator, client, id) = (&orchestrator, &client, run_id.as_str());
    let meta = run_until_interrupted(|cancel| async move {
        let mut sink = |event: RunEvent| {
            if progress {
                print_event(&event);
            }
        };
        orchestrator.drive(client, id, &mut sink, &cancel).await
    })??;
    let Some(state) = meta.run.clone() else {
        anyhow::bail!("run {run_id} has no run state in its pilot.json; it was edited by hand");
    };
    let records = workspace_records(&engine)?.records;
    let spend = pilot_spend(&records, &run_id);
    let sessions: Vec<String> = engine
        .list(None)?
        .sessions
        .iter()
        .filter(|m| m.source == format!("orchestrator:{run_id}"))
        .map(|m| format!("{} {:?}", m.id, m.status).to_lowercase())
        .collect();
    if args.json {
        let out = serde_json::json!({
            "id": run_id, "status": state.status, "reason": state.reason, "steps": state.steps,
            "cost_usd": spend.cost_usd, "unpriced_tokens": spend.unpriced_tokens, "sessions": sessions,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "{:?} after {} step(s): {}",
            state.status,
            state.steps,
            state.reason.clone().unwrap_or_default()
        );
        println!(
            "spent ${:.4}{}",
            spend.cost_usd,
            if spend.unpriced_turns > 0 {
                " (some turns unpriced)"
            } else {
                ""
            }
        );
        for session in &sessions {
            println!("  session {session}");
        }
    }
    Ok(state.status == RunStatus::Finished)
}

fn print_event(event: &RunEvent) {
    let mut err = std::io::stderr();
    let _ = match event {
        RunEvent::StepStarted { step } => writeln!(err, "── step {step}"),
        RunEvent::ToolStarted {
            name, arguments, ..
        } => writeln!(err, "→ {name} {}", truncate(&arguments.to_string(), 120)),
        RunEvent::ToolFinished {
            output, is_error, ..
        } => {
            writeln!(
                err,
                "  {} {}",
                if *is_error { "✗" } else { "✓" },
                truncate(&output.replace('\n', " "), 160)
            )
        }
        RunEvent::Intervention { intervention } => {
            writeln!(
                err,
                "! watcher {} ({:?}): {}",
                intervention.watcher, intervention.action, intervention.reason
            )
        }
        RunEvent::Llm {
            event:
                StreamEvent::Retrying {
                    attempt,
                    delay_ms,
                    reason,
                },
        } => {
            writeln!(err, "  retrying ({attempt}) in {delay_ms} ms: {reason}")
        }
        _ => Ok(()),
    };
}
