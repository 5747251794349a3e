//! Render benchmark of the real app: a session of 50,000 events, opened in the
//! session thread. Prints the time from the click to the first screen of
//! events, and the frame times while scrolling from the bottom to the top
//! (which pages earlier events in as it goes). Asserts nothing.
//!
//! `make bench-render` (builds the app and tauri-driver, runs under Xvfb).

// Shares the e2e harness; the benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../e2e/harness.rs"]
mod harness;

use std::io::Write;

use anyhow::{Context, Result};
use harness::AppUnderTest;
use serde_json::{json, Value};

const EVENTS: usize = 50_000;

/// A finished codex session whose one turn holds `EVENTS` normalized events.
fn write_session(workspace: &std::path::Path) -> Result<String> {
    let id = "b3c1d2e4-0000-4000-8000-000000050000";
    let dir = workspace.join(".zwarm/sessions").join(id);
    std::fs::create_dir_all(dir.join("turns"))?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("turns/turn_1.jsonl"))?);
    writeln!(
        out,
        "{}",
        json!({"type": "thread.started", "thread_id": "t-bench"})
    )?;
    writeln!(out, "{}", json!({"type": "turn.started"}))?;
    for i in 0..EVENTS - 3 {
        let item = match i % 3 {
            0 => {
                json!({"id": format!("item_{i}"), "type": "agent_message", "text": format!("Step {i}: **checked** `src/lib.rs`\n\n- one\n- two")})
            }
            1 => {
                json!({"id": format!("item_{i}"), "type": "command_execution", "command": format!("cargo test -p crate{i}"), "aggregated_output": "running 3 tests\ntest a ... ok\ntest b ... ok\n", "exit_code": 0, "status": "completed"})
            }
            _ => {
                json!({"id": format!("item_{i}"), "type": "reasoning", "text": format!("Thinking about step {i}.")})
            }
        };
        writeln!(out, "{}", json!({"type": "item.completed", "item": item}))?;
    }
    writeln!(
        out,
        "{}",
        json!({"type": "turn.completed", "usage": {"input_tokens": 1000, "cached_input_tokens": 0, "output_tokens": 100}})
    )?;
    out.flush()?;
    let meta = json!({
        "id": id, "task": "benchmark: a very long session", "status": "completed", "working_dir": workspace.display().to_string(),
        "created_at": "2026-11-25T07:00:00.000000", "updated_at": "2026-11-25T07:10:00.000000", "pid": null, "exit_code": 0,
        "model": "gpt-5.5", "turn": 1, "messages": [], "token_usage": {}, "error": null, "source": "user", "adapter": "codex",
        "agent_session_id": "t-bench",
        "turns": [{"number": 1, "prompt": "benchmark", "started_at": "2026-11-25T07:00:00.000000", "ended_at": "2026-11-25T07:10:00.000000", "exit_code": 0, "status": "completed"}]
    });
    std::fs::write(dir.join("meta.json"), serde_json::to_vec_pretty(&meta)?)?;
    Ok(id.to_string())
}

/// Clicks the session's row and resolves when the first event row is drawn.
const OPEN_SCRIPT: &str = r#"
const [id, done] = [arguments[0], arguments[arguments.length - 1]];
const row = document.querySelector(`[data-testid=session-row][data-session-id="${id}"]`);
if (!row) { done({ error: "no row" }); return; }
const t0 = performance.now();
const check = () => document.querySelector("[data-testid=thread-event]")
  ? done({ ms: performance.now() - t0 })
  : requestAnimationFrame(check);
row.click();
requestAnimationFrame(check);
"#;

/// Scrolls the thread from the bottom to the top in steps, one per frame,
/// recording frame durations.
const SCROLL_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const list = document.querySelector("[data-testid=thread]");
if (!list) { done({ error: "no thread" }); return; }
const frames = [];
let last = performance.now();
const t0 = last;
let steps = 0;
const step = () => {
  const now = performance.now();
  frames.push(now - last);
  last = now;
  list.scrollTop = Math.max(0, list.scrollTop - 2000);
  steps += 1;
  if ((list.scrollTop > 0 || steps < 5) && now - t0 < 20000) requestAnimationFrame(step);
  else {
    frames.sort((a, b) => a - b);
    const pct = (p) => frames[Math.min(frames.length - 1, Math.floor(frames.length * p))];
    done({ frames: frames.length, p50: pct(0.5), p95: pct(0.95), max: frames[frames.length - 1], total: now - t0,
           rows: document.querySelectorAll("[data-testid=thread-event]").length });
  }
};
requestAnimationFrame(step);
"#;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let workspace = std::fs::canonicalize(dir.path())?;
    let id = write_session(&workspace)?;
    let app = AppUnderTest::launch("render-bench", &workspace).await?;
    app.run(async move |app| {
        app.element(&format!("[data-testid=session-row][data-session-id=\"{id}\"]")).await?;
        let open: Value = app.client.execute_async(OPEN_SCRIPT, vec![json!(id)]).await.context("opening the session")?;
        let scroll: Value = app.client.execute_async(SCROLL_SCRIPT, vec![]).await.context("scrolling")?;
        println!("render bench: {EVENTS} events");
        println!("  first screen after click: {:.0} ms", open["ms"].as_f64().unwrap_or(f64::NAN));
        println!(
            "  scroll to top: {} frames, frame p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms, total {:.0} ms, rows in DOM {}",
            scroll["frames"], scroll["p50"].as_f64().unwrap_or(f64::NAN), scroll["p95"].as_f64().unwrap_or(f64::NAN),
            scroll["max"].as_f64().unwrap_or(f64::NAN), scroll["total"].as_f64().unwrap_or(f64::NAN), scroll["rows"]
        );
        app.screenshot("render-bench").await?;
        Ok(())
    })
    .await
}
