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
//! env = ["GITHUB_TOKEN"]               # inherited variables Claude agents keep
//! mode = "ask"                         # new sessions ask before acting
//!
//! [approvals]
//! timeout_secs = 600                   # unanswered approvals are denied (none by default)
//!
//! [env]
//! deny = ["*_TOKEN", "AWS_*"]          # inherited variables no agent gets
//!
//! [sessions]
//! track_files = false                  # no file snapshots around turns
//! isolation = "worktree"               # new sessions in a git worktree each
//! worktree_dir = "../worktrees"        # where (default .zwarm/worktrees)
//! ```
//!
//! No secrets belong here: keys come from the environment. `path`, `args`
//! and `env` choose programs, may weaken the sandbox or pass secrets on, so
//! they take effect only in a workspace the user trusts (see `crate::trust`),
//! and so does a `mode` that turns the sandbox or approvals off; `[env] deny`,
//! a safe `mode` and `[approvals]` only take away and always apply.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{modes, EngineSettings, EnvRules};
use crate::agents::Adapter;
use crate::trust::{TrustStore, Untrusted, Wants};
use crate::workspace::Workspace;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AgentSection {
    pub(super) path: Option<PathBuf>,
    #[serde(default)]
    pub(super) args: Vec<String>,
    /// Globs of inherited variables this CLI's agents keep (see `agent_env`).
    #[serde(default)]
    pub(super) env: Vec<String>,
    /// The mode new sessions get (see `modes`).
    pub(super) mode: Option<String>,
}

impl AgentSection {
    /// What this table asks for that needs the user's trust.
    fn wants(&self, table: &str) -> Vec<String> {
        let mut wants = Vec::new();
        if let Some(path) = &self.path {
            wants.push(format!(
                "[{table}] path = {:?} (a program zwarm runs)",
                path.display().to_string()
            ));
        }
        if !self.args.is_empty() {
            wants.push(format!(
                "[{table}] args = {:?} (passed to every turn)",
                self.args
            ));
        }
        if !self.env.is_empty() {
            wants.push(format!(
                "[{table}] env = {:?} (variables its agents keep)",
                self.env
            ));
        }
        if let Some(mode) = self.mode.as_deref().filter(|m| modes::is_dangerous(m)) {
            wants.push(format!(
                "[{table}] mode = {mode:?} (new sessions without sandbox or approvals)"
            ));
        }
        wants
    }

    /// The mode, refused when `adapter` has no such mode.
    fn checked_mode(&self, adapter: Adapter, path: &Path) -> Result<Option<String>, ConfigError> {
        match self.mode.as_deref() {
            Some(mode) if !modes::mode_names(adapter).contains(&mode) => {
                Err(ConfigError::Invalid {
                    path: path.to_path_buf(),
                    message: format!(
                        "[{adapter}] mode {mode:?} is unknown (choose one of: {})",
                        modes::mode_names(adapter).join(", ")
                    ),
                })
            }
            mode => Ok(mode.map(String::from)),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ApprovalsSection {
    /// Seconds an approval waits before it is denied; none by default.
    timeout_secs: Option<u64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvSection {
    #[serde(default)]
    deny: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionsSection {
    #[serde(default = "yes")]
    track_files: bool,
    #[serde(default)]
    isolation: IsolationSetting,
    #[serde(default)]
    worktree_dir: Option<PathBuf>,
}

impl Default for SessionsSection {
    fn default() -> Self {
        Self {
            track_files: true,
            isolation: IsolationSetting::None,
            worktree_dir: None,
        }
    }
}

#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum IsolationSetting {
    #[default]
    None,
    Worktree,
}

fn yes() -> bool {
    true
}

/// Our tables of the file. Read from the text itself (not from a parsed
/// `toml::Table`) so that an error keeps its place in the file; other
/// top-level tables are zwarm's and are ignored.
#[derive(Debug, Default, Deserialize)]
pub(super) struct OurTables {
    #[serde(default)]
    pub(super) codex: AgentSection,
    #[serde(default)]
    pub(super) claude: AgentSection,
    #[serde(default)]
    env: EnvSection,
    #[serde(default)]
    sessions: SessionsSection,
    #[serde(default)]
    approvals: ApprovalsSection,
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
    /// A TOML or schema error at a known place: `file:line:column`, as
    /// editors and terminals understand it.
    #[error("{}:{line}:{column}: {message}; fix this line of the file (or remove it) and try again", path.display())]
    At {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

/// By hand because `std::io::Error` is not `Clone`: the engine keeps the error
/// of its config file and hands a copy to every `start` and `continue` it refuses.
impl Clone for ConfigError {
    fn clone(&self) -> Self {
        match self {
            Self::Read { path, source } => Self::Read {
                path: path.clone(),
                source: std::io::Error::new(source.kind(), source.to_string()),
            },
            Self::Invalid { path, message } => Self::Invalid {
                path: path.clone(),
                message: message.clone(),
            },
            Self::At {
                path,
                line,
                column,
                message,
            } => Self::At {
                path: path.clone(),
                line: *line,
                column: *column,
                message: message.clone(),
            },
        }
    }
}

impl ConfigError {
    /// A `toml` error in `text` (the content of `path`), at its line and
    /// column when the error knows its place.
    pub fn from_toml(path: &Path, text: &str, error: &toml::de::Error) -> Self {
        let message = error.message().trim().to_string();
        match error.span() {
            Some(span) => {
                let (line, column) = line_and_column(text, span.start);
                Self::At {
                    path: path.to_path_buf(),
                    line,
                    column,
                    message,
                }
            }
            None => Self::Invalid {
                path: path.to_path_buf(),
                message,
            },
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl OurTables {
    /// Our tables of `text`, the content of `path` (named in errors).
    pub(super) fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| ConfigError::from_toml(path, text, &e))
    }

    /// What these tables ask for that needs the user's trust.
    pub(super) fn wants(&self) -> Wants {
        let mut settings = self.codex.wants("codex");
        settings.extend(self.claude.wants("claude"));
        Wants { settings }
    }
}

/// The `.zwarm/config.toml` of a workspace.
pub fn config_path(workspace: &Workspace) -> PathBuf {
    workspace.state_dir().join("config.toml")
}

impl EngineSettings {
    /// Defaults, overlaid with the `[codex]` and `[claude]` tables of the
    /// workspace's config file when it exists.
    pub fn load(workspace: &Workspace) -> Result<Self, ConfigError> {
        Self::load_trusting(workspace, TrustStore::for_user().as_ref())
    }

    /// [`Self::load`] against a given list of trusted workspaces (`None`: no
    /// list, nothing is trusted).
    pub fn load_trusting(
        workspace: &Workspace,
        trust: Option<&TrustStore>,
    ) -> Result<Self, ConfigError> {
        let path = config_path(workspace);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::default()
                .with_config(&text, &path)?
                .trusted_or_not(workspace.root(), trust),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    /// Like [`Self::load`], but a broken config file does not stop the
    /// workspace from opening: the defaults are used and the error is kept in
    /// [`EngineSettings::config_error`], so listing, showing and deleting
    /// sessions still work while starting or continuing one is refused with
    /// the file and line to fix.
    pub fn load_tolerant(workspace: &Workspace) -> Self {
        Self::load(workspace).unwrap_or_else(|error| Self {
            config_error: Some(error),
            ..Self::default()
        })
    }

    fn with_config(mut self, text: &str, path: &Path) -> Result<Self, ConfigError> {
        let tables = OurTables::parse(text, path)?;
        let wants = tables.wants();
        self.codex_mode = tables.codex.checked_mode(Adapter::Codex, path)?;
        self.claude_mode = tables.claude.checked_mode(Adapter::Claude, path)?;
        self.approval_timeout = tables
            .approvals
            .timeout_secs
            .map(std::time::Duration::from_secs);
        let (codex, claude) = (tables.codex, tables.claude);
        self.codex_path = codex.path.or(self.codex_path);
        self.codex_args.extend(codex.args);
        self.env_rules.codex_allow.extend(codex.env);
        self.claude_path = claude.path.or(self.claude_path);
        self.claude_args.extend(claude.args);
        self.env_rules.claude_allow.extend(claude.env);
        self.env_rules.deny.extend(tables.env.deny);
        self.track_files = tables.sessions.track_files;
        self.isolation = match tables.sessions.isolation {
            IsolationSetting::None => super::Isolation::None,
            IsolationSetting::Worktree => super::Isolation::Worktree { base: None },
        };
        self.worktree_dir = tables.sessions.worktree_dir;
        self.config_wants = wants;
        Ok(self)
    }

    /// Keeps the settings that need trust only if `root` is trusted with
    /// exactly them; else drops them and records why turns will be refused.
    fn trusted_or_not(self, root: &Path, trust: Option<&TrustStore>) -> Result<Self, ConfigError> {
        let wants = self.config_wants.clone();
        if wants.is_empty() || trust.is_some_and(|t| t.trusts(root, &wants)) {
            return Ok(self);
        }
        Ok(Self {
            untrusted: Some(Untrusted {
                root: root.display().to_string(),
                fingerprint: wants.fingerprint(),
                wants: wants.clone(),
            }),
            env_rules: EnvRules {
                deny: self.env_rules.deny,
                ..EnvRules::default()
            },
            config_wants: wants,
            // Recording less, asking more and safe modes need no trust.
            track_files: self.track_files,
            approval_timeout: self.approval_timeout,
            codex_mode: self.codex_mode.filter(|m| !modes::is_dangerous(m)),
            claude_mode: self.claude_mode.filter(|m| !modes::is_dangerous(m)),
            ..Self::default()
        })
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
        assert!(matches!(err, ConfigError::At { line: 1, .. }), "{err}");
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let text = "# comment\n[executor]\nmodel = \"m\"\n\n[codex]\nargz = []\n";
        let err = EngineSettings::default()
            .with_config(text, Path::new("/w/.zwarm/config.toml"))
            .unwrap_err();
        assert!(
            err.to_string().starts_with("/w/.zwarm/config.toml:6:1: "),
            "{err}"
        );
        let err = EngineSettings::default()
            .with_config("[claude]\nargs = 5\n", Path::new("c.toml"))
            .unwrap_err();
        assert!(err.to_string().starts_with("c.toml:2:8: "), "{err}");
        let err = EngineSettings::default()
            .with_config("[codex]\npath = \"é\" x\n", Path::new("c.toml"))
            .unwrap_err();
        assert!(err.to_string().starts_with("c.toml:2:"), "{err}");
    }

    #[test]
    fn a_broken_file_still_opens_with_the_error_kept() {
        let dir = tempfile::tempdir().unwrap();
        let workspace = Workspace::open(dir.path()).unwrap();
        std::fs::create_dir_all(workspace.state_dir()).unwrap();
        std::fs::write(config_path(&workspace), "[codex]\nargs = [\n").unwrap();
        assert!(EngineSettings::load(&workspace).is_err());
        let settings = EngineSettings::load_tolerant(&workspace);
        let kept = settings.config_error.expect("the error is kept");
        assert!(kept.to_string().contains("config.toml:"), "{kept}");
        assert!(settings.codex_args.is_empty());
    }

    #[test]
    fn modes_and_approval_timeouts_are_read_and_a_dangerous_mode_needs_trust() {
        let text = "[codex]\nmode = \"ask\"\n[claude]\nmode = \"skip-permissions\"\n[approvals]\ntimeout_secs = 90\n";
        let settings = EngineSettings::default()
            .with_config(text, Path::new("c.toml"))
            .unwrap();
        assert_eq!(settings.default_mode(Adapter::Codex), "ask");
        assert_eq!(settings.approval_timeout, Some(std::time::Duration::from_secs(90)));
        assert!(settings.config_wants.settings.iter().any(|w| w.contains("skip-permissions")));
        let untrusted = settings.trusted_or_not(Path::new("/w"), None).unwrap();
        assert_eq!(untrusted.default_mode(Adapter::Codex), "ask", "asking needs no trust");
        assert_eq!(untrusted.default_mode(Adapter::Claude), "accept-edits");
        assert_eq!(untrusted.approval_timeout, Some(std::time::Duration::from_secs(90)));
        let err = EngineSettings::default()
            .with_config("[codex]\nmode = \"yolo\"\n", Path::new("c.toml"))
            .unwrap_err();
        assert!(err.to_string().contains("workspace-write"), "{err}");
    }

    #[test]
    fn a_missing_file_gives_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let settings = EngineSettings::load(&Workspace::open(dir.path()).unwrap()).unwrap();
        assert!(settings.codex_args.is_empty() && settings.codex_path.is_none());
    }

    #[test]
    fn session_files_are_tracked_unless_turned_off_even_untrusted() {
        let on = EngineSettings::default()
            .with_config("[sessions]\n", Path::new("c.toml"))
            .unwrap();
        assert!(on.track_files);
        let off = EngineSettings::default()
            .with_config("[sessions]\ntrack_files = false\n", Path::new("c.toml"))
            .unwrap();
        assert!(!off.track_files);
        // A config that also wants trust, untrusted: recording less still applies.
        let text = "[sessions]\ntrack_files = false\n[codex]\npath = \"/opt/codex\"\n";
        let untrusted = EngineSettings::default()
            .with_config(text, Path::new("c.toml"))
            .unwrap()
            .trusted_or_not(Path::new("/w"), None)
            .unwrap();
        assert!(untrusted.untrusted.is_some() && !untrusted.track_files);
    }
}
