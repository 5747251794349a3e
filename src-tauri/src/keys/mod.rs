//! The pilot's API keys at rest: in the OS secret store when one runs, else in
//! a private file (mode 0600) in the app's data folder. Never in
//! `settings.json` (which older versions used: `app_data` moves such keys here
//! once) and never under a workspace's `.zwarm/`.
//!
//! The UI is told, for each provider, where its key comes from (an
//! environment variable, the keyring, or the file) and where a saved key goes.

mod private_file;
mod secret_service;

use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use specta::Type;
use zwarm_core::llm::Provider;
use zwarm_core::pilot::{choose_key, KeyFrom};

pub use private_file::{PrivateFile, KEYS_FILE};
pub use secret_service::{OsKeyring, SecretBackend};

/// Where a provider's key in force comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeySource {
    /// An environment variable of the app's process.
    Environment { var: String },
    /// Saved in the system keyring.
    Keyring,
    /// Saved in the private file at `path` (no keyring service was found).
    File { path: String },
}

impl KeySource {
    /// Where the key is, in words, for the error of a rejected key.
    pub fn words(&self) -> String {
        match self {
            Self::Environment { var } => format!("the environment variable {var}"),
            Self::Keyring => "the key saved in the system keyring".to_string(),
            Self::File { path } => format!("the key saved in the private file {path}"),
        }
    }
}

/// Where a key saved now is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeyStorage {
    Keyring,
    /// A file only the user can read, because no keyring service answered.
    File { path: String },
}

/// Where a provider's key would come from.
#[derive(Debug, Clone, Serialize, Type)]
pub struct KeyStatus {
    pub provider: Provider,
    /// The provider's own environment variable, when it has one.
    pub env_var: Option<String>,
    pub from_env: bool,
    /// A key is saved (it wins over the environment).
    pub stored: bool,
    /// Where the key in force comes from; none when there is no key.
    pub source: Option<KeySource>,
    /// Where a key saved now would be kept.
    pub storage: KeyStorage,
}

pub const PROVIDERS: [Provider; 3] = [Provider::OpenAiResponses, Provider::Anthropic, Provider::ChatCompletions];

/// The name a provider's key is saved under (its snake_case serde name).
pub fn provider_name(provider: Provider) -> Result<String, String> {
    match serde_json::to_value(provider) {
        Ok(Value::String(name)) => Ok(name),
        other => Err(format!("unexpected provider name {other:?}")),
    }
}

pub struct KeyStore {
    keyring: Option<Box<dyn SecretBackend>>,
    file: PrivateFile,
}

impl KeyStore {
    /// Keys in `keyring` when given (the OS store, probed by `app_data`),
    /// else in the private file in `dir`.
    pub fn with_backend(keyring: Option<Box<dyn SecretBackend>>, dir: &Path) -> Self {
        Self { keyring, file: PrivateFile::new(dir.join(KEYS_FILE)) }
    }

    pub fn storage(&self) -> KeyStorage {
        match self.keyring {
            Some(_) => KeyStorage::Keyring,
            None => KeyStorage::File { path: self.file.path().display().to_string() },
        }
    }

    /// The saved key of `provider`, and where it was found: the keyring first,
    /// then the file (keys saved before a keyring service appeared).
    pub fn get(&self, provider: Provider) -> Result<Option<(String, KeySource)>, String> {
        let name = provider_name(provider)?;
        let mut keyring_error = None;
        if let Some(keyring) = &self.keyring {
            match keyring.get(&name) {
                Ok(Some(key)) => return Ok(Some((key, KeySource::Keyring))),
                Ok(None) => {}
                Err(e) => keyring_error = Some(e),
            }
        }
        match (self.file.get(&name)?, keyring_error) {
            (Some(key), _) => Ok(Some((key, KeySource::File { path: self.file.path().display().to_string() }))),
            (None, Some(e)) => Err(e),
            (None, None) => Ok(None),
        }
    }

    /// Saves (`Some`) or forgets (`None`) a provider's key. A key saved in the
    /// keyring is removed from the file, so only one copy is ever kept.
    pub fn set(&self, provider: Provider, key: Option<&str>) -> Result<(), String> {
        self.set_named(&provider_name(provider)?, key)
    }

    fn set_named(&self, name: &str, key: Option<&str>) -> Result<(), String> {
        match (&self.keyring, key) {
            (Some(keyring), Some(key)) => {
                keyring.set(name, key)?;
                if let Err(e) = self.file.set(name, None) {
                    tracing::warn!(error = %e, "could not remove an older copy of the key from the private file");
                }
                Ok(())
            }
            (Some(keyring), None) => {
                keyring.delete(name)?;
                self.file.set(name, None)
            }
            (None, key) => self.file.set(name, key),
        }
    }

    /// Saves keys an older version kept in `settings.json`; the caller removes
    /// them there once this succeeded. A key already saved here is not
    /// replaced by the older one.
    pub fn adopt(&self, legacy: &[(String, String)]) -> Result<(), String> {
        for (name, key) in legacy {
            let Some(provider) = PROVIDERS.into_iter().find(|p| provider_name(*p).as_deref() == Ok(name.as_str())) else {
                tracing::warn!(%name, "dropping a saved key of an unknown provider");
                continue;
            };
            if key.trim().is_empty() || self.get(provider)?.is_some() {
                continue;
            }
            self.set_named(name, Some(key.trim()))?;
        }
        Ok(())
    }

    /// Every provider's status, reading the environment through `env`. The
    /// key in force is the one the core's `choose_key` picks, the rule the
    /// pilot's client follows.
    pub fn status(&self, env: impl Fn(&str) -> Option<String>) -> Result<Vec<KeyStatus>, String> {
        PROVIDERS
            .into_iter()
            .map(|provider| {
                let saved = self.get(provider)?;
                let stored = saved.is_some();
                let from_env = choose_key::<()>(provider, None, &env).is_some();
                let source = choose_key(provider, saved.map(|(key, source)| (key.into(), source)), &env).map(
                    |(_, from)| match from {
                        KeyFrom::Saved(source) => source,
                        KeyFrom::Environment(var) => KeySource::Environment { var: var.to_string() },
                    },
                );
                Ok(KeyStatus {
                    provider,
                    env_var: provider.key_env_var().map(str::to_string),
                    from_env,
                    stored,
                    source,
                    storage: self.storage(),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
