//! Settings → Agents: each CLI's `[codex]` / `[claude]` path and extra args
//! in the workspace's `.zwarm/config.toml`, read and saved by the core (which
//! keeps the trust rule, see `zwarm_core::engine::agent_config`).

use tauri::{AppHandle, Manager, Runtime, State};
use zwarm_core::engine::{agent_configs, save_agent_config, AgentConfigs, AgentEdit};
use zwarm_core::trust::TrustStore;

use crate::blocking::on_engine;
use crate::error::CommandResult;
use crate::state::AppState;

/// Both CLIs' tables as the file has them, and whether they are in effect.
#[tauri::command]
#[specta::specta]
pub async fn agent_settings(state: State<'_, AppState>, workspace: String) -> CommandResult<AgentConfigs> {
    on_engine(&state, &workspace, move |engine| {
        Ok(agent_configs(engine.workspace(), TrustStore::for_user().as_ref())?)
    })
    .await
}

/// Saves what the user typed for one CLI; the workspace's engine is
/// reloaded so the next turn uses it (once trusted).
#[tauri::command]
#[specta::specta]
pub async fn set_agent_settings<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, workspace: String, edit: AgentEdit) -> CommandResult<AgentConfigs> {
    on_engine(&state, &workspace.clone(), move |engine| {
        let saved = save_agent_config(engine.workspace(), TrustStore::for_user().as_ref(), &edit)?;
        app.state::<AppState>().workspaces.reload(&workspace)?;
        Ok(saved)
    })
    .await
}
