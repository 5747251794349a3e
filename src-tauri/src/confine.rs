//! What keeps the page's arguments inside the workspace.
//!
//! Every command that takes a path or an id from the webview is confined:
//! paths are canonicalized and must stay under the workspace root
//! (`Engine::path_inside`, which also follows symbolic links before judging);
//! session, pilot and run ids may only name a real folder of `.zwarm/`
//! (`SessionStore`'s and `PilotStore`'s id checks: letters, digits, `-`, `_`,
//! and no symbolic link). Node ids and labels are only looked up in a loaded
//! graph, never joined to a path; workspace roots must be open ones
//! (`Workspaces::get`). The tests below try `..`, absolute paths outside and
//! links pointing outside against each.

use std::path::PathBuf;

use zwarm_core::engine::Engine;

use crate::error::{CommandError, CommandResult};

/// A folder inside the workspace, canonical. Files are refused: opening one
/// would run its default application.
pub fn folder_inside(engine: &Engine, path: &str) -> CommandResult<PathBuf> {
    let resolved = engine.path_inside(&PathBuf::from(path))?;
    if !resolved.is_dir() {
        return Err(CommandError::from(format!(
            "{} is not a folder; only folders of the workspace can be opened in the file manager",
            resolved.display()
        )));
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests;
