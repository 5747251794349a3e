//! What a session changed, for review: one turn's files (the thread's turn
//! divider and its file changes) and the whole session's (the header's
//! "Diff"). A session in a worktree is compared with the commit its worktree
//! was made from, uncommitted work included; any other session with its
//! first recorded snapshot, since it shares the folder and has no base of
//! its own.

use serde::{Deserialize, Serialize};

use crate::diff::FileDiff;
use crate::diff::DiffStat;
use crate::store::{SessionMeta, TurnRecord};

use super::{Engine, EngineError, EngineResult};

/// A set of file diffs and what they were taken between.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReviewDiff {
    pub against: DiffBase,
    pub stat: DiffStat,
    pub files: Vec<FileDiff>,
}

/// What a [`ReviewDiff`] compares with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DiffBase {
    /// The commit the session's worktree was made from (on `branch`).
    Worktree { commit: String, branch: Option<String> },
    /// The files when turn `from_turn` started, to when turn `to_turn`
    /// ended. In a shared folder this holds whatever else wrote there too.
    Turns { from_turn: u32, to_turn: u32 },
}

impl Engine {
    /// What turn `turn` of a session changed in its folder: its files when
    /// it started against when it ended.
    pub fn turn_diff(&self, id_or_prefix: &str, turn: u32) -> EngineResult<ReviewDiff> {
        let meta = self.find_session(id_or_prefix)?;
        let record = meta.turns.iter().find(|t| t.number == turn);
        let Some((before, after)) = record.and_then(snapshots) else {
            return Err(EngineError::NoTurnFiles { id: meta.id.clone(), turn });
        };
        let files = self.file_checkpoints_of(&meta)?.diff_between(&before, &after)?;
        Ok(review(DiffBase::Turns { from_turn: turn, to_turn: turn }, files))
    }

    /// Everything a session changed: its worktree against its base, or its
    /// first recorded turn's files against its last.
    pub fn session_diff(&self, id_or_prefix: &str) -> EngineResult<ReviewDiff> {
        let meta = self.find_session(id_or_prefix)?;
        if let Some(worktree) = &meta.worktree {
            let files = self.worktrees()?.file_diffs(worktree)?;
            let against = DiffBase::Worktree {
                commit: worktree.base_commit.clone(),
                branch: worktree.base_branch.clone(),
            };
            return Ok(review(against, files));
        }
        let Some(((from_turn, before), (to_turn, after))) = session_span(&meta) else {
            let turn = meta.turns.last().map_or(1, |t| t.number);
            return Err(EngineError::NoTurnFiles { id: meta.id.clone(), turn });
        };
        let files = self.file_checkpoints_of(&meta)?.diff_between(&before, &after)?;
        Ok(review(DiffBase::Turns { from_turn, to_turn }, files))
    }

    /// The "N files, +a −b" of a turn that just ended, for its record;
    /// `None` when a snapshot is missing or git could not compare them.
    pub(super) fn turn_stat(&self, meta: &SessionMeta, before: &str, after: &str) -> Option<DiffStat> {
        let files = self.file_checkpoints_of(meta).ok()?.diff_between(before, after).ok()?;
        Some(DiffStat::of(&files))
    }
}

fn review(against: DiffBase, files: Vec<FileDiff>) -> ReviewDiff {
    ReviewDiff {
        against,
        stat: DiffStat::of(&files),
        files,
    }
}

/// A turn's snapshots when it started and when it ended, when both exist.
fn snapshots(turn: &TurnRecord) -> Option<(String, String)> {
    Some((turn.files_before.clone()?, turn.files_after.clone()?))
}

/// The first snapshot of the session's own turns (not those a fork copied)
/// and the last one taken after a turn, with their turn numbers.
fn session_span(meta: &SessionMeta) -> Option<((u32, String), (u32, String))> {
    let own = || meta.turns.iter().filter(|t| !t.is_copied());
    let first = own().find_map(|t| Some((t.number, t.files_before.clone()?)))?;
    let last = own().rev().find_map(|t| Some((t.number, t.files_after.clone()?)))?;
    Some((first, last))
}
