//! Spend of an open workspace: the report the spend view draws, CSV export,
//! budgets, and the workspace's price overrides.

use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;
use zwarm_core::cost::{remove_price_override, save_price_override, PriceEntry};
use zwarm_core::pilot::PilotConfig;
use zwarm_core::spend::{save_budget, to_csv, workspace_records, BudgetConfig, SpendReport};
use zwarm_core::store::write_atomic;

use crate::blocking::{blocking, on_engine};
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

#[tauri::command]
#[specta::specta]
pub async fn spend_report(state: State<'_, AppState>, workspace: String) -> CommandResult<SpendReport> {
    on_engine(&state, &workspace, move |engine| {
        let config = PilotConfig::load(engine.workspace())?;
        Ok(SpendReport::compute(&engine, &config.settings.budget)?)
    })
    .await
}

/// Writes every turn's spend as CSV to a file the user picks in the native
/// save dialog. Returns where it was written; `None` if cancelled.
///
/// The page cannot name the file: a path from the webview could overwrite
/// any file the user owns (a `.bashrc`), so the dialog, run from Rust, is the
/// only source of the path.
#[tauri::command]
#[specta::specta]
pub async fn export_spend_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    workspace: String,
) -> CommandResult<Option<String>> {
    let csv = on_engine(&state, &workspace, |engine| Ok(to_csv(&workspace_records(&engine)?.records)?)).await?;
    let (tx, rx) = std::sync::mpsc::channel();
    app.dialog()
        .file()
        .set_title("Export spend as CSV")
        .set_file_name("zwarm-spend.csv")
        .add_filter("CSV", &["csv"])
        .save_file(move |file| {
            let _ = tx.send(file.and_then(|f| f.into_path().ok()));
        });
    let Some(target) = blocking(move || Ok(rx.recv().ok().flatten())).await? else { return Ok(None) };
    blocking(move || {
        write_atomic(&target, csv.as_bytes())
            .map_err(|e| CommandError::from(format!("could not write {} ({e}); pick another place or free some disk space", target.display())))?;
        Ok(Some(target.display().to_string()))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn budget(state: State<'_, AppState>, workspace: String) -> CommandResult<BudgetConfig> {
    on_engine(&state, &workspace, move |engine| {
        Ok(PilotConfig::load(engine.workspace())?.settings.budget)
    })
    .await
}

/// Saves the workspace's budgets in `[budget]` of `.zwarm/config.toml`.
#[tauri::command]
#[specta::specta]
pub async fn set_budget(state: State<'_, AppState>, workspace: String, budget: BudgetConfig) -> CommandResult<()> {
    on_engine(&state, &workspace, move |engine| {
        Ok(save_budget(engine.workspace(), &budget)?)
    })
    .await
}

/// The price table in force, and which prefixes the workspace overrides.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PriceTableView {
    pub entries: Vec<PriceEntry>,
    /// Prefixes set in `.zwarm/pricing.toml`.
    pub overridden: Vec<String>,
}

#[tauri::command]
#[specta::specta]
pub async fn price_table(state: State<'_, AppState>, workspace: String) -> CommandResult<PriceTableView> {
    on_engine(&state, &workspace, move |engine| {
        let table = engine.prices();
        Ok(PriceTableView { entries: table.entries().to_vec(), overridden: table.overridden().to_vec() })
    })
    .await
}

/// Adds or replaces a price in `.zwarm/pricing.toml`; new turns use it at once.
#[tauri::command]
#[specta::specta]
pub async fn set_price(state: State<'_, AppState>, workspace: String, entry: PriceEntry) -> CommandResult<()> {
    on_engine(&state, &workspace, move |engine| {
        save_price_override(engine.workspace(), &entry)?;
        Ok(engine.reload_prices()?)
    })
    .await
}

/// Removes a workspace price override (the built-in price applies again).
#[tauri::command]
#[specta::specta]
pub async fn remove_price(state: State<'_, AppState>, workspace: String, prefix: String) -> CommandResult<bool> {
    on_engine(&state, &workspace, move |engine| {
        let removed = remove_price_override(engine.workspace(), &prefix)?;
        engine.reload_prices()?;
        Ok(removed)
    })
    .await
}
