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

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub fn spend_report(state: State<'_, AppState>, workspace: String) -> CommandResult<SpendReport> {
    let engine = state.workspaces.get(&workspace)?;
    let config = PilotConfig::load(engine.workspace())?;
    Ok(SpendReport::compute(&engine, &config.settings.budget)?)
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
    let engine = state.workspaces.get(&workspace)?;
    let records = workspace_records(&engine)?.records;
    let csv = to_csv(&records)?;
    let (tx, rx) = std::sync::mpsc::channel();
    app.dialog()
        .file()
        .set_title("Export spend as CSV")
        .set_file_name("zwarm-spend.csv")
        .add_filter("CSV", &["csv"])
        .save_file(move |file| {
            let _ = tx.send(file.and_then(|f| f.into_path().ok()));
        });
    let picked = tauri::async_runtime::spawn_blocking(move || rx.recv().ok().flatten()).await.map_err(CommandError::from)?;
    let Some(target) = picked else { return Ok(None) };
    write_atomic(&target, csv.as_bytes())
        .map_err(|e| CommandError::from(format!("could not write {} ({e}); pick another place or free some disk space", target.display())))?;
    Ok(Some(target.display().to_string()))
}

#[tauri::command(async)]
#[specta::specta]
pub fn budget(state: State<'_, AppState>, workspace: String) -> CommandResult<BudgetConfig> {
    let engine = state.workspaces.get(&workspace)?;
    Ok(PilotConfig::load(engine.workspace())?.settings.budget)
}

/// Saves the workspace's budgets in `[budget]` of `.zwarm/config.toml`.
#[tauri::command(async)]
#[specta::specta]
pub fn set_budget(state: State<'_, AppState>, workspace: String, budget: BudgetConfig) -> CommandResult<()> {
    let engine = state.workspaces.get(&workspace)?;
    Ok(save_budget(engine.workspace(), &budget)?)
}

/// The price table in force, and which prefixes the workspace overrides.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PriceTableView {
    pub entries: Vec<PriceEntry>,
    /// Prefixes set in `.zwarm/pricing.toml`.
    pub overridden: Vec<String>,
}

#[tauri::command(async)]
#[specta::specta]
pub fn price_table(state: State<'_, AppState>, workspace: String) -> CommandResult<PriceTableView> {
    let table = state.workspaces.get(&workspace)?.prices();
    Ok(PriceTableView { entries: table.entries().to_vec(), overridden: table.overridden().to_vec() })
}

/// Adds or replaces a price in `.zwarm/pricing.toml`; new turns use it at once.
#[tauri::command(async)]
#[specta::specta]
pub fn set_price(state: State<'_, AppState>, workspace: String, entry: PriceEntry) -> CommandResult<()> {
    let engine = state.workspaces.get(&workspace)?;
    save_price_override(engine.workspace(), &entry)?;
    Ok(engine.reload_prices()?)
}

/// Removes a workspace price override (the built-in price applies again).
#[tauri::command(async)]
#[specta::specta]
pub fn remove_price(state: State<'_, AppState>, workspace: String, prefix: String) -> CommandResult<bool> {
    let engine = state.workspaces.get(&workspace)?;
    let removed = remove_price_override(engine.workspace(), &prefix)?;
    engine.reload_prices()?;
    Ok(removed)
}
