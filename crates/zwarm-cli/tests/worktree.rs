//! `zwarm start --worktree` and `zwarm worktree list|merge|patch|remove`: a
//! public contract.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::{fake_codex, run_zwarm};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_session_runs_in_its_own_worktree_and_its_work_is_merged_home() {
    let dir = tempfile::tempdir().unwrap();
    let ws = std::fs::canonicalize(dir.path()).unwrap().join("repo");
    let home = dir.path().join("codex-home");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    git(&ws, &["init", "--quiet", "--initial-branch=main"]);
    std::fs::write(ws.join("README.md"), "hello\n").unwrap();
    std::fs::write(ws.join(".gitignore"), ".zwarm/\n").unwrap();
    git(&ws, &["add", "."]);
    git(&ws, &["commit", "--quiet", "-m", "first"]);
    let codex = fake_codex(dir.path());
    let run = |args: &[&str]| run_zwarm(&ws, &codex, &home, args);

    let (code, out, err) = run(&["start", "--worktree", "--wait", "--json", "Write the notes"]);
    assert_eq!(code, Some(0), "{err}");
    let meta: Value = serde_json::from_str(&out).unwrap();
    let id = meta["id"].as_str().unwrap().to_string();
    let worktree = &meta["worktree"];
    let branch = worktree["branch"].as_str().unwrap();
    assert!(branch.starts_with(&format!("zwarm/{}-write-the-notes", &id[..8])), "{meta}");
    assert_eq!(worktree["base_branch"], "main");
    let path = Path::new(worktree["path"].as_str().unwrap()).to_path_buf();
    assert!(path.starts_with(ws.join(".zwarm/worktrees")), "{meta}");
    assert_eq!(meta["working_dir"].as_str().unwrap(), path.to_str().unwrap());

    // What the agent wrote in its worktree, as another session would see it: not in main.
    std::fs::write(path.join("notes.md"), "the notes\n").unwrap();
    assert!(!ws.join("notes.md").exists());
    let (code, out, _) = run(&["worktree", "list", "--json"]);
    assert_eq!(code, Some(0));
    let listed: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(listed[0]["branch"], branch);
    assert_eq!(listed[0]["changed_files"], serde_json::json!(["notes.md"]));
    let (_, patch, _) = run(&["worktree", "patch", &id[..8]]);
    assert!(patch.contains("+the notes"), "{patch}");

    let (code, _, err) = run(&["worktree", "remove", &id]);
    assert_ne!(code, Some(0), "uncommitted work is not removed without --force");
    assert!(err.contains("notes.md"), "{err}");

    let (code, out, err) = run(&["worktree", "merge", &id, "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let merged: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(merged["fast_forward"], true);
    assert_eq!(std::fs::read_to_string(ws.join("notes.md")).unwrap(), "the notes\n");
    assert_eq!(git(&ws, &["rev-parse", "main"]), merged["commit"].as_str().unwrap());

    let (code, _, err) = run(&["worktree", "remove", &id]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!path.exists());

    // Deleting a session removes its (clean) worktree.
    let (_, out, _) = run(&["start", "--worktree", "--wait", "--json", "Second task"]);
    let second: Value = serde_json::from_str(&out).unwrap();
    let second_path = Path::new(second["worktree"]["path"].as_str().unwrap()).to_path_buf();
    assert!(second_path.is_dir());
    let (code, _, err) = run(&["rm", second["id"].as_str().unwrap()]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!second_path.exists(), "the deleted session's worktree is gone");
}

#[test]
fn a_worktree_outside_git_is_refused_and_no_session_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let codex = fake_codex(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_zwarm"))
        .arg("-C")
        .arg(dir.path())
        .arg("--codex")
        .arg(&codex)
        .args(["start", "--worktree", "a task"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not inside a git repository"), "{err}");
    let sessions = dir.path().join(".zwarm/sessions");
    let count = std::fs::read_dir(&sessions).map(|d| d.count()).unwrap_or(0);
    assert_eq!(count, 0, "no session is left behind");
}
