//! The doctor report: whether each agent CLI was found, where zwarm looked,
//! its version, how to install or point at it, and whether it is logged in
//! to its model (`login`), and whether it is the version zwarm was tested
//! with (`pins`). Shared by the app's doctor panel, Settings → Agents and
//! `zwarm doctor --json`.

mod login;
mod pins;

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use crate::agents::Adapter;
use crate::discovery::{discover, Discovery, DiscoveryEnv, PlaceKind, CLAUDE, CODEX};
use crate::engine::{agent_environment_for, codex_provider_key_for, EngineSettings};

use login::check_login;
pub use login::{LoginCheck, LoginState};
pub use pins::{tested_pin, TestedPin};

/// How long a CLI's status command may take (a node launcher on a busy machine is slow).
const LOGIN_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CliReport {
    /// The binary's name: `codex` or `claude`.
    pub cli: String,
    pub display_name: String,
    /// Where it was found.
    pub found: Option<String>,
    pub version: Option<String>,
    /// Why `--version` failed, when it was found but did not answer.
    pub version_error: Option<String>,
    /// The version zwarm was tested with (`agents-pins.toml`).
    pub tested_version: Option<String>,
    /// Said when the installed version is newer (or older) than the tested one.
    pub version_note: Option<String>,
    /// Every place looked at, in order.
    pub searched: Vec<SearchedPath>,
    /// What to do when it was not found.
    pub fix: Option<String>,
    /// Whether it can reach its model with the credentials it has; none
    /// when it was not found.
    pub login: Option<LoginCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchedPath {
    pub path: String,
    pub kind: PlaceKind,
    pub found: bool,
}

impl From<&Discovery> for CliReport {
    fn from(d: &Discovery) -> Self {
        Self {
            cli: d.cli.binary.to_string(),
            display_name: d.cli.display_name.to_string(),
            found: d.found.as_ref().map(|p| p.display().to_string()),
            version: d.version.as_ref().and_then(|v| v.as_ref().ok()).cloned(),
            version_error: d.version.as_ref().and_then(|v| v.as_ref().err()).cloned(),
            tested_version: None,
            version_note: None,
            searched: d
                .searched
                .iter()
                .map(|p| SearchedPath {
                    path: p.candidate.display().to_string(),
                    kind: p.kind,
                    found: p.found,
                })
                .collect(),
            fix: d.require().err().map(|e| e.to_string()),
            login: None,
        }
    }
}

impl CliReport {
    /// Adds the tested version of `adapter`'s CLI, and a note when the one
    /// found differs from it.
    fn with_pin(mut self, adapter: Adapter) -> Self {
        let pin = tested_pin(adapter);
        self.version_note = pin
            .as_ref()
            .zip(self.version.as_deref())
            .and_then(|(pin, answer)| pins::version_note(pin, answer));
        self.tested_version = pin.map(|pin| pin.version);
        self
    }
}

/// Looks for both CLIs (at the configured paths when set) and asks each one
/// found whether it is logged in, with the environment a turn of
/// `settings` would give it, from `cwd` (the workspace, when one is open).
/// Both CLIs are checked at once; this blocks for up to a few seconds.
pub fn doctor(settings: &EngineSettings, cwd: Option<&Path>) -> Vec<CliReport> {
    let env = DiscoveryEnv::from_process();
    let check = |adapter: Adapter| {
        let (spec, configured) = match adapter {
            Adapter::Codex => (CODEX, settings.codex_path.as_deref()),
            Adapter::Claude => (CLAUDE, settings.claude_path.as_deref()),
        };
        let found = discover(spec, configured, &env);
        let mut report = CliReport::from(&found).with_pin(adapter);
        report.login = found.found.as_deref().map(|program| {
            let turn_env = agent_environment_for(settings, &env, adapter, program);
            let provider_key = match adapter {
                Adapter::Codex => codex_provider_key_for(settings, &env),
                Adapter::Claude => None,
            };
            check_login(
                adapter,
                program,
                &turn_env,
                cwd,
                provider_key.as_deref(),
                LOGIN_TIMEOUT,
            )
        });
        report
    };
    std::thread::scope(|scope| {
        let claude = scope.spawn(|| check(Adapter::Claude));
        let codex = check(Adapter::Codex);
        let claude = claude.join().unwrap_or_else(|_| {
            CliReport::from(&discover(CLAUDE, settings.claude_path.as_deref(), &env))
                .with_pin(Adapter::Claude)
        });
        vec![codex, claude]
    })
}
