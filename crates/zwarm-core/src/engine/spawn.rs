//! Building one turn's command line and starting it detached.

use std::path::{Path, PathBuf};

use crate::agents::Adapter;
use crate::approvals::codex_host::HostedTurn;
use crate::approvals::helper::claude_prompt_tool;
use crate::approvals::turn::TurnApprovals;
use crate::discovery::{path_with_dir_of, DiscoveryEnv};
use crate::launch::claude::{self, ClaudeSession, ClaudeTurn, PromptTool};
use crate::launch::codex::{self, CodexTurn};
use crate::launch::PromptInput;
use crate::store::SessionMeta;
use crate::supervisor::{new_marker, spawn_turn, SpawnedTurn, TurnEnv, TurnFiles};

use super::{
    adapter_of, agent_env, model, modes, Engine, EngineError, EngineResult, EngineSettings,
};

/// Which agent conversation a turn continues.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) enum AgentResume {
    /// A new one (a first turn, or a replayed transcript).
    #[default]
    New,
    /// The agent's own session or thread with this id, natively.
    Session(String),
    /// A new Claude session branched from `session` at `message` (a fork's
    /// first follow-up; see `engine::fork`).
    ClaudeFork { session: String, message: String },
}

/// Starts turn `number` of `meta` with `prompt`, continuing `resume`. Returns the started turn and the model it
/// will use, when the command line or the CLI's config says.
pub(super) fn spawn(
    engine: &Engine,
    meta: &SessionMeta,
    program: &Path,
    number: u32,
    prompt: &str,
    resume: AgentResume,
) -> EngineResult<(SpawnedTurn, Option<String>, String)> {
    let adapter = adapter_of(meta)?;
    let stdout = engine.store.turn_stdout_path(&meta.id, number)?;
    let turns_dir = stdout.parent().map(Path::to_path_buf).unwrap_or_default();
    std::fs::create_dir_all(&turns_dir).map_err(|source| EngineError::Io {
        path: turns_dir.clone(),
        source,
    })?;
    let spill = turns_dir.join(format!("turn_{number}.prompt"));
    let input = PromptInput::choose(prompt, &spill).map_err(|source| EngineError::Io {
        path: spill,
        source,
    })?;

    let workspace = std::path::PathBuf::from(&meta.working_dir);
    let workspace = if workspace.is_absolute() {
        workspace
    } else {
        engine.workspace.root().join(workspace)
    };
    let model = Some(meta.model.clone()).filter(|m| !m.is_empty());
    let mut extra_args = engine.settings.extra_args(adapter).to_vec();
    extra_args.extend(meta.extra_args.iter().cloned());
    let asking = modes::asks(meta.sandbox.as_deref());
    let (runs, launch) = match adapter {
        Adapter::Codex => {
            let turn = CodexTurn {
                workspace: workspace.clone(),
                model,
                sandbox: modes::codex_sandbox(meta.sandbox.as_deref())?,
                extra_args,
                resume_thread: match resume {
                    AgentResume::Session(thread) => Some(thread),
                    // A Codex fork is a thread of its own, made when forking.
                    AgentResume::New | AgentResume::ClaudeFork { .. } => None,
                },
            };
            if asking {
                // `codex exec` cannot ask: the turn runs hosted by zwarm.
                let (helper, approvals) = ask_through(engine, meta, number, &workspace)?;
                let hosted = HostedTurn::of(program.to_path_buf(), &turn, approvals)?;
                (helper, hosted.launch(&input))
            } else {
                (program.to_path_buf(), codex::launch(&turn, &input)?)
            }
        }
        Adapter::Claude => {
            let prompt_tool = match asking {
                true => {
                    let (helper, approvals) = ask_through(engine, meta, number, &workspace)?;
                    let (mcp_config, tool) = claude_prompt_tool(&helper, &approvals);
                    Some(PromptTool { mcp_config, tool })
                }
                false => None,
            };
            let turn = ClaudeTurn {
                workspace,
                model,
                session: match resume {
                    AgentResume::New => ClaudeSession::New,
                    AgentResume::Session(id) => ClaudeSession::Resume(id),
                    AgentResume::ClaudeFork { session, message } => {
                        ClaudeSession::ForkAt { session, message }
                    }
                },
                permissions: modes::claude_permissions(meta.sandbox.as_deref())?,
                prompt_tool,
                extra_args,
            };
            (program.to_path_buf(), claude::launch(&turn, &input)?)
        }
    };

    let mode = modes::effective_mode(adapter, &launch.args);
    let model = match adapter {
        Adapter::Codex => model::codex_model_before(&launch.args, engine.codex_home().as_deref()),
        Adapter::Claude => Some(meta.model.clone()).filter(|m| !m.is_empty()),
    };

    let env = agent_environment(engine, adapter, program);
    let spawned = spawn_turn(
        &runs,
        &launch,
        &env,
        &new_marker(&meta.id, number),
        &TurnFiles::in_dir(&turns_dir, number),
    )?;
    Ok((spawned, model, mode))
}

/// What an "Ask me" turn asks through: zwarm's helper binary, and where
/// turn `number` of `meta`, run in `workspace`, puts its requests. The
/// approvals folder is made now, so a watcher sees it before the first request.
fn ask_through(
    engine: &Engine,
    meta: &SessionMeta,
    number: u32,
    workspace: &Path,
) -> EngineResult<(PathBuf, TurnApprovals)> {
    let helper = engine.settings.helper.clone().ok_or(EngineError::NoHelper)?;
    let approvals = TurnApprovals {
        state_dir: engine.workspace.state_dir(),
        session_id: meta.id.clone(),
        turn: number,
        cwd: workspace.to_path_buf(),
        timeout: engine.settings.approval_timeout,
    };
    let dir = engine.approvals().dir_of(&meta.id);
    std::fs::create_dir_all(&dir).map_err(|source| EngineError::Io { path: dir, source })?;
    Ok((helper, approvals))
}

/// The environment every process of `adapter`'s CLI gets from us (a turn, or
/// Codex's app-server when forking): the CLI's own folder first on PATH, the
/// workspace's settings, and zwarm's keys and the other provider's
/// credentials removed (see [`agent_env`]).
pub(super) fn agent_environment(engine: &Engine, adapter: Adapter, program: &Path) -> TurnEnv {
    agent_environment_for(&engine.settings, &engine.discovery_env, adapter, program)
}

/// The variable the model provider Codex's config selects reads its key
/// from, when it names one (see [`agent_env::codex_provider_key`]).
pub(crate) fn codex_provider_key_for(
    settings: &EngineSettings,
    discovery_env: &DiscoveryEnv,
) -> Option<String> {
    agent_env::codex_provider_key(
        model::codex_home(&settings.env, discovery_env.home.as_deref()).as_deref(),
    )
}

/// [`agent_environment`] from the settings alone, for what runs a CLI
/// without an engine (the doctor's login check).
pub(crate) fn agent_environment_for(
    settings: &EngineSettings,
    discovery_env: &DiscoveryEnv,
    adapter: Adapter,
    program: &Path,
) -> TurnEnv {
    // The CLI's own folder goes first on PATH so an nvm `#!/usr/bin/env node`
    // launcher finds its node; explicit settings come last and win.
    let mut env = TurnEnv::default();
    if let Some(path) = path_with_dir_of(program, discovery_env) {
        env.set
            .push(("PATH".into(), path.to_string_lossy().into_owned()));
    }
    env.set.extend(settings.env.iter().cloned());
    let inherited: Vec<String> = std::env::vars_os()
        .filter_map(|(name, _)| name.into_string().ok())
        .collect();
    let provider_key = match adapter {
        Adapter::Codex => codex_provider_key_for(settings, discovery_env),
        Adapter::Claude => None,
    };
    env.remove = agent_env::removed_variables(
        adapter,
        inherited.iter().map(String::as_str),
        &settings.env_rules,
        provider_key.as_deref(),
    );
    // What our own settings set on purpose (e.g. a CODEX_HOME) is not inherited.
    env.remove
        .retain(|name| !env.set.iter().any(|(k, _)| k == name));
    env
}
