//! Workspace tests of file checkpoints, with the helpers they share.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

/// A workspace in a temporary folder, with its file checkpoints.
struct Ws {
    _dir: tempfile::TempDir,
    root: PathBuf,
    files: FileCheckpoints,
}

fn workspace() -> Ws {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let files = FileCheckpoints::open(&root, root.join(".zwarm")).unwrap();
    Ws {
        _dir: dir,
        root,
        files,
    }
}

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn read(root: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(root.join(rel)).unwrap()
}

/// Every file, symlink and folder below `dir` except `.zwarm` and `.git`:
/// contents for files, `-> target` for symlinks, `/` for folders.
fn listing(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            if rel == Path::new(".zwarm") || rel == Path::new(".git") {
                continue;
            }
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if kind.is_dir() {
                out.insert(rel, b"/".to_vec());
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The paths a snapshot recorded.
fn recorded(files: &FileCheckpoints, commit: &str) -> Vec<String> {
    let out = files
        .run(
            &os(&["ls-tree", "-r", "-z", "--name-only", commit]),
            None,
            "test",
        )
        .unwrap();
    out.split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(tree::display)
        .collect()
}

/// The blob id of one recorded file.
fn blob(files: &FileCheckpoints, commit: &str, path: &str) -> String {
    let spec = format!("{commit}:{path}");
    let out = files
        .run(&os(&["rev-parse", "--verify", &spec]), None, "test")
        .unwrap();
    String::from_utf8(out).unwrap().trim().to_string()
}

/// Runs the user's own git in `dir`, sealed from this machine's config.
fn user_git(dir: &Path, args: &[&str]) -> Vec<u8> {
    let mut cmd = Command::new("git");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        // `git status` must not refresh the index: we compare its bytes.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir);
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Every file of a `.git` folder with its bytes.
fn git_dir_bytes(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_path_buf();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

mod contents;
mod diffs;
mod isolation;
mod restore;
