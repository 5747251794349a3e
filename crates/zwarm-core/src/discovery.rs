//! Finding the agent CLIs the way a login shell would.
//!
//! A desktop app started from a launcher does not get the PATH of the user's
//! shell profile, so nvm, npm-global or bun installs are invisible to a plain
//! PATH lookup. We look in PATH and then in the usual install places, and
//! report every place we looked at, for the doctor screen.
//!
//! Everything comes from a [`DiscoveryEnv`], so tests never touch the
//! process environment.

use std::ffi::OsString;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

/// One agent CLI: its command name and the npm package that installs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CliSpec {
    pub display_name: &'static str,
    pub binary: &'static str,
    pub npm_package: &'static str,
}

pub const CODEX: CliSpec = CliSpec {
    display_name: "Codex CLI",
    binary: "codex",
    npm_package: "@openai/codex",
};
pub const CLAUDE: CliSpec = CliSpec {
    display_name: "Claude Code",
    binary: "claude",
    npm_package: "@anthropic-ai/claude-code",
};

/// How to learn npm's global prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NpmPrefix {
    /// Run `npm prefix -g` (found on PATH) with a short timeout.
    Ask,
    Known(PathBuf),
    Skip,
}

/// The parts of the environment discovery depends on.
#[derive(Debug, Clone)]
pub struct DiscoveryEnv {
    pub path: Option<OsString>,
    pub home: Option<PathBuf>,
    /// `$NPM_CONFIG_PREFIX`.
    pub npm_config_prefix: Option<PathBuf>,
    pub npm_prefix: NpmPrefix,
    /// Limit for `--version` and `npm prefix -g`.
    pub timeout: Duration,
}

impl DiscoveryEnv {
    /// The current process's environment.
    pub fn from_process() -> Self {
        Self {
            path: std::env::var_os("PATH"),
            home: std::env::var_os("HOME").map(PathBuf::from),
            npm_config_prefix: std::env::var_os("NPM_CONFIG_PREFIX").map(PathBuf::from),
            npm_prefix: NpmPrefix::Ask,
            timeout: Duration::from_secs(5),
        }
    }
}

/// Where a searched directory came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum PlaceKind {
    Configured,
    Path,
    NpmConfigPrefix,
    NpmGlobalPrefix,
    Home,
    System,
    Nvm,
}

/// One candidate path that was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchedPlace {
    pub candidate: PathBuf,
    pub kind: PlaceKind,
    pub found: bool,
}

/// The result of looking for one CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discovery {
    pub cli: CliSpec,
    pub found: Option<PathBuf>,
    /// First line of `--version`, or why it could not be read.
    pub version: Option<Result<String, String>>,
    pub searched: Vec<SearchedPlace>,
}

/// A CLI that could not be found, with what to do about it.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("{0}")]
pub struct DiscoveryError(pub String);

impl Discovery {
    /// The found path, or an error that says how to install the CLI or
    /// point zwarm at it.
    pub fn require(&self) -> Result<&Path, DiscoveryError> {
        if let Some(path) = &self.found {
            return Ok(path);
        }
        let CliSpec {
            display_name,
            binary,
            npm_package,
        } = self.cli;
        let table = binary;
        let configured = self
            .searched
            .iter()
            .find(|p| p.kind == PlaceKind::Configured);
        let msg = match configured {
            Some(place) => format!(
                "{display_name}: the configured path {:?} is not an executable file. Fix or clear \
                 it in the app's Settings → Agents, or `path` under [{table}] in .zwarm/config.toml.",
                place.candidate
            ),
            None => format!(
                "{display_name} (`{binary}`) was not found in the {} places zwarm looked ({}). \
                 Install it with `npm install -g {npm_package}`, or set the path to `{binary}` in \
                 the app's Settings → Agents (or `path` under [{table}] in .zwarm/config.toml).",
                self.searched.len(),
                self.searched
                    .iter()
                    .map(|p| p.candidate.parent().unwrap_or(&p.candidate).display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Err(DiscoveryError(msg))
    }
}

/// Looks for `cli`: only `configured` when given (a wrong setting should be
/// reported, not silently replaced by another install), else every place of
/// [`search_dirs`] in order. Reads the version of what it finds.
pub fn discover(cli: CliSpec, configured: Option<&Path>, env: &DiscoveryEnv) -> Discovery {
    let mut discovery = locate(cli, configured, env);
    discovery.version = discovery
        .found
        .as_deref()
        .map(|path| read_version(path, env));
    discovery
}

/// Like [`discover`] without running `--version`: what starting a turn needs.
pub fn locate(cli: CliSpec, configured: Option<&Path>, env: &DiscoveryEnv) -> Discovery {
    let candidates: Vec<(PathBuf, PlaceKind)> = match configured {
        Some(path) => vec![(path.to_path_buf(), PlaceKind::Configured)],
        None => search_dirs(env)
            .into_iter()
            .map(|(dir, kind)| (dir.join(cli.binary), kind))
            .collect(),
    };
    let mut searched = Vec::new();
    let mut found = None;
    for (candidate, kind) in candidates {
        let hit = is_executable(&candidate);
        searched.push(SearchedPlace {
            candidate: candidate.clone(),
            kind,
            found: hit,
        });
        if hit {
            found = Some(candidate);
            break;
        }
    }
    Discovery {
        cli,
        found,
        version: None,
        searched,
    }
}

/// The directories searched, in order, without duplicates.
pub fn search_dirs(env: &DiscoveryEnv) -> Vec<(PathBuf, PlaceKind)> {
    let mut dirs: Vec<(PathBuf, PlaceKind)> = Vec::new();
    if let Some(path) = &env.path {
        dirs.extend(
            std::env::split_paths(path)
                .filter(|d| d.is_absolute())
                .map(|d| (d, PlaceKind::Path)),
        );
    }
    if let Some(prefix) = &env.npm_config_prefix {
        dirs.push((prefix.join("bin"), PlaceKind::NpmConfigPrefix));
    }
    if let Some(prefix) = npm_global_prefix(env) {
        dirs.push((prefix.join("bin"), PlaceKind::NpmGlobalPrefix));
    }
    if let Some(home) = &env.home {
        for sub in [".local/bin", ".npm-global/bin", ".bun/bin"] {
            dirs.push((home.join(sub), PlaceKind::Home));
        }
    }
    dirs.push((PathBuf::from("/usr/local/bin"), PlaceKind::System));
    if let Some(home) = &env.home {
        dirs.extend(
            nvm_bins(&home.join(".nvm/versions/node"))
                .into_iter()
                .map(|d| (d, PlaceKind::Nvm)),
        );
    }
    let mut seen = std::collections::HashSet::new();
    dirs.retain(|(d, _)| seen.insert(d.clone()));
    dirs
}

/// `<root>/<version>/bin` for every installed node, newest version first.
fn nvm_bins(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut versions: Vec<(Vec<u64>, PathBuf)> = entries
        .filter_map(|e| {
            let e = e.ok()?;
            let name = e.file_name().to_str()?.to_owned();
            let key = name
                .trim_start_matches('v')
                .split('.')
                .map(|n| n.parse().unwrap_or(0))
                .collect();
            Some((key, e.path().join("bin")))
        })
        .collect();
    versions.sort_by(|a, b| b.0.cmp(&a.0));
    versions.into_iter().map(|(_, dir)| dir).collect()
}

fn npm_global_prefix(env: &DiscoveryEnv) -> Option<PathBuf> {
    match &env.npm_prefix {
        NpmPrefix::Skip => None,
        NpmPrefix::Known(prefix) => Some(prefix.clone()),
        NpmPrefix::Ask => {
            let npm = std::env::split_paths(env.path.as_ref()?)
                .map(|d| d.join("npm"))
                .find(|p| is_executable(p))?;
            let out =
                run_with_timeout(&npm, &["prefix", "-g"], env.path.clone(), env.timeout).ok()?;
            let line = out.lines().next()?.trim();
            (!line.is_empty()).then(|| PathBuf::from(line))
        }
    }
}

/// `--version` of `program`, with its own directory first on PATH so a
/// `#!/usr/bin/env node` launcher finds the node it was installed with.
fn read_version(program: &Path, env: &DiscoveryEnv) -> Result<String, String> {
    let out = run_with_timeout(
        program,
        &["--version"],
        path_with_dir_of(program, env),
        env.timeout,
    )?;
    out.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned)
        .ok_or_else(|| format!("{} --version printed nothing", program.display()))
}

/// PATH with `program`'s directory in front: use it when launching a found
/// CLI too, for the same reason as [`read_version`].
pub fn path_with_dir_of(program: &Path, env: &DiscoveryEnv) -> Option<OsString> {
    let dir = program.parent()?.to_path_buf();
    let rest = env.path.iter().flat_map(std::env::split_paths);
    std::env::join_paths(std::iter::once(dir).chain(rest)).ok()
}

/// Runs `program args` with stdin closed and returns its stdout if it exits
/// successfully within `timeout`; kills it otherwise.
fn run_with_timeout(
    program: &Path,
    args: &[&str],
    path: Option<OsString>,
    timeout: Duration,
) -> Result<String, String> {
    let mut cmd = Command::new(program);
    // Own process group, so a timeout also ends what a launcher script started.
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0);
    if let Some(path) = path {
        cmd.env("PATH", path);
    }
    let shown = format!("{} {}", program.display(), args.join(" "));
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let group = i32::try_from(child.id())
                    .ok()
                    .and_then(rustix::process::Pid::from_raw);
                if let Some(group) = group {
                    let _ =
                        rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
                }
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{shown} did not answer within {timeout:?}"));
            }
            Err(e) => return Err(format!("waiting for {shown}: {e}")),
        }
    };
    let mut out = String::new();
    if let Some(mut stdout) = child.stdout.take() {
        let _ = stdout.read_to_string(&mut out);
    }
    if status.success() {
        Ok(out)
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
#[path = "discovery_tests.rs"]
mod tests;
