//! The orchestrator's own shell: a command in the workspace folder with a
//! timeout and an output limit. zwarm ran `bash -lc` in the process's cwd,
//! unsandboxed and unbounded (§4.3); here the folder is the workspace, the
//! command gets its own process group (killed whole on timeout), stdin is
//! /dev/null, and the output handed back is cut to its head and tail.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zwarm_llm::CancellationToken;

use crate::pilot::tools::head_tail;
use crate::pilot::OrchestrateConfig;

/// How a shell call may run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShellLimits {
    pub timeout: Duration,
    /// Characters of combined output returned to the LLM.
    pub max_output: usize,
}

/// `[orchestrate]`'s defaults: one source for the numbers.
impl Default for ShellLimits {
    fn default() -> Self {
        Self::from(&OrchestrateConfig::default())
    }
}

/// What a command did.
#[derive(Debug, Clone, PartialEq)]
pub struct ShellResult {
    /// `None` when it was killed (timeout or stop).
    pub exit_code: Option<i32>,
    pub output: String,
    pub timed_out: bool,
}

impl ShellResult {
    /// The text the LLM reads.
    pub fn describe(&self) -> String {
        let status = match (self.exit_code, self.timed_out) {
            (_, true) => "killed: it ran longer than the timeout".to_string(),
            (Some(code), _) => format!("exit {code}"),
            (None, _) => "killed".to_string(),
        };
        format!("[{status}]\n{}", self.output)
    }
}

/// Runs `command` with `sh -c` in `dir`.
pub fn run_shell(
    command: &str,
    dir: &Path,
    limits: ShellLimits,
    cancel: &CancellationToken,
) -> std::io::Result<ShellResult> {
    let out_path = tempfile::NamedTempFile::new()?;
    let out = out_path.reopen()?;
    let err = out.try_clone()?;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0)
        .spawn()?;
    let started = Instant::now();
    let (status, timed_out) = loop {
        if let Some(status) = child.try_wait()? {
            break (Some(status), false);
        }
        let timed_out = started.elapsed() >= limits.timeout;
        if timed_out || cancel.is_cancelled() {
            kill_group(child.id());
            let _ = child.wait();
            break (None, timed_out);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut bytes = Vec::new();
    std::fs::File::open(out_path.path())?.read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(ShellResult {
        exit_code: status.and_then(|s| s.code()),
        output: head_tail(&text, limits.max_output),
        timed_out,
    })
}

fn kill_group(pid: u32) {
    if let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_in_the_folder_and_reports_exit_codes_and_output() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("here.txt"), "x").unwrap();
        let result = run_shell(
            "ls; echo oops >&2; exit 3",
            dir.path(),
            ShellLimits::default(),
            &CancellationToken::new(),
        )
        .unwrap();
        assert_eq!(result.exit_code, Some(3));
        assert!(
            result.output.contains("here.txt") && result.output.contains("oops"),
            "{}",
            result.output
        );
        assert!(result.describe().starts_with("[exit 3]"));
    }

    #[test]
    fn a_command_past_its_timeout_is_killed_with_its_children() {
        let dir = tempfile::tempdir().unwrap();
        let limits = ShellLimits {
            timeout: Duration::from_millis(300),
            max_output: 100,
        };
        let started = Instant::now();
        let result = run_shell(
            "sleep 30 & sleep 30",
            dir.path(),
            limits,
            &CancellationToken::new(),
        )
        .unwrap();
        assert!(result.timed_out && result.exit_code.is_none());
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn long_output_keeps_head_and_tail() {
        let dir = tempfile::tempdir().unwrap();
        let limits = ShellLimits {
            timeout: Duration::from_secs(10),
            max_output: 200,
        };
        let result = run_shell(
            "echo FIRST; seq 1 5000; echo LAST",
            dir.path(),
            limits,
            &CancellationToken::new(),
        )
        .unwrap();
        assert!(
            result.output.starts_with("FIRST") && result.output.trim_end().ends_with("LAST"),
            "{}",
            result.output
        );
    }
}
