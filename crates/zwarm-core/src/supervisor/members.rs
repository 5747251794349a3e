//! Which processes belong to a turn.
//!
//! The waiter alone is not the turn: the CLI may outlive it (the waiter was
//! SIGKILLed), Codex's node launcher may die while the native `codex` it
//! started keeps working, and the commands an agent runs may leave the
//! waiter's session and group (a sandbox calls `setsid`). Parents die and
//! children are reparented, so no single link survives everything. A process
//! belongs to the turn when any of these holds:
//!
//! - it is the waiter (PID and start time, as stored);
//! - its environment holds the turn's marker (`ZWARM_TURN=<session>:<turn>:<nonce>`),
//!   which every process the CLI starts inherits unless it clears its
//!   environment, whatever its session, group or parent;
//! - it is in the waiter's session or process group while the waiter lives.
//!   Once the waiter is gone its number may name someone else's session
//!   later, so then only turns without a marker (started by an older
//!   version) fall back on it, and only while the PID is not another
//!   process's;
//! - its parent belongs to the turn. The waiter is a child subreaper, so
//!   while it lives, orphans of the turn are reparented to it, not to init.
//!
//! Only processes that started no earlier than the waiter are considered:
//! nothing older can be part of the turn, and it spares reading the
//! environment of most of the system.

use std::collections::{HashMap, HashSet};

use super::procfs::{environ_has, is_alive, snapshot, ProcStat};

/// The environment variable that marks every process of a turn.
pub const MARKER_VAR: &str = "ZWARM_TURN";

/// One process, named for good: PIDs are reused, PID plus start time is not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Member {
    pub pid: u32,
    pub start_time: u64,
}

impl Member {
    pub fn is_alive(&self) -> bool {
        is_alive(self.pid, self.start_time)
    }
}

/// The live processes of the turn whose waiter is `waiter` and whose
/// processes carry `marker` (`None` for turns started before markers were).
/// Our own process is never listed, whatever its environment says.
pub fn members(waiter: Member, marker: Option<&str>) -> Vec<Member> {
    let table = snapshot();
    let marker = marker.map(|value| format!("{MARKER_VAR}={value}").into_bytes());
    let holder = table.iter().find(|(pid, _)| *pid == waiter.pid);
    let waiter_lives =
        holder.is_some_and(|(_, stat)| stat.start_time == waiter.start_time && !stat.is_dead());
    let own_ids = waiter_lives
        || (marker.is_none() && holder.is_none_or(|(_, s)| s.start_time == waiter.start_time));
    let sid = i32::try_from(waiter.pid).ok();
    let me = std::process::id();
    let candidate = |pid: u32, stat: &ProcStat| {
        !stat.is_dead() && pid != me && stat.start_time >= waiter.start_time
    };
    let roots: Vec<u32> = table
        .iter()
        .filter(|(pid, stat)| candidate(*pid, stat))
        .filter(|(pid, stat)| {
            (*pid == waiter.pid && waiter_lives)
                || (own_ids && sid.is_some_and(|sid| stat.session == sid || stat.pgrp == sid))
                || marker.as_deref().is_some_and(|m| environ_has(*pid, m))
        })
        .map(|(pid, _)| *pid)
        .collect();

    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for (pid, stat) in &table {
        if candidate(*pid, stat) {
            children.entry(stat.ppid).or_default().push(*pid);
        }
    }
    let mut found: HashSet<u32> = HashSet::new();
    let mut queue = roots;
    while let Some(pid) = queue.pop() {
        if found.insert(pid) {
            queue.extend(children.get(&pid).into_iter().flatten().copied());
        }
    }
    table
        .iter()
        .filter(|(pid, _)| found.contains(pid))
        .map(|(pid, stat)| Member {
            pid: *pid,
            start_time: stat.start_time,
        })
        .collect()
}
