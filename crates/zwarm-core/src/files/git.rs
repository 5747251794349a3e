//! Running `git` on the shadow repository, sealed off from the user's git.
//!
//! Every call names the shadow repository, the work tree and a private index
//! through the environment, so git never discovers (let alone reads or
//! writes) the user's own `.git`. Inherited `GIT_*` variables are dropped (a
//! `GIT_DIR` or `GIT_CONFIG_PARAMETERS` from a hook or a terminal would
//! otherwise redirect us), system and global configuration are not read, and
//! every setting that could run a program (hooks, fsmonitor, signing) or
//! change bytes (line endings, filters: see the shadow's `info/attributes`)
//! is fixed on the command line, which outranks the shadow's own `config`.
//! A `config` planted in `.zwarm/shadow.git` therefore cannot run anything.

use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};

use super::error::{FilesError, FilesResult};

/// Which `git` to run. Tests (and a settings page) can point it elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitProgram {
    program: OsString,
    search_path: Option<OsString>,
}

impl Default for GitProgram {
    /// `git`, looked up on the inherited `PATH`.
    fn default() -> Self {
        Self::new("git")
    }
}

impl GitProgram {
    /// A program name (looked up on `PATH`) or a path to a git executable.
    pub fn new(program: impl Into<OsString>) -> Self {
        Self {
            program: program.into(),
            search_path: None,
        }
    }

    /// Looks the program up on this `PATH` instead of the inherited one
    /// (the child process gets it as its `PATH` too).
    pub fn search_path(mut self, path: impl Into<OsString>) -> Self {
        self.search_path = Some(path.into());
        self
    }
}

/// The settings every call carries; `-c` outranks every config file.
const FIXED_CONFIG: &[&str] = &[
    "core.fsmonitor=false",
    "core.untrackedCache=false",
    "core.autocrlf=false",
    "core.safecrlf=false",
    "core.sparseCheckout=false",
    "core.quotePath=false",
    "core.fsync=committed",
    "commit.gpgsign=false",
    "gc.auto=0",
    "maintenance.auto=false",
    "advice.addEmbeddedRepo=false",
    "protocol.allow=never",
    "user.name=zwarm",
    "user.email=zwarm@localhost",
    "init.defaultBranch=zwarm",
];

/// A configured way to run git on one shadow repository and work tree.
#[derive(Debug, Clone)]
pub(super) struct Git {
    program: GitProgram,
    shadow: PathBuf,
    root: PathBuf,
}

/// What a finished git call left behind.
pub(super) struct Finished {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Git {
    pub fn new(program: GitProgram, shadow: PathBuf, root: PathBuf) -> Self {
        Self {
            program,
            shadow,
            root,
        }
    }

    pub fn shadow(&self) -> &Path {
        &self.shadow
    }

    /// A file inside the shadow repository that zwarm owns.
    pub fn shadow_file(&self, name: &str) -> PathBuf {
        self.shadow.join(name)
    }

    /// A git command with the isolation applied, not yet told which
    /// repository to use (see [`Git::in_shadow`]).
    fn base(&self) -> Command {
        let mut cmd = Command::new(&self.program.program);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("GIT_") {
                cmd.env_remove(key);
            }
        }
        if let Some(path) = &self.program.search_path {
            cmd.env("PATH", path);
        }
        // Files that do not exist: git treats a missing config file as empty.
        let nothing = self.shadow_file("zwarm-none");
        cmd.env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_SYSTEM", &nothing)
            .env("GIT_CONFIG_GLOBAL", &nothing)
            // Older gits ignore GIT_CONFIG_GLOBAL; they find no ~/.gitconfig here.
            .env("HOME", &self.shadow)
            .env("XDG_CONFIG_HOME", &nothing)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_NO_REPLACE_OBJECTS", "1")
            .env("GIT_AUTHOR_NAME", "zwarm")
            .env("GIT_AUTHOR_EMAIL", "zwarm@localhost")
            .env("GIT_COMMITTER_NAME", "zwarm")
            .env("GIT_COMMITTER_EMAIL", "zwarm@localhost");
        let hooks = self.shadow_file("zwarm-no-hooks");
        let mut hooks_arg = OsString::from("core.hooksPath=");
        hooks_arg.push(hooks.as_os_str());
        let mut attributes_arg = OsString::from("core.attributesFile=");
        attributes_arg.push(nothing.as_os_str());
        cmd.arg("-c").arg(hooks_arg);
        cmd.arg("-c").arg(attributes_arg);
        for setting in FIXED_CONFIG {
            cmd.arg("-c").arg(setting);
        }
        cmd.arg("--no-pager");
        cmd.current_dir(&self.root);
        cmd
    }

    /// A command on the shadow repository with the given index and excludes file.
    fn in_shadow(&self, index: &Path, excludes: &Path) -> Command {
        let mut cmd = self.base();
        let mut excludes_arg = OsString::from("core.excludesFile=");
        excludes_arg.push(excludes.as_os_str());
        cmd.arg("-c").arg(excludes_arg);
        cmd.env("GIT_DIR", &self.shadow)
            .env("GIT_WORK_TREE", &self.root)
            .env("GIT_INDEX_FILE", index);
        cmd
    }

    /// Runs `git --version`: the cheapest way to learn whether git exists.
    pub fn version(&self) -> FilesResult<String> {
        let mut cmd = self.base();
        cmd.arg("--version");
        let done = self.spawn(cmd, None)?;
        check(&["--version"], "checking the git version", done)
            .map(|out| String::from_utf8_lossy(&out).trim().to_string())
    }

    /// `git init --bare` into `dir` (no templates: no sample hooks).
    pub fn init_bare(&self, dir: &Path) -> FilesResult<()> {
        let mut cmd = self.base();
        cmd.args(["init", "--bare", "--quiet", "--template="])
            .arg(dir);
        let done = self.spawn(cmd, None)?;
        check(&["init", "--bare"], "creating the shadow repository", done).map(drop)
    }

    /// Runs git in the shadow repository and returns its stdout, or an error
    /// with its stderr when it exits non-zero.
    pub fn run(
        &self,
        index: &Path,
        excludes: &Path,
        args: &[&OsStr],
        stdin: Option<&[u8]>,
        doing: &'static str,
    ) -> FilesResult<Vec<u8>> {
        let done = self.run_status(index, excludes, args, stdin)?;
        check(args, doing, done)
    }

    /// Runs git in the shadow repository; the caller judges the exit status.
    pub fn run_status(
        &self,
        index: &Path,
        excludes: &Path,
        args: &[&OsStr],
        stdin: Option<&[u8]>,
    ) -> FilesResult<Finished> {
        let mut cmd = self.in_shadow(index, excludes);
        cmd.args(args);
        self.spawn(cmd, stdin)
    }

    fn spawn(&self, mut cmd: Command, stdin: Option<&[u8]>) -> FilesResult<Finished> {
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                FilesError::GitMissing
            } else {
                FilesError::GitSpawn {
                    program: self.program.program.to_string_lossy().into_owned(),
                    source,
                }
            }
        })?;
        let spawn_error = |source| FilesError::GitSpawn {
            program: self.program.program.to_string_lossy().into_owned(),
            source,
        };
        let mut input = child.stdin.take();
        let mut out = child.stdout.take();
        let mut err = child.stderr.take();
        // Feed stdin and drain both pipes at once: a big input or output
        // must not fill a pipe and stall both processes.
        let (stdout, stderr, written) = std::thread::scope(|scope| {
            let writer = scope.spawn(move || -> std::io::Result<()> {
                if let (Some(pipe), Some(bytes)) = (input.as_mut(), stdin) {
                    pipe.write_all(bytes)?;
                }
                drop(input);
                Ok(())
            });
            let reader = scope.spawn(move || {
                let mut buf = Vec::new();
                if let Some(pipe) = err.as_mut() {
                    let _ = pipe.read_to_end(&mut buf);
                }
                buf
            });
            let mut stdout = Vec::new();
            let read = match out.as_mut() {
                Some(pipe) => pipe.read_to_end(&mut stdout).map(drop),
                None => Ok(()),
            };
            let stderr = reader.join().unwrap_or_default();
            let written = writer
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("stdin writer panicked")));
            (read.map(|_| stdout), stderr, written)
        });
        let status = child.wait().map_err(spawn_error)?;
        let stdout = stdout.map_err(spawn_error)?;
        // A broken pipe means git stopped reading early: its status says why.
        if let Err(e) = written {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                return Err(spawn_error(e));
            }
        }
        Ok(Finished {
            status,
            stdout,
            stderr,
        })
    }
}

fn check<S: AsRef<OsStr>>(args: &[S], doing: &'static str, done: Finished) -> FilesResult<Vec<u8>> {
    if done.status.success() {
        return Ok(done.stdout);
    }
    Err(failure(args, doing, &done))
}

/// The error for a git call that exited non-zero.
pub(super) fn failure<S: AsRef<OsStr>>(
    args: &[S],
    doing: &'static str,
    done: &Finished,
) -> FilesError {
    let command = args
        .iter()
        .take(2)
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let stderr = String::from_utf8_lossy(&done.stderr).trim().to_string();
    FilesError::Git {
        command,
        doing,
        status: done.status.to_string(),
        stderr: if stderr.is_empty() {
            "git printed no message".to_string()
        } else {
            stderr
        },
    }
}
