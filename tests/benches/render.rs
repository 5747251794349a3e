//! Render benchmark of the real app: a session of 50,000 events, opened in the
//! session thread. Prints the time from the click to the first screen of
//! events, the frame times while scrolling up by wheel and then by 2,000 px
//! jumps to the top (which pages earlier events in as it goes), and the
//! memory of the app's processes with the session open. Asserts nothing.
//!
//! `make bench-render` (builds the app and tauri-driver, runs under Xvfb);
//! `make bench-render APP_BIN=<binary>` measures another build (the harness
//! takes the binary from `ZWARM_APP_BIN`).

// Shares the e2e harness; the benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../e2e/harness.rs"]
mod harness;

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use fantoccini::actions::{WheelAction, WheelActions};
use harness::AppUnderTest;
use serde_json::{json, Value};

const EVENTS: usize = 50_000;

/// A finished codex session whose one turn holds `events` normalized events.
fn write_session(workspace: &std::path::Path, id: &str, events: usize) -> Result<()> {
    let dir = workspace.join(".zwarm/sessions").join(id);
    std::fs::create_dir_all(dir.join("turns"))?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("turns/turn_1.jsonl"))?);
    writeln!(
        out,
        "{}",
        json!({"type": "thread.started", "thread_id": "t-bench"})
    )?;
    writeln!(out, "{}", json!({"type": "turn.started"}))?;
    for i in 0..events - 3 {
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
    Ok(())
}

/// Clicks the session's row and resolves when the first event row of its
/// thread is drawn.
const OPEN_SCRIPT: &str = r#"
const [id, done] = [arguments[0], arguments[arguments.length - 1]];
const row = document.querySelector(`[data-testid=session-row][data-session-id="${id}"]`);
if (!row) { done({ error: "no row" }); return; }
const t0 = performance.now();
const check = () => document.querySelector(`[data-testid=session-thread][data-session-id="${id}"] [data-testid=thread-event]`)
  ? done({ ms: performance.now() - t0 })
  : requestAnimationFrame(check);
row.click();
requestAnimationFrame(check);
"#;

/// Starts recording frame durations (one per animation frame) and returns
/// where the thread is on screen and how far it is scrolled.
const RECORD_SCRIPT: &str = r#"
const list = document.querySelector("[data-testid=thread]");
if (!list) return { error: "no thread" };
const rec = { frames: [], last: performance.now(), on: true };
window.__benchFrames = rec;
const tick = () => {
  const now = performance.now();
  rec.frames.push(now - rec.last);
  rec.last = now;
  if (rec.on) requestAnimationFrame(tick);
};
requestAnimationFrame(tick);
const box = list.getBoundingClientRect();
return { x: Math.round(box.left + box.width / 2), y: Math.round(box.top + box.height / 2), top: list.scrollTop };
"#;

/// Stops the recording and sums it up.
const SUMMARY_SCRIPT: &str = r#"
const rec = window.__benchFrames;
rec.on = false;
const frames = rec.frames.slice(1).sort((a, b) => a - b);
const pct = (p) => frames[Math.min(frames.length - 1, Math.floor(frames.length * p))];
const list = document.querySelector("[data-testid=thread]");
return { frames: frames.length, p50: pct(0.5), p95: pct(0.95), max: frames[frames.length - 1],
         top: list ? list.scrollTop : null, rows: document.querySelectorAll("[data-testid=thread-event]").length };
"#;

/// Scrolls up by `arguments[0]` px per frame for `arguments[1]` frames, or
/// until the top of the whole transcript (the top of the loaded part while
/// an earlier page is on its way does not count), or 20 s; resolves when done.
const STEP_SCRIPT: &str = r#"
const [by, count, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const list = document.querySelector("[data-testid=thread]");
const t0 = performance.now();
let steps = 0;
const step = () => {
  list.scrollTop = Math.max(0, list.scrollTop - by);
  steps += 1;
  const more = list.scrollTop > 0 || document.querySelector("[data-testid=earlier-band]");
  if ((more || steps < 5) && steps < count && performance.now() - t0 < 20000) requestAnimationFrame(step);
  else done(steps);
};
requestAnimationFrame(step);
"#;

/// Frames that change nothing but a 2 px dot: what any frame costs on this
/// display (Xvfb, software compositing) and load, under the scrolling figures.
const FLOOR_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const dot = document.createElement("div");
dot.style.cssText = "position:fixed;left:0;top:0;width:2px;height:2px;";
document.body.appendChild(dot);
let count = 0;
const step = () => {
  dot.style.background = count % 2 ? "red" : "blue";
  count += 1;
  if (count < 60) requestAnimationFrame(step);
  else { dot.remove(); done(count); }
};
requestAnimationFrame(step);
"#;

/// Wheel notches scrolled up, and the pixels of one (WebKitGTK scrolls
/// about this much per notch).
const WHEEL_NOTCHES: usize = 150;
const WHEEL_NOTCH_PX: i64 = 120;
/// Jump size of the second scroll.
const JUMP_PX: i64 = 2000;

fn f(value: &Value, key: &str) -> f64 {
    value[key].as_f64().unwrap_or(f64::NAN)
}

fn frames_line(what: &str, v: &Value) -> String {
    format!(
        "  {what}: {} frames, frame p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms, rows in DOM {}",
        v["frames"],
        f(v, "p50"),
        f(v, "p95"),
        f(v, "max"),
        v["rows"]
    )
}

/// Scrolls up by real wheel events (WebDriver wheel actions) while frames
/// are recorded. Falls back to notch-sized scroll steps, one per frame, when
/// the driver's wheel does not move the thread half that far (WebKitWebDriver
/// under Xvfb scrolled the first notch only, sent together or one by one);
/// says which it used.
async fn wheel(app: &AppUnderTest) -> Result<(Value, &'static str)> {
    let at: Value = app.client.execute(RECORD_SCRIPT, vec![]).await?;
    let (x, y) = (
        at["x"].as_i64().unwrap_or(400),
        at["y"].as_i64().unwrap_or(400),
    );
    let mut notches = WheelActions::new("wheel".into());
    for _ in 0..WHEEL_NOTCHES {
        notches.push(WheelAction::Scroll {
            duration: Some(Duration::from_millis(16)),
            x,
            y,
            delta_x: 0,
            delta_y: -WHEEL_NOTCH_PX,
        });
    }
    let sent = app.client.perform_actions(notches).await;
    let summary: Value = app.client.execute(SUMMARY_SCRIPT, vec![]).await?;
    let moved = at["top"].as_f64().unwrap_or(0.0) - summary["top"].as_f64().unwrap_or(0.0);
    if sent.is_ok() && moved >= (WHEEL_NOTCHES as i64 * WHEEL_NOTCH_PX / 2) as f64 {
        return Ok((summary, "WebDriver wheel actions"));
    }
    app.client.execute(RECORD_SCRIPT, vec![]).await?;
    app.client
        .execute_async(
            STEP_SCRIPT,
            vec![json!(WHEEL_NOTCH_PX), json!(WHEEL_NOTCHES)],
        )
        .await?;
    let summary = app.client.execute(SUMMARY_SCRIPT, vec![]).await?;
    Ok((
        summary,
        "notch-sized scrollTop steps, one per frame: WebDriver wheel actions scrolled less than half as far",
    ))
}

/// Proportional set size of the app and everything it started (WebKit's web
/// and network processes), in MB, with the share of each process: the
/// processes launched for `workspace` (they inherit its environment) under
/// the one that runs `binary`.
fn app_pss(workspace: &Path, binary: &str) -> Option<String> {
    let binary = Path::new(binary).file_name()?;
    let marker = format!("ZWARM_WORKSPACE={}", workspace.display());
    let mut procs = HashMap::new();
    let mut app = None;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (comm) state ppid ...`: comm may hold spaces, so read around its parentheses.
        let Some((head, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let comm = head.split_once('(').map_or("?", |(_, c)| c).to_string();
        let Some(ppid) = rest
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let ours = std::fs::read(entry.path().join("environ"))
            .is_ok_and(|env| env.split(|b| *b == 0).any(|var| var == marker.as_bytes()));
        procs.insert(pid, (ppid, comm, ours));
        let exe = std::fs::read_link(entry.path().join("exe")).ok();
        if ours && exe.as_deref().and_then(Path::file_name) == Some(binary) {
            app = Some(pid);
        }
    }
    let app = app?;
    let in_tree = |mut pid: u32| loop {
        if pid == app {
            return true;
        }
        match procs.get(&pid) {
            Some(&(parent, _, _)) if parent != pid && parent != 0 => pid = parent,
            _ => return false,
        }
    };
    let mut total = 0;
    let mut parts = Vec::new();
    for (pid, (_, comm, ours)) in &procs {
        // Ours only with the marker: a PID reused while /proc was read must
        // not bring in another process.
        if !ours || !in_tree(*pid) {
            continue;
        }
        let kb = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .ok()
            .and_then(|rollup| {
                rollup
                    .lines()
                    .find_map(|line| line.strip_prefix("Pss:"))
                    .and_then(|rest| {
                        rest.trim()
                            .trim_end_matches("kB")
                            .trim()
                            .parse::<u64>()
                            .ok()
                    })
            })
            .unwrap_or(0);
        total += kb;
        parts.push(format!("{comm} {:.0}", kb as f64 / 1024.0));
    }
    parts.sort();
    Some(format!(
        "{:.0} MB ({})",
        total as f64 / 1024.0,
        parts.join(", ")
    ))
}

fn pss_line(workspace: &Path, binary: &str) -> String {
    app_pss(workspace, binary).unwrap_or_else(|| "unknown (the app's process was not found)".into())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let workspace = std::fs::canonicalize(dir.path())?;
    let id = "b3c1d2e4-0000-4000-8000-000000050000";
    write_session(&workspace, id, EVENTS)?;
    // A short session to step away to, so the long one can be opened again.
    let other = "b3c1d2e4-0000-4000-8000-000000000010";
    write_session(&workspace, other, 10)?;
    let app = AppUnderTest::launch("render-bench", &workspace).await?;
    let binary = std::env::var("ZWARM_APP_BIN").unwrap_or_else(|_| "zwarm-desktop".into());
    app.run(async move |app| {
        app.element(&format!("[data-testid=session-row][data-session-id=\"{id}\"]")).await?;
        // A reader takes a moment to find the row; the app may use it (it
        // fetches the thread view's code once the sidebar lists sessions).
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let pss_rest = pss_line(&workspace, &binary);
        let open: Value = app.client.execute_async(OPEN_SCRIPT, vec![json!(id)]).await.context("opening the session")?;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let pss_open = pss_line(&workspace, &binary);
        app.client.execute(RECORD_SCRIPT, vec![]).await?;
        app.client.execute_async(FLOOR_SCRIPT, vec![]).await.context("the floor")?;
        let floor: Value = app.client.execute(SUMMARY_SCRIPT, vec![]).await?;
        let (wheel, how) = wheel(app).await.context("wheel scrolling")?;
        app.client.execute(RECORD_SCRIPT, vec![]).await?;
        app.client
            .execute_async(STEP_SCRIPT, vec![json!(JUMP_PX), json!(1_000_000)])
            .await
            .context("jumping")?;
        let jumps: Value = app.client.execute(SUMMARY_SCRIPT, vec![]).await?;
        let pss_scrolled = pss_line(&workspace, &binary);
        app.client.execute_async(OPEN_SCRIPT, vec![json!(other)]).await.context("opening the short session")?;
        let reopen: Value = app.client.execute_async(OPEN_SCRIPT, vec![json!(id)]).await.context("opening the session again")?;
        println!("render bench: {EVENTS} events, app: {binary}");
        println!(
            "  first screen after click: {:.0} ms; opened again (after another session): {:.0} ms",
            f(&open, "ms"),
            f(&reopen, "ms")
        );
        println!(
            "  floor, a frame that changes one 2 px dot: p50 {:.1} ms, p95 {:.1} ms",
            f(&floor, "p50"),
            f(&floor, "p95")
        );
        println!(
            "{} [{how}]",
            frames_line(&format!("wheel, {WHEEL_NOTCHES} notches up"), &wheel)
        );
        println!("{}", frames_line(&format!("{JUMP_PX} px jumps to the top"), &jumps));
        println!("  app PSS (with WebKit's processes): {pss_rest} before opening it, {pss_open} with the session open, {pss_scrolled} after scrolling to the top");
        app.screenshot("render-bench").await?;
        Ok(())
    })
    .await
}
