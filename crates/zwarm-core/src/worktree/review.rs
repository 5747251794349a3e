//! A worktree's work as per-file diffs against the commit it was made
//! from, uncommitted and untracked files included: what the session header's
//! "Diff" and a race's comparison show. git computes the diffs through a
//! private index, so the worktree's own index is never touched.

use std::path::Path;

use crate::diff::{self, FileDiff, PatchBudget};
use crate::events::FileChangeKind;

use super::git::Git;
use super::{WorktreeError, WorktreeResult};

/// Every file the worktree at `dir` changed since `base`, with its diff.
pub(super) fn file_diffs(dir: &Path, base: &str) -> WorktreeResult<Vec<FileDiff>> {
    let scratch = tempfile::tempdir().map_err(|source| WorktreeError::Io {
        doing: "make a temporary folder in",
        path: std::env::temp_dir(),
        source,
    })?;
    let git = Git::in_dir(dir).with_index(scratch.path().join("index"));
    git.run("read the worktree's commit", &["read-tree", "HEAD"])?;
    git.run("stage the worktree's changes", &["add", "--all"])?;
    let raw = git.run(
        "list the worktree's changes",
        &["diff", "--cached", "--raw", "-z", "--no-renames", base],
    )?;
    let patches = git.run(
        "diff the worktree",
        &["diff", "--cached", "-p", "--no-renames", "--no-ext-diff", "--no-textconv", "--no-color", base],
    )?;
    let entries = parse_raw(&raw);
    let pieces = diff::split_per_file(patches.as_bytes());
    if pieces.len() != entries.len() {
        return Err(WorktreeError::Git {
            doing: "diff the worktree",
            message: format!("git printed {} file diffs for {} changed files", pieces.len(), entries.len()),
        });
    }
    let mut budget = PatchBudget::default();
    Ok(entries
        .into_iter()
        .zip(pieces)
        .map(|((kind, path), piece)| diff::file_diff(path, kind, piece, &mut budget))
        .collect())
}

/// `(kind, path)` of each record of `git diff --raw -z`: a header
/// `:<modes> <objects> <status>` then the path, each ended by NUL.
fn parse_raw(raw: &str) -> Vec<(FileChangeKind, String)> {
    let mut entries = Vec::new();
    let mut fields = raw.split('\0');
    while let Some(header) = fields.next() {
        let Some(status) = header.strip_prefix(':').and_then(|h| h.split(' ').nth(4)) else {
            continue;
        };
        let Some(path) = fields.next() else { break };
        let kind = match status.as_bytes().first() {
            Some(b'A') => FileChangeKind::Add,
            Some(b'D') => FileChangeKind::Delete,
            _ => FileChangeKind::Update,
        };
        entries.push((kind, path.to_string()));
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_records_give_kind_and_path_and_skip_what_is_not_a_record() {
        let raw = ":000000 100644 0000000 1111111 A\0new file.txt\0:100644 100644 1111111 2222222 M\0src/lib.rs\0:100644 000000 1111111 0000000 D\0gone\0";
        assert_eq!(
            parse_raw(raw),
            vec![
                (FileChangeKind::Add, "new file.txt".to_string()),
                (FileChangeKind::Update, "src/lib.rs".to_string()),
                (FileChangeKind::Delete, "gone".to_string()),
            ]
        );
        assert!(parse_raw("garbage\0").is_empty());
    }
}
