//! `zwarm sessions`, `zwarm show`, `zwarm watch`: reading sessions.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::channel;
use std::sync::Arc;

use anyhow::bail;
use serde_json::json;
use zwarm_core::engine::{Engine, EngineEvent};
use zwarm_core::store::{element_json, SessionMeta, SessionStatus, StoreError};

use crate::output::{ago, event_line, session_cost, truncate};
use crate::pretty;

/// Transcript events fetched per request when showing a whole session.
const PAGE: usize = 500;

pub fn parse_status(status: &str) -> anyhow::Result<SessionStatus> {
    match serde_json::from_value(json!(status)) {
        Ok(status) => Ok(status),
        Err(_) => {
            bail!("unknown status {status:?}; use pending, running, completed, failed or killed")
        }
    }
}

pub fn list(engine: &Engine, status: Option<&str>, search: Option<&str>, json: bool) -> anyhow::Result<ExitCode> {
    let status = status.map(parse_status).transpose()?;
    if json && search.is_none() {
        return list_json(engine, status);
    }
    let mut listing = engine.list(status)?;
    warn(&listing.broken, &listing.problems);
    if let Some(query) = search {
        listing.sessions.retain(|meta| zwarm_core::engine::search::matches(meta, query));
    }
    if json {
        let rows: Vec<Listed> = listing
            .sessions
            .iter()
            .map(|meta| Listed {
                meta,
                problem: listing.problems.get(&meta.id).map(String::as_str),
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    if listing.sessions.is_empty() {
        println!("No sessions. Start one with: zwarm start \"your task\"");
        return Ok(ExitCode::SUCCESS);
    }
    let count = |s: SessionStatus| listing.sessions.iter().filter(|m| m.status == s).count();
    println!(
        "{} running │ {} completed │ {} failed │ {} killed",
        count(SessionStatus::Running),
        count(SessionStatus::Completed),
        count(SessionStatus::Failed),
        count(SessionStatus::Killed)
    );
    println!(
        "{:<8}  {:<9}  {:<6}  {:>4}  {:>9}  {:>10}  {:<12}  TASK",
        "ID", "STATUS", "AGENT", "TURN", "TOKENS", "COST", "UPDATED"
    );
    for meta in &listing.sessions {
        let mut status = status_name(meta.status);
        if listing.problem_of(&meta.id).is_some() {
            status.push('!');
        }
        println!(
            "{:<8}  {:<9}  {:<6}  {:>4}  {:>9}  {:>10}  {:<12}  {}",
            meta.short_id(),
            status,
            meta.adapter,
            meta.turn,
            meta.total_usage().total(),
            session_cost(meta),
            ago(&meta.updated_at),
            truncate(&meta.task, 50)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `zwarm sessions --json`: the rows come as JSON from the listing index,
/// laid out already; only a row with a problem is parsed, to add it.
fn list_json(engine: &Engine, status: Option<SessionStatus>) -> anyhow::Result<ExitCode> {
    let listing = engine.list_json(status)?;
    warn(&listing.broken, &listing.problems);
    let mut rows: Vec<Cow<[u8]>> = Vec::with_capacity(listing.sessions.len());
    for row in &listing.sessions {
        match listing.problems.get(&row.id) {
            None => rows.push(Cow::Borrowed(row.json.as_bytes())),
            Some(problem) => {
                let meta: SessionMeta = serde_json::from_slice(row.json.as_bytes())?;
                let listed = Listed {
                    meta: &meta,
                    problem: Some(problem),
                };
                rows.push(Cow::Owned(element_json(&listed)?.into_bytes()));
            }
        }
    }
    widen_stdout_pipe();
    let mut out = std::io::stdout().lock();
    pretty::write_array(&mut out, rows.iter().map(|row| row.as_ref()))?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A listing of 1,000 sessions is 7 MB of JSON. Through a pipe of the
/// default 64 KB, writer and reader would take turns a hundred times, each
/// waiting to be scheduled again on a busy machine; a 1 MB pipe (what an
/// unprivileged process may ask for) makes that a handful. Best effort:
/// stdout may be no pipe, or the user's pipe allowance spent.
fn widen_stdout_pipe() {
    // SAFETY: F_SETPIPE_SZ only resizes the buffer of the pipe that fd 1
    // is, if it is one; it touches no memory of ours.
    unsafe {
        libc::fcntl(libc::STDOUT_FILENO, libc::F_SETPIPE_SZ, 1 << 20);
    }
}

fn warn(broken: &[(PathBuf, StoreError)], problems: &BTreeMap<String, String>) {
    for (path, error) in broken {
        eprintln!("warning: skipped {}: {error}", path.display());
    }
    for (id, problem) in problems {
        eprintln!("warning: session {id}: {problem}");
    }
}

/// A row of `zwarm sessions --json`: the session's metadata as stored, plus
/// `problem` when it could not be brought up to date (absent otherwise, so
/// healthy rows are exactly what they always were).
#[derive(serde::Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    meta: &'a SessionMeta,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<&'a str>,
}

pub fn show(engine: &Engine, id: &str, json: bool) -> anyhow::Result<ExitCode> {
    let meta = engine.refresh(id)?;
    let mut events = Vec::new();
    let mut offset = 0;
    loop {
        let page = engine.events(&meta.id, offset, PAGE)?;
        let got = page.events.len();
        events.extend(page.events);
        offset += got;
        if got == 0 || offset >= page.total as usize {
            break;
        }
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"session": meta, "events": events}))?
        );
        return Ok(ExitCode::SUCCESS);
    }
    print_header(&meta);
    let mut turn = 0;
    for item in &events {
        if item.turn != turn {
            turn = item.turn;
            println!("\n── turn {turn}");
        }
        println!("{}", event_line(&item.event));
    }
    Ok(ExitCode::SUCCESS)
}

fn print_header(meta: &SessionMeta) {
    println!(
        "{}  {}  {} {}",
        meta.id,
        status_name(meta.status),
        meta.adapter,
        meta.model
    );
    println!("task: {}", truncate(&meta.task, 200));
    println!(
        "turns: {}  tokens: {}  cost: {}",
        meta.turn,
        meta.total_usage().total(),
        session_cost(meta)
    );
    if let Some(error) = &meta.error {
        println!("error: {error}");
    }
}

/// Prints the transcript so far, then new events as they come, until the
/// session's current turn ends.
pub fn watch(engine: Engine, id: &str) -> anyhow::Result<ExitCode> {
    let engine = Arc::new(engine);
    let meta = engine.refresh(id)?;
    let (tx, rx) = channel();
    let _watcher = engine.watch(tx)?;
    show(&engine, &meta.id, false)?;
    if meta.status != SessionStatus::Running {
        return Ok(exit_for(meta.status));
    }
    for event in rx {
        match event {
            EngineEvent::Events { session_id, events } if session_id == meta.id => {
                for item in events {
                    println!("{}", event_line(&item.event));
                }
            }
            EngineEvent::Session { session }
                if session.id == meta.id && session.status != SessionStatus::Running =>
            {
                println!("── {}", status_name(session.status));
                if let Some(error) = &session.error {
                    println!("error: {error}");
                }
                return Ok(exit_for(session.status));
            }
            EngineEvent::Removed { session_id } if session_id == meta.id => {
                bail!("session {} was deleted", meta.id)
            }
            _ => {}
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn status_name(status: SessionStatus) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn exit_for(status: SessionStatus) -> ExitCode {
    if status == SessionStatus::Completed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
