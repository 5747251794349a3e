//! Workspace trust from the window: what a workspace's `.zwarm/config.toml`
//! asks for that needs the user's consent, and giving it (see
//! `zwarm_core::trust`). The app asks once per set of settings; the answer is
//! kept in the user's own config folder, never in the workspace.

use tauri::{AppHandle, Manager, Runtime, State};
use zwarm_core::engine::EngineSettings;
use zwarm_core::trust::{TrustStore, Untrusted};

use crate::blocking::on_engine;
use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// What the workspace's config asks for that is not trusted yet; `None` when
/// there is nothing to ask.
#[tauri::command]
#[specta::specta]
pub async fn workspace_trust(state: State<'_, AppState>, workspace: String) -> CommandResult<Option<Untrusted>> {
    on_engine(&state, &workspace, move |engine| {
        Ok(EngineSettings::load_tolerant(engine.workspace()).untrusted)
    })
    .await
}

/// Trusts the workspace with exactly the settings the user was shown
/// (`fingerprint` from [`workspace_trust`]); refused when the file changed
/// since, so the user never trusts what they did not read.
#[tauri::command]
#[specta::specta]
pub async fn trust_workspace<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>, workspace: String, fingerprint: String) -> CommandResult<()> {
    on_engine(&state, &workspace.clone(), move |engine| {
        let wants = EngineSettings::load_trusting(engine.workspace(), None)?.config_wants;
        if wants.fingerprint() != fingerprint {
            return Err(CommandError::from(
                "the workspace's .zwarm/config.toml changed since it was shown; read what it asks for now and decide again",
            ));
        }
        let store = TrustStore::for_user()
            .ok_or_else(|| CommandError::from("no config folder for this user to keep the trust in (set ZWARM_CONFIG_DIR)"))?;
        store
            .trust(engine.workspace().root(), &wants)
            .map_err(|e| CommandError::from(format!("could not record the trust: {e}")))?;
        app.state::<AppState>().workspaces.reload(&workspace)?;
        Ok(())
    })
    .await
}
