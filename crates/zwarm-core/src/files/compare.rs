//! What changed between two snapshots: the diff of every file, as a turn's
//! or a session's review shows it ("N files, +a −b" and each file opened).
//! git computes it (`diff-tree`); this only pairs its pieces with paths.

use crate::diff::{self, FileDiff, PatchBudget};
use crate::events::FileChangeKind;

use super::error::{FilesError, FilesResult};
use super::tree;
use super::{os, FileCheckpoints};

impl FileCheckpoints {
    /// Every file that differs from snapshot `from` to snapshot `to`, with
    /// its diff (`-` as in `from`, `+` as in `to`), in path order. Reads
    /// only the shadow repository; the workspace is not touched.
    pub fn diff_between(&self, from: &str, to: &str) -> FilesResult<Vec<FileDiff>> {
        const DOING: &str = "comparing two snapshots of the files";
        let (_, from) = self.resolve(from)?;
        let (_, to) = self.resolve(to)?;
        let entries = self.changes(&from, &to)?;
        let patches = self.run(
            &os(&[
                "diff-tree",
                "-r",
                "-p",
                "--no-renames",
                "--no-ext-diff",
                "--no-textconv",
                "--no-color",
                from.as_str(),
                to.as_str(),
            ]),
            None,
            DOING,
        )?;
        let pieces = diff::split_per_file(&patches);
        if pieces.len() != entries.len() {
            return Err(FilesError::Unexpected {
                what: "diff-tree -p",
                detail: format!("{} file diffs for {} changed files", pieces.len(), entries.len()),
            });
        }
        let mut budget = PatchBudget::default();
        Ok(entries
            .iter()
            .zip(pieces)
            .map(|(entry, piece)| {
                let kind = match entry.status {
                    b'A' => FileChangeKind::Add,
                    b'D' => FileChangeKind::Delete,
                    _ => FileChangeKind::Update,
                };
                diff::file_diff(tree::display(&entry.path), kind, piece, &mut budget)
            })
            .collect())
    }
}
