//! Bringing every running session up to date before a listing, without
//! letting one bad session hide the others.
//!
//! A listing finalizes the running sessions whose turn ended. That can fail
//! for one session (it names an adapter this zwarm does not know, its turn
//! file is not a file, the disk is full or read-only when its meta.json is
//! rewritten). Such a session is listed as it is on disk and its problem is
//! reported beside it; `sessions`, `spend`, `rm` and the app's list keep
//! working for the rest of the workspace.

use std::collections::BTreeMap;

use crate::store::{SessionListing, SessionStatus};

use super::{finalize, Engine, EngineResult};

/// Session id → why it could not be brought up to date.
pub(super) type Problems = BTreeMap<String, String>;

/// Finalizes the running sessions whose turn ended; collects, rather than
/// returns, the errors of single sessions. Only a failure to read the
/// sessions folder itself fails.
pub(super) fn refresh_running(engine: &Engine) -> EngineResult<Problems> {
    let mut problems = Problems::new();
    for mut meta in engine.store.list(Some(SessionStatus::Running))?.sessions {
        engine.adopt(&mut meta);
        let id = meta.id.clone();
        if let Err(error) = finalize::finalize_if_ended(engine, meta) {
            problems.insert(id, describe(&error));
        }
    }
    Ok(problems)
}

/// `listing` with the problems of the sessions it holds.
pub(super) fn with_problems(mut listing: SessionListing, mut problems: Problems) -> SessionListing {
    problems.retain(|id, _| listing.sessions.iter().any(|m| &m.id == id));
    listing.problems = problems;
    listing
}

/// The problem as the user reads it beside a session still shown as running.
fn describe(error: &super::EngineError) -> String {
    format!("its last turn could not be recorded, so it is shown as last saved: {error}")
}
