//! `zwarm sessions --json` as a whole process on 1,000 sessions of 5 turns:
//! the release binary spawned again and again, its output read through a
//! pipe as a script would. Goal (issue 15): under 15 ms with the listing
//! index file in place. Prints min, median and p95; asserts nothing.
//!
//! `ZWARM_BENCH_BIN=/path/to/zwarm` measures another build of `zwarm` on
//! the same workspace (e.g. one from before the listing index).

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

    let listed = run(&bin, dir.path()).1;
    assert_eq!(
        listed, SESSIONS,
        "zwarm sessions --json lists every session"
    );
    let warm: Vec<Duration> = (0..RUNS).map(|_| run(&bin, dir.path()).0).collect();
    report(&format!("{SESSIONS} sessions, index file in place"), warm);
    let cold: Vec<Duration> = (0..COLD_RUNS)
        .map(|_| {
            // Gone already when the binary does not write one.
            let _ = std::fs::remove_file(&index_file);
            run(&bin, dir.path()).0
        })
        .collect();
    report(&format!("{SESSIONS} sessions, no index file"), cold);
}

/// One `zwarm sessions --json`: how long it took and how many rows it printed.
fn run(bin: &Path, workspace: &Path) -> (Duration, usize) {
    let started = Instant::now();
    let out = Command::new(bin)
        .arg("-C")
        .arg(workspace)
        .args(["sessions", "--json"])
        .output()
        .expect("run zwarm");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = out.stdout.windows(8).filter(|w| w == b"\n  {\n   ").count();
    (took, rows)
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "zwarm sessions --json, {what}: min {:.1} ms, median {:.1} ms, p95 {:.1} ms ({} runs)",
        ms(times[0]),
        ms(at(0.5)),
        ms(at(0.95)),
        times.len()
    );
}
