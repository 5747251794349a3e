//! Process identity from `/proc`: a PID plus its start time names one
//! process for good, even after the PID is reused (reference §10.5).

use std::path::Path;

/// The fields of `/proc/PID/stat` the supervisor needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ProcStat {
    /// Field 3: `R`, `S`, `D`, `Z` (zombie), `X` (dead), ...
    pub state: char,
    /// Field 4: parent PID (after reparenting: the nearest subreaper, or init).
    pub ppid: u32,
    /// Field 5: process group id.
    pub pgrp: i32,
    /// Field 6: session id.
    pub session: i32,
    /// Field 22: start time in clock ticks since boot.
    pub start_time: u64,
}

impl ProcStat {
    /// A zombie has exited; only its parent has not collected the status yet.
    pub fn is_dead(&self) -> bool {
        matches!(self.state, 'Z' | 'X' | 'x')
    }
}

/// Parses one `/proc/PID/stat` line. The command name (field 2) is in
/// parentheses and may itself hold spaces and parentheses, so the fields
/// are counted from the last `)`.
pub(crate) fn parse_stat(line: &str) -> Option<ProcStat> {
    let rest = &line[line.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `fields[0]` is field 3 of the file.
    Some(ProcStat {
        state: fields.first()?.chars().next()?,
        ppid: fields.get(1)?.parse().ok()?,
        pgrp: fields.get(2)?.parse().ok()?,
        session: fields.get(3)?.parse().ok()?,
        start_time: fields.get(19)?.parse().ok()?,
    })
}

/// The stat of `pid`, or `None` when there is no such process.
pub(crate) fn read_stat(pid: u32) -> Option<ProcStat> {
    let line =
        std::fs::read_to_string(Path::new("/proc").join(pid.to_string()).join("stat")).ok()?;
    parse_stat(&line)
}

/// The start time of `pid` (field 22 of `/proc/PID/stat`), to store next to
/// the PID.
pub fn start_time(pid: u32) -> Option<u64> {
    read_stat(pid).map(|s| s.start_time)
}

/// Whether the process `pid` that started at `start_time` still runs.
/// False for zombies and for a different process that got the same PID.
pub fn is_alive(pid: u32, start_time: u64) -> bool {
    read_stat(pid).is_some_and(|s| !s.is_dead() && s.start_time == start_time)
}

/// Every process visible in `/proc` with its stat, zombies included. A
/// process that exits between listing and reading is simply left out: the
/// snapshot is a best effort by nature, and callers re-scan.
pub(crate) fn snapshot() -> Vec<(u32, ProcStat)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| Some((pid, read_stat(pid)?)))
        .collect()
}

/// Whether the environment `pid` started with holds exactly `entry`
/// (`NAME=value`). Unreadable (gone, or another user's) reads as no.
pub(crate) fn environ_has(pid: u32, entry: &[u8]) -> bool {
    let path = Path::new("/proc").join(pid.to_string()).join("environ");
    std::fs::read(path).is_ok_and(|env| env.split(|&b| b == 0).any(|var| var == entry))
}

/// PIDs of the live (non-zombie) processes in process group `pgid`.
#[cfg(test)]
pub(crate) fn group_members(pgid: i32) -> Vec<u32> {
    snapshot()
        .into_iter()
        .filter(|(_, s)| s.pgrp == pgid && !s.is_dead())
        .map(|(pid, _)| pid)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_with_spaces_and_parens() {
        let line = "4242 (we ird) (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
        let stat = parse_stat(line).unwrap();
        assert_eq!(
            stat,
            ProcStat {
                state: 'S',
                ppid: 1,
                pgrp: 4242,
                session: 4242,
                start_time: 987654
            }
        );
    }

    #[test]
    fn garbage_is_none() {
        assert_eq!(parse_stat(""), None);
        assert_eq!(parse_stat("1 (x) S 1"), None);
    }

    #[test]
    fn own_process_is_alive_only_with_its_start_time() {
        let me = std::process::id();
        let start = start_time(me).unwrap();
        assert!(is_alive(me, start));
        assert!(!is_alive(me, start + 1));
        assert!(!is_alive(u32::MAX, start));
    }

    #[test]
    fn environ_entries_match_whole() {
        let me = std::process::id();
        let path = std::env::var_os("PATH").unwrap();
        let mut entry = b"PATH=".to_vec();
        entry.extend_from_slice(path.as_encoded_bytes());
        assert!(environ_has(me, &entry));
        assert!(
            !environ_has(me, &entry[..entry.len() - 1]),
            "a prefix is not a match"
        );
        assert!(!environ_has(u32::MAX, &entry));
    }
}
