//! `zwarm race "task" --agents codex,claude`: the same task run by several
//! agents in sibling worktrees, compared side by side; and `zwarm race
//! list|show|check|keep` for races already run.

use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};
use zwarm_core::agents::Adapter;
use zwarm_core::engine::Engine;
use zwarm_core::store::SessionStatus;
use zwarm_core::race::{EntrantRequest, EntrantView, KeepOutcome, Race, RaceComparison, RaceRequest};

use crate::sessions::status_name;

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct RaceArgs {
    #[command(subcommand)]
    command: Option<RaceCommand>,
    /// The task every agent gets.
    #[arg(required = true)]
    task: Option<String>,
    /// The agents to race, comma-separated (an agent named twice races
    /// twice, with the models given for it in order).
    #[arg(long, value_delimiter = ',', required = true)]
    agents: Vec<Adapter>,
    /// An entrant's model as AGENT=MODEL (repeat for several; default: the CLI's own).
    #[arg(long = "model", value_name = "AGENT=MODEL")]
    models: Vec<String>,
    /// A command judging each result, run with `sh -c` in each worktree
    /// once its agent ended (exit 0 passes), e.g. the project's tests.
    #[arg(long)]
    check: Option<String>,
    /// The branch the worktrees start from (default: the current HEAD).
    #[arg(long)]
    base: Option<String>,
    /// Print the race as started instead of waiting for every agent to end
    /// (then no check runs: run it with `zwarm race check ID`).
    #[arg(long)]
    no_wait: bool,
    /// Print the comparison as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum RaceCommand {
    /// The workspace's races, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// A race's entrants side by side: status, time, tokens, cost, files, check.
    Show {
        id: String,
        /// Each changed file's diff too.
        #[arg(long)]
        diff: bool,
        #[arg(long)]
        json: bool,
    },
    /// Run the race's check in every ended entrant's worktree and record it;
    /// exits 0 when at least one entrant passed.
    Check {
        id: String,
        /// The command to run instead (it becomes the race's check).
        #[arg(long)]
        command: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Merge one entrant's work into the base branch and remove the other
    /// entrants' worktrees (refused on a merge conflict, and while the others
    /// hold uncommitted work unless --force).
    Keep {
        id: String,
        /// The entrant's session (id or unique prefix).
        session: String,
        /// Remove the other worktrees even with uncommitted work in them.
        #[arg(long)]
        force: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(engine: &Engine, args: RaceArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        Some(RaceCommand::List { json }) => list(engine, json),
        Some(RaceCommand::Show { id, diff, json }) => {
            print_comparison(&engine.race_show(&id)?, json, diff)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(RaceCommand::Check { id, command, json }) => {
            let race = engine.race_check(&id, command.as_deref())?;
            print_comparison(&engine.race_show(&race.id)?, json, false)?;
            Ok(exit_for_checks(&race))
        }
        Some(RaceCommand::Keep {
            id,
            session,
            force,
            json,
        }) => keep(engine, &id, &session, force, json),
        None => start(engine, args),
    }
}

fn start(engine: &Engine, args: RaceArgs) -> anyhow::Result<ExitCode> {
    let request = RaceRequest {
        task: args.task.unwrap_or_default(),
        entrants: entrants(&args.agents, &args.models)?,
        check: args.check,
        base: args.base,
    };
    let started = engine.race_start(request)?;
    if let Some(warning) = &started.budget_warning {
        eprintln!("warning: {warning}");
    }
    let race = started.race;
    for entrant in &race.entrants {
        match (&entrant.session_id, &entrant.start_error) {
            (Some(id), _) => eprintln!("{} runs as session {}", entrant.adapter, short(id)),
            (None, Some(error)) => eprintln!("warning: {} did not start: {error}", entrant.adapter),
            (None, None) => {}
        }
    }
    if args.no_wait {
        print_comparison(&engine.race_show(&race.id)?, args.json, false)?;
        if !args.json {
            println!("follow it with: zwarm race show {}", race.short_id());
        }
        return Ok(ExitCode::SUCCESS);
    }
    for id in race.entrants.iter().filter_map(|e| e.session_id.as_deref()) {
        let status = wait_until_ended(engine, id)?;
        eprintln!("session {} ended: {status}", short(id));
    }
    let race = match race.check {
        Some(_) => engine.race_check(&race.id, None)?,
        None => race,
    };
    let comparison = engine.race_show(&race.id)?;
    print_comparison(&comparison, args.json, false)?;
    let completed = comparison
        .entrants
        .iter()
        .any(|e| e.session.as_ref().is_some_and(|s| s.status == SessionStatus::Completed));
    Ok(if completed && (race.check.is_none() || any_passed(&race)) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The entrants of `--agents`, each with the `--model` given for it: the
/// Nth model named for an agent goes to its Nth entrant.
fn entrants(agents: &[Adapter], models: &[String]) -> anyhow::Result<Vec<EntrantRequest>> {
    let mut given: Vec<(Adapter, String)> = Vec::new();
    for pair in models {
        let Some((agent, model)) = pair.split_once('=') else {
            anyhow::bail!("--model {pair:?} names no agent; write it as AGENT=MODEL, e.g. codex=gpt-5.5");
        };
        let agent: Adapter = agent.trim().parse()?;
        if !agents.contains(&agent) {
            anyhow::bail!("--model {pair:?} is for {agent}, which is not in --agents");
        }
        given.push((agent, model.trim().to_string()));
    }
    let mut entrants = Vec::new();
    for &adapter in agents {
        let next = given.iter().position(|(a, _)| *a == adapter);
        let model = next.map(|i| given.remove(i).1);
        entrants.push(EntrantRequest { adapter, model });
    }
    if let Some((agent, model)) = given.first() {
        anyhow::bail!("--model {agent}={model} has no {agent} entrant left; name {agent} once more in --agents");
    }
    Ok(entrants)
}

fn wait_until_ended(engine: &Engine, id: &str) -> anyhow::Result<String> {
    loop {
        let meta = engine.refresh(id)?;
        if meta.status.is_ended() {
            return Ok(status_name(meta.status));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn list(engine: &Engine, json: bool) -> anyhow::Result<ExitCode> {
    let listing = engine.race_list()?;
    for line in &listing.broken {
        eprintln!("warning: unreadable race {line}");
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&listing)?);
        return Ok(ExitCode::SUCCESS);
    }
    if listing.races.is_empty() {
        println!("No races. Start one with: zwarm race \"your task\" --agents codex,claude");
        return Ok(ExitCode::SUCCESS);
    }
    println!("{:<8}  {:<19}  {:<24}  {:<8}  TASK", "ID", "CREATED", "AGENTS", "KEPT");
    for race in &listing.races {
        let agents: Vec<String> = race.entrants.iter().map(|e| e.adapter.to_string()).collect();
        let kept = race.kept.as_ref().map(|k| short(&k.session_id).to_string()).unwrap_or_else(|| "-".into());
        let created = race.created_at.to_string();
        println!(
            "{:<8}  {:<19}  {:<24}  {:<8}  {}",
            race.short_id(),
            created.get(..19).unwrap_or(&created),
            agents.join(","),
            kept,
            crate::output::truncate(&race.task, 60)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn keep(engine: &Engine, id: &str, session: &str, force: bool, json: bool) -> anyhow::Result<ExitCode> {
    let outcome = engine.race_keep(id, session, force)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&outcome)?);
    }
    match outcome {
        KeepOutcome::Kept { race } => {
            if let (Some(kept), false) = (&race.kept, json) {
                let how = if kept.merge.fast_forward { "fast-forwarded" } else { "merged with a merge commit" };
                println!(
                    "kept {}: {} {how} to {}; removed {} other worktree(s)",
                    short(&kept.session_id),
                    kept.merge.base_branch,
                    kept.merge.commit,
                    kept.removed.len()
                );
                for line in &kept.not_removed {
                    eprintln!("warning: a worktree was not removed: {line}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        KeepOutcome::Refused { refusal } => {
            eprintln!("zwarm: {}", refusal.describe());
            Ok(ExitCode::FAILURE)
        }
    }
}

fn any_passed(race: &Race) -> bool {
    race.entrants.iter().any(|e| e.check.as_ref().is_some_and(|c| c.passed))
}

fn exit_for_checks(race: &Race) -> ExitCode {
    if any_passed(race) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn print_comparison(comparison: &RaceComparison, json: bool, diffs: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(comparison)?);
        return Ok(());
    }
    let race = &comparison.race;
    println!("race {}  {}", race.short_id(), crate::output::truncate(&race.task, 70));
    println!(
        "base: {}   check: {}",
        race.base.as_deref().unwrap_or("HEAD"),
        race.check.as_deref().unwrap_or("none")
    );
    println!();
    println!(
        "{:<8}  {:<6}  {:<16}  {:<9}  {:>8}  {:>9}  {:>9}  {:>5}  {:<11}  CHECK",
        "SESSION", "AGENT", "MODEL", "STATUS", "TIME", "TOKENS", "COST", "FILES", "+/-"
    );
    for view in &comparison.entrants {
        println!("{}", row(view));
    }
    for view in &comparison.entrants {
        let name = format!(
            "{} {}",
            view.entrant.adapter,
            view.entrant.session_id.as_deref().map(short).unwrap_or("(not started)")
        );
        if let Some(problem) = &view.problem {
            println!("\n{name}: {problem}");
        } else {
            println!("\n{name}: {} file(s) changed", view.files.len());
        }
        for file in &view.files {
            println!("  {}  +{} -{}", file.path, file.additions, file.deletions);
            if diffs {
                for line in file.patch.lines() {
                    println!("    {line}");
                }
            }
        }
        if let Some(check) = view.entrant.check.as_ref().filter(|c| !c.passed) {
            let tail: Vec<&str> = check.output.lines().rev().take(5).collect();
            for line in tail.into_iter().rev() {
                println!("  check│ {line}");
            }
        }
    }
    match &race.kept {
        Some(kept) => println!("\nkept {} (merged into {})", short(&kept.session_id), kept.merge.base_branch),
        None => println!("\nkeep one with: zwarm race keep {} SESSION", race.short_id()),
    }
    Ok(())
}

fn row(view: &EntrantView) -> String {
    let session = view.session.as_ref();
    let model = session
        .map(|s| s.model.clone())
        .filter(|m| !m.is_empty())
        .or_else(|| view.entrant.model.clone())
        .unwrap_or_else(|| "default".into());
    let status = session.map(|s| status_name(s.status)).unwrap_or_else(|| "-".into());
    let time = view.wall_secs.map(|s| format!("{s:.1}s")).unwrap_or_else(|| "-".into());
    let tokens = session.map(|s| s.usage.total().to_string()).unwrap_or_else(|| "-".into());
    let cost = match session {
        Some(s) if s.unpriced && s.cost_usd == 0.0 => "unpriced".to_string(),
        Some(s) => format!("${:.4}{}", s.cost_usd, if s.unpriced { "+" } else { "" }),
        None => "-".into(),
    };
    let check = match &view.entrant.check {
        Some(c) if c.passed => "passed".to_string(),
        Some(c) if c.timed_out => "timed out".to_string(),
        Some(c) => match c.exit_code {
            Some(code) => format!("failed (exit {code})"),
            None => "failed".to_string(),
        },
        None => "-".into(),
    };
    let kept = if view.kept { "  (kept)" } else { "" };
    format!(
        "{:<8}  {:<6}  {:<16}  {:<9}  {:>8}  {:>9}  {:>9}  {:>5}  {:<11}  {check}{kept}",
        view.entrant.session_id.as_deref().map(short).unwrap_or("-"),
        view.entrant.adapter.as_str(),
        crate::output::truncate(&model, 16),
        status,
        time,
        tokens,
        cost,
        view.files.len(),
        format!("+{} -{}", view.additions, view.deletions),
    )
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}
