//! The preview of a restore with the diff of every file it would write or
//! delete, so the user sees what the files will become before saying yes.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::diff::{self, FileDiff, PatchBudget};
use crate::events::FileChangeKind;

use super::error::{FilesError, FilesResult};
use super::plan::RestorePlan;
use super::tree;
use super::{os, FileCheckpoints};

/// What a restore would do, with each file's diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RestorePreview {
    pub plan: RestorePlan,
    /// One diff per changed, added and removed file of the plan, from the
    /// file as it is now (`-`) to the file at the checkpoint (`+`), in path
    /// order. Skipped files have none: the restore does not touch them.
    pub diffs: Vec<FileDiff>,
}

impl FileCheckpoints {
    /// [`FileCheckpoints::preview_restore`] with the diff of each file.
    /// Writes nothing to the workspace.
    pub fn preview_restore_with_diffs(&self, commit: &str) -> FilesResult<RestorePreview> {
        const DOING: &str = "comparing the workspace with the checkpoint";
        let _lock = self.lock()?;
        let (_, target) = self.resolve(commit)?;
        let current = self.record_worktree()?;
        // One list of changes makes both the plan and the pairing of the
        // patches below (git prints them in the same order).
        let entries = self.changes(&current, &target)?;
        let raw = self.plan_of(&current, entries.clone())?;
        let args = [
            "diff-tree",
            "-r",
            "--no-renames",
            "--no-ext-diff",
            "--no-textconv",
            "--no-color",
        ];
        let patches = self.run(
            &os(&[&args[..], &["-p", current.as_str(), target.as_str()]].concat()),
            None,
            DOING,
        )?;
        let pieces = diff::split_per_file(&patches);
        if pieces.len() != entries.len() {
            return Err(FilesError::Unexpected {
                what: "diff-tree -p",
                detail: format!(
                    "{} file diffs for {} changed files",
                    pieces.len(),
                    entries.len()
                ),
            });
        }
        let shown = shown_paths(&raw.changed, &raw.added, &raw.removed);
        let mut budget = PatchBudget::default();
        let diffs = entries
            .iter()
            .zip(pieces)
            .filter_map(|(entry, piece)| {
                let kind = *shown.get(entry.path.as_slice())?;
                Some(diff::file_diff(tree::display(&entry.path), kind, piece, &mut budget))
            })
            .collect();
        Ok(RestorePreview {
            plan: raw.display(),
            diffs,
        })
    }
}

/// The plan's paths with what the restore does to each.
fn shown_paths<'a>(
    changed: &'a [Vec<u8>],
    added: &'a [Vec<u8>],
    removed: &'a [Vec<u8>],
) -> HashMap<&'a [u8], FileChangeKind> {
    let mut shown = HashMap::new();
    for (paths, kind) in [
        (changed, FileChangeKind::Update),
        (added, FileChangeKind::Add),
        (removed, FileChangeKind::Delete),
    ] {
        shown.extend(paths.iter().map(|p| (p.as_slice(), kind)));
    }
    shown
}
