//! Forking a Codex thread through `codex app-server`, at the thread's turn
//! that is our turn N.
//!
//! Our turns map to the thread's turns one to one from the turn that
//! started the thread (the first turn, or a replayed follow-up) through the
//! natively resumed ones after it: each `codex exec` run adds exactly one
//! turn to the thread. The mapping is checked, not assumed: the thread turn
//! found must carry our turn's message, else we fall back to replaying. A
//! forked thread lists the turns it was forked through first (same turn
//! ids), so a native fork's copied turns map the same way.

use std::path::Path;

use serde_json::{json, Value};

use crate::agents::Adapter;
use crate::store::{ResumeMode, SessionMeta};

use crate::codex_app_server::{AppServer, REQUEST_TIMEOUT};
use super::super::finalize::read_turn_log;
use super::super::legacy::LOST_PROMPT;
use super::super::spawn::agent_environment;
use super::super::Engine;

/// Turns per `thread/turns/list` page.
const PAGE: u64 = 100;

/// Forks `meta`'s thread through our turn `through`; returns the new
/// thread's id, or why it could not (then the fork replays).
pub(super) fn fork_thread(
    engine: &Engine,
    program: &Path,
    meta: &SessionMeta,
    through: u32,
) -> Result<String, String> {
    let thread = meta.agent_session_id.as_deref().ok_or_else(|| {
        "the original session has no Codex thread id (no turn of it started a thread)".to_string()
    })?;
    let index = thread_turn_index(engine, meta, thread, through)?;
    let cwd = engine
        .path_inside(Path::new(&meta.working_dir))
        .map_err(|e| e.to_string())?;
    let env = agent_environment(engine, Adapter::Codex, program);
    let mut server =
        AppServer::start(program, &cwd, &env, REQUEST_TIMEOUT).map_err(|e| e.to_string())?;
    let turn_id = find_turn(&mut server, thread, index, meta, through)?;
    let forked = server
        .request(
            "thread/fork",
            json!({"threadId": thread, "lastTurnId": turn_id, "excludeTurns": true}),
        )
        .map_err(|e| e.to_string())?;
    forked
        .pointer("/thread/id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .ok_or_else(|| "`codex app-server` answered thread/fork without a thread id".to_string())
}

/// The 0-based position of our turn `through` among the thread's turns.
fn thread_turn_index(
    engine: &Engine,
    meta: &SessionMeta,
    thread: &str,
    through: u32,
) -> Result<usize, String> {
    let mut ours: Vec<_> = meta.turns.iter().filter(|t| t.number <= through).collect();
    ours.sort_by_key(|t| t.number);
    let start = ours
        .iter()
        .rposition(|t| t.resume_mode != ResumeMode::Native)
        .unwrap_or(0);
    let Some(first) = ours.get(start) else {
        return Err(format!("turn {through} has no record to fork from"));
    };
    let started = engine
        .store
        .turn_stdout_path(&meta.id, first.number)
        .ok()
        .and_then(|path| read_turn_log(Adapter::Codex, &path).ok())
        .and_then(|log| log.agent_session_id().map(str::to_string));
    // A forked thread starts with the turns it was forked through, under
    // their original thread's id: a fork of a fork maps like its original.
    let inherited = first.is_copied()
        && meta
            .forked_from
            .as_ref()
            .is_some_and(|origin| origin.fork_mode == crate::store::ForkMode::Native);
    if started.as_deref() != Some(thread) && !inherited {
        return Err(format!(
            "turn {through} is not part of the session's Codex thread {thread} \
             (the thread was started by another turn)"
        ));
    }
    Ok(ours.len() - start - 1)
}

/// The id of the thread's turn at `index` (oldest first), checked against
/// our turn's message.
fn find_turn(
    server: &mut AppServer,
    thread: &str,
    index: usize,
    meta: &SessionMeta,
    through: u32,
) -> Result<String, String> {
    let mut turns: Vec<Value> = Vec::new();
    let mut cursor: Option<String> = None;
    while turns.len() <= index {
        let mut params = json!({"threadId": thread, "sortDirection": "asc", "limit": PAGE});
        if let Some(cursor) = &cursor {
            params["cursor"] = json!(cursor);
        }
        let page = server
            .request("thread/turns/list", params)
            .map_err(|e| e.to_string())?;
        let data = page
            .get("data")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let done = data.is_empty();
        turns.extend(data);
        cursor = page
            .get("nextCursor")
            .and_then(Value::as_str)
            .map(str::to_string);
        if done || cursor.is_none() {
            break;
        }
    }
    let Some(turn) = turns.get(index) else {
        return Err(format!(
            "the Codex thread has {} turn(s), so our turn {through} (its turn {}) cannot be found in it",
            turns.len(),
            index + 1
        ));
    };
    let record = meta.turns.iter().find(|t| t.number == through);
    let expected = record
        .map(|t| t.prompt.trim())
        .filter(|p| !p.is_empty() && *p != LOST_PROMPT);
    if let Some(expected) = expected {
        if !user_text(turn).contains(expected) {
            return Err(format!(
                "the Codex thread's turn {} does not carry our turn {through}'s message, \
                 so the turns cannot be matched",
                index + 1
            ));
        }
    }
    turn.get("id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| "`codex app-server` listed a turn without an id".to_string())
}

/// The text of a thread turn's user messages, joined.
fn user_text(turn: &Value) -> String {
    let mut text = String::new();
    let items = turn.get("items").and_then(Value::as_array);
    for item in items.into_iter().flatten() {
        if item.get("type").and_then(Value::as_str) != Some("userMessage") {
            continue;
        }
        let parts = item.get("content").and_then(Value::as_array);
        for part in parts.into_iter().flatten() {
            if let Some(t) = part.get("text").and_then(Value::as_str) {
                text.push_str(t);
                text.push('\n');
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_reads_the_user_messages_of_a_listed_turn() {
        let turn = json!({"id": "t1", "items": [
            {"type": "userMessage", "content": [{"type": "text", "text": "remember A"}]},
            {"type": "agentMessage", "text": "noted"}
        ]});
        assert_eq!(user_text(&turn), "remember A\n");
    }
}
