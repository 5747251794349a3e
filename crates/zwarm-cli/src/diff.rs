//! `zwarm diff ID [--turn N] [--stat] [--json]`: what a session or one of its
//! turns changed, as the app's review shows it (git computes every diff).

use std::process::ExitCode;

use zwarm_core::engine::{DiffBase, Engine};

pub fn run(engine: &Engine, id: &str, turn: Option<u32>, stat: bool, json: bool) -> anyhow::Result<ExitCode> {
    let review = match turn {
        Some(turn) => engine.turn_diff(id, turn)?,
        None => engine.session_diff(id)?,
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&review)?);
        return Ok(ExitCode::SUCCESS);
    }
    if stat {
        for file in &review.files {
            println!("{:>6} {:>6}  {}", format!("+{}", file.additions), format!("-{}", file.deletions), file.path);
        }
        let against = match &review.against {
            DiffBase::Worktree { commit, branch } => {
                format!("against {} ({})", &commit[..commit.len().min(10)], branch.as_deref().unwrap_or("detached"))
            }
            DiffBase::Turns { from_turn, to_turn } => format!("turns {from_turn} to {to_turn}"),
        };
        println!(
            "{} file(s), +{} -{}, {against}",
            review.stat.files, review.stat.additions, review.stat.deletions
        );
    } else {
        for file in &review.files {
            print!("{}", file.patch);
            if file.truncated {
                println!("# {}: diff too large, cut", file.path);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
