//! `zwarm worktree list|merge|patch|remove`: the worktrees sessions run in
//! (`zwarm start --worktree`), brought home or thrown away headless.

use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use zwarm_core::engine::{Engine, WorktreePrune};
use zwarm_core::worktree::MergeMode;

#[derive(Subcommand)]
pub enum WorktreeCommand {
    /// The worktrees zwarm made in this repository: branch, uncommitted files, size.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Commit what a session left in its worktree and merge its branch into
    /// the branch it was made from (refused, with the files, on a conflict).
    Merge {
        /// The session (id or unique prefix).
        id: String,
        #[arg(long, value_enum, default_value = "auto")]
        mode: Mode,
        #[arg(long)]
        json: bool,
    },
    /// Print a session's work (committed or not) as a patch `git apply` takes.
    Patch { id: String },
    /// Remove a session's worktree; refused while it has uncommitted changes
    /// unless --force (an unmerged branch is kept).
    Remove {
        id: String,
        #[arg(long)]
        force: bool,
    },
    /// Remove the worktrees left alone for N days whose session ended or is
    /// gone; those with uncommitted changes stay (listed with why).
    Prune {
        #[arg(long, default_value_t = 7)]
        days: u32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Mode {
    /// Fast-forward when possible, else a merge commit.
    Auto,
    /// Fast-forward only.
    FastForward,
    /// Always a merge commit.
    MergeCommit,
}

pub fn run(engine: &Engine, command: WorktreeCommand) -> anyhow::Result<ExitCode> {
    match command {
        WorktreeCommand::List { json } => {
            let worktrees = engine.list_worktrees()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&worktrees)?);
            } else if worktrees.is_empty() {
                println!("no worktrees; start a session with `zwarm start --worktree TASK`");
            } else {
                for w in &worktrees {
                    println!(
                        "{}  {}  {} uncommitted  {}",
                        w.branch,
                        w.path,
                        w.changed_files.len(),
                        megabytes(w.size_bytes)
                    );
                }
            }
        }
        WorktreeCommand::Merge { id, mode, json } => {
            let mode = match mode {
                Mode::Auto => MergeMode::Auto,
                Mode::FastForward => MergeMode::FastForward,
                Mode::MergeCommit => MergeMode::MergeCommit,
            };
            let outcome = engine.merge_worktree(&id, mode)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&outcome)?);
            } else {
                let how = if outcome.fast_forward { "fast-forwarded" } else { "merged with a merge commit" };
                println!("{} {how} to {}", outcome.base_branch, outcome.commit);
            }
        }
        WorktreeCommand::Patch { id } => print!("{}", engine.worktree_patch(&id)?),
        WorktreeCommand::Remove { id, force } => {
            engine.remove_worktree(&id, force)?;
            println!("removed the worktree of {id}");
        }
        WorktreeCommand::Prune { days, json } => {
            let prune = engine.prune_worktrees(days)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&prune)?);
            } else {
                print_prune(&prune);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What a prune removed and kept, and the disk the kept ones still take.
pub fn print_prune(prune: &WorktreePrune) {
    for w in &prune.removed {
        println!("removed worktree {} ({})", w.path, megabytes(w.size_bytes));
    }
    for kept in &prune.kept {
        println!("kept worktree {}: {}", kept.worktree.path, kept.why);
    }
    let left: u64 = prune.kept.iter().map(|k| k.worktree.size_bytes).sum();
    println!(
        "{} worktree(s) removed, {} freed; {} left, taking {}",
        prune.removed.len(),
        megabytes(prune.freed_bytes),
        prune.kept.len(),
        megabytes(left)
    );
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}
