//! What a restore would do, worked out before anything is touched, and doing it.
//!
//! The plan compares the work tree as it is now (every file that is not
//! ignored, recorded into a tree) with the checkpoint's tree. A path is
//! written only if nothing zwarm must not touch is in the way: an ignored
//! file at the same place, a folder that would still hold ignored files
//! after the deletions, a nested repository. Such paths are reported as
//! skipped instead, so git's `checkout-index -f` (which would delete a
//! folder in its way, ignored files and all) never meets one.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::{io, FilesResult};
use super::tree::{self, DiffEntry, TreeEntry, GITLINK};

/// What restoring a checkpoint's files would do to the workspace. Paths are
/// relative to the workspace, `/`-separated; a name that is not valid UTF-8
/// shows U+FFFD in place of the bad bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RestorePlan {
    /// Files that exist now and would get the checkpoint's contents (or mode,
    /// or kind: a file becoming a symlink).
    pub changed: Vec<String>,
    /// Files of the checkpoint that do not exist now and would be created.
    pub added: Vec<String>,
    /// Files that exist now (and are not ignored) but not in the checkpoint,
    /// and would be deleted.
    pub removed: Vec<String>,
    /// Files of the checkpoint that would not be written because an ignored
    /// file or folder, or a nested repository, is in their place.
    pub skipped: Vec<String>,
}

impl RestorePlan {
    /// Whether the restore would change nothing.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

/// The plan with paths as git's bytes, which the restore works with.
#[derive(Debug, Default)]
pub(super) struct RawPlan {
    pub changed: Vec<Vec<u8>>,
    pub added: Vec<Vec<u8>>,
    pub removed: Vec<Vec<u8>>,
    pub skipped: Vec<Vec<u8>>,
}

impl RawPlan {
    pub fn display(&self) -> RestorePlan {
        let show = |paths: &[Vec<u8>]| paths.iter().map(|p| tree::display(p)).collect();
        RestorePlan {
            changed: show(&self.changed),
            added: show(&self.added),
            removed: show(&self.removed),
            skipped: show(&self.skipped),
        }
    }
}

/// Works out the plan from the current tree's entries and the diff from the
/// current tree to the target. Reads the filesystem (never writes).
pub(super) fn compute(
    root: &Path,
    current: &[TreeEntry],
    diff: Vec<DiffEntry>,
    state_rel: Option<&[u8]>,
) -> RawPlan {
    let tracked: HashMap<&[u8], u32> = current
        .iter()
        .map(|e| (e.path.as_slice(), e.mode))
        .collect();
    let (mut removed, mut skipped, mut writes) = (Vec::new(), Vec::new(), Vec::new());
    for entry in diff {
        let safe = tree::is_safe(&entry.path, state_rel);
        match entry.status {
            b'D' => {
                // Nested repositories are never removed.
                if safe && entry.old_mode != GITLINK {
                    removed.push(entry.path);
                }
            }
            // The checkpoint holds a nested repository there: its files
            // were never recorded, so there is nothing to restore.
            _ if entry.new_mode == GITLINK => skipped.push(entry.path),
            _ if entry.new_mode == 0 => {}
            _ if !safe => skipped.push(entry.path),
            status => writes.push((status == b'A', entry.path)),
        }
    }
    let gone: HashSet<&[u8]> = removed.iter().map(Vec::as_slice).collect();
    let (mut changed, mut added) = (Vec::new(), Vec::new());
    for (is_new, path) in writes {
        if !place_is_free(root, &path, &tracked, &gone) {
            skipped.push(path);
        } else if is_new {
            added.push(path);
        } else {
            changed.push(path);
        }
    }
    RawPlan {
        changed,
        added,
        removed,
        skipped,
    }
}

/// Whether the checkout may write `path`: every folder above it is a real
/// folder (or absent, or a tracked file about to be deleted), and the path
/// itself is absent, tracked, or a folder that the deletions will empty.
fn place_is_free(
    root: &Path,
    path: &[u8],
    tracked: &HashMap<&[u8], u32>,
    removed: &HashSet<&[u8]>,
) -> bool {
    let mut above: Vec<&[u8]> = tree::parents(path).collect();
    above.reverse();
    for dir in above {
        match std::fs::symlink_metadata(tree::to_fs_path(root, dir)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(_) => return false,
            Ok(meta) if meta.is_dir() => {
                if tracked.get(dir) == Some(&GITLINK) {
                    return false;
                }
            }
            // A file or symlink where a folder must go: fine only if the
            // restore deletes it first.
            Ok(_) => return removed.contains(dir),
        }
    }
    match std::fs::symlink_metadata(tree::to_fs_path(root, path)) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(_) => false,
        Ok(meta) if meta.is_dir() => {
            tracked.get(path) != Some(&GITLINK)
                && empties(&tree::to_fs_path(root, path), path, removed)
        }
        Ok(_) => tracked.contains_key(path),
    }
}

/// Whether every file below `dir` is one the restore deletes (and there is
/// no nested repository), so the folder will be gone before the checkout.
fn empties(dir: &Path, rel: &[u8], removed: &HashSet<&[u8]>) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    for entry in entries {
        let Ok(entry) = entry else {
            return false;
        };
        let name = entry.file_name();
        if name == ".git" {
            return false;
        }
        let mut child = rel.to_vec();
        child.push(b'/');
        child.extend_from_slice(&tree::name_bytes(&name));
        let Ok(kind) = entry.file_type() else {
            return false;
        };
        let ok = if kind.is_dir() {
            empties(&entry.path(), &child, removed)
        } else {
            removed.contains(child.as_slice())
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Deletes the plan's removed files, then the folders that this left empty
/// (deepest first; a folder that still holds anything stays).
pub(super) fn delete_removed(root: &Path, removed: &[Vec<u8>]) -> FilesResult<()> {
    let mut folders = BTreeSet::new();
    for path in removed {
        let full = tree::to_fs_path(root, path);
        match std::fs::symlink_metadata(&full) {
            Ok(meta) if !meta.is_dir() => match std::fs::remove_file(&full) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io("delete", &full, e)),
            },
            _ => continue,
        }
        folders.extend(tree::parents(path).map(<[u8]>::to_vec));
    }
    let mut folders: Vec<Vec<u8>> = folders.into_iter().collect();
    folders.sort_by_key(|f| std::cmp::Reverse(tree::components(f).count()));
    for folder in folders {
        // Fails (and is meant to) when the folder is not empty.
        let _ = std::fs::remove_dir(tree::to_fs_path(root, &folder));
    }
    Ok(())
}
