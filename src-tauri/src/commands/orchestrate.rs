//! Orchestrator runs of an open workspace: start, list, pause, resume, stop, delete.
//! A run is driven by a background task of the app; its progress goes to the
//! workspace's run subscriber (a Channel the UI passes in). Runs that were
//! running when the app last closed are resumed when the workspace is
//! subscribed to again. The runs this app drives are `crate::state::Runs`.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};
use zwarm_core::checkpoints::PilotMeta;
use zwarm_core::engine::Engine;
use zwarm_core::orchestrate::{Orchestrator, RunEvent, RunOptions, RunRequest, RunStatus};
use zwarm_core::pilot::{client_for, OrchestrateConfig, PilotConfig};
use zwarm_core::spend::{pilot_spend, workspace_records, Totals};

use crate::blocking::{blocking, on_engine};
use crate::error::{CommandError, CommandResult};
use crate::pilot_key::saved_key;
use crate::state::{AppState, RunUpdate};

fn orchestrator(engine: Arc<Engine>) -> CommandResult<(Orchestrator, PilotConfig)> {
    let config = PilotConfig::load(engine.workspace())?;
    Ok((Orchestrator::from_config(engine, &config), config))
}

/// One run in the list, with its spend.
#[derive(Debug, Clone, Serialize, Type)]
pub struct RunInfo {
    pub meta: PilotMeta,
    /// Driven by this window right now.
    pub active: bool,
    pub spend: Totals,
}

#[tauri::command]
#[specta::specta]
pub async fn run_list(state: State<'_, AppState>, workspace: String) -> CommandResult<Vec<RunInfo>> {
    let runs = on_engine(&state, &workspace, |engine| {
        let (o, _) = orchestrator(Arc::clone(&engine))?;
        let records = workspace_records(&engine)?.records;
        Ok(o.runs()?.into_iter().map(|meta| (pilot_spend(&records, &meta.id), meta)).collect::<Vec<_>>())
    })
    .await?;
    Ok(runs
        .into_iter()
        .map(|(spend, meta)| RunInfo { active: state.runs.is_active(&meta.id), spend, meta })
        .collect())
}

/// `[orchestrate]`'s defaults, which the start-run form shows (its shell
/// option starts from the workspace's choice, as `zwarm orchestrate` does).
#[tauri::command]
#[specta::specta]
pub async fn run_defaults(state: State<'_, AppState>, workspace: String) -> CommandResult<OrchestrateConfig> {
    on_engine(&state, &workspace, move |engine| {
        Ok(PilotConfig::load(engine.workspace())?.orchestrate)
    })
    .await
}

/// What the start-run form sends; `None` fields take `[orchestrate]`'s defaults.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct NewRunRequest {
    pub task: String,
    pub model: Option<zwarm_core::checkpoints::PilotModel>,
    pub max_steps: Option<u32>,
    pub budget_usd: Option<f64>,
    pub shell: Option<bool>,
}

#[tauri::command]
#[specta::specta]
pub async fn run_start<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, workspace: String, request: NewRunRequest) -> CommandResult<PilotMeta> {
    on_engine(&state, &workspace.clone(), move |engine| {
        let (o, config) = orchestrator(engine)?;
        let request = RunRequest {
            task: request.task,
            model: request.model,
            max_steps: request.max_steps,
            budget_usd: request.budget_usd,
            shell: request.shell,
        };
        let meta = o.create(RunOptions::from_request(request, &config))?;
        spawn_drive(&app, &workspace, &meta.id)?;
        Ok(meta)
    })
    .await
}

/// Pauses after the current step.
#[tauri::command]
#[specta::specta]
pub async fn run_pause(state: State<'_, AppState>, workspace: String, run: String) -> CommandResult<PilotMeta> {
    let id = run.clone();
    let meta = on_engine(&state, &workspace, move |engine| {
        Ok(orchestrator(engine)?.0.set_status(&id, RunStatus::Paused, Some("paused by the user".into()))?)
    })
    .await?;
    state.runs.publish(&workspace, &run, None, Some(meta.clone()));
    Ok(meta)
}

#[tauri::command]
#[specta::specta]
pub async fn run_resume<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, workspace: String, run: String) -> CommandResult<PilotMeta> {
    on_engine(&state, &workspace.clone(), move |engine| {
        let meta = orchestrator(engine)?.0.set_status(&run, RunStatus::Running, None)?;
        spawn_drive(&app, &workspace, &run)?;
        Ok(meta)
    })
    .await
}

/// Stops at once: the LLM call in flight is cancelled.
#[tauri::command]
#[specta::specta]
pub async fn run_stop(state: State<'_, AppState>, workspace: String, run: String) -> CommandResult<PilotMeta> {
    let id = run.clone();
    let meta = on_engine(&state, &workspace, move |engine| {
        Ok(orchestrator(engine)?.0.set_status(&id, RunStatus::Stopped, Some("stopped by the user".into()))?)
    })
    .await?;
    state.runs.cancel(&run);
    state.runs.publish(&workspace, &run, None, Some(meta.clone()));
    Ok(meta)
}

/// Deletes a run that is not running; its spend stays in the totals.
#[tauri::command]
#[specta::specta]
pub async fn run_delete(state: State<'_, AppState>, workspace: String, run: String) -> CommandResult<()> {
    if state.runs.is_active(&run) {
        return Err(CommandError::from("the run is still working; stop it first, then delete it"));
    }
    on_engine(&state, &workspace, move |engine| Ok(orchestrator(engine)?.0.delete(&run)?)).await
}

/// Receives the progress of this workspace's runs; resumes runs that were
/// running when the app closed.
#[tauri::command]
#[specta::specta]
pub async fn run_subscribe<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, workspace: String, on_update: Channel<RunUpdate>) -> CommandResult<()> {
    state.runs.subscribe(&workspace, on_update);
    blocking(move || resume_interrupted(&app, &workspace)).await
}

/// Drives every run of the workspace whose state says running but that no
/// task of this app drives (the app was closed or killed mid-run). It reads
/// the runs: call it on a blocking thread.
pub fn resume_interrupted<R: Runtime>(app: &AppHandle<R>, workspace: &str) -> CommandResult<()> {
    let state = app.state::<AppState>();
    let (o, _) = orchestrator(state.workspaces.get(workspace)?)?;
    for meta in o.runs()? {
        let running = meta.run.as_ref().is_some_and(|r| r.status == RunStatus::Running);
        if running && !state.runs.is_active(&meta.id) {
            spawn_drive(app, workspace, &meta.id)?;
        }
    }
    Ok(())
}

/// Starts driving a run on a task of the app. It reads the run and the key
/// store: call it on a blocking thread.
fn spawn_drive<R: Runtime>(app: &AppHandle<R>, workspace: &str, run_id: &str) -> CommandResult<()> {
    let state = app.state::<AppState>();
    let engine = state.workspaces.get(workspace)?;
    let (o, _) = orchestrator(engine)?;
    let meta = o.store().load(run_id)?.meta;
    let client = client_for(&meta.model, saved_key(app, meta.model.provider)?)?;
    let Some(cancel) = state.runs.begin(run_id) else {
        return Ok(()); // already driven
    };
    let (app, workspace, run_id) = (app.clone(), workspace.to_string(), run_id.to_string());
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        let mut sink = |event: RunEvent| state.runs.publish(&workspace, &run_id, Some(event), None);
        let result = o.drive(&client, &run_id, &mut sink, &cancel).await;
        state.runs.end(&run_id);
        let meta = match result {
            Ok(meta) => Some(meta),
            Err(error) => {
                tracing::warn!(%error, run = %run_id, "run failed");
                let id = run_id.clone();
                blocking(move || Ok(o.set_status(&id, RunStatus::Failed, Some(error.to_string()))?)).await.ok()
            }
        };
        state.runs.publish(&workspace, &run_id, None, meta);
    });
    Ok(())
}
