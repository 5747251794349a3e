//! Liveness of a process that another program started: zwarm 3.x records only
//! a session's PID, never its start time, so a PID alone may name an unrelated
//! process that reused it. Such a PID counts as the session's process only if
//! that process started while the session recorded it (between the session's
//! creation and its last write) and its command line names the agent CLI.

use std::path::Path;

use chrono::{DateTime, Local, NaiveDateTime, TimeDelta};

use super::procfs::read_stat;

/// Clock differences tolerated between the recorder's timestamps and the
/// kernel's start time: zwarm writes `updated_at` just after spawning.
const SLACK: TimeDelta = TimeDelta::seconds(5);

/// A foreign PID confirmed as the recorded process, with its start time (field
/// 22 of `/proc/PID/stat`) so it can be handled like one of our own turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignProcess {
    pub pid: u32,
    pub start_time: u64,
}

/// What zwarm 3.x recorded about a running turn.
#[derive(Debug, Clone, Copy)]
pub struct ForeignRecord<'a> {
    pub pid: u32,
    /// The process cannot have started before this (the session's creation).
    pub earliest: NaiveDateTime,
    /// Nor after this (the last write of the session, which named the PID).
    pub latest: NaiveDateTime,
    /// A word the process's command line must hold, e.g. `codex` or `claude`.
    pub program: &'a str,
}

/// The live process `record` names, or `None` when it is gone, a zombie, or
/// evidently another program that got the same PID.
pub fn find_foreign(record: ForeignRecord<'_>) -> Option<ForeignProcess> {
    let stat = read_stat(record.pid)?;
    if stat.is_dead() {
        return None;
    }
    let started = started_at(stat.start_time)?;
    if started < record.earliest - SLACK || started > record.latest + SLACK {
        return None;
    }
    if !command_line_names(record.pid, record.program) {
        return None;
    }
    Some(ForeignProcess {
        pid: record.pid,
        start_time: stat.start_time,
    })
}

/// Local wall-clock time at which a process with this start time (clock ticks
/// since boot) started.
fn started_at(start_ticks: u64) -> Option<NaiveDateTime> {
    let ticks = rustix::param::clock_ticks_per_second();
    if ticks == 0 {
        return None;
    }
    let boot = boot_time()?;
    let millis = i64::try_from(start_ticks.checked_mul(1000)? / ticks).ok()?;
    let at = DateTime::from_timestamp(boot, 0)? + TimeDelta::milliseconds(millis);
    Some(at.with_timezone(&Local).naive_local())
}

/// Seconds since the epoch at boot (`btime` in `/proc/stat`).
fn boot_time() -> Option<i64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    stat.lines()
        .find_map(|line| line.strip_prefix("btime "))
        .and_then(|n| n.trim().parse().ok())
}

/// Whether `/proc/PID/cmdline` mentions `program` (case-insensitive). An
/// unreadable command line does not refute the PID: the start time decides.
fn command_line_names(pid: u32, program: &str) -> bool {
    let path = Path::new("/proc").join(pid.to_string()).join("cmdline");
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes)
            .to_ascii_lowercase()
            .contains(&program.to_ascii_lowercase()),
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(pid: u32, program: &str) -> ForeignRecord<'_> {
        let now = Local::now().naive_local();
        ForeignRecord {
            pid,
            earliest: now - TimeDelta::hours(1000),
            latest: now,
            program,
        }
    }

    #[test]
    fn a_live_process_started_in_the_window_with_the_program_is_found() {
        let me = std::process::id();
        let exe = std::env::args().next().unwrap_or_default();
        let word = Path::new(&exe)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("zwarm")
            .to_string();
        let found = find_foreign(record(me, &word)).expect("this test process");
        assert_eq!(found.pid, me);
        assert_eq!(Some(found.start_time), super::super::start_time(me));
    }

    #[test]
    fn another_program_or_a_later_start_is_not_the_recorded_process() {
        let me = std::process::id();
        assert_eq!(find_foreign(record(me, "no-such-agent-cli")), None);
        let mut early = record(me, "");
        early.latest = early.earliest;
        assert_eq!(
            find_foreign(early),
            None,
            "started after the session's last write"
        );
        assert_eq!(find_foreign(record(u32::MAX, "")), None);
    }
}
