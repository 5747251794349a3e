//! The comparison of a race's entrants, built when asked from what each
//! session and worktree hold now: status, time, tokens and cost from the
//! session, the files changed and their diffs from git. One entrant that
//! cannot be read (its session deleted, its worktree removed) is shown
//! with why, beside the others.

use std::path::Path;

use serde::Serialize;

use super::{Entrant, Race};
use crate::diff::FileDiff;
use crate::engine::{Engine, EngineError, EngineResult, SessionSummary};
use crate::diff::DiffStat;
use crate::store::{SessionMeta, StoreError, Timestamp};
use crate::worktree::WorktreeRef;

/// A workspace's races, and the files that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RaceListing {
    /// Newest first.
    pub races: Vec<Race>,
    /// `path: why` for each unreadable race file.
    pub broken: Vec<String>,
}

/// A race and its entrants side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RaceComparison {
    pub race: Race,
    /// In the race's order.
    pub entrants: Vec<EntrantView>,
}

/// One entrant as it stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EntrantView {
    pub entrant: Entrant,
    /// Its session now (status, tokens, cost); `None` when it has none or
    /// it was deleted.
    pub session: Option<SessionSummary>,
    /// What could not be read, in words.
    pub problem: Option<String>,
    /// Seconds its turns ran (a running turn counts until now).
    pub wall_secs: Option<f64>,
    pub worktree: Option<WorktreeRef>,
    /// Whether its worktree folder is still there.
    pub worktree_present: bool,
    /// Each file it changed against the base, committed or not.
    pub files: Vec<FileDiff>,
    /// Lines added and removed over all files.
    pub additions: u32,
    pub deletions: u32,
    /// It is the entrant the race kept.
    pub kept: bool,
}

impl Engine {
    /// The workspace's races, newest first.
    pub fn race_list(&self) -> EngineResult<RaceListing> {
        let (races, broken) = self.races().list()?;
        Ok(RaceListing {
            races,
            broken: broken
                .into_iter()
                .map(|(path, error)| format!("{}: {error}", path.display()))
                .collect(),
        })
    }

    /// Race `id_or_prefix` with each entrant's session, time and diff.
    pub fn race_show(&self, id_or_prefix: &str) -> EngineResult<RaceComparison> {
        let race = self.races().find(id_or_prefix)?;
        let entrants = race.entrants.iter().map(|entrant| self.entrant_view(&race, entrant)).collect();
        Ok(RaceComparison { race, entrants })
    }

    fn entrant_view(&self, race: &Race, entrant: &Entrant) -> EntrantView {
        let mut view = EntrantView {
            entrant: entrant.clone(),
            session: None,
            problem: entrant.start_error.as_ref().map(|e| format!("it did not start: {e}")),
            wall_secs: None,
            worktree: None,
            worktree_present: false,
            files: Vec::new(),
            additions: 0,
            deletions: 0,
            kept: false,
        };
        let Some(id) = entrant.session_id.as_deref() else {
            return view;
        };
        view.kept = race.kept.as_ref().is_some_and(|k| k.session_id == id);
        let meta = match self.refresh(id) {
            Ok(meta) => meta,
            Err(EngineError::Store(StoreError::NotFound { .. })) => {
                view.problem = Some(format!("its session {} was deleted", short(id)));
                return view;
            }
            Err(error) => {
                view.problem = Some(format!("its session could not be read: {error}"));
                return view;
            }
        };
        view.wall_secs = Some(wall_secs(&meta));
        view.session = Some(SessionSummary::from(&meta));
        let Some(worktree) = meta.worktree.clone() else {
            view.problem = Some("its session runs without a worktree of its own".into());
            return view;
        };
        view.worktree_present = Path::new(&worktree.path).is_dir();
        if view.worktree_present {
            // The same per-file diffs as the session header's Diff.
            match self.worktrees().and_then(|w| w.file_diffs(&worktree)) {
                Ok(files) => {
                    let stat = DiffStat::of(&files);
                    (view.additions, view.deletions) = (stat.additions, stat.deletions);
                    view.files = files;
                }
                Err(error) => view.problem = Some(format!("its changes could not be read: {error}")),
            }
        } else {
            view.problem = Some(format!(
                "its worktree {} was removed, so its changes are not shown (its branch {} keeps what was committed)",
                worktree.path, worktree.branch
            ));
        }
        view.worktree = Some(worktree);
        view
    }
}

/// The seconds the session's own turns ran; a turn still running counts
/// until now.
fn wall_secs(meta: &SessionMeta) -> f64 {
    let now = Timestamp::now();
    let millis: i64 = meta
        .turns
        .iter()
        .filter(|t| !t.is_copied())
        .map(|t| {
            let end = t.ended_at.unwrap_or(now);
            (end.naive() - t.started_at.naive()).num_milliseconds().max(0)
        })
        .sum();
    millis as f64 / 1000.0
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}
