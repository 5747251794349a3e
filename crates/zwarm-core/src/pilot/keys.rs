//! Which API key a pilot's client uses. One rule for the client
//! ([`client_for`](super::client_for)) and for the app's Settings → Keys,
//! which shows where the key in force comes from, so the two cannot
//! disagree.

use zwarm_llm::{ApiKey, Provider};

/// The environment variable that overrides the provider's usual key variable.
pub const PILOT_KEY_ENV: &str = "ZWARM_PILOT_API_KEY";

/// Where the key in force comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyFrom<S> {
    /// Saved by the user in the app; `S` says where it is kept.
    Saved(S),
    /// This environment variable.
    Environment(&'static str),
}

/// The environment variables a pilot key for `provider` is read from, in
/// order: `ZWARM_PILOT_API_KEY`, then the provider's usual one (none for
/// OpenAI-compatible chat servers).
pub fn key_env_vars(provider: Provider) -> impl Iterator<Item = &'static str> {
    std::iter::once(PILOT_KEY_ENV).chain(provider.key_env_var())
}

/// The key a client for `provider` uses, and where it comes from: a key
/// saved in the app wins over `ZWARM_PILOT_API_KEY`, which wins over the
/// provider's usual variable. A blank key counts as none. `env` reads the
/// environment (the process's, or a test's).
pub fn choose_key<S>(
    provider: Provider,
    saved: Option<(ApiKey, S)>,
    env: impl Fn(&str) -> Option<String>,
) -> Option<(ApiKey, KeyFrom<S>)> {
    if let Some((key, kept_in)) = saved.filter(|(key, _)| !key.expose().trim().is_empty()) {
        return Some((key, KeyFrom::Saved(kept_in)));
    }
    key_env_vars(provider).find_map(|var| {
        env(var)
            .filter(|value| !value.trim().is_empty())
            .map(|value| (ApiKey::from(value), KeyFrom::Environment(var)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn source(
        provider: Provider,
        saved: Option<&str>,
        vars: &'static [(&'static str, &'static str)],
    ) -> Option<(String, KeyFrom<&'static str>)> {
        let saved = saved.map(|key| (ApiKey::new(key), "the keyring"));
        choose_key(provider, saved, env_of(vars))
            .map(|(key, from)| (key.expose().to_string(), from))
    }

    #[test]
    fn a_saved_key_wins_then_the_pilot_variable_then_the_providers() {
        let both = &[
            ("ZWARM_PILOT_API_KEY", "sk-zwarm"),
            ("OPENAI_API_KEY", "sk-openai"),
        ];
        assert_eq!(
            source(Provider::OpenAiResponses, Some("sk-saved"), both),
            Some(("sk-saved".into(), KeyFrom::Saved("the keyring")))
        );
        assert_eq!(
            source(Provider::OpenAiResponses, None, both),
            Some(("sk-zwarm".into(), KeyFrom::Environment(PILOT_KEY_ENV)))
        );
        assert_eq!(
            source(
                Provider::OpenAiResponses,
                None,
                &[("OPENAI_API_KEY", "sk-openai")]
            ),
            Some(("sk-openai".into(), KeyFrom::Environment("OPENAI_API_KEY")))
        );
        // Another provider's variable is not this one's key.
        assert_eq!(
            source(
                Provider::Anthropic,
                None,
                &[("OPENAI_API_KEY", "sk-openai")]
            ),
            None
        );
        assert_eq!(
            source(Provider::ChatCompletions, None, &[("OPENAI_API_KEY", "x")]),
            None
        );
    }

    #[test]
    fn blank_keys_count_as_none() {
        let blank = &[
            ("ZWARM_PILOT_API_KEY", "  "),
            ("ANTHROPIC_API_KEY", "sk-ant"),
        ];
        assert_eq!(
            source(Provider::Anthropic, Some(" \n"), blank),
            Some(("sk-ant".into(), KeyFrom::Environment("ANTHROPIC_API_KEY")))
        );
    }
}
