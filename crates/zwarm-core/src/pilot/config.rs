//! The pilot's settings from the `[pilot]` table of `.zwarm/config.toml`,
//! and the LLM client they describe.
//!
//! ```toml
//! [pilot]
//! provider = "openai_responses"   # or "anthropic", "chat_completions"
//! model = "gpt-5.5"
//! base_url = "http://127.0.0.1:11434/v1"   # optional; the provider's usual URL otherwise
//! max_steps = 30                  # LLM calls per turn
//! adapter = "codex"               # the agent `delegate` uses by default
//!
//! [budget]                        # see crate::spend::budget
//! pilot_usd = 10.0
//! ```
//!
//! No key belongs here (the folder may be committed or shared): keys come
//! from `ZWARM_PILOT_API_KEY`, the provider's usual variable
//! (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`) or the app's key store (system keyring or a private file).

use serde::Deserialize;
use zwarm_llm::{ApiKey, KeyOrigin, LlmClient, LlmError, Provider, ProviderConfig};

use super::keys::{choose_key, KeyFrom};
use super::watcher_config::WatcherConfig;
use super::PilotSettings;
use crate::agents::Adapter;
use crate::checkpoints::PilotModel;
use crate::engine::{config_path, ConfigError};
use crate::workspace::Workspace;

/// The model a new pilot uses when nothing else says.
pub const DEFAULT_MODEL: &str = "gpt-5.5";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PilotSection {
    /// A provider's name, as `Provider::from_name` reads it.
    provider: Option<String>,
    model: Option<String>,
    base_url: Option<String>,
    max_steps: Option<u32>,
    adapter: Option<String>,
}

/// The `[orchestrate]` table: defaults of autonomous runs.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, deny_unknown_fields)]
pub struct OrchestrateConfig {
    pub max_steps: u32,
    pub budget_usd: Option<f64>,
    /// Give runs a shell tool of their own (off: they can only delegate).
    pub shell: bool,
    pub shell_timeout_secs: u64,
    pub shell_output_chars: usize,
}

impl Default for OrchestrateConfig {
    fn default() -> Self {
        Self {
            max_steps: 60,
            budget_usd: None,
            shell: true,
            shell_timeout_secs: 120,
            shell_output_chars: 8_000,
        }
    }
}

/// What `[pilot]`, `[budget]`, `[orchestrate]` and `[watchers]` say, with
/// defaults for what they leave out.
#[derive(Debug, Clone, PartialEq)]
pub struct PilotConfig {
    pub model: PilotModel,
    pub settings: PilotSettings,
    pub orchestrate: OrchestrateConfig,
    pub watchers: WatcherConfig,
}

impl Default for PilotConfig {
    fn default() -> Self {
        Self {
            model: PilotModel {
                provider: Provider::OpenAiResponses,
                model: DEFAULT_MODEL.into(),
                base_url: None,
            },
            settings: PilotSettings::default(),
            orchestrate: OrchestrateConfig::default(),
            watchers: WatcherConfig::default(),
        }
    }
}

impl PilotConfig {
    /// Reads the workspace's `[pilot]` table; defaults when the file or the table is absent.
    pub fn load(workspace: &Workspace) -> Result<Self, ConfigError> {
        let path = config_path(workspace);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        Self::parse(&text).map_err(|message| ConfigError::Invalid { path, message })
    }

    fn parse(text: &str) -> Result<Self, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        let section: PilotSection = match table.get("pilot") {
            None => PilotSection::default(),
            Some(value) => value
                .clone()
                .try_into()
                .map_err(|e: toml::de::Error| format!("[pilot]: {e}"))?,
        };
        let mut config = Self::default();
        if let Some(value) = table.get("orchestrate") {
            config.orchestrate = value
                .clone()
                .try_into()
                .map_err(|e: toml::de::Error| format!("[orchestrate]: {e}"))?;
        }
        if let Some(value) = table.get("watchers") {
            config.watchers = value
                .clone()
                .try_into()
                .map_err(|e: toml::de::Error| format!("[watchers]: {e}"))?;
        }
        if let Some(value) = table.get("budget") {
            config.settings.budget = value
                .clone()
                .try_into()
                .map_err(|e: toml::de::Error| format!("[budget]: {e}"))?;
        }
        if let Some(name) = section.provider {
            config.model.provider = Provider::from_name(&name).ok_or_else(|| {
                format!("[pilot]: unknown provider `{name}`: use openai_responses, anthropic or chat_completions")
            })?;
        }
        if let Some(model) = section.model {
            config.model.model = model;
        }
        config.model.base_url = section.base_url;
        if let Some(steps) = section.max_steps {
            config.settings.max_steps = steps.max(1);
        }
        if let Some(adapter) = section.adapter {
            config.settings.default_adapter = adapter
                .parse::<Adapter>()
                .map_err(|_| format!("[pilot]: unknown adapter `{adapter}` (codex or claude)"))?;
        }
        Ok(config)
    }
}

/// A key the user saved in the app, with where it is kept in words (for
/// example "the system keyring"), named if the provider rejects it.
#[derive(Debug, Clone)]
pub struct SavedKey {
    pub key: ApiKey,
    pub kept_in: String,
}

/// A client for a pilot's model, with the key [`choose_key`] picks (`saved`
/// comes from the app's key store); the client knows where it came from, so
/// a rejected key's error names it.
pub fn client_for(model: &PilotModel, saved: Option<SavedKey>) -> Result<LlmClient, LlmError> {
    let mut config = ProviderConfig::new(model.provider, &model.model);
    if let Some(url) = &model.base_url {
        config = config.with_base_url(url);
    }
    let saved = saved.map(|saved| (saved.key, saved.kept_in));
    if let Some((key, from)) = choose_key(model.provider, saved, |var| std::env::var(var).ok()) {
        let origin = match from {
            KeyFrom::Saved(kept_in) => KeyOrigin::Saved(kept_in),
            KeyFrom::Environment(var) => KeyOrigin::Environment(var.to_string()),
        };
        config = config.with_api_key_from(key, origin);
    }
    LlmClient::new(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_pilot_table_beside_other_tables() {
        let config = PilotConfig::parse(
            "[codex]\nargs = []\n[pilot]\nprovider = \"chat_completions\"\nmodel = \"qwen3\"\nbase_url = \"http://127.0.0.1:1/v1\"\nmax_steps = 5\nadapter = \"claude\"\n",
        )
        .unwrap();
        assert_eq!(config.model.provider, Provider::ChatCompletions);
        let documented = PilotConfig::parse("[pilot]\nprovider = \"openai_responses\"\n").unwrap();
        assert_eq!(
            documented.model.provider,
            Provider::OpenAiResponses,
            "the documented name reads"
        );
        let wrong = PilotConfig::parse("[pilot]\nprovider = \"gemini\"\n").unwrap_err();
        assert!(wrong.contains("openai_responses"), "{wrong}");
        assert_eq!(config.model.model, "qwen3");
        assert_eq!(
            config.model.base_url.as_deref(),
            Some("http://127.0.0.1:1/v1")
        );
        assert_eq!(config.settings.max_steps, 5);
        assert_eq!(config.settings.default_adapter, Adapter::Claude);
        assert_eq!(PilotConfig::parse("").unwrap(), PilotConfig::default());
        let budget = PilotConfig::parse("[budget]\nworkspace_usd = 20.0\npilot_usd = 5\n")
            .unwrap()
            .settings
            .budget;
        assert_eq!(
            (budget.workspace_usd, budget.pilot_usd),
            (Some(20.0), Some(5.0))
        );
    }

    #[test]
    fn the_client_knows_where_a_saved_key_came_from() {
        let model = PilotModel {
            provider: Provider::OpenAiResponses,
            model: "gpt-x".into(),
            base_url: None,
        };
        let saved = SavedKey {
            key: ApiKey::new("sk-saved"),
            kept_in: "the system keyring".into(),
        };
        let client = client_for(&model, Some(saved)).unwrap();
        assert_eq!(
            client.config().key_origin,
            Some(KeyOrigin::Saved("the system keyring".into()))
        );
    }

    #[test]
    fn typos_and_keys_in_the_table_are_refused() {
        let err = PilotConfig::parse("[pilot]\napi_key = \"sk-secret\"\n").unwrap_err();
        assert!(err.contains("api_key"), "{err}");
        let err = PilotConfig::parse("[pilot]\nadapter = \"gemini\"\n").unwrap_err();
        assert!(err.contains("gemini"), "{err}");
    }
}
