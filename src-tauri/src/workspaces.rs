//! The workspaces open in this window: one engine each, and at most one live
//! subscription each (a new one from a reloaded UI replaces the old).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use zwarm_core::engine::{Engine, EngineSettings, LiveWatcher};
use zwarm_core::Workspace;

use crate::error::CommandError;

/// The engine settings of a workspace. A broken config file still opens the
/// workspace: its sessions can be read and deleted, and starting one says
/// which line to fix. "Ask me" turns ask through this very binary.
fn settings_of(workspace: &Workspace) -> EngineSettings {
    let mut settings = EngineSettings::load_tolerant(workspace);
    settings.helper = std::env::current_exe().ok();
    settings
}

#[derive(Default)]
pub struct Workspaces {
    engines: Mutex<HashMap<PathBuf, Arc<Engine>>>,
    watchers: Mutex<HashMap<PathBuf, LiveWatcher>>,
}

impl Workspaces {
    /// Opens (or returns the already open) engine for a folder.
    pub fn open(&self, path: &Path) -> Result<Arc<Engine>, CommandError> {
        let workspace = Workspace::open(path)?;
        let root = workspace.root().to_path_buf();
        let mut engines = self.engines.lock().map_err(|_| CommandError::from("workspace registry poisoned"))?;
        if let Some(engine) = engines.get(&root) {
            return Ok(Arc::clone(engine));
        }
        let settings = settings_of(&workspace);
        let engine = Arc::new(Engine::open(workspace, settings)?);
        engines.insert(root, Arc::clone(&engine));
        Ok(engine)
    }

    /// Opens the workspace's engine again with its settings read anew (after
    /// the user trusted its config): new turns use them. A live subscription
    /// keeps its engine, which only reads and finalizes.
    pub fn reload(&self, root: &str) -> Result<Arc<Engine>, CommandError> {
        let workspace = Workspace::open(Path::new(root))?;
        let settings = settings_of(&workspace);
        let key = workspace.root().to_path_buf();
        let engine = Arc::new(Engine::open(workspace, settings)?);
        let mut engines = self.engines.lock().map_err(|_| CommandError::from("workspace registry poisoned"))?;
        if !engines.contains_key(&key) {
            return Err(CommandError::from(format!("workspace {root} is not open; open it first")));
        }
        engines.insert(key, Arc::clone(&engine));
        Ok(engine)
    }

    /// The engine of an open workspace; every command names its workspace, and
    /// only open ones are accepted.
    pub fn get(&self, root: &str) -> Result<Arc<Engine>, CommandError> {
        let engines = self.engines.lock().map_err(|_| CommandError::from("workspace registry poisoned"))?;
        engines
            .get(Path::new(root))
            .cloned()
            .ok_or_else(|| CommandError::from(format!("workspace {root} is not open; open it first")))
    }

    pub fn close(&self, root: &str) {
        if let Ok(mut engines) = self.engines.lock() {
            engines.remove(Path::new(root));
        }
        // Taken out under the lock, stopped after it: stopping joins the
        // watcher's thread, which must not hold up other workspaces' watchers.
        let watcher = self.watchers.lock().ok().and_then(|mut w| w.remove(Path::new(root)));
        drop(watcher);
    }

    pub fn roots(&self) -> Vec<String> {
        self.engines
            .lock()
            .map(|e| e.keys().map(|k| k.display().to_string()).collect())
            .unwrap_or_default()
    }

    pub fn set_watcher(&self, root: &str, watcher: LiveWatcher) {
        if let Ok(mut watchers) = self.watchers.lock() {
            watchers.insert(PathBuf::from(root), watcher);
        }
    }
}
