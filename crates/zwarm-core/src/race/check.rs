//! The race's check: one command (the project's tests, say) run with
//! `sh -c` in each ended entrant's worktree, bounded in time and output
//! (the orchestrator's shell: own process group, killed whole on timeout,
//! stdin closed). It blocks for as long as the commands run, so async
//! callers run it on a blocking thread. The results are recorded in the
//! race once all have run, under its lock.

use std::path::Path;
use std::time::{Duration, Instant};

use zwarm_llm::CancellationToken;

use super::{CheckResult, Race, RaceError};
use crate::engine::{Engine, EngineResult};
use crate::orchestrate::{run_shell, ShellLimits};
use crate::store::Timestamp;

/// How long one check may run in one worktree before it is killed.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(600);

/// Characters of a check's output kept: its head and its tail, where test
/// runners print what failed and their verdict.
pub const CHECK_OUTPUT_CHARS: usize = 8_000;

impl Engine {
    /// Runs the race's check command (or `command`, which then becomes the
    /// race's) in the worktree of every entrant whose session has ended,
    /// and records each result. Entrants still running, without a session
    /// or whose worktree is gone are left as they were.
    pub fn race_check(&self, id_or_prefix: &str, command: Option<&str>) -> EngineResult<Race> {
        let race = self.races().find(id_or_prefix)?;
        let given = command.map(str::trim).filter(|c| !c.is_empty());
        let Some(command) = given.or(race.check.as_deref()).map(str::to_string) else {
            return Err(RaceError::NoCheck {
                race: race.short_id().to_string(),
            }
            .into());
        };
        let mut results = Vec::new();
        for entrant in &race.entrants {
            let Some(id) = entrant.session_id.as_deref() else {
                continue;
            };
            let Ok(meta) = self.refresh(id) else {
                continue;
            };
            let dir = Path::new(&meta.working_dir);
            if !meta.status.is_ended() || meta.worktree.is_none() || !dir.is_dir() {
                continue;
            }
            results.push((id.to_string(), run_check(&command, dir)));
        }
        Ok(self.races().update(&race.id, |race| {
            if given.is_some() {
                race.check = Some(command.clone());
            }
            for (id, result) in results {
                if let Some(entrant) = race.entrants.iter_mut().find(|e| e.session_id.as_deref() == Some(id.as_str())) {
                    entrant.check = Some(result);
                }
            }
        })?)
    }
}

/// Runs `command` in `dir`; a command that cannot even start is a failed
/// check that says why.
fn run_check(command: &str, dir: &Path) -> CheckResult {
    let limits = ShellLimits {
        timeout: CHECK_TIMEOUT,
        max_output: CHECK_OUTPUT_CHARS,
    };
    let ran_at = Timestamp::now();
    let started = Instant::now();
    let ran = run_shell(command, dir, limits, &CancellationToken::new());
    let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match ran {
        Ok(result) => CheckResult {
            command: command.to_string(),
            passed: result.exit_code == Some(0),
            exit_code: result.exit_code,
            timed_out: result.timed_out,
            output: result.output,
            ran_at,
            duration_ms,
        },
        Err(error) => CheckResult {
            command: command.to_string(),
            exit_code: None,
            timed_out: false,
            passed: false,
            output: format!("the check could not be run in {}: {error}", dir.display()),
            ran_at,
            duration_ms,
        },
    }
}
