//! `zwarm`: drive Codex and Claude Code sessions from a terminal or a script.
//!
//! Every command is a thin call into `zwarm-core`; the same sessions are seen
//! and driven by the desktop app. Flags and `--json` outputs are a public
//! contract: add, never rename.

mod actions;
mod approvals;
mod diff;
mod doctor;
mod interrupt;
mod orchestrate;
mod output;
mod parse;
mod pilot;
mod pretty;
mod race;
mod sessions;
mod spend;
mod trust;
mod worktree;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use zwarm_core::agents::Adapter;
use zwarm_core::approvals::ApprovalStore;
use zwarm_core::engine::{Engine, EngineSettings, Isolation};
use zwarm_core::Workspace;

#[derive(Parser)]
#[command(
    name = "zwarm",
    version,
    about = "Run and watch coding-agent sessions (Codex CLI, Claude Code)"
)]
struct Cli {
    /// Workspace folder whose `.zwarm/` holds the sessions.
    #[arg(
        short = 'C',
        long,
        global = true,
        env = "ZWARM_WORKSPACE",
        default_value = "."
    )]
    workspace: PathBuf,
    /// Path to the `codex` binary (default: searched like a login shell would).
    #[arg(long, global = true, env = "ZWARM_CODEX")]
    codex: Option<PathBuf>,
    /// Path to the `claude` binary (default: searched like a login shell would).
    #[arg(long, global = true, env = "ZWARM_CLAUDE")]
    claude: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List sessions.
    Sessions {
        /// Only sessions with this status (pending, running, completed, failed, killed).
        #[arg(long)]
        status: Option<String>,
        /// Only sessions whose title, prompts or messages hold every word (any case).
        #[arg(long)]
        search: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Start a session.
    Start {
        #[arg(long, short = 'a', default_value = "codex")]
        adapter: Adapter,
        #[arg(long, short = 'm')]
        model: Option<String>,
        /// Folder inside the workspace to run in.
        #[arg(long, short = 'd')]
        dir: Option<PathBuf>,
        /// Sandbox (codex) or permission (claude) mode; the default is sandboxed.
        #[arg(long)]
        mode: Option<String>,
        /// Run in a git worktree of its own, on a new branch (default:
        /// `[sessions] isolation` of the workspace's config).
        #[arg(long, conflicts_with = "no_worktree")]
        worktree: bool,
        /// Run in the workspace folder itself, whatever the config says.
        #[arg(long)]
        no_worktree: bool,
        /// The branch the worktree starts from (default: the current HEAD).
        #[arg(long, requires = "worktree")]
        base: Option<String>,
        /// Wait until the turn ends and print the reply.
        #[arg(long)]
        wait: bool,
        #[arg(long)]
        json: bool,
        task: String,
    },
    /// Send a follow-up message to a finished session.
    Continue {
        id: String,
        message: String,
        #[arg(long)]
        wait: bool,
        #[arg(long)]
        json: bool,
    },
    /// Branch a session after one of its turns: a new session with turns
    /// 1..=N whose next `continue` resumes the agent as it was after turn N
    /// (the CLI's own fork where it has one, else a replay of the transcript).
    /// The original is untouched. Prints the new session's id.
    Fork {
        id: String,
        /// The last turn the fork keeps.
        #[arg(long)]
        turn: u32,
        /// Also put the workspace's files back as they were after that turn
        /// (recorded while `[sessions] track_files` is on, the default); the
        /// files before are kept in a backup snapshot first.
        #[arg(long)]
        restore_files: bool,
        #[arg(long)]
        json: bool,
    },
    /// Show a session and its transcript.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Print a session's events live until its turn ends.
    Watch { id: String },
    /// Kill a session's running turn (or every running session with --all).
    Kill {
        #[arg(required_unless_present = "all")]
        id: Option<String>,
        #[arg(long)]
        all: bool,
    },
    /// Delete a session (killing it first if it runs).
    Rm { id: String },
    /// Delete ended sessions not updated for N days, and (in a git
    /// repository) remove the clean worktrees left alone as long.
    Clean {
        #[arg(long, default_value_t = 7)]
        days: u32,
    },
    /// Trust this workspace's `.zwarm/config.toml` with the settings it asks
    /// for that choose programs, weaken the sandbox or pass secrets (`[codex]`
    /// / `[claude]` `path`, `args`, `env`). Without it they do not take effect
    /// and `start`/`continue` refuse. Trust is kept in your own config folder.
    Trust {
        /// Withdraw the trust instead.
        #[arg(long)]
        revoke: bool,
    },
    /// Race one task through several agents, each in a worktree of its own,
    /// and compare them (`zwarm race "task" --agents codex,claude`); then
    /// `race list|show|check|keep`.
    Race(race::RaceArgs),
    /// Sessions' git worktrees: list, merge, patch, remove.
    #[command(subcommand)]
    Worktree(worktree::WorktreeCommand),
    /// What a session changed, file by file: its worktree against the commit
    /// it was made from, or its files from its first turn to its last; with
    /// --turn, what that one turn changed.
    Diff {
        /// The session (id or unique prefix).
        id: String,
        #[arg(long)]
        turn: Option<u32>,
        /// Only the files and their counts.
        #[arg(long)]
        stat: bool,
        #[arg(long)]
        json: bool,
    },
    /// Where the agent CLIs are, and their versions.
    Doctor {
        #[arg(long)]
        json: bool,
    },
    /// What the agents and pilots of the workspace cost.
    Spend {
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// One CSV row per turn (executor and pilot), for spreadsheets.
        #[arg(long)]
        csv: bool,
        /// Compare our per-session figures with what the CLIs wrote on disk;
        /// lists differences above 1 % and exits with 3 if there are any.
        #[arg(long, conflicts_with = "csv")]
        check: bool,
    },
    /// Run an LLM autonomously on a task (delegating to agents) until it is done.
    Orchestrate(orchestrate::OrchestrateArgs),
    /// Chat with a pilot LLM that delegates to agent sessions.
    #[command(subcommand)]
    Pilot(pilot::PilotCommand),
    /// Requests of "Ask me" sessions waiting for an answer.
    Approvals {
        #[arg(long)]
        json: bool,
    },
    /// Approve a pending request (`zwarm approvals` lists them).
    Approve {
        /// The request's id, or a unique prefix of it.
        id: String,
        /// Also approve this same action in this workspace from now on.
        #[arg(long)]
        always: bool,
        /// Claude only: run the tool with this JSON input instead.
        #[arg(long)]
        input: Option<String>,
    },
    /// Deny a pending request; the agent is told the reason.
    Deny {
        /// The request's id, or a unique prefix of it.
        id: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Normalize one recorded turn file (a CLI's JSON lines).
    Parse {
        #[arg(long, short = 'a')]
        adapter: Adapter,
        /// Price the usage with this model's entry when the file does not name one.
        #[arg(long, short = 'm')]
        model: Option<String>,
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    // The hidden helpers of "Ask me" turns (see zwarm_core::approvals::helper).
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(code) = zwarm_core::approvals::helper::run_if_helper(&args) {
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    restore_sigpipe();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("zwarm: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// `zwarm sessions | head` must end quietly when `head` stops reading, as
/// Unix tools do, instead of panicking on the broken pipe: Rust ignores
/// SIGPIPE by default, so restore the default action.
fn restore_sigpipe() {
    // SAFETY: called first thing in `main`, before any thread exists; it only
    // resets one signal's disposition to the default.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let engine = || -> anyhow::Result<Engine> {
        let workspace = Workspace::open(&cli.workspace)?;
        // A broken config file must not lock the user out of their sessions:
        // reading and deleting work, `start` and `continue` say what to fix.
        let mut settings = EngineSettings::load_tolerant(&workspace);
        if let Some(error) = &settings.config_error {
            eprintln!(
                "warning: {error}; starting or continuing sessions is refused until it is fixed"
            );
        }
        settings.codex_path = cli.codex.clone().or(settings.codex_path);
        settings.claude_path = cli.claude.clone().or(settings.claude_path);
        // "Ask me" turns ask through this very binary's hidden helpers.
        settings.helper = std::env::current_exe().ok();
        Ok(Engine::open(workspace, settings)?)
    };
    let approvals = || -> anyhow::Result<ApprovalStore> {
        Ok(ApprovalStore::new(Workspace::open(&cli.workspace)?.state_dir()))
    };
    match cli.command {
        Command::Parse {
            adapter,
            model,
            file,
            json,
        } => parse::run(adapter, model.as_deref(), &file, json),
        Command::Doctor { json } => {
            // Paths from flags win over the workspace config, as for every command.
            let workspace = Workspace::open(&cli.workspace).ok();
            let mut configured = workspace
                .as_ref()
                .map(EngineSettings::load_tolerant)
                .unwrap_or_default();
            configured.codex_path = cli.codex.clone().or(configured.codex_path);
            configured.claude_path = cli.claude.clone().or(configured.claude_path);
            doctor::run(
                &configured,
                workspace.as_ref().map(Workspace::root),
                configured.config_error.as_ref(),
                json,
            )
        }
        Command::Trust { revoke } => trust::run(&cli.workspace, revoke),
        Command::Approvals { json } => approvals::list(&approvals()?, json),
        Command::Approve { id, always, input } => {
            approvals::approve(&approvals()?, &id, always, input.as_deref())
        }
        Command::Deny { id, reason } => approvals::deny(&approvals()?, &id, reason),
        Command::Worktree(command) => worktree::run(&engine()?, command),
        Command::Race(args) => race::run(&engine()?, args),
        Command::Diff { id, turn, stat, json } => diff::run(&engine()?, &id, turn, stat, json),
        Command::Sessions {
            status,
            search,
            json,
        } => sessions::list(&engine()?, status.as_deref(), search.as_deref(), json),
        Command::Show { id, json } => sessions::show(&engine()?, &id, json),
        Command::Watch { id } => sessions::watch(engine()?, &id),
        Command::Start {
            adapter,
            model,
            dir,
            mode,
            worktree,
            no_worktree,
            base,
            wait,
            json,
            task,
        } => actions::start(
            &engine()?,
            actions::Start {
                adapter,
                model,
                dir,
                mode,
                isolation: match (worktree, no_worktree) {
                    (true, _) => Some(Isolation::Worktree { base }),
                    (_, true) => Some(Isolation::None),
                    _ => None,
                },
                task,
            },
            wait,
            json,
        ),
        Command::Continue {
            id,
            message,
            wait,
            json,
        } => actions::continue_session(&engine()?, &id, &message, wait, json),
        Command::Fork {
            id,
            turn,
            restore_files,
            json,
        } => actions::fork(&engine()?, &id, turn, restore_files, json),
        Command::Kill { id, all } => actions::kill(&engine()?, id.as_deref(), all),
        Command::Rm { id } => actions::remove(&engine()?, &id),
        Command::Clean { days } => actions::clean(&engine()?, days),
        Command::Spend { json, csv, check } => {
            if check {
                return spend::check(&engine()?, json).map(|clean| {
                    if clean {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(3)
                    }
                });
            }
            spend::run(&engine()?, json, csv).map(|()| ExitCode::SUCCESS)
        }
        Command::Orchestrate(args) => orchestrate::run(engine()?, args).map(|done| {
            if done {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(3)
            }
        }),
        Command::Pilot(command) => pilot::run(engine()?, command).map(|()| ExitCode::SUCCESS),
    }
}
