//! Running one agent turn detached from the app.
//!
//! A turn must survive the app closing or crashing, and its exit code must be
//! recorded even then. So the CLI is not our child directly: we start a small
//! `/bin/sh` waiter in a new session (`setsid`: its own process group, no
//! controlling terminal), which runs the CLI, waits for it and writes the
//! exit status to `turn_N.exit` (via a temp file, fsync and `mv`, so a reader
//! never sees half a number; see `exit_code.rs` for a full disk). The app
//! stores `(pid, start_time)` of the waiter and the turn's marker, and later
//! asks [`SpawnedTurn::members`], [`read_exit_code`] or [`kill_turn`]; none of
//! them needs the process to be our child.
//!
//! The waiter is a child subreaper (`PR_SET_CHILD_SUBREAPER`): while it
//! lives, a process of the turn whose parent dies is reparented to it rather
//! than to init, so the turn's process tree stays whole. Every process of the
//! turn inherits the marker variable [`MARKER_VAR`] from it, which finds them
//! even after the waiter is gone (see [`SpawnedTurn::members`]).
//!
//! While the app runs, a thread waits on the waiter so it never lingers as a
//! zombie; after the app exits, init adopts and reaps it.

mod exit_code;
mod foreign;
mod kill;
mod members;
mod procfs;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tree_tests;

use std::fs::File;
use std::io;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};

pub use exit_code::read_exit_code;
use exit_code::tmp_of;
pub use foreign::{find_foreign, ForeignProcess, ForeignRecord};
pub use kill::{kill_turn, KillOutcome, Scope};
pub use members::{Member, MARKER_VAR};
pub use procfs::{is_alive, start_time};

use crate::launch::Launch;

/// The waiter. `$1` is the exit file, the rest is the CLI's argv.
///
/// - The CLI runs in the background so the shell can trap TERM: a trap set
///   with `trap '' TERM` would be inherited as "ignored" by the CLI. Instead
///   TERM is forwarded, and after an interrupted `wait` (status > 128 while
///   the child still exists) the shell waits again for the real status.
/// - A non-interactive shell gives background jobs `/dev/null` as stdin;
///   fd 3 carries our stdin (the prompt file) over to the CLI explicitly.
/// - TERM to the whole group reaches the CLI directly and the shell's trap;
///   the CLI's status is then usually 143 (128 + SIGTERM).
/// - SIGKILL kills the waiter too: no exit file is written, and [`kill_turn`]
///   reports `ForceKilled` so the caller can record it.
/// - The exit code is never lost to a full disk and no `.tmp` is left behind:
///   it is written to a temp file, flushed (`sync FILE`, best effort: old or
///   busybox `sync` may not take a file) and renamed; if the disk refuses the
///   data, the temp is removed and the code becomes the target of a symlink
///   `turn_N.exit -> 143`, which needs no data block and appears atomically.
///   Both are retried for a while (space may come back); while the waiter
///   retries it is alive, so the turn still counts as running. The readers
///   are in `exit_code.rs`.
const WAITER: &str = r#"exit_file=$1; shift
exec 3<&0
"$@" <&3 3<&- &
child=$!
exec 3<&-
trap 'kill -TERM "$child" 2>/dev/null' TERM
while :; do
  wait "$child"; code=$?
  if [ "$code" -gt 128 ] && kill -0 "$child" 2>/dev/null; then continue; fi
  break
done
tmp="$exit_file.tmp"; tries=0
until { printf '%s\n' "$code" > "$tmp" && { sync "$tmp" || :; } && mv -f "$tmp" "$exit_file"; } 2>/dev/null ||
      { rm -f "$tmp"; ln -s "$code" "$exit_file"; } 2>/dev/null; do
  tries=$((tries + 1)); [ "$tries" -ge 10 ] && break
  sleep 1
done
rm -f "$tmp" 2>/dev/null
"#;

/// The files of one turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TurnFiles {
    /// The CLI's stdout (JSON lines), truncated at spawn.
    pub stdout: PathBuf,
    /// The CLI's stderr, kept apart so it never corrupts the JSON lines.
    pub stderr: PathBuf,
    /// The exit code, written once the CLI has ended.
    pub exit: PathBuf,
}

impl TurnFiles {
    /// `turn_N.jsonl`, `turn_N.stderr` and `turn_N.exit` in `dir`.
    pub fn in_dir(dir: &Path, turn: u32) -> Self {
        Self {
            stdout: dir.join(format!("turn_{turn}.jsonl")),
            stderr: dir.join(format!("turn_{turn}.stderr")),
            exit: dir.join(format!("turn_{turn}.exit")),
        }
    }

    /// The recorded exit code; `None` while running (or if killed hard).
    pub fn exit_code(&self) -> Option<i32> {
        read_exit_code(&self.exit)
    }
}

/// A started turn: the waiter's PID (also its process group and session id)
/// and start time, and the marker in its processes' environment. Store all
/// three; they stay meaningful after a restart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpawnedTurn {
    pub pid: u32,
    pub start_time: u64,
    /// The value of [`MARKER_VAR`]; `None` for turns started before markers.
    pub marker: Option<String>,
}

impl SpawnedTurn {
    /// Whether the waiter itself still runs (the CLI may outlive it).
    pub fn is_alive(&self) -> bool {
        is_alive(self.pid, self.start_time)
    }

    /// The waiter as a [`Member`].
    pub fn waiter(&self) -> Member {
        Member {
            pid: self.pid,
            start_time: self.start_time,
        }
    }

    /// Every live process of the turn, the waiter included while it lives.
    pub fn members(&self) -> Vec<Member> {
        members::members(self.waiter(), self.marker.as_deref())
    }
}

/// A fresh marker for turn `turn` of session `session`: unique even if the
/// same turn number is started again (a nonce), so a leftover of an earlier
/// attempt is never mistaken for this turn's process.
pub fn new_marker(session: &str, turn: u32) -> String {
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    format!("{session}:{turn}:{}", &nonce[..12])
}

/// Why a turn could not be started.
#[derive(Debug, thiserror::Error)]
pub enum SpawnError {
    #[error(
        "agent CLI {0:?} is not an executable file; check its path in Settings → Agents (or .zwarm/config.toml) or run the doctor"
    )]
    ProgramMissing(PathBuf),
    #[error("workspace {0:?} is not a directory")]
    WorkspaceMissing(PathBuf),
    #[error("cannot open {path:?} for the turn: {source}")]
    File { path: PathBuf, source: io::Error },
    #[error("cannot start /bin/sh for the turn: {0}")]
    Spawn(io::Error),
    #[error("the turn process {0} vanished before its start time could be read")]
    NoStartTime(u32),
}

/// Changes to the inherited environment for a turn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TurnEnv {
    /// Variables set (e.g. a custom `CODEX_HOME`), after the removals.
    pub set: Vec<(String, String)>,
    /// Inherited variables the CLI must not see (see `engine::agent_env`).
    pub remove: Vec<String>,
}

/// Starts `program` with `launch` detached, writing to `files`. The inherited
/// environment is changed by `env`, then [`MARKER_VAR`]`=marker` is set
/// (see [`new_marker`]).
pub fn spawn_turn(
    program: &Path,
    launch: &Launch,
    env: &TurnEnv,
    marker: &str,
    files: &TurnFiles,
) -> Result<SpawnedTurn, SpawnError> {
    if !is_executable(program) {
        return Err(SpawnError::ProgramMissing(program.to_path_buf()));
    }
    if !launch.cwd.is_dir() {
        return Err(SpawnError::WorkspaceMissing(launch.cwd.clone()));
    }
    for stale in [files.exit.clone(), tmp_of(&files.exit)] {
        let _ = std::fs::remove_file(stale);
    }
    let stdin = match &launch.stdin {
        Some(path) => Stdio::from(open(path, |p| File::open(p))?),
        None => Stdio::null(),
    };
    let stdout = open(&files.stdout, create)?;
    let stderr = open(&files.stderr, create)?;

    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(WAITER)
        .arg("zwarm-turn")
        .arg(&files.exit)
        .arg(program)
        .args(&launch.args)
        .current_dir(&launch.cwd);
    for name in &env.remove {
        cmd.env_remove(name);
    }
    cmd.envs(env.set.iter().map(|(k, v)| (k, v)))
        .env(MARKER_VAR, marker)
        .stdin(stdin)
        .stdout(stdout)
        .stderr(stderr);
    // SAFETY: only `setsid` and `prctl`, plain system calls that are
    // async-signal-safe, run between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            rustix::process::setsid().map_err(io::Error::from)?;
            rustix::process::set_child_subreaper(Some(rustix::process::getpid()))
                .map_err(io::Error::from)
        });
    }
    let mut child = cmd.spawn().map_err(SpawnError::Spawn)?;
    let pid = child.id();
    // Not yet waited for, so even an instant exit leaves a zombie with a stat.
    let start_time = start_time(pid).ok_or(SpawnError::NoStartTime(pid));
    let reaper = std::thread::Builder::new()
        .name(format!("zwarm-reap-{pid}"))
        .spawn(move || child.wait().map(drop));
    // Without the thread the waiter stays a zombie until the app exits: harmless.
    drop(reaper);
    Ok(SpawnedTurn {
        pid,
        start_time: start_time?,
        marker: Some(marker.to_string()),
    })
}

fn create(path: &Path) -> io::Result<File> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    File::create(path)
}

fn open(path: &Path, how: fn(&Path) -> io::Result<File>) -> Result<File, SpawnError> {
    how(path).map_err(|source| SpawnError::File {
        path: path.to_path_buf(),
        source,
    })
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}
