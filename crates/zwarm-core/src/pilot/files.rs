//! A pilot's workspace files at its checkpoints (opt-in per pilot): recorded
//! after every turn, previewed and restored per node. A restore first records
//! a backup node holding the files as they were, so it can be undone.

use crate::files::{FileCheckpoints, FilesError, RestorePreview, RestoreReport};
use crate::checkpoints::{find_node, Node, NodeKind, PilotStoreError};
use crate::engine::Engine;

use super::{PilotError, PilotRunner};

fn file_checkpoints(engine: &Engine) -> Result<FileCheckpoints, PilotError> {
    let workspace = engine.workspace();
    Ok(FileCheckpoints::open(
        workspace.root(),
        workspace.state_dir(),
    )?)
}

/// Records the workspace's files for a turn of a pilot that tracks them.
pub(super) fn snapshot_files(engine: &Engine, message: &str) -> Result<String, PilotError> {
    Ok(file_checkpoints(engine)?.snapshot(message)?)
}

impl PilotRunner {

    /// The node's recorded files commit, or a clear error.
    fn files_commit_of(
        &self,
        pilot_id: &str,
        node_key: &str,
    ) -> Result<(Node, String), PilotError> {
        let pilot = self.store().load(pilot_id)?;
        let node = find_node(&pilot.graph, pilot_id, node_key)?.clone();
        match node.files_commit.clone() {
            Some(commit) => Ok((node, commit)),
            None => Err(PilotError::NoFiles { label: node.label }),
        }
    }

    /// What restoring `node`'s files would change, add and remove, with
    /// each file's diff.
    pub fn preview_files(&self, pilot_id: &str, node_key: &str) -> Result<RestorePreview, PilotError> {
        let (_, commit) = self.files_commit_of(pilot_id, node_key)?;
        Ok(file_checkpoints(self.engine())?.preview_restore_with_diffs(&commit)?)
    }

    /// Restores `node`'s files. Before any file is touched, a backup node
    /// (a child of the current node, which stays current) records the files
    /// as they are. Ignored files and the user's own git state are never touched.
    pub fn restore_files(
        &self,
        pilot_id: &str,
        node_key: &str,
    ) -> Result<(RestoreReport, Node), PilotError> {
        let (target, commit) = self.files_commit_of(pilot_id, node_key)?;
        let head = self.store().load(pilot_id)?.meta.head;
        let mut backup = None;
        let report = file_checkpoints(self.engine())?
            .restore_then(&commit, |backup_commit, _plan| {
                let node = Node {
                    files_commit: Some(backup_commit.to_string()),
                    ..Node::new(
                        NodeKind::Backup,
                        head.clone(),
                        format!("Files before restoring {}", target.label),
                    )
                };
                let recorded = self
                    .store()
                    .append_with(pilot_id, node, false)
                    .map_err(|e| e.to_string())?;
                backup = Some(recorded);
                Ok(())
            })?;
        let backup = backup
            .ok_or_else(|| PilotError::Store(PilotStoreError::NotFound(pilot_id.to_string())))?;
        Ok((report, backup))
    }
}

impl From<FilesError> for PilotError {
    fn from(error: FilesError) -> Self {
        PilotError::Files(error.to_string())
    }
}
