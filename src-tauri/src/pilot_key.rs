//! The key a pilot's or a run's LLM client uses when one is saved in the
//! app (the environment is `client_for`'s part): one function both the
//! pilot and the run commands call.

use tauri::{AppHandle, Manager, Runtime};
use zwarm_core::llm::Provider;
use zwarm_core::pilot::SavedKey;

use crate::error::CommandResult;
use crate::state::AppState;

/// The saved key of a provider, if any, and where it is kept (the
/// environment is `client_for`'s part).
pub fn saved_key<R: Runtime>(app: &AppHandle<R>, provider: Provider) -> CommandResult<Option<SavedKey>> {
    let state = app.state::<AppState>();
    Ok(state.data.keys(app)?.get(provider)?.map(|(key, source)| SavedKey {
        key: key.into(),
        kept_in: source.words(),
    }))
}
