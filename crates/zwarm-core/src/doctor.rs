//! The doctor report: whether each agent CLI was found, where zwarm looked,
//! its version, and how to install or point at it. Shared by the app's doctor
//! panel and `zwarm doctor --json`.

use std::path::Path;

use serde::Serialize;

use crate::discovery::{discover, Discovery, DiscoveryEnv, PlaceKind, CLAUDE, CODEX};

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
    /// Every place looked at, in order.
    pub searched: Vec<SearchedPath>,
    /// What to do when it was not found.
    pub fix: Option<String>,
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
        }
    }
}

/// Looks for both CLIs (at the configured paths when given) and reports.
pub fn doctor(codex: Option<&Path>, claude: Option<&Path>) -> Vec<CliReport> {
    let env = DiscoveryEnv::from_process();
    [discover(CODEX, codex, &env), discover(CLAUDE, claude, &env)]
        .iter()
        .map(CliReport::from)
        .collect()
}
