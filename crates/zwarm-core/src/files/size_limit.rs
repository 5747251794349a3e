//! Files larger than [`MAX_FILE_BYTES`] are left out of file checkpoints, as
//! if a `.gitignore` named them: a build artefact, a dataset or a model file
//! would otherwise be copied into the shadow repository at every turn. They
//! are never deleted or overwritten by a restore either (ignored files are
//! not the checkpoint's business), and the app says so beside the setting.

use std::path::Path;

use super::excludes::anchored_literal;
use super::tree::to_fs_path;

/// The largest file a checkpoint records (10 MiB).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// The paths among `candidates` (NUL-separated, relative to `root`, as
/// `git ls-files -z` prints them) whose file is larger than the limit.
pub(super) fn large_files(root: &Path, candidates: &[u8]) -> Vec<Vec<u8>> {
    candidates
        .split(|b| *b == 0)
        .filter(|rel| !rel.is_empty())
        .filter(|rel| {
            std::fs::symlink_metadata(to_fs_path(root, rel))
                .is_ok_and(|m| m.is_file() && m.len() > MAX_FILE_BYTES)
        })
        .map(<[u8]>::to_vec)
        .collect()
}

/// An exclude line that names exactly the file `rel`, anchored at the work
/// tree, with every character a pattern would read specially escaped.
pub(super) fn file_pattern(rel: &[u8]) -> Vec<u8> {
    let mut out = anchored_literal(rel);
    out.push(b'\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_over_the_limit_are_named_and_escaped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("small.txt"), b"x").unwrap();
        let big = std::fs::File::create(dir.path().join("big [1].bin")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap();
        let found = large_files(dir.path(), b"small.txt\0big [1].bin\0missing\0");
        assert_eq!(found, vec![b"big [1].bin".to_vec()]);
        assert_eq!(file_pattern(b"big [1].bin"), b"/big\\ \\[1].bin\n".to_vec());
    }
}
