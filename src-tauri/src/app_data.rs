//! The app's own files, outside every workspace: `settings.json` and, when no
//! keyring service runs, the private key file. Both are opened on first use
//! (a command has the app handle that knows the platform's data folder), and
//! opening the keys moves any key an older version left in `settings.json`
//! into the key store, then removes it from `settings.json`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tauri::{AppHandle, Manager, Runtime};

use crate::error::{CommandError, CommandResult};
use crate::keys::{KeyStore, OsKeyring, SecretBackend};
use crate::settings::{Settings, SETTINGS_FILE};

pub struct AppData {
    /// `ZWARM_DATA_DIR`, else the platform's app data folder.
    dir_override: Option<PathBuf>,
    os_keyring: bool,
    settings: Mutex<Option<Arc<Settings>>>,
    keys: Mutex<Option<Arc<KeyStore>>>,
}

impl AppData {
    pub fn new(dir_override: Option<PathBuf>, os_keyring: bool) -> Self {
        Self { dir_override, os_keyring, settings: Mutex::new(None), keys: Mutex::new(None) }
    }

    /// The folder of the app's files (the one tauri-plugin-store used, so that
    /// settings saved by older versions are found).
    fn dir<R: Runtime>(&self, app: &AppHandle<R>) -> CommandResult<PathBuf> {
        match &self.dir_override {
            Some(dir) => Ok(dir.clone()),
            None => app.path().app_data_dir().map_err(|e| {
                CommandError::from(format!("the app's data folder could not be found ({e}); set ZWARM_DATA_DIR to a folder"))
            }),
        }
    }

    pub fn settings<R: Runtime>(&self, app: &AppHandle<R>) -> CommandResult<Arc<Settings>> {
        let mut slot = self.settings.lock().map_err(|_| CommandError::from("settings registry poisoned"))?;
        if let Some(settings) = slot.as_ref() {
            return Ok(Arc::clone(settings));
        }
        let settings = Arc::new(Settings::open(&self.dir(app)?.join(SETTINGS_FILE)));
        *slot = Some(Arc::clone(&settings));
        Ok(settings)
    }

    pub fn keys<R: Runtime>(&self, app: &AppHandle<R>) -> CommandResult<Arc<KeyStore>> {
        let settings = self.settings(app)?;
        let mut slot = self.keys.lock().map_err(|_| CommandError::from("key registry poisoned"))?;
        if let Some(keys) = slot.as_ref() {
            return Ok(Arc::clone(keys));
        }
        let keyring = match self.os_keyring {
            true => OsKeyring::probe()
                .map_err(|why| tracing::info!(%why, "no keyring service; API keys go to a private file"))
                .ok()
                .map(|k| Box::new(k) as Box<dyn SecretBackend>),
            false => None,
        };
        let keys = Arc::new(open_keys(&self.dir(app)?, &settings, keyring));
        *slot = Some(Arc::clone(&keys));
        Ok(keys)
    }
}

/// The key store, with the keys of `settings.json` moved into it. If moving
/// fails they stay in `settings.json` (losing them would be worse) and the
/// next start tries again.
fn open_keys(dir: &Path, settings: &Settings, keyring: Option<Box<dyn SecretBackend>>) -> KeyStore {
    let keys = KeyStore::with_backend(keyring, dir);
    let legacy = settings.legacy_keys();
    if legacy.is_empty() && !settings.has_legacy_keys() {
        return keys;
    }
    match keys.adopt(&legacy) {
        Ok(()) => match settings.forget_legacy_keys() {
            Ok(()) => tracing::info!(count = legacy.len(), "moved API keys out of settings.json"),
            Err(error) => tracing::warn!(%error, "API keys were saved safely but are still in settings.json"),
        },
        Err(error) => tracing::warn!(%error, "could not move API keys out of settings.json; they stay there for now"),
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use zwarm_core::llm::Provider;

    #[test]
    fn keys_in_settings_json_move_to_the_key_store_and_leave_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SETTINGS_FILE);
        std::fs::write(&path, r#"{"pilot_keys":{"anthropic":"sk-ant-legacy"},"recent_workspaces":["/w"]}"#).unwrap();
        let settings = Settings::open(&path);
        let keys = open_keys(dir.path(), &settings, None);
        assert_eq!(keys.get(Provider::Anthropic).unwrap().unwrap().0, "sk-ant-legacy");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("sk-ant-legacy") && !text.contains("pilot_keys"), "{text}");
        assert_eq!(Settings::open(&path).recent_workspaces(), vec!["/w".to_string()]);
    }

    #[test]
    fn a_saved_key_never_appears_in_settings_json() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SETTINGS_FILE);
        let settings = Settings::open(&path);
        let keys = open_keys(dir.path(), &settings, None);
        keys.set(Provider::OpenAiResponses, Some("sk-never-in-settings")).unwrap();
        settings.remember_workspace("/w").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("sk-never-in-settings"), "{text}");
        assert_eq!(keys.get(Provider::OpenAiResponses).unwrap().unwrap().0, "sk-never-in-settings");
    }
}
