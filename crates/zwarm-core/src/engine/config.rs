//! Engine settings from the workspace's `.zwarm/config.toml`.
//!
//! zwarm 3.x keeps its own tables there (`[executor]`, `[orchestrator]`, ...)
//! and ignores unknown top-level tables, so ours live in `[codex]` and
//! `[claude]` side by side with them:
//!
//! ```toml
//! [codex]
//! path = "/opt/codex/bin/codex"        # optional; else searched
//! args = ["-c", "model_reasoning_effort=\"high\""]
//!
//! [claude]
//! args = ["--max-turns", "30"]
//! ```
//!
//! No secrets belong here: keys come from the environment.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::EngineSettings;
use crate::workspace::Workspace;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AgentSection {
    path: Option<PathBuf>,
    #[serde(default)]
    args: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not valid: {message}; fix the table it names or remove it")]
    Invalid { path: PathBuf, message: String },
}

/// The `.zwarm/config.toml` of a workspace.
pub fn config_path(workspace: &Workspace) -> PathBuf {
    workspace.state_dir().join("config.toml")
}

impl EngineSettings {
    /// Defaults, overlaid with the `[codex]` and `[claude]` tables of the
    /// workspace's config file when it exists.
    pub fn load(workspace: &Workspace) -> Result<Self, ConfigError> {
        let path = config_path(workspace);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::default().with_config(&text, &path),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    fn with_config(mut self, text: &str, path: &Path) -> Result<Self, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let table: toml::Table = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let section = |name: &str| -> Result<AgentSection, ConfigError> {
            match table.get(name) {
                None => Ok(AgentSection::default()),
                Some(value) => value
                    .clone()
                    .try_into()
                    .map_err(|e: toml::de::Error| invalid(format!("[{name}]: {e}"))),
            }
        };
        let codex = section("codex")?;
        let claude = section("claude")?;
        self.codex_path = codex.path.or(self.codex_path);
        self.codex_args.extend(codex.args);
        self.claude_path = claude.path.or(self.claude_path);
        self.claude_args.extend(claude.args);
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_our_tables_and_ignores_zwarms() {
        let text = r#"
            [executor]
            model = "gpt-5.1-codex-mini"
            [codex]
            args = ["-c", "model_reasoning_effort=\"high\""]
            [claude]
            path = "/opt/claude"
        "#;
        let settings = EngineSettings::default()
            .with_config(text, Path::new("c.toml"))
            .unwrap();
        assert_eq!(
            settings.codex_args,
            vec!["-c", "model_reasoning_effort=\"high\""]
        );
        assert_eq!(settings.claude_path, Some(PathBuf::from("/opt/claude")));
        assert!(settings.codex_path.is_none());
    }

    #[test]
    fn a_typo_or_broken_file_names_the_file() {
        let err = EngineSettings::default()
            .with_config("[codex]\nargz = []\n", Path::new("/w/.zwarm/config.toml"))
            .unwrap_err();
        assert!(
            err.to_string().contains("/w/.zwarm/config.toml") && err.to_string().contains("argz"),
            "{err}"
        );
        let err = EngineSettings::default()
            .with_config("[codex\n", Path::new("x.toml"))
            .unwrap_err();
        assert!(matches!(err, ConfigError::Invalid { .. }));
    }

    #[test]
    fn a_missing_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let settings = EngineSettings::load(&Workspace::open(dir.path()).unwrap()).unwrap();
        assert!(settings.codex_args.is_empty() && settings.codex_path.is_none());
    }
}
