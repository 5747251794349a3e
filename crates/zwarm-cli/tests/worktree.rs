//! `zwarm start --worktree` and `zwarm worktree list|merge|patch|remove`: a
//! public contract.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

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

/// A fake Codex that writes `agent.txt` (naming the folder it ran in) where
/// it runs, then prints a recorded turn.
fn writing_codex(dir: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let recorded = fake_codex(dir);
    let path = dir.join("writing-codex");
    let script = format!("#!/bin/sh\necho \"written in $PWD\" > agent.txt\nexec '{}' \"$@\"\n", recorded.display());
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Runs `zwarm` with these arguments: exit code, stdout, stderr.
type Runner<'a> = dyn Fn(&[&str]) -> (Option<i32>, String, String) + 'a;

/// The session's `show --json` once its turn has ended (waiting on that, not on time).
fn ended(run: &Runner<'_>, id: &str) -> Value {
    for _ in 0..600 {
        let (_, out, _) = run(&["show", id, "--json"]);
        let shown: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
        let status = shown["status"].as_str().or(shown["session"]["status"].as_str()).unwrap_or("");
        if !status.is_empty() && status != "running" && status != "pending" {
            return shown;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("session {id} did not end");
}

#[test]
fn parallel_worktree_sessions_never_collide_show_their_diffs_and_the_second_merge_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ws = std::fs::canonicalize(dir.path()).unwrap().join("repo");
    let home = dir.path().join("codex-home");
    std::fs::create_dir_all(&ws).unwrap();
    std::fs::create_dir_all(&home).unwrap();
    git(&ws, &["init", "--quiet", "--initial-branch=main"]);
    std::fs::write(ws.join(".gitignore"), ".zwarm/\n").unwrap();
    git(&ws, &["add", "."]);
    git(&ws, &["commit", "--quiet", "-m", "first"]);
    let codex = writing_codex(dir.path());
    let run = |args: &[&str]| run_zwarm(&ws, &codex, &home, args);

    // Both start before either ends, each in its own worktree.
    let mut ids = Vec::new();
    for task in ["First writer", "Second writer"] {
        let (code, out, err) = run(&["start", "--worktree", "--json", task]);
        assert_eq!(code, Some(0), "{err}");
        let meta: Value = serde_json::from_str(&out).unwrap();
        ids.push(meta["id"].as_str().unwrap().to_string());
    }
    let mut paths = Vec::new();
    for id in &ids {
        ended(&run, id);
        let (_, out, _) = run(&["worktree", "list", "--json"]);
        let listed: Value = serde_json::from_str(&out).unwrap();
        let mine = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["branch"].as_str().unwrap().contains(&id[..8]))
            .cloned()
            .unwrap();
        let path = std::path::PathBuf::from(mine["path"].as_str().unwrap());
        let written = std::fs::read_to_string(path.join("agent.txt")).unwrap();
        assert_eq!(written.trim(), format!("written in {}", path.display()), "each agent wrote its own copy");
        paths.push(path);
    }
    assert!(!ws.join("agent.txt").exists(), "nothing reached the main folder yet");

    // The session's diff is its worktree against its base; the turn's is
    // the turn's own snapshots; the divider's counts are on the record.
    let (code, out, err) = run(&["diff", &ids[0], "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let diff: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(diff["against"]["kind"], "worktree");
    assert_eq!(diff["against"]["branch"], "main");
    assert_eq!(diff["files"][0]["path"], "agent.txt");
    assert_eq!(diff["files"][0]["kind"], "add");
    assert_eq!(diff["stat"], serde_json::json!({"files": 1, "additions": 1, "deletions": 0}));
    let (code, out, err) = run(&["diff", &ids[0], "--turn", "1", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let turn: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(turn["against"], serde_json::json!({"kind": "turns", "from_turn": 1, "to_turn": 1}));
    assert!(turn["files"][0]["patch"].as_str().unwrap().contains("+written in"), "{turn}");
    let (_, out, _) = run(&["show", &ids[0], "--json"]);
    assert!(out.contains("\"files_changed\""), "the turn record carries its counts: {out}");
    let (code, out, _) = run(&["diff", &ids[0], "--stat"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("agent.txt") && out.contains("1 file(s), +1 -0"), "{out}");

    // The first comes home; the second now conflicts and is refused with the file.
    let (code, _, err) = run(&["worktree", "merge", &ids[0]]);
    assert_eq!(code, Some(0), "{err}");
    assert!(ws.join("agent.txt").is_file());
    let (code, _, err) = run(&["worktree", "merge", &ids[1]]);
    assert_ne!(code, Some(0), "a conflicting merge is refused");
    assert!(err.contains("conflict") && err.contains("agent.txt"), "{err}");
    assert_eq!(
        std::fs::read_to_string(ws.join("agent.txt")).unwrap().trim(),
        format!("written in {}", paths[0].display()),
        "the refused merge changed nothing"
    );

    // The refused merge committed the second agent's work on its branch;
    // new uncommitted work there keeps its worktree from a prune, which
    // removes the merged (clean) one and says why it kept the other.
    std::fs::write(paths[1].join("later.txt"), "not committed\n").unwrap();
    let (code, out, err) = run(&["worktree", "prune", "--days", "0", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let prune: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(prune["removed"].as_array().unwrap().len(), 1, "{prune}");
    assert_eq!(prune["removed"][0]["path"], paths[0].to_str().unwrap());
    let why = prune["kept"][0]["why"].as_str().unwrap();
    assert!(why.contains("uncommitted") && why.contains("later.txt"), "{prune}");
    assert!(!paths[0].exists() && paths[1].exists());

    // Once clean, it goes too, and its unmerged branch stays with the work.
    std::fs::remove_file(paths[1].join("later.txt")).unwrap();
    let (code, out, err) = run(&["clean", "--days", "0"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("removed worktree"), "{out}");
    assert!(!paths[1].exists());
    let branch = format!("zwarm/{}", paths[1].file_name().unwrap().to_str().unwrap());
    assert!(git(&ws, &["show", &format!("{branch}:agent.txt")]).starts_with("written in"));
}
