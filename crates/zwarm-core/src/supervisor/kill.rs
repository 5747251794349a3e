//! Stopping a turn: its whole process group, and only if it is still ours.

use std::io;
use std::time::{Duration, Instant};

use rustix::process::{kill_process_group, Pid, Signal};

use super::procfs::{group_members, is_alive};

/// What [`kill_group`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KillOutcome {
    /// The turn had already ended (or the PID now belongs to another
    /// process): nothing was signalled. Not a "killed" turn (reference §10.6).
    NotRunning,
    /// SIGTERM ended the group within the grace period. The waiter recorded
    /// the CLI's status (usually 143) in the exit file.
    Terminated,
    /// The group outlived the grace period and got SIGKILL. The waiter died
    /// too, so no exit file was written: record the kill yourself.
    ForceKilled,
}

impl KillOutcome {
    pub fn was_running(self) -> bool {
        self != Self::NotRunning
    }
}

/// Stops the turn whose waiter is `pid` (started at `start_time`): SIGTERM to
/// its process group, up to `grace` for every member to exit, then SIGKILL
/// to whatever is left, including grandchildren that outlived the leader.
pub fn kill_group(pid: u32, start_time: u64, grace: Duration) -> io::Result<KillOutcome> {
    if !is_alive(pid, start_time) {
        return Ok(KillOutcome::NotRunning);
    }
    let Some((raw, pgid)) = i32::try_from(pid)
        .ok()
        .and_then(|raw| Some((raw, Pid::from_raw(raw)?)))
    else {
        return Ok(KillOutcome::NotRunning);
    };
    signal_group(pgid, Signal::TERM)?;
    if wait_group_empty(raw, grace) {
        return Ok(KillOutcome::Terminated);
    }
    signal_group(pgid, Signal::KILL)?;
    wait_group_empty(raw, Duration::from_secs(2));
    Ok(KillOutcome::ForceKilled)
}

/// Sends `sig` to the group; a group that is already gone is not an error.
fn signal_group(pgid: Pid, sig: Signal) -> io::Result<()> {
    match kill_process_group(pgid, sig) {
        Ok(()) | Err(rustix::io::Errno::SRCH) => Ok(()),
        Err(e) => Err(io::Error::from(e)),
    }
}

fn wait_group_empty(pgid: i32, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    loop {
        if group_members(pgid).is_empty() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
