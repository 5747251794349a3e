//! Sessions in worktrees of their own (see `crate::worktree`): made when a
//! session starts isolated, merged or removed on the user's word, and gone
//! with the session when it is deleted (only when nothing uncommitted would
//! go with it).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::SessionMeta;
use crate::worktree::{MergeMode, MergeOutcome, WorktreeRef, WorktreeResult, WorktreeStatus, Worktrees};

use super::{Engine, EngineError, EngineResult};

/// Where a new session runs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Isolation {
    /// In the workspace folder itself, beside every other session.
    #[default]
    None,
    /// In a git worktree of its own, on a new branch from `base` (a branch
    /// name) or from the current HEAD.
    Worktree { base: Option<String> },
}

impl Engine {
    /// The repository's worktrees, made under `.zwarm/worktrees/`; fails
    /// with why when the workspace is not in a git repository.
    pub fn worktrees(&self) -> WorktreeResult<Worktrees> {
        Worktrees::open(self.workspace.root(), self.workspace.state_dir().join("worktrees"))
    }

    /// Makes the worktree a new session runs in; returns it and the folder
    /// inside it that stands for `working_dir` (the same place relative to
    /// the repository).
    pub(super) fn make_worktree(
        &self,
        meta: &SessionMeta,
        base: Option<&str>,
        working_dir: &Path,
    ) -> EngineResult<(WorktreeRef, PathBuf)> {
        let worktrees = self.worktrees()?;
        let made = worktrees.create(meta.short_id(), &meta.task, base)?;
        let inside = match working_dir.strip_prefix(worktrees.repo()) {
            Ok(rel) if !rel.as_os_str().is_empty() => Path::new(&made.path).join(rel),
            _ => PathBuf::from(&made.path),
        };
        Ok((made, inside))
    }

    /// The worktree session `id_or_prefix` runs in.
    fn worktree_of(&self, id_or_prefix: &str) -> EngineResult<WorktreeRef> {
        let meta = self.find_session(id_or_prefix)?;
        meta.worktree.ok_or(EngineError::NoWorktree { id: meta.id })
    }

    /// Commits what the session's agent left in its worktree and merges its
    /// branch into the branch it was made from. Refused while a turn runs.
    pub fn merge_worktree(&self, id_or_prefix: &str, mode: MergeMode) -> EngineResult<MergeOutcome> {
        let meta = self.refresh(id_or_prefix)?;
        if !meta.status.is_ended() {
            return Err(EngineError::Busy { id: meta.id });
        }
        let worktree = meta.worktree.clone().ok_or(EngineError::NoWorktree { id: meta.id.clone() })?;
        let message = format!("zwarm: {}\n\nSession {}", meta.task.lines().next().unwrap_or_default(), meta.id);
        Ok(self.worktrees()?.merge(&worktree, mode, &message)?)
    }

    /// The session's work (committed or not) against the commit its worktree
    /// was made from, as a patch.
    pub fn worktree_patch(&self, id_or_prefix: &str) -> EngineResult<String> {
        let worktree = self.worktree_of(id_or_prefix)?;
        Ok(self.worktrees()?.patch(&worktree)?)
    }

    /// Removes the session's worktree (refused with the changed files while
    /// it has uncommitted work, unless `force`). The session stays, as
    /// history, its folder gone.
    pub fn remove_worktree(&self, id_or_prefix: &str, force: bool) -> EngineResult<()> {
        let meta = self.refresh(id_or_prefix)?;
        if !meta.status.is_ended() {
            return Err(EngineError::Busy { id: meta.id });
        }
        let worktree = meta.worktree.clone().ok_or(EngineError::NoWorktree { id: meta.id.clone() })?;
        self.worktrees()?.remove(Path::new(&worktree.path), force)?;
        Ok(())
    }

    /// Every worktree zwarm made in this repository, with changes and size.
    pub fn list_worktrees(&self) -> EngineResult<Vec<WorktreeStatus>> {
        Ok(self.worktrees()?.list()?)
    }
}
