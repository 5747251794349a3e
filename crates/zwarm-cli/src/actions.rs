//! `zwarm start`, `continue`, `fork`, `kill`, `rm`, `clean`: changing sessions.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use zwarm_core::agents::Adapter;
use zwarm_core::engine::{modes, Engine, KillResult, StartRequest};
use zwarm_core::spend::{continue_within_budget, start_within_budget};
use zwarm_core::store::{ForkMode, SessionMeta, SessionStatus};

use crate::sessions::{exit_for, status_name};

pub struct Start {
    pub adapter: Adapter,
    pub model: Option<String>,
    pub dir: Option<PathBuf>,
    pub mode: Option<String>,
    /// `None`: the workspace's `[sessions] isolation`.
    pub isolation: Option<zwarm_core::engine::Isolation>,
    pub task: String,
}

pub fn start(engine: &Engine, start: Start, wait: bool, json: bool) -> anyhow::Result<ExitCode> {
    if let Some(mode) = start.mode.as_deref().filter(|m| modes::is_dangerous(m)) {
        eprintln!("warning: mode {mode:?} turns off the agent's sandbox or approvals; it can change anything your user can");
    }
    let (meta, budget_warning) = start_within_budget(
        engine,
        StartRequest {
            task: start.task,
            adapter: start.adapter,
            model: start.model,
            mode: start.mode,
            working_dir: start.dir,
            source: "user".into(),
            isolation: start.isolation,
        },
    )?;
    warn_budget(budget_warning);
    finish(engine, meta, wait, json)
}

pub fn continue_session(
    engine: &Engine,
    id: &str,
    message: &str,
    wait: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let (meta, budget_warning) = continue_within_budget(engine, id, message)?;
    warn_budget(budget_warning);
    finish(engine, meta, wait, json)
}

/// `zwarm fork ID --turn N`: prints the new session (its metadata with
/// `--json`, whose `forked_from` says how the fork will continue).
pub fn fork(
    engine: &Engine,
    id: &str,
    turn: u32,
    restore_files: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let meta = if restore_files {
        engine.fork_with_files(id, turn, None)?
    } else {
        engine.fork(id, turn, None)?
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&meta)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}", meta.id);
    if let Some(origin) = &meta.forked_from {
        let how = match origin.fork_mode {
            ForkMode::Native => "the agent's own fork".to_string(),
            ForkMode::Replayed => format!(
                "a replay of the transcript ({})",
                origin.note.as_deref().unwrap_or("no native fork")
            ),
        };
        let files = match &origin.files_backup {
            Some(backup) => format!(
                "The workspace's files are back as they were after turn {}; the files before are kept in snapshot {backup} of .zwarm/shadow.git.",
                origin.turn
            ),
            None => "Files were not restored.".to_string(),
        };
        eprintln!(
            "forked {} after turn {}; continue it with: zwarm continue {} MESSAGE (it resumes through {how}). {files}",
            origin.session_id,
            origin.turn,
            meta.short_id()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A workspace budget at 80 % or more, on stderr so `--json` stays clean.
fn warn_budget(warning: Option<String>) {
    if let Some(warning) = warning {
        eprintln!("warning: {warning}");
    }
}

/// Prints the started turn, or waits for it and prints how it ended.
fn finish(engine: &Engine, meta: SessionMeta, wait: bool, json: bool) -> anyhow::Result<ExitCode> {
    let meta = if wait {
        wait_until_ended(engine, &meta.id)?
    } else {
        meta
    };
    if json {
        println!("{}", serde_json::to_string_pretty(&meta)?);
    } else if wait {
        println!(
            "{} {} (turn {})",
            meta.short_id(),
            status_name(meta.status),
            meta.turn
        );
        if let Some(reply) = meta.messages.iter().rev().find(|m| m.role == "assistant") {
            println!("{}", reply.content);
        }
        if let Some(error) = &meta.error {
            println!("error: {error}");
        }
    } else {
        println!(
            "started {} (turn {}), follow it with: zwarm watch {}",
            meta.id,
            meta.turn,
            meta.short_id()
        );
    }
    Ok(if wait {
        exit_for(meta.status)
    } else {
        ExitCode::SUCCESS
    })
}

fn wait_until_ended(engine: &Engine, id: &str) -> anyhow::Result<SessionMeta> {
    loop {
        let meta = engine.refresh(id)?;
        if meta.status != SessionStatus::Running && meta.status != SessionStatus::Pending {
            return Ok(meta);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

pub fn kill(engine: &Engine, id: Option<&str>, all: bool) -> anyhow::Result<ExitCode> {
    let ids: Vec<String> = match (id, all) {
        (_, true) => engine
            .list(Some(SessionStatus::Running))?
            .sessions
            .iter()
            .map(|m| m.id.clone())
            .collect(),
        (Some(id), false) => vec![engine.store().resolve(id)?],
        (None, false) => anyhow::bail!("name a session to kill, or pass --all"),
    };
    for id in ids {
        match engine.kill(&id)? {
            KillResult::Killed => println!("killed {id}"),
            KillResult::AlreadyEnded { status } => println!(
                "{id} had already ended ({}); nothing was killed",
                status_name(status)
            ),
            KillResult::NotRunning => println!("{id} was not running"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn remove(engine: &Engine, id: &str) -> anyhow::Result<ExitCode> {
    let id = engine.delete(id)?;
    println!("deleted {id}");
    Ok(ExitCode::SUCCESS)
}

pub fn clean(engine: &Engine, days: u32) -> anyhow::Result<ExitCode> {
    let removed = engine.cleanup(days)?;
    for id in &removed {
        println!("deleted {id}");
    }
    println!(
        "{} ended session(s) older than {days} day(s) removed",
        removed.len()
    );
    // Worktrees only exist in git repositories; elsewhere there is nothing to prune.
    if engine.worktrees().is_ok() {
        crate::worktree::print_prune(&engine.prune_worktrees(days)?);
    }
    Ok(ExitCode::SUCCESS)
}
