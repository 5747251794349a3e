//! How the app was asked to start: which workspace folder to open.
//!
//! `make run DIR=...` passes the folder as the first argument; tests may set
//! `ZWARM_WORKSPACE` instead (WebDriver launches the binary for us). Without
//! either, the current directory is the workspace, like a terminal tool.

use std::ffi::OsString;
use std::path::PathBuf;

/// Environment variable naming the workspace folder when no argument is given.
pub const WORKSPACE_ENV: &str = "ZWARM_WORKSPACE";
/// Environment variable naming the folder of the app's own files (settings,
/// the private key file) instead of the platform's app data folder: tests and
/// portable setups keep them apart from the user's.
pub const DATA_DIR_ENV: &str = "ZWARM_DATA_DIR";
/// `ZWARM_KEY_STORE=file` keeps API keys in the private file even when a
/// system keyring runs (tests must not write into a developer's keyring).
pub const KEY_STORE_ENV: &str = "ZWARM_KEY_STORE";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaunchOptions {
    pub workspace: PathBuf,
    /// Whether the folder was named (argument or environment) rather than
    /// taken from the current directory: only then does it beat the last
    /// workspace the user had open.
    pub explicit: bool,
    /// Where the app's own files go; `None` for the platform's app data folder.
    pub data_dir: Option<PathBuf>,
    /// Whether API keys may go to the system keyring (else the private file).
    pub os_keyring: bool,
}

impl LaunchOptions {
    pub fn from_env_and_args(args: impl IntoIterator<Item = OsString>) -> Self {
        let from_env = std::env::var_os(WORKSPACE_ENV).filter(|v| !v.is_empty());
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        Self {
            data_dir: std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()).map(PathBuf::from),
            os_keyring: std::env::var(KEY_STORE_ENV).map_or(true, |v| v != "file"),
            ..Self::resolve(args, from_env, cwd)
        }
    }

    /// Picks the workspace: the first non-flag argument, else the environment, else `cwd`.
    /// Flags (arguments starting with `-`) are left to GTK/WebKit and ignored here.
    fn resolve(
        args: impl IntoIterator<Item = OsString>,
        from_env: Option<OsString>,
        cwd: PathBuf,
    ) -> Self {
        let from_args = args
            .into_iter()
            .find(|a| !a.to_string_lossy().starts_with('-') && !a.is_empty());
        match from_args.or(from_env) {
            Some(named) => Self { workspace: PathBuf::from(named), explicit: true, data_dir: None, os_keyring: true },
            None => Self { workspace: cwd, explicit: false, data_dir: None, os_keyring: true },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(items: &[&str]) -> Vec<OsString> {
        items.iter().map(OsString::from).collect()
    }

    #[test]
    fn argument_beats_environment_beats_cwd() {
        let cwd = PathBuf::from("/cwd");
        let env = Some(OsString::from("/env"));
        assert_eq!(LaunchOptions::resolve(os(&["/arg"]), env.clone(), cwd.clone()).workspace, PathBuf::from("/arg"));
        assert_eq!(LaunchOptions::resolve(os(&[]), env, cwd.clone()).workspace, PathBuf::from("/env"));
        let fallback = LaunchOptions::resolve(os(&[]), None, cwd.clone());
        assert_eq!((fallback.workspace, fallback.explicit), (cwd, false));
    }

    #[test]
    fn flags_are_not_taken_for_the_folder() {
        let opts = LaunchOptions::resolve(os(&["--some-gtk-flag", "/proj"]), None, PathBuf::from("/cwd"));
        assert_eq!(opts.workspace, PathBuf::from("/proj"));
    }
}
