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
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use crate::store::{SessionJson, SessionListing, SessionMeta, SessionStatus};

use super::{finalize, legacy, Engine};

/// Session id → why it could not be brought up to date.
pub(super) type Problems = BTreeMap<String, String>;

/// Finalizes the listed running sessions whose turn ended, in place;
/// collects, rather than returns, the errors of single sessions.
pub(super) fn refresh_running(engine: &Engine, sessions: &mut [Arc<SessionMeta>]) -> Problems {
    let mut problems = Problems::new();
    for meta in sessions
        .iter_mut()
        .filter(|m| m.status == SessionStatus::Running)
    {
        match finalize::finalize_if_ended(engine, SessionMeta::clone(meta)) {
            Ok(fresh) => *meta = Arc::new(fresh),
            Err(error) => {
                problems.insert(meta.id.clone(), describe(&error));
            }
        }
    }
    problems
}

/// [`refresh_running`] for the rows of a JSON listing: only the running
/// ones are parsed.
pub(super) fn refresh_running_json(engine: &Engine, rows: &mut [SessionJson]) -> Problems {
    let mut problems = Problems::new();
    for row in rows
        .iter_mut()
        .filter(|r| r.status == SessionStatus::Running)
    {
        let fresh = serde_json::from_str::<SessionMeta>(&row.json)
            .map_err(|e| format!("could not be read back from the listing index: {e}"))
            .and_then(|meta| finalize::finalize_if_ended(engine, meta).map_err(|e| describe(&e)))
            .and_then(|meta| SessionJson::of(&meta).map_err(|e| e.to_string()));
        match fresh {
            Ok(fresh) => *row = fresh,
            Err(problem) => {
                problems.insert(row.id.clone(), problem);
            }
        }
    }
    problems
}

/// A session as a listing shows it (turn records rebuilt for zwarm 3.x),
/// and the files besides its meta.json that this was made from, for the
/// listing index. `None` when it depends on more than files: a running turn
/// zwarm 3.x started is judged by its process.
pub(super) fn adopt_for_listing(engine: &Engine, meta: &mut SessionMeta) -> Option<Vec<PathBuf>> {
    if !legacy::may_lack_records(meta) {
        return Some(Vec::new());
    }
    engine.adopt(meta);
    if matches!(meta.status, SessionStatus::Running | SessionStatus::Pending) {
        return None;
    }
    // The prices in force must be those of the file on disk now, or a later
    // reload would leave the rebuilt costs stale.
    let prices_file = crate::cost::pricing::override_path(&engine.workspace);
    let unchanged = engine.prices_file().is_ok_and(|stamp| {
        crate::store::FileStamp::read(&prices_file).is_ok_and(|now| now == stamp)
    });
    if !unchanged {
        return None;
    }
    let turns = engine.store.turns_dir(&meta.id).ok()?;
    let mut inputs = legacy::turn_files(&turns);
    inputs.push(turns);
    inputs.push(prices_file);
    Some(inputs)
}

/// What listed sessions depend on besides their files, for the listing
/// index: this build (its code and built-in price table) and the time zone
/// (times with an offset and turn files' times are read as local times).
pub(super) fn index_context() -> u64 {
    let mut hasher = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    crate::cost::pricing::EMBEDDED_TOML.hash(&mut hasher);
    chrono::Local::now()
        .offset()
        .local_minus_utc()
        .hash(&mut hasher);
    hasher.finish()
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
