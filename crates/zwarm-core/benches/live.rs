//! Event latency: from a line appended to a running turn's file to its
//! delivery to a live subscriber (p50, p99). Prints figures; asserts nothing.
//!
//! `cargo bench -p zwarm-core --bench live`

// A benchmark target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::sync::mpsc::channel;
use std::sync::Arc;
use std::time::{Duration, Instant};

use zwarm_core::engine::{Engine, EngineEvent, EngineSettings};
use zwarm_core::store::{NewSession, SessionStatus};
use zwarm_core::supervisor::start_time;
use zwarm_core::Workspace;

const SAMPLES: usize = 300;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let workspace = Workspace::open(dir.path()).expect("workspace");
    let engine = Arc::new(Engine::open(workspace, EngineSettings::default()).expect("engine"));

    // A session whose running turn belongs to this very process, so the engine
    // sees a live process and keeps tailing its file.
    let mut new = NewSession::new("latency", dir.path().display().to_string());
    new.adapter = "codex".into();
    let meta = engine.store().create(new).expect("create");
    let pid = std::process::id();
    let started = start_time(pid).expect("own start time");
    engine
        .store()
        .update(&meta.id, |m| {
            m.status = SessionStatus::Running;
            m.pid = Some(pid);
            if let Some(t) = m.current_turn_mut() {
                t.status = SessionStatus::Running;
                t.pid = Some(pid);
                t.pid_start_time = Some(started);
            }
        })
        .expect("mark running");
    let path = engine.store().turn_stdout_path(&meta.id, 1).expect("path");
    std::fs::create_dir_all(path.parent().expect("turns dir")).expect("mkdir");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .expect("open turn file");

    let (tx, rx) = channel();
    let _watcher = engine.watch(tx).expect("watch");
    std::thread::sleep(Duration::from_millis(300));

    let mut latencies = Vec::with_capacity(SAMPLES);
    for i in 0..SAMPLES {
        let line = format!(
            "{{\"type\":\"item.completed\",\"item\":{{\"id\":\"item_{i}\",\"type\":\"agent_message\",\"text\":\"message {i}\"}}}}\n"
        );
        let sent = Instant::now();
        file.write_all(line.as_bytes()).expect("append");
        let expected = format!("message {i}");
        loop {
            match rx.recv_timeout(Duration::from_secs(5)).expect("an event within 5 s") {
                EngineEvent::Events { events, .. }
                    if events.iter().any(|e| matches!(&e.event, zwarm_core::events::AgentEvent::AgentMessage { text } if *text == expected)) =>
                {
                    latencies.push(sent.elapsed());
                    break;
                }
                _ => {}
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "live event latency over {SAMPLES} appends: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies[latencies.len() - 1].as_secs_f64() * 1e3
    );
}
