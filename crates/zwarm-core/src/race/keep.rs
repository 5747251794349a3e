//! Keeping a race's winner: its worktree's work merged into the base branch
//! (as `zwarm worktree merge` does, refused on conflicts), then the other
//! entrants' worktrees removed. Everything that would refuse is looked at
//! before anything moves: a conflict or a loser's uncommitted work leaves
//! every branch and folder as it was. The winner's worktree stays, so its
//! session can still be continued there.

use std::path::Path;

use serde::Serialize;

use super::{KeptWinner, Race, RaceError};
use crate::agents::Adapter;
use crate::engine::{Engine, EngineError, EngineResult};
use crate::store::{SessionStatus, StoreError, Timestamp};
use crate::worktree::{changed_files, MergeMode, WorktreeError};

/// What keeping did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeepOutcome {
    /// Merged and recorded; `race.kept` says what was removed.
    Kept { race: Box<Race> },
    /// Nothing was changed, for this reason.
    Refused { refusal: KeepRefusal },
}

/// Why a winner was not kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum KeepRefusal {
    /// Merging would conflict in these files (the base moved since).
    Conflicts { base: String, files: Vec<String> },
    /// Other entrants left uncommitted work in their worktrees, which
    /// removing them would lose; keep again with `force` to remove anyway.
    LosersDirty { entrants: Vec<DirtyEntrant> },
}

/// An entrant not kept, with the files it left uncommitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DirtyEntrant {
    pub session_id: String,
    pub adapter: Adapter,
    pub files: Vec<String>,
}

impl KeepRefusal {
    /// The refusal in words, with what to do.
    pub fn describe(&self) -> String {
        match self {
            KeepRefusal::Conflicts { base, files } => format!(
                "merging into {base} would conflict in {}; nothing was changed. Resolve them in the winner's worktree (or bring {base} in line) and keep again",
                files.join(", ")
            ),
            KeepRefusal::LosersDirty { entrants } => {
                let each: Vec<String> = entrants
                    .iter()
                    .map(|e| format!("{} ({}): {}", e.session_id.get(..8).unwrap_or(&e.session_id), e.adapter, e.files.join(", ")))
                    .collect();
                format!(
                    "the other entrants have uncommitted work their worktrees would lose ({}); nothing was changed. Keep again with force to remove them anyway",
                    each.join("; ")
                )
            }
        }
    }
}

impl Engine {
    /// Merges entrant `session`'s work into the base branch and removes the
    /// other entrants' worktrees (refused while any of them has uncommitted
    /// work, unless `force`); records the winner. Every entrant must have
    /// ended.
    pub fn race_keep(&self, id_or_prefix: &str, session: &str, force: bool) -> EngineResult<KeepOutcome> {
        let races = self.races();
        // Held throughout: a second keep waits, then finds this one's winner.
        let held = races.hold(&races.resolve(id_or_prefix)?)?;
        let mut race = held.load()?;
        if let Some(kept) = &race.kept {
            return Err(RaceError::AlreadyKept {
                race: race.short_id().to_string(),
                session: kept.session_id.clone(),
            }
            .into());
        }
        let winner = race
            .entrant_of(session)?
            .session_id
            .clone()
            .unwrap_or_default();
        let mut losers = Vec::new();
        let mut dirty = Vec::new();
        for entrant in &race.entrants {
            let Some(id) = entrant.session_id.as_deref().filter(|id| *id != winner) else {
                continue;
            };
            let meta = match self.refresh(id) {
                Ok(meta) => meta,
                // A deleted session took its worktree with it (or left it listed).
                Err(EngineError::Store(StoreError::NotFound { .. })) => continue,
                Err(error) => return Err(error),
            };
            if matches!(meta.status, SessionStatus::Running | SessionStatus::Pending) {
                return Err(EngineError::Busy { id: meta.id });
            }
            let Some(worktree) = meta.worktree.filter(|w| Path::new(&w.path).is_dir()) else {
                continue;
            };
            if !force {
                let files = changed_files(Path::new(&worktree.path))?;
                if !files.is_empty() {
                    dirty.push(DirtyEntrant {
                        session_id: meta.id.clone(),
                        adapter: entrant.adapter,
                        files,
                    });
                }
            }
            losers.push((meta.id, worktree.path));
        }
        if !dirty.is_empty() {
            return Ok(KeepOutcome::Refused {
                refusal: KeepRefusal::LosersDirty { entrants: dirty },
            });
        }
        let merge = match self.merge_worktree(&winner, MergeMode::Auto) {
            Ok(merge) => merge,
            Err(EngineError::Worktree(WorktreeError::Conflicts { base, files, .. })) => {
                return Ok(KeepOutcome::Refused {
                    refusal: KeepRefusal::Conflicts { base, files },
                })
            }
            Err(error) => return Err(error),
        };
        let worktrees = self.worktrees()?;
        let mut removed = Vec::new();
        let mut not_removed = Vec::new();
        for (id, path) in losers {
            match worktrees.remove(Path::new(&path), force) {
                Ok(()) => removed.push(id),
                Err(error) => not_removed.push(format!("{id}: {error}")),
            }
        }
        let kept = KeptWinner {
            session_id: winner,
            kept_at: Timestamp::now(),
            merge,
            removed,
            not_removed,
        };
        race.kept = Some(kept);
        held.save(&race)?;
        Ok(KeepOutcome::Kept { race: Box::new(race) })
    }
}
