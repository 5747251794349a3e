//! An entrant's patch (git's `diff --binary` of its worktree against the
//! base) cut into one [`FileDiff`] per file with `crate::diff`; each file's
//! path and kind are read from the header git wrote above its hunks.

use crate::diff::{file_diff, split_per_file, FileDiff, PatchBudget};
use crate::events::FileChangeKind;

/// The files of `patch`, in git's order, their text kept within one
/// [`PatchBudget`].
pub fn file_diffs(patch: &str) -> Vec<FileDiff> {
    let mut budget = PatchBudget::default();
    split_per_file(patch.as_bytes())
        .into_iter()
        .map(|piece| {
            let (path, kind) = header_of(&String::from_utf8_lossy(piece));
            file_diff(path, kind, piece, &mut budget)
        })
        .collect()
}

/// The path and kind a piece's header names. The `---`/`+++` and `rename
/// to` lines name the file unambiguously; a header without them (a binary
/// file, a mode change) names it on its `diff --git a/P b/P` line, whose
/// two halves are the same path.
fn header_of(piece: &str) -> (String, FileChangeKind) {
    let mut kind = FileChangeKind::Update;
    let mut new_path = None;
    let mut old_path = None;
    let mut first = "";
    for (n, line) in piece.lines().enumerate() {
        if n == 0 {
            first = line;
            continue;
        }
        if line.starts_with("@@") || line.starts_with("GIT binary patch") {
            break;
        }
        if line.starts_with("new file mode") {
            kind = FileChangeKind::Add;
        } else if line.starts_with("deleted file mode") {
            kind = FileChangeKind::Delete;
        } else if let Some(name) = line.strip_prefix("rename to ") {
            new_path = Some(unquote(name));
        } else if let Some(name) = line.strip_prefix("+++ ") {
            new_path = strip_side(name, "b/").or(new_path);
        } else if let Some(name) = line.strip_prefix("--- ") {
            old_path = strip_side(name, "a/");
        }
    }
    let path = new_path
        .or(old_path)
        .or_else(|| same_halves(first))
        .unwrap_or_else(|| first.trim_start_matches("diff --git ").to_string());
    (path, kind)
}

/// `a/P` or `b/P` (maybe quoted, maybe followed by the tab git puts after
/// a name with a space) as `P`; `None` for `/dev/null`.
fn strip_side(name: &str, side: &str) -> Option<String> {
    let name = unquote(name.strip_suffix('\t').unwrap_or(name));
    name.strip_prefix(side).map(str::to_string)
}

/// `diff --git a/P b/P` → `P`.
fn same_halves(line: &str) -> Option<String> {
    let rest = line.strip_prefix("diff --git a/")?;
    // "P b/P": the path is the first half, before " b/".
    let half = rest.len().checked_sub(3)? / 2;
    let (path, tail) = (rest.get(..half)?, rest.get(half..)?);
    (tail.strip_prefix(" b/") == Some(path)).then(|| path.to_string())
}

/// A name git quoted (`"with \"quotes\" and \303\251"`, C escapes and
/// octal bytes) as its text; an unquoted name as it is.
fn unquote(name: &str) -> String {
    let Some(inner) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) else {
        return name.to_string();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut chars = inner.bytes().peekable();
    while let Some(byte) = chars.next() {
        if byte != b'\\' {
            bytes.push(byte);
            continue;
        }
        match chars.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(b'r') => bytes.push(b'\r'),
            Some(b'a') => bytes.push(0x07),
            Some(b'b') => bytes.push(0x08),
            Some(b'f') => bytes.push(0x0c),
            Some(b'v') => bytes.push(0x0b),
            Some(digit @ b'0'..=b'7') => {
                let mut value = u32::from(digit - b'0');
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&next @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(next - b'0');
                            chars.next();
                        }
                        _ => break,
                    }
                }
                bytes.push(u8::try_from(value).unwrap_or(b'?'));
            }
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_kinds_come_from_each_header() {
        let patch = concat!(
            "diff --git a/src/new file.rs b/src/new file.rs\n",
            "new file mode 100644\n",
            "index 0000000..1111111\n",
            "--- /dev/null\n",
            "+++ b/src/new file.rs\t\n",
            "@@ -0,0 +1 @@\n",
            "+fn main() {}\n",
            "diff --git a/gone.txt b/gone.txt\n",
            "deleted file mode 100644\n",
            "--- a/gone.txt\n",
            "+++ /dev/null\n",
            "@@ -1 +0,0 @@\n",
            "-bye\n",
            "diff --git a/old.md b/new.md\n",
            "similarity index 90%\n",
            "rename from old.md\n",
            "rename to new.md\n",
            "diff --git a/logo.png b/logo.png\n",
            "new file mode 100644\n",
            "GIT binary patch\n",
            "literal 3\n",
            "KcmZ?wdH?{I0RR91\n",
            "diff --git \"a/caf\\303\\251.txt\" \"b/caf\\303\\251.txt\"\n",
            "--- \"a/caf\\303\\251.txt\"\n",
            "+++ \"b/caf\\303\\251.txt\"\n",
            "@@ -1 +1 @@\n",
            "-a\n",
            "+b\n",
        );
        let files = file_diffs(patch);
        let seen: Vec<(&str, FileChangeKind, u32, u32)> = files
            .iter()
            .map(|f| (f.path.as_str(), f.kind, f.additions, f.deletions))
            .collect();
        assert_eq!(
            seen,
            vec![
                ("src/new file.rs", FileChangeKind::Add, 1, 0),
                ("gone.txt", FileChangeKind::Delete, 0, 1),
                ("new.md", FileChangeKind::Update, 0, 0),
                ("logo.png", FileChangeKind::Add, 0, 0),
                ("café.txt", FileChangeKind::Update, 1, 1),
            ]
        );
        assert!(files[3].binary);
        assert!(files[0].patch.starts_with("diff --git a/src/new file.rs"));
    }

    #[test]
    fn an_empty_patch_has_no_files() {
        assert!(file_diffs("").is_empty());
    }
}
