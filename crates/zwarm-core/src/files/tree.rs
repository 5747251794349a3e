//! Reading git's NUL-separated listings, and workspace-relative paths as raw bytes.
//!
//! Paths stay bytes (git's own representation) from git's output to the
//! filesystem call, so names with spaces, newlines or invalid UTF-8 survive;
//! they become `String` only for display.

use std::path::{Path, PathBuf};

/// Mode of a gitlink: a nested repository, recorded by its commit only.
pub(super) const GITLINK: u32 = 0o160000;

/// One entry of `git ls-tree -r -z`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TreeEntry {
    pub mode: u32,
    pub path: Vec<u8>,
}

/// One entry of `git diff-tree -r -z --raw --no-renames`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DiffEntry {
    /// Mode in the first tree; 0 when the path is not there.
    pub old_mode: u32,
    /// Mode in the second tree; 0 when the path is not there.
    pub new_mode: u32,
    /// `A`, `D`, `M`, `T` (with `--no-renames`, never `R` or `C`).
    pub status: u8,
    pub path: Vec<u8>,
}

fn mode(text: &[u8]) -> Result<u32, String> {
    std::str::from_utf8(text)
        .ok()
        .and_then(|t| u32::from_str_radix(t, 8).ok())
        .ok_or_else(|| format!("bad mode `{}`", String::from_utf8_lossy(text)))
}

/// Parses `<mode> SP <type> SP <object> TAB <path> NUL` records.
pub(super) fn parse_ls_tree(out: &[u8]) -> Result<Vec<TreeEntry>, String> {
    let mut entries = Vec::new();
    for record in out.split(|&b| b == 0) {
        if record.is_empty() {
            continue;
        }
        // The header has no tab; the path may.
        let tab = record
            .iter()
            .position(|&b| b == b'\t')
            .ok_or_else(|| format!("no tab in `{}`", String::from_utf8_lossy(record)))?;
        let (header, path) = (&record[..tab], &record[tab + 1..]);
        let first = header.split(|&b| b == b' ').next().unwrap_or_default();
        if path.is_empty() {
            return Err("an entry without a path".to_string());
        }
        entries.push(TreeEntry {
            mode: mode(first)?,
            path: path.to_vec(),
        });
    }
    Ok(entries)
}

/// Parses `:<old> SP <new> SP <oid> SP <oid> SP <status> NUL <path> NUL`
/// records. A rename or copy (two paths) is read as a removal plus an
/// addition, should git report one despite `--no-renames`.
pub(super) fn parse_diff_raw(out: &[u8]) -> Result<Vec<DiffEntry>, String> {
    let mut fields = out.split(|&b| b == 0).peekable();
    let mut entries = Vec::new();
    while let Some(header) = fields.next() {
        if header.is_empty() && fields.peek().is_none() {
            break;
        }
        let header = header.strip_prefix(b":").ok_or_else(|| {
            format!(
                "`{}` is not a raw diff header",
                String::from_utf8_lossy(header)
            )
        })?;
        let parts: Vec<&[u8]> = header.split(|&b| b == b' ').collect();
        let [old, new, _, _, status] = parts.as_slice() else {
            return Err(format!(
                "`{}` does not have five fields",
                String::from_utf8_lossy(header)
            ));
        };
        let (old_mode, new_mode) = (mode(old)?, mode(new)?);
        let letter = *status.first().ok_or("an empty status")?;
        let mut path = || -> Result<Vec<u8>, String> {
            match fields.next() {
                Some(p) if !p.is_empty() => Ok(p.to_vec()),
                _ => Err("a change without its path".to_string()),
            }
        };
        match letter {
            b'R' | b'C' => {
                let from = path()?;
                let to = path()?;
                if letter == b'R' {
                    entries.push(DiffEntry {
                        old_mode,
                        new_mode: 0,
                        status: b'D',
                        path: from,
                    });
                }
                entries.push(DiffEntry {
                    old_mode: 0,
                    new_mode,
                    status: b'A',
                    path: to,
                });
            }
            _ => entries.push(DiffEntry {
                old_mode,
                new_mode,
                status: letter,
                path: path()?,
            }),
        }
    }
    Ok(entries)
}

/// A path for people to read (invalid UTF-8 shown as U+FFFD).
pub(super) fn display(path: &[u8]) -> String {
    String::from_utf8_lossy(path).into_owned()
}

/// The components of a relative git path.
pub(super) fn components(path: &[u8]) -> impl Iterator<Item = &[u8]> {
    path.split(|&b| b == b'/')
}

/// Whether a path from a tree is an ordinary relative path that zwarm may
/// touch: no empty, `.` or `..` component, nothing inside a `.git` or
/// `.zwarm` folder (git refuses such trees anyway; this is a second lock),
/// nothing inside the state folder.
pub(super) fn is_safe(path: &[u8], state_rel: Option<&[u8]>) -> bool {
    if path.is_empty() {
        return false;
    }
    let plain = components(path).all(|c| {
        !c.is_empty()
            && c != b"."
            && c != b".."
            && !c.eq_ignore_ascii_case(b".git")
            && c != b".zwarm"
    });
    let in_state = state_rel.is_some_and(|s| {
        path == s || (path.len() > s.len() && path.starts_with(s) && path[s.len()] == b'/')
    });
    plain && !in_state
}

/// The folders above a path, nearest first (`a/b/c` gives `a/b`, `a`).
pub(super) fn parents(path: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut end = path.len();
    std::iter::from_fn(move || {
        let slash = path[..end].iter().rposition(|&b| b == b'/')?;
        end = slash;
        Some(&path[..slash])
    })
}

/// `root` joined with a relative git path, component by component.
pub(super) fn to_fs_path(root: &Path, path: &[u8]) -> PathBuf {
    let mut out = root.to_path_buf();
    for c in components(path) {
        out.push(component(c));
    }
    out
}

#[cfg(unix)]
fn component(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn component(bytes: &[u8]) -> PathBuf {
    // Git for Windows stores paths as UTF-8.
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// A file name as git path bytes.
#[cfg(unix)]
pub(super) fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    name.as_bytes().to_vec()
}

#[cfg(not(unix))]
pub(super) fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    name.to_string_lossy().into_owned().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ls_tree_records_keep_tabs_newlines_and_bytes_in_paths() {
        let out = b"100644 blob aaaa\tplain\x00100755 blob bbbb\twith\ttab\nand newline\x00\
160000 commit cccc\tvendor/lib\x00120000 blob dddd\tcaf\xe9\x00";
        let entries = parse_ls_tree(out).unwrap();
        assert_eq!(
            entries,
            vec![
                TreeEntry {
                    mode: 0o100644,
                    path: b"plain".to_vec()
                },
                TreeEntry {
                    mode: 0o100755,
                    path: b"with\ttab\nand newline".to_vec()
                },
                TreeEntry {
                    mode: GITLINK,
                    path: b"vendor/lib".to_vec()
                },
                TreeEntry {
                    mode: 0o120000,
                    path: b"caf\xe9".to_vec()
                },
            ]
        );
        assert!(parse_ls_tree(b"").unwrap().is_empty());
        assert!(parse_ls_tree(b"garbage\x00").is_err());
    }

    #[test]
    fn raw_diff_records_parse_and_renames_split() {
        let out = b":100644 100644 aa bb M\x00a b\x00:000000 100644 00 bb A\x00new\nline\x00\
:100644 000000 aa 00 D\x00gone\x00:100644 120000 aa bb T\x00link\x00\
:100644 100644 aa bb R100\x00old\x00moved\x00";
        let entries = parse_diff_raw(out).unwrap();
        let brief: Vec<(u8, &[u8])> = entries
            .iter()
            .map(|e| (e.status, e.path.as_slice()))
            .collect();
        assert_eq!(
            brief,
            vec![
                (b'M', &b"a b"[..]),
                (b'A', &b"new\nline"[..]),
                (b'D', &b"gone"[..]),
                (b'T', &b"link"[..]),
                (b'D', &b"old"[..]),
                (b'A', &b"moved"[..]),
            ]
        );
        assert_eq!(entries[1].old_mode, 0);
        assert_eq!(entries[3].new_mode, 0o120000);
        assert!(parse_diff_raw(b"").unwrap().is_empty());
        assert!(parse_diff_raw(b":100644 100644 aa bb M\x00").is_err());
        assert!(parse_diff_raw(b"M\x00path\x00").is_err());
    }

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(is_safe(b"src/main.rs", None));
        assert!(is_safe(b"a b/\xe9", None));
        for bad in [
            &b""[..],
            b"/abs",
            b"a//b",
            b"./a",
            b"a/../b",
            b".git/config",
            b"x/.GIT/y",
            b".zwarm/s",
            b"a/.zwarm/b",
        ] {
            assert!(!is_safe(bad, None), "{}", display(bad));
        }
        assert!(!is_safe(b"state/x", Some(b"state")));
        assert!(is_safe(b"stately", Some(b"state")));
    }

    #[test]
    fn parents_are_listed_nearest_first() {
        assert_eq!(
            parents(b"a/b/c").collect::<Vec<_>>(),
            vec![&b"a/b"[..], b"a"]
        );
        assert_eq!(parents(b"file").count(), 0);
    }
}
