//! The CLI versions zwarm is tested with, and what the Doctor says about an
//! installed one that differs.
//!
//! The pins live in `agents-pins.toml` at the repository root, the one file
//! `scripts/install-agents.sh` installs from, embedded here at build time:
//! the CLIs change their JSON output and flags between releases, so a newer
//! CLI than the tested one is worth a word when a session reads oddly.

use semver::Version;
use serde::Deserialize;

use crate::agents::Adapter;

const PINS_TOML: &str = include_str!("../../../../agents-pins.toml");

#[derive(Deserialize)]
struct Pin {
    package: String,
    version: String,
}

#[derive(Deserialize)]
struct Pins {
    codex: Pin,
    claude: Pin,
}

/// A CLI's tested version and npm package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestedPin {
    pub package: String,
    pub version: String,
}

/// The version of `adapter`'s CLI the agents layer passed with. `None` only
/// when the embedded file is broken, which a test below rules out.
pub fn tested_pin(adapter: Adapter) -> Option<TestedPin> {
    let pins: Pins = toml::from_str(PINS_TOML).ok()?;
    let pin = match adapter {
        Adapter::Codex => pins.codex,
        Adapter::Claude => pins.claude,
    };
    Some(TestedPin {
        package: pin.package,
        version: pin.version,
    })
}

/// The first `x.y.z` word of a `--version` answer (`codex-cli 0.171.0`,
/// `2.1.332 (Claude Code)`, `v1.2.3`).
fn version_in(answer: &str) -> Option<Version> {
    answer
        .split_whitespace()
        .find_map(|word| Version::parse(word.trim_start_matches('v')).ok())
}

/// What to tell the user when the installed CLI (its `--version` answer) is
/// not the tested one; `None` when it is, or when either cannot be read.
pub fn version_note(pin: &TestedPin, answer: &str) -> Option<String> {
    let installed = version_in(answer)?;
    let tested = Version::parse(&pin.version).ok()?;
    let package = &pin.package;
    match installed.cmp_precedence(&tested) {
        std::cmp::Ordering::Greater => Some(format!(
            "{installed} is newer than {tested}, the version zwarm was tested with: its output \
             may have changed. If its sessions read wrong (missing messages, wrong status or \
             cost), install the tested one: npm install -g {package}@{tested}"
        )),
        std::cmp::Ordering::Less => Some(format!(
            "{installed} is older than {tested}, the version zwarm was tested with: some features \
             (forks, resuming) may fail. Update it: npm install -g {package}@{tested}"
        )),
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_pins_name_both_clis_with_valid_versions() {
        for adapter in [Adapter::Codex, Adapter::Claude] {
            let pin = tested_pin(adapter).expect("agents-pins.toml parses");
            assert!(Version::parse(&pin.version).is_ok(), "{pin:?}");
            assert!(pin.package.starts_with('@'), "{pin:?}");
        }
    }

    #[test]
    fn both_clis_version_answers_are_read() {
        assert_eq!(
            version_in("codex-cli 0.171.0"),
            Some(Version::new(0, 171, 0))
        );
        assert_eq!(
            version_in("2.1.332 (Claude Code)"),
            Some(Version::new(2, 1, 332))
        );
        assert_eq!(version_in("v1.2.3"), Some(Version::new(1, 2, 3)));
        assert_eq!(version_in("unknown build"), None);
    }

    #[test]
    fn a_newer_or_older_cli_is_named_and_the_tested_one_is_not() {
        let pin = TestedPin {
            package: "@openai/codex".into(),
            version: "0.171.0".into(),
        };
        let newer = version_note(&pin, "codex-cli 0.172.0").expect("a note");
        assert!(
            newer.contains("0.172.0 is newer than 0.171.0")
                && newer.contains("npm install -g @openai/codex@0.171.0"),
            "{newer}"
        );
        let prerelease = version_note(&pin, "codex-cli 0.172.0-alpha.1").expect("a note");
        assert!(prerelease.contains("newer"), "{prerelease}");
        let older = version_note(&pin, "codex-cli 0.169.0").expect("a note");
        assert!(older.contains("older than 0.171.0"), "{older}");
        assert_eq!(version_note(&pin, "codex-cli 0.171.0"), None);
        assert_eq!(version_note(&pin, "no version here"), None);
    }
}
