//! Running `git` on the user's repository for worktrees. Unlike the shadow
//! repository of `files`, this is the user's own repository, on purpose: a
//! session's branch must be a real branch they can see, merge and push. What
//! could run code or reshape bytes is still fixed on the command line: hooks
//! (a repository's hooks would otherwise run each time zwarm makes a
//! worktree or a merge commit), fsmonitor, and signing prompts.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::WorktreeError;

const FIXED_CONFIG: &[&str] = &[
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "commit.gpgsign=false",
    "tag.gpgsign=false",
    "core.quotePath=false",
    "advice.detachedHead=false",
];

/// A finished git call.
pub(super) struct Output {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// `git` run in one folder of the user's repository.
#[derive(Debug, Clone)]
pub(super) struct Git {
    dir: PathBuf,
    /// A private index instead of the worktree's own (`GIT_INDEX_FILE`).
    index: Option<PathBuf>,
}

impl Git {
    pub fn in_dir(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            index: None,
        }
    }

    /// The same, staging into the index file at `index` instead.
    pub fn with_index(mut self, index: impl Into<PathBuf>) -> Self {
        self.index = Some(index.into());
        self
    }

    fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut cmd = Command::new("git");
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("GIT_") {
                cmd.env_remove(key);
            }
        }
        cmd.env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_AUTHOR_NAME", "zwarm")
            .env("GIT_AUTHOR_EMAIL", "zwarm@localhost")
            .env("GIT_COMMITTER_NAME", "zwarm")
            .env("GIT_COMMITTER_EMAIL", "zwarm@localhost");
        for setting in FIXED_CONFIG {
            cmd.arg("-c").arg(setting);
        }
        if let Some(index) = &self.index {
            cmd.env("GIT_INDEX_FILE", index);
        }
        cmd.arg("--no-pager").args(args).current_dir(&self.dir);
        cmd.stdin(Stdio::null());
        cmd
    }

    /// Runs git and returns what it said, success or not.
    pub fn output<S: AsRef<OsStr>>(&self, args: &[S]) -> Result<Output, WorktreeError> {
        let out = self.command(args).output().map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                WorktreeError::GitMissing
            } else {
                WorktreeError::Io {
                    doing: "run git",
                    path: self.dir.clone(),
                    source,
                }
            }
        })?;
        Ok(Output {
            success: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }

    /// Runs git; its stdout, or an error naming what failed and git's words.
    pub fn run<S: AsRef<OsStr>>(&self, doing: &'static str, args: &[S]) -> Result<String, WorktreeError> {
        let out = self.output(args)?;
        if out.success {
            Ok(out.stdout)
        } else {
            Err(WorktreeError::Git {
                doing,
                message: out.stderr,
            })
        }
    }
}
