//! What the shadow repository leaves out, besides the work tree's own
//! `.gitignore` files (which git reads natively at every level).
//!
//! * The shadow's `info/exclude` always leaves out `.zwarm/` and `.git`
//!   (and the state folder, if it has another name); `snapshot` also passes
//!   them as exclude pathspecs, which no `!pattern` in a `.gitignore` can undo.
//! * `core.excludesFile` points to a file zwarm rewrites before each use,
//!   made of the user's repository's `info/exclude` and, when the workspace
//!   is a subfolder of that repository, the `.gitignore` files of the folders
//!   above it, each pattern re-anchored at the workspace. Later lines win, so
//!   they are written outermost first, as git ranks them.
//!
//! The user's global excludes file is not read (nor any of their config).

use std::path::{Path, PathBuf};

/// What the shadow's `info/exclude` holds, before the state folder's own line.
pub(super) const ALWAYS_EXCLUDED: &str =
    "# Written by zwarm; rewritten on every use.\n.zwarm/\n.git\n";

/// Attributes that make git store and write back bytes exactly as they are:
/// no line-ending conversion, no filters (which could run programs), no
/// keyword expansion, no re-encoding. `info/attributes` outranks every
/// `.gitattributes` of the work tree.
pub(super) const ATTRIBUTES: &str =
    "# Written by zwarm; rewritten on every use.\n* -text -filter -ident -working-tree-encoding\n";

/// The user's repository that holds the workspace, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct UserRepo {
    /// The folder with the `.git` entry.
    pub root: PathBuf,
    /// Where its `info/exclude` lives (the common dir of a worktree).
    pub common_dir: PathBuf,
}

/// Finds the nearest `.git` (folder or `gitdir:` file) at or above `workspace`.
pub(super) fn find_user_repo(workspace: &Path) -> Option<UserRepo> {
    for dir in workspace.ancestors() {
        let dot_git = dir.join(".git");
        let Ok(meta) = std::fs::symlink_metadata(&dot_git) else {
            continue;
        };
        let git_dir = if meta.is_dir() {
            dot_git
        } else {
            let text = std::fs::read_to_string(&dot_git).ok()?;
            let target = text.lines().find_map(|l| l.strip_prefix("gitdir:"))?.trim();
            dir.join(target)
        };
        let common_dir = match std::fs::read_to_string(git_dir.join("commondir")) {
            Ok(text) => git_dir.join(text.trim()),
            Err(_) => git_dir,
        };
        return Some(UserRepo {
            root: dir.to_path_buf(),
            common_dir,
        });
    }
    None
}

/// The contents of the excludes file for `workspace` inside `repo`.
pub(super) fn user_excludes(workspace: &Path, repo: Option<&UserRepo>) -> Vec<u8> {
    let mut out =
        b"# Written by zwarm from the user's repository; rewritten on every use.\n".to_vec();
    let Some(repo) = repo else {
        return out;
    };
    let Ok(below) = workspace.strip_prefix(&repo.root) else {
        return out;
    };
    let rel: Vec<Vec<u8>> = below
        .components()
        .map(|c| super::tree::name_bytes(c.as_os_str()))
        .collect();
    let mut sources = vec![(repo.common_dir.join("info").join("exclude"), 0)];
    let mut dir = repo.root.clone();
    for (depth, c) in below.components().enumerate() {
        sources.push((dir.join(".gitignore"), depth));
        dir.push(c);
    }
    for (file, depth) in sources {
        let Ok(text) = std::fs::read(&file) else {
            continue;
        };
        let rel: Vec<&[u8]> = rel[depth..].iter().map(Vec::as_slice).collect();
        for line in text.split(|&b| b == b'\n') {
            if let Some(pattern) = rebase(line, &rel) {
                out.extend_from_slice(&pattern);
                out.push(b'\n');
            }
        }
    }
    out
}

/// Re-anchors one gitignore line of a folder D at the workspace, which is
/// `rel` below D. `None` when the line cannot match inside the workspace
/// (or is blank, a comment, or would ignore the workspace itself).
/// A `**` before the workspace is reached makes the rest match at any depth:
/// that may ignore a little more than git would, never less.
pub(super) fn rebase(line: &[u8], rel: &[&[u8]]) -> Option<Vec<u8>> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = trim_trailing_spaces(line);
    if line.is_empty() || line.starts_with(b"#") {
        return None;
    }
    let (negate, body) = match line.strip_prefix(b"!") {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let (dir_only, body) = match body.strip_suffix(b"/") {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    if body.is_empty() {
        return None;
    }
    if !body.contains(&b'/') {
        // Matches at any depth: as true below the workspace as below D.
        return Some(line.to_vec());
    }
    let body = body.strip_prefix(b"/").unwrap_or(body);
    let segments: Vec<&[u8]> = body.split(|&b| b == b'/').collect();
    // Segment `j` of the pattern faces component `j` of `rel` until `rel`
    // runs out; the segments left then apply inside the workspace.
    let mut rebased: Option<Vec<u8>> = None;
    for (j, seg) in segments.iter().enumerate() {
        if j == rel.len() {
            let mut out = b"/".to_vec();
            out.extend_from_slice(&segments[j..].join(&b'/'));
            rebased = Some(out);
            break;
        }
        if *seg == b"**" {
            let rest = &segments[j + 1..];
            if rest.is_empty() {
                return None;
            }
            let mut out = b"**/".to_vec();
            out.extend_from_slice(&rest.join(&b'/'));
            rebased = Some(out);
            break;
        }
        if !fnmatch(seg, rel[j]) {
            return None;
        }
    }
    let mut out = Vec::new();
    if negate {
        out.push(b'!');
    }
    out.extend_from_slice(&rebased?);
    if dir_only {
        out.push(b'/');
    }
    Some(out)
}

/// Trailing spaces are dropped unless escaped with a backslash.
fn trim_trailing_spaces(mut line: &[u8]) -> &[u8] {
    while let Some(rest) = line.strip_suffix(b" ") {
        if rest.ends_with(b"\\") {
            break;
        }
        line = rest;
    }
    line
}

/// Shell-style matching of one path component: `*`, `?`, `[...]` (with `!`
/// or `^` to negate, ranges) and `\` escapes.
pub(super) fn fnmatch(pattern: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pattern.len() {
            match pattern[p] {
                b'*' => {
                    star = Some((p, n));
                    p += 1;
                    continue;
                }
                b'?' => {
                    p += 1;
                    n += 1;
                    continue;
                }
                b'[' => {
                    if let Some((matched, next)) = class(pattern, p, name[n]) {
                        if matched {
                            p = next;
                            n += 1;
                            continue;
                        }
                    } else if name[n] == b'[' {
                        p += 1;
                        n += 1;
                        continue;
                    }
                }
                b'\\' if p + 1 < pattern.len() => {
                    if pattern[p + 1] == name[n] {
                        p += 2;
                        n += 1;
                        continue;
                    }
                }
                c => {
                    if c == name[n] {
                        p += 1;
                        n += 1;
                        continue;
                    }
                }
            }
        }
        match star {
            Some((sp, sn)) => {
                p = sp + 1;
                n = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// Matches `c` against the bracket expression at `pattern[start]`; returns
/// whether it matched and the index after `]`, or `None` when unterminated.
fn class(pattern: &[u8], start: usize, c: u8) -> Option<(bool, usize)> {
    let mut i = start + 1;
    let negate = matches!(pattern.get(i), Some(b'!') | Some(b'^'));
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        let mut lo = *pattern.get(i)?;
        if lo == b']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        if lo == b'\\' {
            i += 1;
            lo = *pattern.get(i)?;
        }
        if pattern.get(i + 1) == Some(&b'-') && pattern.get(i + 2).is_some_and(|&h| h != b']') {
            let hi = pattern[i + 2];
            matched |= lo <= c && c <= hi;
            i += 3;
        } else {
            matched |= lo == c;
            i += 1;
        }
    }
}

/// A gitignore line that matches exactly this relative path (for a state
/// folder with an unusual name): glob characters are escaped.
pub(super) fn literal_pattern(rel: &[u8]) -> Vec<u8> {
    let mut out = anchored_literal(rel);
    out.push(b'/');
    out
}

/// `rel` anchored at the work tree (`/rel`), with every character a
/// gitignore pattern reads specially escaped.
pub(super) fn anchored_literal(rel: &[u8]) -> Vec<u8> {
    let mut out = b"/".to_vec();
    for &b in rel {
        if matches!(b, b'*' | b'?' | b'[' | b'\\' | b'!' | b'#' | b' ') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(line: &str, rel: &[&str]) -> Option<String> {
        let rel: Vec<&[u8]> = rel.iter().map(|s| s.as_bytes()).collect();
        rebase(line.as_bytes(), &rel).map(|v| String::from_utf8(v).unwrap())
    }

    #[test]
    fn patterns_of_folders_above_are_anchored_at_the_workspace() {
        let ws = ["packages", "app"];
        assert_eq!(r("node_modules/", &ws).as_deref(), Some("node_modules/"));
        assert_eq!(r("*.log", &ws).as_deref(), Some("*.log"));
        assert_eq!(r("!keep.log", &ws).as_deref(), Some("!keep.log"));
        assert_eq!(r("/packages/app/dist/", &ws).as_deref(), Some("/dist/"));
        assert_eq!(r("packages/*/build", &ws).as_deref(), Some("/build"));
        assert_eq!(r("packages/a[pq]p/x/y", &ws).as_deref(), Some("/x/y"));
        assert_eq!(r("!packages/app/keep/", &ws).as_deref(), Some("!/keep/"));
        assert_eq!(r("/packages/other/dist", &ws), None);
        assert_eq!(r("/dist", &ws), None);
        assert_eq!(
            r("packages/app", &ws),
            None,
            "would ignore the workspace itself"
        );
        assert_eq!(r("packages/**/gen/out", &ws).as_deref(), Some("**/gen/out"));
        assert_eq!(r("# comment", &ws), None);
        assert_eq!(r("   ", &ws), None);
        // In the repository's root folder, patterns stay what they were.
        assert_eq!(r("/target", &[]).as_deref(), Some("/target"));
        assert_eq!(r("a/b\r", &[]).as_deref(), Some("/a/b"));
    }

    #[test]
    fn component_globs_match_like_git() {
        assert!(fnmatch(b"*.rs", b"main.rs"));
        assert!(!fnmatch(b"*.rs", b"main.rc"));
        assert!(fnmatch(b"a?c", b"abc"));
        assert!(fnmatch(b"[a-c]x", b"bx"));
        assert!(!fnmatch(b"[!a-c]x", b"bx"));
        assert!(fnmatch(b"\\*", b"*"));
        assert!(!fnmatch(b"\\*", b"a"));
        assert!(fnmatch(b"*", b""));
        assert!(fnmatch(b"a*b*c", b"aXXbYYc"));
        assert!(fnmatch(b"[", b"["));
    }

    #[test]
    fn the_users_repository_is_found_above_the_workspace() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git/info")).unwrap();
        std::fs::create_dir_all(root.join("packages/app")).unwrap();
        std::fs::write(
            root.join(".git/info/exclude"),
            "secret.txt\n/packages/app/local/\n",
        )
        .unwrap();
        std::fs::write(root.join(".gitignore"), "node_modules/\n/packages/other/\n").unwrap();
        std::fs::write(root.join("packages/.gitignore"), "app/out/\n").unwrap();
        let ws = root.join("packages/app");
        let repo = find_user_repo(&ws).unwrap();
        assert_eq!(repo.root, root);
        let text = String::from_utf8(user_excludes(&ws, Some(&repo))).unwrap();
        let lines: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(lines, ["secret.txt", "/local/", "node_modules/", "/out/"]);
    }

    #[test]
    fn a_worktree_gitdir_file_leads_to_the_common_dir() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("main/.git/worktrees/wt")).unwrap();
        std::fs::write(root.join("main/.git/worktrees/wt/commondir"), "../..\n").unwrap();
        std::fs::create_dir_all(root.join("wt")).unwrap();
        std::fs::write(root.join("wt/.git"), "gitdir: ../main/.git/worktrees/wt\n").unwrap();
        let repo = find_user_repo(&root.join("wt")).unwrap();
        assert_eq!(
            std::fs::canonicalize(&repo.common_dir).unwrap(),
            std::fs::canonicalize(root.join("main/.git")).unwrap()
        );
    }
}
