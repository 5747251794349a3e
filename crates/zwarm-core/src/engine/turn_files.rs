//! The workspace's files around each session turn: a snapshot when the turn
//! starts and one when it is seen to have ended, in the same shadow
//! repository pilots use (`files`). They let a branch taken
//! from a turn ("Branch from here", `zwarm fork --restore-files`) put the
//! files back as they were after it, and show what a turn changed.
//!
//! Recording never stands in a turn's way: without git, or on any failure,
//! the turn runs and its record simply has no snapshot. Sessions share one
//! folder, so a snapshot holds what every agent (and the user) wrote by then,
//! not only this session's work.

use std::path::Path;

use crate::files::{FileCheckpoints, RestorePreview, RestoreReport};
use crate::store::SessionMeta;

use super::{Engine, EngineError, EngineResult};

impl Engine {
    /// The file snapshots of the folder `meta` works in: its worktree when it
    /// has one (see `isolation`), else the workspace. All share one shadow
    /// repository, so any two snapshots can be compared.
    pub(super) fn file_checkpoints_of(&self, meta: &SessionMeta) -> EngineResult<FileCheckpoints> {
        let root = match &meta.worktree {
            Some(worktree) if Path::new(&worktree.path).is_dir() => Path::new(&worktree.path),
            _ => self.workspace.root(),
        };
        Ok(FileCheckpoints::open(root, self.workspace.state_dir())?)
    }

    /// A snapshot of the session's files for turn `number` of `meta`, or
    /// `None` when files are not tracked or could not be recorded.
    pub(super) fn snapshot_turn_files(&self, meta: &SessionMeta, number: u32, when: &str) -> Option<String> {
        if !self.settings.track_files {
            return None;
        }
        let message = format!("zwarm: session {} turn {number} {when}", meta.id);
        self.file_checkpoints_of(meta).ok()?.snapshot(&message).ok()
    }

    /// The session and its files snapshot taken after turn `turn`, or why there is none.
    fn files_after(&self, id_or_prefix: &str, turn: u32) -> EngineResult<(SessionMeta, String)> {
        let meta = self.find_session(id_or_prefix)?;
        let record = meta.turns.iter().find(|t| t.number == turn);
        match record.and_then(|t| t.files_after.clone()) {
            Some(commit) => Ok((meta, commit)),
            None => Err(EngineError::NoTurnFiles {
                id: meta.id.clone(),
                turn,
            }),
        }
    }

    /// What restoring the files of after turn `turn` would change, with
    /// each file's diff. Writes nothing.
    pub fn preview_turn_files(&self, id_or_prefix: &str, turn: u32) -> EngineResult<RestorePreview> {
        let (meta, commit) = self.files_after(id_or_prefix, turn)?;
        Ok(self.file_checkpoints_of(&meta)?.preview_restore_with_diffs(&commit)?)
    }

    /// Puts the session's files back as they were after turn `turn`, after
    /// recording them as they are now in a backup snapshot
    /// ([`RestoreReport::backup_commit`]). Ignored files, `.git/` and
    /// `.zwarm/` are never touched.
    pub fn restore_turn_files(&self, id_or_prefix: &str, turn: u32) -> EngineResult<RestoreReport> {
        let (meta, commit) = self.files_after(id_or_prefix, turn)?;
        Ok(self.file_checkpoints_of(&meta)?.restore(&commit)?)
    }

    /// [`Engine::fork`], then the workspace's files put back as they were
    /// after `through_turn` (see [`Engine::restore_turn_files`]); the fork
    /// records the backup snapshot in `forked_from.files_backup`. Nothing
    /// is forked when that turn has no recorded files, and the fork is
    /// removed again when the restore fails.
    pub fn fork_with_files(
        &self,
        id_or_prefix: &str,
        through_turn: u32,
        source: Option<String>,
    ) -> EngineResult<SessionMeta> {
        self.files_after(id_or_prefix, through_turn)?;
        let fork = self.fork(id_or_prefix, through_turn, source)?;
        let report = match self.restore_turn_files(&fork.id, through_turn) {
            Ok(report) => report,
            Err(error) => {
                if let Ok(dir) = self.store.session_dir(&fork.id) {
                    let _ = std::fs::remove_dir_all(dir);
                }
                return Err(error);
            }
        };
        self.update_session(&fork.id, |m| {
            if let Some(origin) = m.forked_from.as_mut() {
                origin.files_backup = Some(report.backup_commit.clone());
            }
        })
    }
}
