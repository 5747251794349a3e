//! Command lines for one turn of an agent CLI.
//!
//! Each CLI has its own module with plain parameters ([`codex`], [`claude`]);
//! nothing here knows about sessions or the adapter enum, so the argv shapes
//! can be tested exactly, in isolation. The flag orders were checked against
//! `codex-cli 0.169.0` and `Claude Code 2.1.330` (see the module docs); the
//! agents layer runs them against the versions pinned in `agents-pins.toml`.
//!
//! Every argv ends with `--` before the prompt, so a task that starts with `-`
//! is never read as a flag, and a variadic option (`--allowedTools`,
//! `--add-dir`) in the extra arguments cannot swallow the prompt.

pub mod claude;
pub mod codex;
pub mod transcript;

use std::io;
use std::path::{Path, PathBuf};

/// Largest prompt (in bytes) passed as a command-line argument.
///
/// Linux caps one argument at 128 KiB (`MAX_ARG_STRLEN`); staying well below
/// leaves room for the environment and never fails the spawn with `E2BIG`.
pub const MAX_ARG_PROMPT_BYTES: usize = 100 * 1024;

/// How the prompt reaches the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptInput {
    /// As the last argument, after `--`.
    Arg(String),
    /// As the CLI's standard input, read from this file. Both CLIs read the
    /// prompt from stdin in this case (`codex exec -`, `claude -p` without a
    /// positional prompt); everything else gets `/dev/null` as stdin.
    StdinFile(PathBuf),
}

impl PromptInput {
    /// Keeps a prompt up to [`MAX_ARG_PROMPT_BYTES`] on the command line and
    /// writes a longer one to `spill_path` (e.g. `turns/turn_N.prompt`).
    pub fn choose(prompt: &str, spill_path: &Path) -> io::Result<Self> {
        Self::choose_with_limit(prompt, spill_path, MAX_ARG_PROMPT_BYTES)
    }

    /// [`PromptInput::choose`] with an explicit limit. A prompt holding a NUL
    /// byte always goes to the file: argv strings cannot contain one.
    pub fn choose_with_limit(prompt: &str, spill_path: &Path, limit: usize) -> io::Result<Self> {
        if prompt.len() <= limit && !prompt.contains('\0') {
            return Ok(Self::Arg(prompt.to_owned()));
        }
        std::fs::write(spill_path, prompt)?;
        Ok(Self::StdinFile(spill_path.to_path_buf()))
    }

    /// The file to connect to the CLI's stdin, if any.
    pub fn stdin_file(&self) -> Option<&Path> {
        match self {
            Self::Arg(_) => None,
            Self::StdinFile(path) => Some(path),
        }
    }
}

/// Everything needed to start one turn, except the program path (which
/// comes from [`crate::discovery`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    /// Arguments after the program name.
    pub args: Vec<String>,
    /// Working directory of the process: the workspace.
    pub cwd: PathBuf,
    /// File for stdin; `None` means `/dev/null` (an open pipe makes codex
    /// block until EOF and claude wait).
    pub stdin: Option<PathBuf>,
}

/// Why a command line could not be built.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LaunchError {
    #[error("workspace path {0:?} is not absolute; resolve it (e.g. with std::fs::canonicalize) before launching")]
    RelativeWorkspace(PathBuf),
    #[error(
        "workspace path {0:?} is not valid UTF-8; move the project to a path with a UTF-8 name"
    )]
    NonUtf8Workspace(PathBuf),
    #[error("{what} {id:?} is not valid: {why}")]
    InvalidId {
        what: &'static str,
        id: String,
        why: &'static str,
    },
    #[error("{0:?} in the Codex options cannot be used in \"Ask me\" mode: only `-c key=value` options reach `codex app-server`; remove it from [codex] args or choose another mode")]
    NotForAskMode(String),
}

/// The workspace as an argv string, refusing relative and non-UTF-8 paths.
fn workspace_arg(workspace: &Path) -> Result<String, LaunchError> {
    if !workspace.is_absolute() {
        return Err(LaunchError::RelativeWorkspace(workspace.to_path_buf()));
    }
    workspace
        .to_str()
        .map(str::to_owned)
        .ok_or_else(|| LaunchError::NonUtf8Workspace(workspace.to_path_buf()))
}

/// Rejects ids that are empty or would be parsed as a flag.
fn check_id(what: &'static str, id: &str) -> Result<(), LaunchError> {
    let why = if id.is_empty() {
        "it is empty"
    } else if id.starts_with('-') {
        "it starts with '-'"
    } else if id.chars().any(char::is_whitespace) {
        "it contains whitespace"
    } else {
        return Ok(());
    };
    Err(LaunchError::InvalidId {
        what,
        id: id.to_owned(),
        why,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_prompt_stays_an_argument() {
        let dir = tempfile::tempdir().unwrap();
        let spill = dir.path().join("p.txt");
        let input = PromptInput::choose_with_limit("hello", &spill, 5).unwrap();
        assert_eq!(input, PromptInput::Arg("hello".into()));
        assert!(!spill.exists());
    }

    #[test]
    fn long_prompt_goes_to_a_stdin_file() {
        let dir = tempfile::tempdir().unwrap();
        let spill = dir.path().join("p.txt");
        let input = PromptInput::choose_with_limit("hello!", &spill, 5).unwrap();
        assert_eq!(input, PromptInput::StdinFile(spill.clone()));
        assert_eq!(std::fs::read_to_string(&spill).unwrap(), "hello!");
        assert_eq!(input.stdin_file(), Some(spill.as_path()));
    }

    #[test]
    fn default_limit_is_below_the_kernel_argument_limit() {
        let dir = tempfile::tempdir().unwrap();
        let spill = dir.path().join("p.txt");
        let at_limit = "x".repeat(MAX_ARG_PROMPT_BYTES);
        assert!(matches!(
            PromptInput::choose(&at_limit, &spill).unwrap(),
            PromptInput::Arg(_)
        ));
        let over = "x".repeat(MAX_ARG_PROMPT_BYTES + 1);
        assert!(matches!(
            PromptInput::choose(&over, &spill).unwrap(),
            PromptInput::StdinFile(_)
        ));
        const { assert!(MAX_ARG_PROMPT_BYTES < 128 * 1024) };
    }

    #[test]
    fn nul_byte_forces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let spill = dir.path().join("p.txt");
        let input = PromptInput::choose("a\0b", &spill).unwrap();
        assert!(matches!(input, PromptInput::StdinFile(_)));
    }

    #[test]
    fn ids_that_look_like_flags_are_rejected() {
        assert!(check_id("thread id", "abc-123").is_ok());
        assert!(check_id("thread id", "").is_err());
        assert!(check_id("thread id", "--last").is_err());
        assert!(check_id("thread id", "a b").is_err());
    }
}
