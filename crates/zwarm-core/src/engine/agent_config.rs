//! The `[codex]` and `[claude]` tables as the app's Settings → Agents shows
//! and edits them: each CLI's `path` and extra `args` as the file has them,
//! and whether they are in effect.
//!
//! The trust rule stays whole (see `crate::trust`): values that came in
//! with the file need the user's consent before they apply. Values the user
//! types into the app are their own choice, so saving them also trusts the
//! file with them, but only when everything else the file asked for was
//! already trusted: an edit never carries along settings the user has not
//! read (those still wait for the trust banner).

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::config::{config_path, AgentSection, ConfigError, OurTables};
use super::config_edit::{edit_config, set_in};
use crate::agents::Adapter;
use crate::trust::{TrustStore, Untrusted, Wants};
use crate::workspace::Workspace;

/// One CLI's table, as written in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgentConfig {
    pub adapter: Adapter,
    /// `path`: the program to run; none searches like a login shell.
    pub path: Option<String>,
    /// `args`: added to every turn.
    pub args: Vec<String>,
    /// `env`: inherited variables its agents keep (edited in the file only).
    pub env: Vec<String>,
}

/// Both CLIs' tables and whether they apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgentConfigs {
    pub agents: Vec<AgentConfig>,
    /// Set when the file asks for settings not trusted yet: none of them
    /// apply until the user accepts them.
    pub untrusted: Option<Untrusted>,
    /// The file they are kept in.
    pub file: String,
}

/// What the user typed for one CLI in Settings → Agents.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgentEdit {
    pub adapter: Adapter,
    /// Empty or none: search for the CLI.
    pub path: Option<String>,
    /// One argument each; empty ones are dropped.
    pub args: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AgentEditError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("the path `{0}` is not absolute: type the full path to the program (for example /usr/local/bin/codex), or leave it empty to search for it")]
    RelativePath(String),
    #[error("saved to .zwarm/config.toml, but the trust could not be recorded in {path}: {source}; accept the settings in the banner above")]
    Trust {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn table(adapter: Adapter) -> &'static str {
    match adapter {
        Adapter::Codex => "codex",
        Adapter::Claude => "claude",
    }
}

fn view(adapter: Adapter, section: &AgentSection) -> AgentConfig {
    AgentConfig {
        adapter,
        path: section.path.as_ref().map(|p| p.display().to_string()),
        args: section.args.clone(),
        env: section.env.clone(),
    }
}

fn configs_of(
    text: &str,
    path: &Path,
    root: &Path,
    trust: Option<&TrustStore>,
) -> Result<AgentConfigs, ConfigError> {
    let tables = OurTables::parse(text, path)?;
    let wants = tables.wants();
    let trusted = wants.is_empty() || trust.is_some_and(|t| t.trusts(root, &wants));
    Ok(AgentConfigs {
        agents: vec![
            view(Adapter::Codex, &tables.codex),
            view(Adapter::Claude, &tables.claude),
        ],
        untrusted: (!trusted).then(|| Untrusted {
            root: root.display().to_string(),
            fingerprint: wants.fingerprint(),
            wants,
        }),
        file: path.display().to_string(),
    })
}

/// Both CLIs' tables as the workspace's config has them, judged against `trust`.
pub fn agent_configs(
    workspace: &Workspace,
    trust: Option<&TrustStore>,
) -> Result<AgentConfigs, ConfigError> {
    let path = config_path(workspace);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(ConfigError::Read { path, source }),
    };
    configs_of(&text, &path, workspace.root(), trust)
}

/// Writes `edit` into the CLI's table (comments, `env` and other tables
/// kept) and, when the file was trusted before the edit, trusts it with the
/// result (see the module's comment). Answers the tables as they are now.
pub fn save_agent_config(
    workspace: &Workspace,
    trust: Option<&TrustStore>,
    edit: &AgentEdit,
) -> Result<AgentConfigs, AgentEditError> {
    let path_value = edit
        .path
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    if let Some(path) = path_value {
        if !Path::new(path).is_absolute() {
            return Err(AgentEditError::RelativePath(path.to_string()));
        }
    }
    let args: toml_edit::Array = edit
        .args
        .iter()
        .filter(|a| !a.trim().is_empty())
        .map(String::as_str)
        .collect();
    let file = config_path(workspace);
    let root = workspace.root();
    let wants_now: Option<Wants> = edit_config(workspace, |before, doc| {
        let old = OurTables::parse(before, &file)?.wants();
        let was_trusted = old.is_empty() || trust.is_some_and(|t| t.trusts(root, &old));
        set_in(
            doc,
            &file,
            table(edit.adapter),
            &[
                ("path", path_value.map(Into::into)),
                ("args", (!args.is_empty()).then(|| args.clone().into())),
            ],
        )?;
        let new = OurTables::parse(&doc.to_string(), &file)?.wants();
        Ok((was_trusted && !new.is_empty()).then_some(new))
    })?;
    if let (Some(wants), Some(store)) = (wants_now, trust) {
        store
            .trust(root, &wants)
            .map_err(|source| AgentEditError::Trust {
                path: store.path().display().to_string(),
                source,
            })?;
    }
    Ok(agent_configs(workspace, trust)?)
}

#[cfg(test)]
#[path = "agent_config_tests.rs"]
mod tests;
