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
    /// The repository's worktrees, made under `[sessions] worktree_dir`
    /// (`.zwarm/worktrees/` by default); fails with why when the workspace
    /// is not in a git repository.
    pub fn worktrees(&self) -> WorktreeResult<Worktrees> {
        let folder = match &self.settings.worktree_dir {
            Some(dir) => self.workspace.root().join(dir),
            None => self.workspace.state_dir().join("worktrees"),
        };
        Worktrees::open(self.workspace.root(), folder)
    }

    /// Whether new sessions here can have worktrees, why not, which branches
    /// they can start from, and whether they get one unless they say.
    pub fn worktree_support(&self) -> WorktreeSupport {
        let by_default = matches!(self.settings.isolation, Isolation::Worktree { .. });
        match self.worktrees().and_then(|w| Ok((w.branches()?, w.current_branch()?))) {
            Ok((branches, current_branch)) => WorktreeSupport {
                available: true,
                why_not: None,
                by_default,
                branches,
                current_branch,
            },
            Err(error) => WorktreeSupport {
                available: false,
                why_not: Some(error.to_string()),
                by_default,
                branches: Vec::new(),
                current_branch: None,
            },
        }
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

    /// Removes the worktrees left alone for `days` days or more whose
    /// session has ended or is gone, and says which stayed and why: a
    /// running session's, a recent one, or one holding uncommitted work
    /// (never thrown away by a prune).
    pub fn prune_worktrees(&self, days: u32) -> EngineResult<WorktreePrune> {
        let worktrees = self.worktrees()?;
        let listing = self.list(None)?;
        let owner_running = |path: &str| {
            listing
                .sessions
                .iter()
                .find(|m| m.worktree.as_ref().is_some_and(|w| w.path == path))
                .map(|m| !m.status.is_ended())
        };
        let mut prune = WorktreePrune::default();
        for status in worktrees.list()? {
            let why_kept = if owner_running(&status.path) == Some(true) {
                Some("its session is running".to_string())
            } else if status.idle_secs < u64::from(days) * 86_400 {
                Some(format!("changed less than {days} day(s) ago"))
            } else if !status.changed_files.is_empty() {
                Some(format!("uncommitted changes: {}", status.changed_files.join(", ")))
            } else {
                worktrees.remove(Path::new(&status.path), false).err().map(|e| e.to_string())
            };
            match why_kept {
                Some(why) => prune.kept.push(KeptWorktree { worktree: status, why }),
                None => {
                    prune.freed_bytes += status.size_bytes;
                    prune.removed.push(status);
                }
            }
        }
        Ok(prune)
    }
}

/// What the New session dialog offers for isolation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorktreeSupport {
    pub available: bool,
    /// Why not, in words (not a git repository, no commit yet, no git).
    pub why_not: Option<String>,
    /// `[sessions] isolation = "worktree"`: the dialog's box starts ticked.
    pub by_default: bool,
    /// Local branches a worktree can start from (zwarm's own left out).
    pub branches: Vec<String>,
    /// The branch checked out now; `None` on a detached HEAD.
    pub current_branch: Option<String>,
}

/// What [`Engine::prune_worktrees`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorktreePrune {
    pub removed: Vec<WorktreeStatus>,
    pub kept: Vec<KeptWorktree>,
    /// Bytes the removed worktrees took.
    pub freed_bytes: u64,
}

/// A worktree a prune left, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KeptWorktree {
    pub worktree: WorktreeStatus,
    pub why: String,
}
