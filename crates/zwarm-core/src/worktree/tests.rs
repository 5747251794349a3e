//! Worktrees on real git repositories in temporary folders.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::*;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A repository on branch `main` with one commit, and its worktrees.
fn repo() -> (tempfile::TempDir, PathBuf, Worktrees) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap().join("project");
    std::fs::create_dir_all(&root).unwrap();
    git(&root, &["init", "--quiet", "--initial-branch=main"]);
    std::fs::write(root.join("notes.md"), "one\n").unwrap();
    git(&root, &["add", "."]);
    git(&root, &["commit", "--quiet", "-m", "first"]);
    let worktrees = Worktrees::open(&root, root.join(".zwarm/worktrees")).unwrap();
    (dir, root, worktrees)
}

#[test]
fn a_folder_outside_git_or_without_commits_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let err = Worktrees::open(dir.path(), dir.path().join("w")).unwrap_err();
    assert!(matches!(err, WorktreeError::NotARepository { .. }), "{err}");
    git(dir.path(), &["init", "--quiet"]);
    let err = Worktrees::open(dir.path(), dir.path().join("w")).unwrap_err();
    assert!(err.to_string().contains("not inside a git repository"), "{err}");
}

#[test]
fn a_session_gets_its_own_branch_and_folder_listed_with_its_changes() {
    let (_dir, root, worktrees) = repo();
    let wt = worktrees.create("ab12cd34", "Fix the flaky IO test!", None).unwrap();
    assert_eq!(wt.branch, "zwarm/ab12cd34-fix-the-flaky-io-test");
    assert_eq!(wt.base_branch.as_deref(), Some("main"));
    assert!(Path::new(&wt.path).join("notes.md").is_file());
    assert!(wt.path.starts_with(&*root.join(".zwarm/worktrees").to_string_lossy()));

    std::fs::write(Path::new(&wt.path).join("notes.md"), "one\ntwo\n").unwrap();
    std::fs::write(Path::new(&wt.path).join("new.rs"), "fn main() {}\n").unwrap();
    let listed = worktrees.list().unwrap();
    assert_eq!(listed.len(), 1, "only zwarm's worktrees: {listed:?}");
    let mut files = listed[0].changed_files.clone();
    files.sort();
    assert_eq!(files, ["new.rs", "notes.md"]);
    assert!(listed[0].size_bytes > 0);
    // The main checkout is untouched.
    assert_eq!(std::fs::read_to_string(root.join("notes.md")).unwrap(), "one\n");

    let patch = worktrees.patch(&wt).unwrap();
    assert!(patch.contains("+two") && patch.contains("new.rs"), "{patch}");
    assert!(listed[0].changed_files.len() == changed_files(Path::new(&wt.path)).unwrap().len(), "the patch left the index alone");
}

#[test]
fn merging_fast_forwards_the_checked_out_base_and_commits_what_the_agent_left() {
    let (_dir, root, worktrees) = repo();
    let wt = worktrees.create("aa11", "add notes", None).unwrap();
    std::fs::write(Path::new(&wt.path).join("notes.md"), "one\ntwo\n").unwrap();
    let outcome = worktrees.merge(&wt, MergeMode::Auto, "zwarm: add notes").unwrap();
    assert!(outcome.fast_forward);
    assert!(outcome.committed_changes.is_some());
    assert_eq!(std::fs::read_to_string(root.join("notes.md")).unwrap(), "one\ntwo\n", "main's files moved");
    assert_eq!(git(&root, &["rev-parse", "main"]), outcome.commit);

    worktrees.remove(Path::new(&wt.path), false).unwrap();
    assert!(!Path::new(&wt.path).exists());
    assert!(git(&root, &["branch", "--list", "zwarm/*"]).is_empty(), "a merged branch goes with it");
}

#[test]
fn a_moved_base_gets_a_merge_commit_and_a_conflict_is_refused_with_its_files() {
    let (_dir, root, worktrees) = repo();
    let wt = worktrees.create("bb22", "other file", None).unwrap();
    std::fs::write(Path::new(&wt.path).join("other.md"), "x\n").unwrap();
    std::fs::write(root.join("base.md"), "base moved\n").unwrap();
    git(&root, &["add", "."]);
    git(&root, &["commit", "--quiet", "-m", "base moves"]);
    assert!(matches!(
        worktrees.merge(&wt, MergeMode::FastForward, "m"),
        Err(WorktreeError::Git { .. })
    ));
    let outcome = worktrees.merge(&wt, MergeMode::Auto, "zwarm: other file").unwrap();
    assert!(!outcome.fast_forward);
    assert!(root.join("other.md").is_file() && root.join("base.md").is_file());
    assert_eq!(git(&root, &["rev-list", "--parents", "-n", "1", "main"]).split(' ').count(), 3, "a merge commit");

    let clash = worktrees.create("cc33", "clash", None).unwrap();
    std::fs::write(Path::new(&clash.path).join("notes.md"), "agent's line\n").unwrap();
    std::fs::write(root.join("notes.md"), "user's line\n").unwrap();
    git(&root, &["commit", "--quiet", "-am", "user edits"]);
    let head = git(&root, &["rev-parse", "main"]);
    let err = worktrees.merge(&clash, MergeMode::Auto, "m").unwrap_err();
    match &err {
        WorktreeError::Conflicts { files, .. } => assert_eq!(files, &["notes.md"]),
        other => panic!("expected a conflict, got {other}"),
    }
    assert_eq!(git(&root, &["rev-parse", "main"]), head, "nothing moved");
    assert_eq!(std::fs::read_to_string(root.join("notes.md")).unwrap(), "user's line\n");
}

#[test]
fn a_base_nobody_has_checked_out_is_moved_as_a_branch() {
    let (_dir, root, worktrees) = repo();
    git(&root, &["branch", "release"]);
    let wt = worktrees.create("dd44", "for release", Some("release")).unwrap();
    assert_eq!(wt.base_branch.as_deref(), Some("release"));
    std::fs::write(Path::new(&wt.path).join("r.md"), "r\n").unwrap();
    let outcome = worktrees.merge(&wt, MergeMode::Auto, "zwarm: r").unwrap();
    assert_eq!(git(&root, &["rev-parse", "release"]), outcome.commit);
    assert!(!root.join("r.md").exists(), "main's checkout is not release");
}

#[test]
fn uncommitted_work_is_removed_only_when_asked_and_only_in_our_worktrees() {
    let (_dir, root, worktrees) = repo();
    let wt = worktrees.create("ee55", "dirty", None).unwrap();
    std::fs::write(Path::new(&wt.path).join("done.txt"), "done\n").unwrap();
    merge::commit_all(Path::new(&wt.path), "a commit of the branch's own").unwrap();
    std::fs::write(Path::new(&wt.path).join("wip.txt"), "wip\n").unwrap();
    let err = worktrees.remove(Path::new(&wt.path), false).unwrap_err();
    assert!(matches!(&err, WorktreeError::Dirty { files, .. } if files == &["wip.txt"]), "{err}");
    assert!(Path::new(&wt.path).exists());
    worktrees.remove(Path::new(&wt.path), true).unwrap();
    assert!(!Path::new(&wt.path).exists());
    assert!(!git(&root, &["branch", "--list", "zwarm/ee55-dirty"]).is_empty(), "an unmerged branch is kept");

    let err = worktrees.remove(&root, true).unwrap_err();
    assert!(matches!(err, WorktreeError::NotOurs(_)), "{err}");
}
