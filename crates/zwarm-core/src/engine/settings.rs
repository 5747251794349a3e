//! What the engine needs to know beyond the workspace: where the CLIs are,
//! how to start them, and which environment to give them.

use std::path::PathBuf;
use std::time::Duration;

use crate::agents::Adapter;

/// Engine settings. The desktop app fills them from its settings store, the
/// `zwarm` CLI from flags and environment; tests point them at fake servers.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    /// An explicit path to `codex`; `None` searches like a login shell would.
    pub codex_path: Option<PathBuf>,
    /// An explicit path to `claude`; `None` searches like a login shell would.
    pub claude_path: Option<PathBuf>,
    /// Extra `codex exec` options for every turn (e.g. `-c key=value`).
    pub codex_args: Vec<String>,
    /// Extra `claude` options for every turn.
    pub claude_args: Vec<String>,
    /// Environment added to every CLI process (on top of the inherited one).
    pub env: Vec<(String, String)>,
    /// Which inherited variables agents do not get (see `agent_env`).
    pub env_rules: super::EnvRules,
    /// How long a killed turn gets between TERM and KILL.
    pub kill_grace: Duration,
    /// Whether each session turn records the workspace's files before and
    /// after it (`[sessions] track_files`, on by default; see `turn_files`).
    pub track_files: bool,
    /// Where new sessions run unless they ask (`[sessions] isolation`:
    /// `"none"`, the default, or `"worktree"`).
    pub isolation: super::Isolation,
    /// Where worktrees are made (`[sessions] worktree_dir`, relative to the
    /// workspace); `None` for `.zwarm/worktrees`.
    pub worktree_dir: Option<std::path::PathBuf>,
    /// Why the workspace's config file could not be used (see
    /// [`EngineSettings::load_tolerant`]). While set, the engine refuses to
    /// start or continue turns, because the file may say where the CLIs are
    /// and how to run them; everything that only reads or removes works.
    pub config_error: Option<super::ConfigError>,
    /// What the workspace's config asks for that needs trust (see `crate::trust`).
    pub config_wants: crate::trust::Wants,
    /// Set when the config asks for settings the user has not trusted: they
    /// were left out, and `start` and `continue` are refused until trusted.
    pub untrusted: Option<crate::trust::Untrusted>,
    /// The mode new sessions of each CLI get when none is asked for
    /// (`[codex] mode`, `[claude] mode`); `None`: the safe default.
    pub codex_mode: Option<String>,
    pub claude_mode: Option<String>,
    /// A zwarm binary whose hidden helper commands serve "Ask me" turns
    /// (see `approvals::helper`); the app and the CLI set their own.
    pub helper: Option<PathBuf>,
    /// How long an approval waits for an answer before it is denied
    /// (`[approvals] timeout_secs`); `None`: as long as it takes.
    pub approval_timeout: Option<Duration>,
}

impl Default for EngineSettings {
    fn default() -> Self {
        Self {
            codex_path: None,
            claude_path: None,
            codex_args: Vec::new(),
            claude_args: Vec::new(),
            env: Vec::new(),
            env_rules: super::EnvRules::default(),
            kill_grace: Duration::from_secs(3),
            track_files: true,
            isolation: super::Isolation::None,
            worktree_dir: None,
            config_error: None,
            config_wants: crate::trust::Wants::default(),
            untrusted: None,
            codex_mode: None,
            claude_mode: None,
            helper: None,
            approval_timeout: None,
        }
    }
}

impl EngineSettings {
    pub fn configured_path(&self, adapter: Adapter) -> Option<&PathBuf> {
        match adapter {
            Adapter::Codex => self.codex_path.as_ref(),
            Adapter::Claude => self.claude_path.as_ref(),
        }
    }

    /// The mode a new session of `adapter` gets when none is asked for.
    pub fn default_mode(&self, adapter: Adapter) -> &str {
        let configured = match adapter {
            Adapter::Codex => self.codex_mode.as_deref(),
            Adapter::Claude => self.claude_mode.as_deref(),
        };
        configured.unwrap_or_else(|| super::modes::default_mode(adapter))
    }

    pub fn extra_args(&self, adapter: Adapter) -> &[String] {
        match adapter {
            Adapter::Codex => &self.codex_args,
            Adapter::Claude => &self.claude_args,
        }
    }
}
