//! Pilots of an open workspace: list, create, read the checkpoint graph, send
//! a message (streamed on a Channel the UI passes in), stop, travel, name
//! branches; and the pilot's API keys, kept by `crate::keys` (the system
//! keyring or a private file; never `settings.json`, never under `.zwarm/`).
//! The turns running in this window are `crate::state::PilotTurns`.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};
use zwarm_core::files::{RestorePreview, RestoreReport};
use zwarm_core::checkpoints::{Node, PilotMeta, PilotModel};
use zwarm_core::engine::{set_table_values, Engine};
use zwarm_core::llm::Provider;
use zwarm_core::pilot::{client_for, Continue, PilotConfig, PilotEvent, PilotRunner};

use crate::blocking::{blocking, on_engine};
use crate::error::{CommandError, CommandResult};
use crate::keys::KeyStatus;
use crate::pilot_key::saved_key;
use crate::state::AppState;

fn runner(engine: Arc<Engine>) -> CommandResult<(PilotRunner, PilotConfig)> {
    let config = PilotConfig::load(engine.workspace())?;
    Ok((PilotRunner::new(engine, config.settings.clone()), config))
}

/// One pilot in the list.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PilotInfo {
    pub meta: PilotMeta,
    pub nodes: u32,
    /// A turn of this pilot is running in this window.
    pub running: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn pilot_list(state: State<'_, AppState>, workspace: String) -> CommandResult<Vec<PilotInfo>> {
    let pilots = on_engine(&state, &workspace, |engine| {
        let (runner, _) = runner(engine)?;
        let (pilots, broken) = runner.store().list_pilots()?;
        for line in broken {
            tracing::warn!(%line, "unreadable pilot");
        }
        Ok(pilots
            .into_iter()
            .map(|meta| (runner.store().load(&meta.id).map(|p| p.graph.len() as u32).unwrap_or(0), meta))
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(pilots
        .into_iter()
        .map(|(nodes, meta)| PilotInfo { nodes, running: state.pilot_turns.is_running(&meta.id), meta })
        .collect())
}

/// The model a new pilot gets unless the form says otherwise (`[pilot]` in the config).
#[tauri::command]
#[specta::specta]
pub async fn pilot_defaults(state: State<'_, AppState>, workspace: String) -> CommandResult<PilotModel> {
    on_engine(&state, &workspace, move |engine| {
        Ok(runner(engine)?.1.model)
    })
    .await
}

/// Saves the workspace's `[pilot]` provider, model and base URL in
/// `.zwarm/config.toml` (comments and other tables kept, under the workspace's
/// settings lock). Existing pilots keep their own model; new pilots and runs
/// start from these. Answers the defaults as read back from the file.
#[tauri::command]
#[specta::specta]
pub async fn set_pilot_defaults(state: State<'_, AppState>, workspace: String, model: PilotModel) -> CommandResult<PilotModel> {
    on_engine(&state, &workspace, move |engine| {
        save_pilot_defaults(engine.workspace(), &model)?;
        Ok(PilotConfig::load(engine.workspace())?.model)
    })
    .await
}

fn save_pilot_defaults(workspace: &zwarm_core::workspace::Workspace, model: &PilotModel) -> CommandResult<()> {
    let name = model.model.trim();
    if name.is_empty() {
        return Err(CommandError::from("the model name is empty: type the model the pilot should use (for example gpt-5.5)"));
    }
    let base_url = model.base_url.as_deref().map(str::trim).filter(|url| !url.is_empty());
    if let Some(url) = base_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(CommandError::from(format!(
                "the base URL `{url}` should start with http:// or https:// (for example http://127.0.0.1:11434/v1), or be left empty for the provider's usual one"
            )));
        }
    }
    // The spelling the documentation of `[pilot]` uses.
    let provider = match model.provider {
        Provider::OpenAiResponses => "openai_responses",
        Provider::Anthropic => "anthropic",
        Provider::ChatCompletions => "chat_completions",
    }
    .to_string();
    set_table_values(
        workspace,
        "pilot",
        &[
            ("provider", Some(provider.as_str().into())),
            ("model", Some(name.into())),
            ("base_url", base_url.map(Into::into)),
        ],
    )?;
    Ok(())
}

/// What the new-pilot form sends.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct NewPilotRequest {
    pub name: String,
    pub model: PilotModel,
    pub track_files: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn pilot_create(state: State<'_, AppState>, workspace: String, request: NewPilotRequest) -> CommandResult<PilotMeta> {
    on_engine(&state, &workspace, move |engine| {
        let (runner, _) = runner(engine)?;
        Ok(runner.store().create(&request.name, request.model, request.track_files)?)
    })
    .await
}

/// A pilot's whole checkpoint graph.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PilotGraph {
    pub meta: PilotMeta,
    /// In recording order: parents come before their children.
    pub nodes: Vec<Node>,
    /// Ids of the nodes without children.
    pub tips: Vec<String>,
    /// Unreadable lines of the pilot's nodes file (skipped).
    pub skipped_lines: u32,
    pub running: bool,
}

#[tauri::command]
#[specta::specta]
pub async fn pilot_graph(state: State<'_, AppState>, workspace: String, pilot: String) -> CommandResult<PilotGraph> {
    let id = pilot.clone();
    let loaded = on_engine(&state, &workspace, move |engine| Ok(runner(engine)?.0.store().load(&id)?)).await?;
    Ok(PilotGraph {
        tips: loaded.graph.tips().iter().map(|n| n.id.clone()).collect(),
        nodes: loaded.graph.nodes().to_vec(),
        skipped_lines: loaded.skipped_lines as u32,
        running: state.pilot_turns.is_running(&pilot),
        meta: loaded.meta,
    })
}

/// Runs one turn from `from` (a node id or label, `"root"` for a fresh
/// start, none for the current node). Progress arrives on `on_event`; the
/// recorded node is the answer.
#[tauri::command]
#[specta::specta]
pub async fn pilot_send<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    workspace: String,
    pilot: String,
    message: String,
    from: Option<String>,
    on_event: Channel<PilotEvent>,
) -> CommandResult<Node> {
    let id = pilot.clone();
    let (runner, client) = on_engine(&state, &workspace, move |engine| {
        let (runner, _) = runner(engine)?;
        let meta = runner.store().load(&id)?.meta;
        let client = client_for(&meta.model, saved_key(&app, meta.model.provider)?)?;
        Ok((runner, client))
    })
    .await?;
    let cancel = state.pilot_turns.begin(&pilot)?;
    let from = Continue::from_key(from.as_deref());
    let mut sink = |event: PilotEvent| {
        let _ = on_event.send(event);
    };
    let result = runner.send(&client, &pilot, &message, from, &mut sink, &cancel).await;
    state.pilot_turns.end(&pilot);
    Ok(result?)
}

/// Stops a running turn; `false` when none was running.
#[tauri::command(async)]
#[specta::specta]
pub fn pilot_stop(state: State<'_, AppState>, pilot: String) -> bool {
    state.pilot_turns.cancel(&pilot)
}

/// Makes a node (or, with none or `"root"`, the start) the one the next message continues from.
#[tauri::command]
#[specta::specta]
pub async fn pilot_travel(state: State<'_, AppState>, workspace: String, pilot: String, node: Option<String>) -> CommandResult<PilotMeta> {
    on_engine(&state, &workspace, move |engine| {
        let (runner, _) = runner(engine)?;
        Ok(runner.store().travel(&pilot, node.as_deref())?)
    })
    .await
}

/// Names the branch through a node; an empty name removes it.
#[tauri::command]
#[specta::specta]
pub async fn pilot_name_branch(state: State<'_, AppState>, workspace: String, pilot: String, node: String, name: String) -> CommandResult<PilotMeta> {
    on_engine(&state, &workspace, move |engine| {
        let (runner, _) = runner(engine)?;
        Ok(runner.store().name_branch(&pilot, &node, &name)?)
    })
    .await
}

/// Where each provider's key comes from, and where a saved key is kept.
#[tauri::command]
#[specta::specta]
pub async fn pilot_key_status<R: Runtime>(app: AppHandle<R>) -> CommandResult<Vec<KeyStatus>> {
    blocking(move || Ok(app.state::<AppState>().data.keys(&app)?.status(|name| std::env::var(name).ok())?)).await
}

/// Saves (or, with none, forgets) a provider's key: in the system keyring, or
/// in the app's private key file when no keyring service runs.
#[tauri::command]
#[specta::specta]
pub async fn set_pilot_key<R: Runtime>(app: AppHandle<R>, provider: Provider, key: Option<String>) -> CommandResult<()> {
    let key = key.map(|k| k.trim().to_string()).filter(|k| !k.is_empty());
    blocking(move || Ok(app.state::<AppState>().data.keys(&app)?.set(provider, key.as_deref())?)).await
}

/// What restoring a node's files would change, add and remove, with each file's diff.
#[tauri::command]
#[specta::specta]
pub async fn pilot_preview_files(state: State<'_, AppState>, workspace: String, pilot: String, node: String) -> CommandResult<RestorePreview> {
    on_engine(&state, &workspace, move |engine| {
        let (runner, _) = runner(engine)?;
        Ok(runner.preview_files(&pilot, &node)?)
    })
    .await
}

/// What a restore did, and the backup node that undoes it.
#[derive(Debug, Clone, Serialize, Type)]
pub struct RestoreOutcome {
    pub report: RestoreReport,
    pub backup: Node,
}

/// Restores a node's files after recording a backup node of the current ones.
#[tauri::command]
#[specta::specta]
pub async fn pilot_restore_files(state: State<'_, AppState>, workspace: String, pilot: String, node: String) -> CommandResult<RestoreOutcome> {
    on_engine(&state, &workspace, move |engine| {
        let (runner, _) = runner(engine)?;
        let (report, backup) = runner.restore_files(&pilot, &node)?;
        Ok(RestoreOutcome { report, backup })
    })
    .await
}

/// Sets (or, with none, clears) a pilot's own budget in dollars.
#[tauri::command]
#[specta::specta]
pub async fn pilot_set_budget(state: State<'_, AppState>, workspace: String, pilot: String, usd: Option<f64>) -> CommandResult<PilotMeta> {
    on_engine(&state, &workspace, move |engine| {
        let (runner, _) = runner(engine)?;
        Ok(runner.store().update(&pilot, |meta, _| {
            meta.budget_usd = usd.filter(|v| v.is_finite() && *v >= 0.0);
            Ok(())
        })?)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use zwarm_core::workspace::Workspace;

    fn model(provider: Provider, name: &str, base_url: Option<&str>) -> PilotModel {
        PilotModel { provider, model: name.into(), base_url: base_url.map(str::to_string) }
    }

    #[test]
    fn pilot_defaults_are_written_to_the_pilot_table_keeping_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::open(dir.path()).unwrap();
        std::fs::create_dir_all(workspace.state_dir()).unwrap();
        let path = workspace.state_dir().join("config.toml");
        std::fs::write(&path, "# my settings\n[pilot]\nmax_steps = 7 # keep\n[budget]\npilot_usd = 3.0\n").unwrap();

        save_pilot_defaults(&workspace, &model(Provider::ChatCompletions, " qwen3 ", Some(" http://127.0.0.1:11434/v1 "))).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("# my settings") && text.contains("max_steps = 7 # keep") && text.contains("pilot_usd = 3.0"), "{text}");
        let config = PilotConfig::load(&workspace).unwrap();
        assert_eq!(config.model, model(Provider::ChatCompletions, "qwen3", Some("http://127.0.0.1:11434/v1")));
        assert_eq!(config.settings.max_steps, 7);

        // An empty base URL removes the key: the provider's usual URL again.
        save_pilot_defaults(&workspace, &model(Provider::Anthropic, "claude-sonnet-4-5", Some(""))).unwrap();
        let config = PilotConfig::load(&workspace).unwrap();
        assert_eq!(config.model, model(Provider::Anthropic, "claude-sonnet-4-5", None));
        assert!(!std::fs::read_to_string(&path).unwrap().contains("base_url"));
    }

    #[test]
    fn pilot_defaults_refuse_an_empty_model_or_a_url_without_scheme() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::open(dir.path()).unwrap();
        let empty = save_pilot_defaults(&workspace, &model(Provider::OpenAiResponses, "  ", None)).unwrap_err();
        assert!(empty.message.contains("model name is empty"), "{}", empty.message);
        let url = save_pilot_defaults(&workspace, &model(Provider::ChatCompletions, "qwen3", Some("localhost:11434"))).unwrap_err();
        assert!(url.message.contains("should start with http://"), "{}", url.message);
        assert!(!workspace.state_dir().join("config.toml").exists());
    }
}
