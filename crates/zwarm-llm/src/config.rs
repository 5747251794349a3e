//! Where a call goes and how patiently: the provider, its URL, the model, the
//! key and the timeouts. Settings are serializable so the app can store
//! them, but the API key never is: it lives in the environment or in a
//! keychain, never in a settings file written by this crate.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The wire protocol (and so the kind of server) a client speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// OpenAI's Responses API (`POST {base}/responses`).
    OpenAiResponses,
    /// Anthropic's Messages API (`POST {base}/messages`).
    Anthropic,
    /// OpenAI-compatible Chat Completions (`POST {base}/chat/completions`):
    /// Ollama, LM Studio, vLLM, llama.cpp, OpenRouter, ...
    ChatCompletions,
}

impl Provider {
    /// The provider a user named: its id (`open_ai_responses`, `anthropic`,
    /// `chat_completions`) or the spelling the documentation uses
    /// (`openai_responses`), in any case.
    pub fn from_name(name: &str) -> Option<Provider> {
        match name.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "open_ai_responses" | "openai_responses" | "openai" | "responses" => {
                Some(Provider::OpenAiResponses)
            }
            "anthropic" | "anthropic_messages" => Some(Provider::Anthropic),
            "chat_completions" | "openai_compatible" => Some(Provider::ChatCompletions),
            _ => None,
        }
    }

    /// The name shown to users in messages.
    pub fn display_name(self) -> &'static str {
        match self {
            Provider::OpenAiResponses => "OpenAI",
            Provider::Anthropic => "Anthropic",
            Provider::ChatCompletions => "the chat completions server",
        }
    }

    /// The environment variable the key is conventionally read from. Chat
    /// servers have none: an OpenAI key must not leak to a local server.
    pub fn key_env_var(self) -> Option<&'static str> {
        match self {
            Provider::OpenAiResponses => Some("OPENAI_API_KEY"),
            Provider::Anthropic => Some("ANTHROPIC_API_KEY"),
            Provider::ChatCompletions => None,
        }
    }

    /// Whether calls without a key are pointless (hosted APIs) or normal
    /// (local servers).
    pub fn requires_key(self) -> bool {
        self.key_env_var().is_some()
    }

    /// The usual base URL, `/v1` included.
    pub fn default_base_url(self) -> &'static str {
        match self {
            Provider::OpenAiResponses => "https://api.openai.com/v1",
            Provider::Anthropic => "https://api.anthropic.com/v1",
            // Ollama's OpenAI-compatible endpoint.
            Provider::ChatCompletions => "http://127.0.0.1:11434/v1",
        }
    }

    /// The path appended to the base URL.
    pub(crate) fn endpoint(self) -> &'static str {
        match self {
            Provider::OpenAiResponses => "responses",
            Provider::Anthropic => "messages",
            Provider::ChatCompletions => "chat/completions",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// An API key. Its `Debug` output is redacted so keys do not end up in logs.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }

    /// The key itself, for the request header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> Self {
        ApiKey(key)
    }
}

impl From<&str> for ApiKey {
    fn from(key: &str) -> Self {
        ApiKey(key.to_string())
    }
}

/// Where the key a client uses came from, so that a rejected key's error
/// names the place the user has to fix (never the key itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyOrigin {
    /// This environment variable.
    Environment(String),
    /// Saved by the user in the app; the words say where it is kept (for
    /// example "the system keyring").
    Saved(String),
}

/// How often and how long to retry rate limits, server errors and broken
/// connections (only while nothing of the answer has been streamed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 disables retrying.
    pub max_retries: u32,
    /// The first backoff; each retry doubles it, with jitter.
    #[serde(with = "secs", rename = "initial_backoff_secs")]
    pub initial_backoff: Duration,
    /// The longest backoff, and the cap on a server's `Retry-After`.
    #[serde(with = "secs", rename = "max_backoff_secs")]
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(60),
        }
    }
}

/// Everything needed to reach one model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderConfig {
    pub provider: Provider,
    /// Base URL with its version prefix, e.g. `https://api.openai.com/v1`.
    pub base_url: String,
    pub model: String,
    /// Never serialized. When absent, [`ProviderConfig::with_env_key`] (and
    /// the client) read the provider's conventional environment variable.
    #[serde(default, skip_serializing)]
    pub api_key: Option<ApiKey>,
    /// Where `api_key` came from, when known.
    #[serde(skip)]
    pub key_origin: Option<KeyOrigin>,
    /// The longest the server may stay silent: until the response starts,
    /// and between two pieces of a stream. Reasoning models can think for
    /// minutes before their first token, hence the generous default.
    #[serde(
        with = "secs",
        rename = "request_timeout_secs",
        default = "default_request_timeout"
    )]
    pub request_timeout: Duration,
    /// Cap on a whole call, retries and backoff included.
    #[serde(
        with = "opt_secs",
        rename = "total_timeout_secs",
        default = "default_total_timeout"
    )]
    pub total_timeout: Option<Duration>,
    #[serde(
        with = "secs",
        rename = "connect_timeout_secs",
        default = "default_connect_timeout"
    )]
    pub connect_timeout: Duration,
    #[serde(default)]
    pub retry: RetryPolicy,
    /// Extra headers sent with every request (proxies, OpenRouter, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra_headers: BTreeMap<String, String>,
    /// Anthropic prompt caching: mark the system prompt and the latest
    /// message as cache breakpoints, so each step of a tool loop re-reads the
    /// conversation from the cache. Ignored by the other protocols, whose
    /// caching is automatic.
    #[serde(default = "default_true")]
    pub prompt_caching: bool,
}

impl ProviderConfig {
    /// A config with the provider's default URL and timeouts, no key.
    pub fn new(provider: Provider, model: impl Into<String>) -> Self {
        ProviderConfig {
            provider,
            base_url: provider.default_base_url().to_string(),
            model: model.into(),
            api_key: None,
            key_origin: None,
            request_timeout: default_request_timeout(),
            total_timeout: default_total_timeout(),
            connect_timeout: default_connect_timeout(),
            retry: RetryPolicy::default(),
            extra_headers: BTreeMap::new(),
            prompt_caching: true,
        }
    }

    /// Replaces the base URL.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Sets the key.
    pub fn with_api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.api_key = Some(key.into());
        self.key_origin = None;
        self
    }

    /// Sets the key and where it came from (named when it is rejected).
    pub fn with_api_key_from(mut self, key: impl Into<ApiKey>, origin: KeyOrigin) -> Self {
        self.api_key = Some(key.into());
        self.key_origin = Some(origin);
        self
    }

    /// Fills in the key from the provider's environment variable
    /// (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`) when none is set. An empty
    /// variable counts as unset.
    pub fn with_env_key(mut self) -> Self {
        if self.api_key.is_none() {
            let found = self.provider.key_env_var().and_then(|name| {
                std::env::var(name)
                    .ok()
                    .filter(|key| !key.trim().is_empty())
                    .map(|key| (name, key))
            });
            if let Some((name, key)) = found {
                self.api_key = Some(ApiKey(key));
                self.key_origin = Some(KeyOrigin::Environment(name.to_string()));
            }
        }
        self
    }

    /// The full URL of the protocol's endpoint.
    pub fn endpoint_url(&self) -> String {
        format!(
            "{}/{}",
            self.base_url.trim_end_matches('/'),
            self.provider.endpoint()
        )
    }
}

fn default_request_timeout() -> Duration {
    Duration::from_secs(300)
}

fn default_total_timeout() -> Option<Duration> {
    Some(Duration::from_secs(30 * 60))
}

fn default_connect_timeout() -> Duration {
    Duration::from_secs(15)
}

fn default_true() -> bool {
    true
}

/// A `Duration` as (fractional) seconds, the unit people write in settings.
mod secs {
    use std::time::Duration;

    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(value.as_secs_f64())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
        let seconds = f64::deserialize(deserializer)?;
        Duration::try_from_secs_f64(seconds).map_err(D::Error::custom)
    }
}

/// An optional `Duration` as seconds; `null` means no limit.
mod opt_secs {
    use std::time::Duration;

    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        value: &Option<Duration>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(&value.as_secs_f64()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Duration>, D::Error> {
        Option::<f64>::deserialize(deserializer)?
            .map(|seconds| Duration::try_from_secs_f64(seconds).map_err(D::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_key_is_never_serialized_nor_printed() {
        let config = ProviderConfig::new(Provider::Anthropic, "claude-x").with_api_key("sk-secret");
        let json = serde_json::to_string(&config).expect("serializable");
        assert!(!json.contains("sk-secret"), "{json}");
        assert!(!format!("{config:?}").contains("sk-secret"));
        let back: ProviderConfig = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back.api_key, None);
        assert_eq!(back.request_timeout, config.request_timeout);
        assert_eq!(back.retry, config.retry);
    }

    #[test]
    fn the_documented_provider_name_reads_as_written_and_as_documented() {
        for name in ["open_ai_responses", "openai_responses", "OpenAI-Responses"] {
            assert_eq!(Provider::from_name(name), Some(Provider::OpenAiResponses), "{name}");
        }
        assert_eq!(Provider::from_name("chat_completions"), Some(Provider::ChatCompletions));
        assert_eq!(Provider::from_name("gemini"), None);
    }

    #[test]
    fn minimal_settings_get_defaults() {
        let config: ProviderConfig = serde_json::from_value(json!({
            "provider": "chat_completions",
            "base_url": "http://127.0.0.1:1234/v1/",
            "model": "qwen",
            "request_timeout_secs": 2.5,
        }))
        .expect("valid");
        assert_eq!(config.request_timeout, Duration::from_millis(2500));
        assert_eq!(config.retry.max_retries, 4);
        assert_eq!(
            config.endpoint_url(),
            "http://127.0.0.1:1234/v1/chat/completions"
        );
        assert!(serde_json::from_value::<ProviderConfig>(json!({
            "provider": "anthropic", "base_url": "x", "model": "m", "request_timeout_secs": -1
        }))
        .is_err());
    }
}
