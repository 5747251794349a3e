//! `zwarm sessions --json` as a whole process on 1,000 sessions of 5 turns:
//! the release binary spawned again and again, its output read through a
//! pipe as a script would. Goal (issue 15): under 15 ms with the listing
//! index file in place. Prints min, median and p95 of the wall time, and the
//! median CPU time (user + system) of the process, which a machine busy
//! with other work inflates less; asserts nothing.
//!
//! `ZWARM_BENCH_BIN=/path/to/zwarm` measures another build of `zwarm` on
//! the same workspace (e.g. one from before the listing index).

// A benchmark target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../zwarm-core/benches/common/populate.rs"]
mod populate;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SESSIONS: usize = 1_000;
const RUNS: usize = 40;
const COLD_RUNS: usize = 10;

fn main() {
    let bin = std::env::var_os("ZWARM_BENCH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_zwarm")));
    let dir = tempfile::tempdir().expect("temp dir");
    populate::populate(dir.path(), SESSIONS);
    let index_file = dir.path().join(".zwarm/cache/listing-index.bin");

    let listed = run(&bin, dir.path()).rows;
    assert_eq!(
        listed, SESSIONS,
        "zwarm sessions --json lists every session"
    );
    let warm: Vec<Run> = (0..RUNS).map(|_| run(&bin, dir.path())).collect();
    report(&format!("{SESSIONS} sessions, index file in place"), warm);
    let cold: Vec<Run> = (0..COLD_RUNS)
        .map(|_| {
            // Gone already when the binary does not write one.
            let _ = std::fs::remove_file(&index_file);
            run(&bin, dir.path())
        })
        .collect();
    report(&format!("{SESSIONS} sessions, no index file"), cold);
}

/// One `zwarm sessions --json`.
struct Run {
    wall: Duration,
    cpu: Duration,
    rows: usize,
}

fn run(bin: &Path, workspace: &Path) -> Run {
    let cpu_before = children_cpu();
    let started = Instant::now();
    let out = Command::new(bin)
        .arg("-C")
        .arg(workspace)
        .args(["sessions", "--json"])
        .output()
        .expect("run zwarm");
    let wall = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Run {
        wall,
        cpu: children_cpu().saturating_sub(cpu_before),
        rows: out.stdout.windows(8).filter(|w| w == b"\n  {\n   ").count(),
    }
}

/// User and system time of every child that ended so far.
fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.unsigned_abs())
            + Duration::from_micros(t.tv_usec.unsigned_abs())
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

fn report(what: &str, runs: Vec<Run>) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let sorted = |pick: fn(&Run) -> Duration| {
        let mut times: Vec<Duration> = runs.iter().map(pick).collect();
        times.sort();
        times
    };
    let wall = sorted(|r| r.wall);
    let cpu = sorted(|r| r.cpu);
    let at = |times: &[Duration], q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "zwarm sessions --json, {what}: min {:.1} ms, median {:.1} ms, p95 {:.1} ms, median CPU {:.1} ms ({} runs)",
        ms(wall[0]),
        ms(at(&wall, 0.5)),
        ms(at(&wall, 0.95)),
        ms(at(&cpu, 0.5)),
        runs.len()
    );
}
