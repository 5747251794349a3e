//! Stopping a turn: every process of it (see
//! [`super::SpawnedTurn::members`]), and only processes that are still the
//! ones we found.
//!
//! A process group is not enough: the commands an agent runs may sit in
//! their own session and group, and the CLI may already be orphaned. So
//! each member is signalled by PID, through a pidfd opened after checking
//! its start time, which names that very process even if it exits and its
//! PID is reused meanwhile. The set is re-scanned while we wait, so a
//! process forked during the grace period is caught too.

use std::io;
use std::time::{Duration, Instant};

use rustix::process::{kill_process, pidfd_open, pidfd_send_signal, Pid, PidfdFlags, Signal};

use super::members::Member;
use super::procfs::read_stat;
use super::SpawnedTurn;

/// How long SIGKILLed processes get to disappear from `/proc` (a process in
/// uninterruptible sleep dies only when its I/O returns). A hang guard only.
const KILL_WAIT: Duration = Duration::from_secs(5);
/// Pause between two scans while waiting.
const POLL: Duration = Duration::from_millis(20);

/// What [`kill_turn`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KillOutcome {
    /// No process of the turn was running (or the PID now belongs to another
    /// process): nothing was signalled. Not a "killed" turn (reference §10.6).
    NotRunning,
    /// SIGTERM ended every process within the grace period. If the waiter
    /// was among them it recorded the CLI's status (usually 143).
    Terminated,
    /// Something outlived the grace period and got SIGKILL. If the waiter
    /// was still there it died too, so no exit file was written: record the
    /// kill yourself.
    ForceKilled,
}

impl KillOutcome {
    pub fn was_running(self) -> bool {
        self != Self::NotRunning
    }
}

/// Which processes of a turn [`kill_turn`] stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// All of them: the user stops the turn.
    Whole,
    /// All but the waiter: the CLI has ended and the waiter is writing (or
    /// has written) the exit file; what else remains was left behind.
    Leftovers,
}

/// Stops the processes of `turn` in `scope`: SIGTERM to each, up to `grace`
/// for all to exit (signalling any that appear meanwhile), then SIGKILL to
/// whatever is left. Works whether or not the waiter still lives.
pub fn kill_turn(turn: &SpawnedTurn, scope: Scope, grace: Duration) -> io::Result<KillOutcome> {
    let waiter = turn.waiter();
    let scan = || -> Vec<Member> {
        turn.members()
            .into_iter()
            .filter(|m| scope == Scope::Whole || *m != waiter)
            .collect()
    };
    let mut known = scan();
    if known.is_empty() {
        return Ok(KillOutcome::NotRunning);
    }
    // The waiter first: its trap forwards TERM to the CLI and records the status.
    known.sort_by_key(|m| *m != waiter);
    if signal_until_gone(&mut known, &scan, Signal::TERM, grace)? {
        return Ok(KillOutcome::Terminated);
    }
    signal_until_gone(&mut known, &scan, Signal::KILL, KILL_WAIT)?;
    Ok(KillOutcome::ForceKilled)
}

/// Sends `sig` to every process in `known` and to any new member a re-scan
/// finds, until none is alive (true) or `timeout` passes (false). `known`
/// keeps every process ever found: one reparented to init and so no longer
/// found by a scan is still ours.
fn signal_until_gone(
    known: &mut Vec<Member>,
    scan: &dyn Fn() -> Vec<Member>,
    sig: Signal,
    timeout: Duration,
) -> io::Result<bool> {
    let deadline = Instant::now() + timeout;
    let mut signalled: Vec<Member> = Vec::new();
    loop {
        for member in known.iter() {
            if !signalled.contains(member) {
                signal(*member, sig)?;
                signalled.push(*member);
            }
        }
        known.retain(Member::is_alive);
        if known.is_empty() {
            // A member may have forked a child just before it died (a shell
            // loop starting its next command): look once more before saying
            // the turn is gone.
            known.extend(scan());
            if known.is_empty() {
                return Ok(true);
            }
            if Instant::now() >= deadline {
                return Ok(false);
            }
            continue;
        }
        if Instant::now() >= deadline {
            return Ok(false);
        }
        std::thread::sleep(POLL);
        for member in scan() {
            if !known.contains(&member) {
                known.push(member);
            }
        }
    }
}

/// Signals `member` if it is still that process; one that is gone (or whose
/// PID now names another process) is not an error.
fn signal(member: Member, sig: Signal) -> io::Result<()> {
    let Some(pid) = i32::try_from(member.pid).ok().and_then(Pid::from_raw) else {
        return Ok(());
    };
    let same = || read_stat(member.pid).is_some_and(|s| s.start_time == member.start_time);
    if !same() {
        return Ok(());
    }
    let result = match pidfd_open(pid, PidfdFlags::empty()) {
        // Checked again after opening: the pidfd now names this very process.
        Ok(fd) if same() => pidfd_send_signal(&fd, sig),
        Ok(_) => return Ok(()),
        // No pidfds (Linux < 5.3): a plain kill, racy only in the
        // microseconds since the start time was read.
        Err(rustix::io::Errno::NOSYS) => kill_process(pid, sig),
        Err(e) => Err(e),
    };
    match result {
        // Gone, or not ours to signal (a setuid helper): nothing more we can do.
        Ok(()) | Err(rustix::io::Errno::SRCH | rustix::io::Errno::PERM) => Ok(()),
        Err(e) => Err(io::Error::from(e)),
    }
}
