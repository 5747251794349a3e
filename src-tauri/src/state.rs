//! What the app keeps between commands.

use zwarm_core::Workspace;

/// State shared by all commands (Tauri manages one instance).
pub struct AppState {
    /// The workspace opened at launch, or why it could not be opened. The error
    /// is kept rather than fatal so the window can show it and let the user fix it.
    pub workspace: Result<Workspace, String>,
}

impl AppState {
    pub fn open(path: &std::path::Path) -> Self {
        let workspace = Workspace::open(path).map_err(|e| e.to_string());
        match &workspace {
            Ok(ws) => tracing::info!(workspace = %ws.root().display(), "workspace opened"),
            Err(error) => tracing::warn!(%error, "workspace could not be opened"),
        }
        Self { workspace }
    }
}
