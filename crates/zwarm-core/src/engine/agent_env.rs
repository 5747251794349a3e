//! The environment an agent CLI gets, built on purpose rather than inherited
//! whole: the agent and every command it runs see it, and whatever it sees
//! can end up in its turn file, its model's context and its own logs.
//!
//! Removed from what zwarm inherited:
//! - the keys zwarm itself uses for its pilot (`ZWARM_PILOT_API_KEY`, any
//!   `ZWARM_*` key, token or secret);
//! - the credentials of the other CLI's provider (a Claude agent does not get
//!   `OPENAI_API_KEY`, a Codex agent not `ANTHROPIC_API_KEY`);
//! - whatever the workspace's `[env] deny` globs name.
//!
//! Kept: everything else, including what the agent's own provider needs
//! (Codex: `OPENAI_API_KEY`, `CODEX_API_KEY` and the `env_key` of the model
//! provider its config selects; Claude: `ANTHROPIC_API_KEY` and the like). A
//! `[codex] env` / `[claude] env` allow-list keeps what it names against every
//! rule above; it takes effect only in a trusted workspace (see `trust`).

use glob::Pattern;

use crate::agents::Adapter;

/// What zwarm reads for its own LLM calls: never an agent's business.
const ZWARM_OWN: &[&str] = &[
    "ZWARM_PILOT_API_KEY",
    "ZWARM_*KEY*",
    "ZWARM_*TOKEN*",
    "ZWARM_*SECRET*",
];

/// Credentials each CLI's provider reads.
const CODEX_CREDENTIALS: &[&str] = &[
    "OPENAI_API_KEY",
    "CODEX_API_KEY",
    "AZURE_OPENAI_API_KEY",
    "OPENAI_ORG_ID",
    "OPENAI_PROJECT_ID",
];
const CLAUDE_CREDENTIALS: &[&str] = &[
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "CLAUDE_CODE_OAUTH_TOKEN",
];

/// The workspace's rules, from `.zwarm/config.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvRules {
    /// `[env] deny`: globs of variables no agent gets.
    pub deny: Vec<String>,
    /// `[codex] env`: globs a Codex agent keeps whatever else says.
    pub codex_allow: Vec<String>,
    /// `[claude] env`: globs a Claude agent keeps whatever else says.
    pub claude_allow: Vec<String>,
}

/// The names of the inherited variables an agent of `adapter` must not get.
/// `provider_key` is the variable Codex's selected model provider reads its
/// key from (its `env_key`), which the agent needs.
pub fn removed_variables<'a>(
    adapter: Adapter,
    inherited: impl IntoIterator<Item = &'a str>,
    rules: &EnvRules,
    provider_key: Option<&str>,
) -> Vec<String> {
    let own_credentials = match adapter {
        Adapter::Codex => CODEX_CREDENTIALS,
        Adapter::Claude => CLAUDE_CREDENTIALS,
    };
    let others = match adapter {
        Adapter::Codex => CLAUDE_CREDENTIALS,
        Adapter::Claude => CODEX_CREDENTIALS,
    };
    let allow = match adapter {
        Adapter::Codex => &rules.codex_allow,
        Adapter::Claude => &rules.claude_allow,
    };
    let allowed = patterns(allow.iter().map(String::as_str));
    let zwarm = patterns(ZWARM_OWN.iter().copied());
    let deny = patterns(rules.deny.iter().map(String::as_str));
    inherited
        .into_iter()
        .filter(|name| {
            if matches(&allowed, name) {
                return false;
            }
            let needed = own_credentials.contains(name) || provider_key == Some(*name);
            matches(&zwarm, name) || matches(&deny, name) || (others.contains(name) && !needed)
        })
        .map(str::to_string)
        .collect()
}

fn patterns<'a>(globs: impl Iterator<Item = &'a str>) -> Vec<Pattern> {
    // A glob that does not parse matches its own text only.
    globs
        .map(|g| {
            Pattern::new(g)
                .unwrap_or_else(|_| Pattern::new(&Pattern::escape(g)).unwrap_or_default())
        })
        .collect()
}

fn matches(patterns: &[Pattern], name: &str) -> bool {
    patterns.iter().any(|p| p.matches(name))
}

/// The `env_key` of the model provider Codex's config selects (for a custom
/// provider such as a local server), read from `CODEX_HOME/config.toml`.
pub fn codex_provider_key(codex_home: Option<&std::path::Path>) -> Option<String> {
    let text = std::fs::read_to_string(codex_home?.join("config.toml")).ok()?;
    let config: toml::Table = text.parse().ok()?;
    let provider = config.get("model_provider")?.as_str()?;
    config
        .get("model_providers")?
        .get(provider)?
        .get("env_key")?
        .as_str()
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    const INHERITED: &[&str] = &[
        "PATH",
        "HOME",
        "ZWARM_PILOT_API_KEY",
        "ZWARM_ORCHESTRATOR_TOKEN",
        "ZWARM_WORKSPACE",
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "CLAUDE_CODE_OAUTH_TOKEN",
        "GITHUB_TOKEN",
        "MY_DB_PASSWORD",
        "FAKE_OPENAI_API_KEY",
    ];

    fn removed(adapter: Adapter, rules: &EnvRules, provider_key: Option<&str>) -> Vec<String> {
        removed_variables(adapter, INHERITED.iter().copied(), rules, provider_key)
    }

    #[test]
    fn zwarms_keys_and_the_other_providers_credentials_are_removed() {
        let rules = EnvRules::default();
        assert_eq!(
            removed(Adapter::Codex, &rules, None),
            [
                "ZWARM_PILOT_API_KEY",
                "ZWARM_ORCHESTRATOR_TOKEN",
                "ANTHROPIC_API_KEY",
                "CLAUDE_CODE_OAUTH_TOKEN"
            ]
        );
        assert_eq!(
            removed(Adapter::Claude, &rules, None),
            [
                "ZWARM_PILOT_API_KEY",
                "ZWARM_ORCHESTRATOR_TOKEN",
                "OPENAI_API_KEY"
            ]
        );
    }

    #[test]
    fn deny_globs_remove_and_allow_lists_keep() {
        let rules = EnvRules {
            deny: vec!["*_TOKEN".into(), "MY_DB_*".into(), "*API_KEY".into()],
            codex_allow: vec!["GITHUB_TOKEN".into()],
            claude_allow: vec![],
        };
        let codex = removed(Adapter::Codex, &rules, Some("FAKE_OPENAI_API_KEY"));
        assert!(codex.contains(&"MY_DB_PASSWORD".to_string()));
        assert!(
            codex.contains(&"OPENAI_API_KEY".to_string()),
            "deny wins over a credential"
        );
        assert!(
            !codex.contains(&"GITHUB_TOKEN".to_string()),
            "the allow-list keeps it"
        );
        assert!(
            codex.contains(&"FAKE_OPENAI_API_KEY".to_string()),
            "deny wins unless allowed"
        );
        let claude = removed(Adapter::Claude, &rules, None);
        assert!(claude.contains(&"GITHUB_TOKEN".to_string()));
        assert!(
            !claude.contains(&"PATH".to_string())
                && !claude.contains(&"ZWARM_WORKSPACE".to_string())
        );
    }

    #[test]
    fn the_codex_providers_env_key_comes_from_its_config() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(
            home.path().join("config.toml"),
            "model_provider = \"fake\"\n[model_providers.fake]\nenv_key = \"FAKE_OPENAI_API_KEY\"\n",
        )
        .unwrap();
        assert_eq!(
            codex_provider_key(Some(home.path())).as_deref(),
            Some("FAKE_OPENAI_API_KEY")
        );
        assert_eq!(codex_provider_key(None), None);
    }
}
