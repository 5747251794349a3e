//! Diffs of files, as git prints them, cut into one piece per file for the
//! window to show.
//!
//! zwarm never computes a diff itself: git does (`diff-tree -p`, `diff`),
//! and this module only splits git's unified output at each `diff --git`
//! header, counts the lines added and removed, and keeps what is shown
//! bounded. The window renders each piece with a diff viewer that reads
//! git's format, so the text is passed on unchanged (but for a cut at a
//! hunk boundary when a file's diff is too large).

use serde::{Deserialize, Serialize};

use crate::events::FileChangeKind;

/// The most patch text kept for one file. A larger diff keeps its first
/// hunks up to this size and is marked [`FileDiff::truncated`].
pub const MAX_FILE_PATCH_BYTES: usize = 256 * 1024;

/// The most patch text kept for all files of one answer: past it, files keep
/// only their counts, so one huge change cannot make a preview unusable.
pub const MAX_TOTAL_PATCH_BYTES: usize = 2 * 1024 * 1024;

/// The diff of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FileDiff {
    /// Relative to the workspace, `/`-separated (U+FFFD for bytes that are
    /// not UTF-8).
    pub path: String,
    pub kind: FileChangeKind,
    /// git's unified diff of this file, from its `diff --git` header on;
    /// empty when it was left out (see `truncated`).
    pub patch: String,
    /// git found the file binary: there are no lines to show.
    pub binary: bool,
    pub additions: u32,
    pub deletions: u32,
    /// Some hunks (or all, when `patch` is empty) were left out because the
    /// diff was too large to show.
    pub truncated: bool,
}

/// How much a set of file diffs changes, for a one-line summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DiffStat {
    pub files: u32,
    pub additions: u32,
    pub deletions: u32,
}

impl DiffStat {
    /// The totals of `diffs`.
    pub fn of(diffs: &[FileDiff]) -> Self {
        diffs.iter().fold(Self::default(), |stat, d| Self {
            files: stat.files.saturating_add(1),
            additions: stat.additions.saturating_add(d.additions),
            deletions: stat.deletions.saturating_add(d.deletions),
        })
    }
}

/// Keeps the patch text of many files under [`MAX_TOTAL_PATCH_BYTES`].
#[derive(Debug)]
pub struct PatchBudget {
    left: usize,
}

impl Default for PatchBudget {
    fn default() -> Self {
        Self {
            left: MAX_TOTAL_PATCH_BYTES,
        }
    }
}

/// Cuts git's `-p` output into one piece per file, in git's order. Every
/// piece starts with its `diff --git` line; text before the first header
/// (none in git's output) is dropped. A header can only start a line: the
/// lines of a hunk start with ` `, `+`, `-` or `\`.
pub fn split_per_file(output: &[u8]) -> Vec<&[u8]> {
    const HEADER: &[u8] = b"diff --git ";
    let mut starts = Vec::new();
    let mut at_line_start = true;
    for (i, &byte) in output.iter().enumerate() {
        if at_line_start && output[i..].starts_with(HEADER) {
            starts.push(i);
        }
        at_line_start = byte == b'\n';
    }
    let mut pieces = Vec::with_capacity(starts.len());
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(output.len());
        pieces.push(&output[start..end]);
    }
    pieces
}

/// The [`FileDiff`] of one piece of [`split_per_file`], its text cut to
/// what the budget allows.
pub fn file_diff(path: String, kind: FileChangeKind, piece: &[u8], budget: &mut PatchBudget) -> FileDiff {
    let mut additions = 0u32;
    let mut deletions = 0u32;
    let mut binary = false;
    let mut in_hunks = false;
    // Byte offsets where each hunk starts, to cut at a hunk boundary.
    let mut hunk_starts = Vec::new();
    let mut offset = 0usize;
    for line in piece.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(b"@@") {
            in_hunks = true;
            hunk_starts.push(offset);
        } else if !in_hunks {
            binary |= line.starts_with(b"Binary files ") || line.starts_with(b"GIT binary patch");
        } else if line.starts_with(b"+") {
            additions = additions.saturating_add(1);
        } else if line.starts_with(b"-") {
            deletions = deletions.saturating_add(1);
        }
        offset += line.len();
    }
    let limit = MAX_FILE_PATCH_BYTES.min(budget.left);
    let (kept, truncated) = if piece.len() <= limit {
        (piece, false)
    } else {
        // The header and as many whole hunks as fit; nothing when not even
        // the first hunk does (a partial hunk would not parse).
        let cut = hunk_starts
            .iter()
            .copied()
            .chain(std::iter::once(piece.len()))
            .rfind(|&end| end <= limit)
            .filter(|&end| hunk_starts.first().is_some_and(|&first| end > first))
            .unwrap_or(0);
        (&piece[..cut], true)
    };
    budget.left = budget.left.saturating_sub(kept.len());
    FileDiff {
        path,
        kind,
        patch: String::from_utf8_lossy(kept).into_owned(),
        binary,
        additions,
        deletions,
        truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_FILES: &str = concat!(
        "diff --git a/a.txt b/a.txt\n",
        "index 1111111..2222222 100644\n",
        "--- a/a.txt\n",
        "+++ b/a.txt\n",
        "@@ -1,2 +1,2 @@\n",
        "-old line\n",
        "+new line\n",
        " diff --git inside a context line\n",
        "diff --git a/img.png b/img.png\n",
        "new file mode 100644\n",
        "index 0000000..3333333\n",
        "Binary files /dev/null and b/img.png differ\n",
    );

    #[test]
    fn output_is_cut_at_each_file_header_only() {
        let pieces = split_per_file(TWO_FILES.as_bytes());
        assert_eq!(pieces.len(), 2);
        assert!(pieces[0].ends_with(b" diff --git inside a context line\n"));
        assert!(pieces[1].starts_with(b"diff --git a/img.png"));
        assert!(split_per_file(b"").is_empty());
    }

    #[test]
    fn lines_are_counted_and_binary_files_told_apart() {
        let pieces = split_per_file(TWO_FILES.as_bytes());
        let mut budget = PatchBudget::default();
        let text = file_diff("a.txt".into(), FileChangeKind::Update, pieces[0], &mut budget);
        assert_eq!((text.additions, text.deletions, text.binary, text.truncated), (1, 1, false, false));
        assert_eq!(text.patch.as_bytes(), pieces[0]);
        let image = file_diff("img.png".into(), FileChangeKind::Add, pieces[1], &mut budget);
        assert_eq!((image.additions, image.deletions, image.binary), (0, 0, true));
    }

    #[test]
    fn a_large_diff_keeps_whole_hunks_and_says_so() {
        let mut patch = String::from("diff --git a/big b/big\n--- a/big\n+++ b/big\n");
        let body = "+x\n".repeat(MAX_FILE_PATCH_BYTES / 6);
        for hunk in 0..3 {
            patch.push_str(&format!("@@ -{hunk},0 +{hunk},1 @@\n{body}"));
        }
        let mut budget = PatchBudget::default();
        let diff = file_diff("big".into(), FileChangeKind::Update, patch.as_bytes(), &mut budget);
        assert!(diff.truncated);
        assert_eq!(diff.patch.matches("@@ -").count(), 1, "one whole hunk fits");
        assert!(diff.patch.ends_with("+x\n"));
        assert_eq!(diff.additions as usize, 3 * (MAX_FILE_PATCH_BYTES / 6), "counts cover every hunk");
    }

    #[test]
    fn the_total_budget_leaves_later_files_with_counts_only() {
        let mut budget = PatchBudget { left: 10 };
        let piece = b"diff --git a/a b/a\n@@ -1 +1 @@\n-a\n+b\n";
        let diff = file_diff("a".into(), FileChangeKind::Update, piece, &mut budget);
        assert!(diff.truncated);
        assert!(diff.patch.is_empty());
        assert_eq!((diff.additions, diff.deletions), (1, 1));
    }
}
