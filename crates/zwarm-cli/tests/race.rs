//! `zwarm race` and `zwarm race list|show|check|keep`: a public contract.
//! Stand-in CLIs write `out.txt` in the folder they run in (Codex "codex",
//! Claude "claude" plus `notes.md`), then print a recorded turn.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::{fixture, run_zwarm};

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

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

struct Repo {
    dir: tempfile::TempDir,
    ws: PathBuf,
    home: PathBuf,
    codex: PathBuf,
    claude: PathBuf,
}

impl Repo {
    /// A git repository on `main` and the two stand-in CLIs.
    fn new() -> Repo {
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
        let codex = script(
            dir.path(),
            "codex",
            &format!("echo codex > out.txt\ncat '{}'", fixture("codex/turn1.jsonl").display()),
        );
        let claude = script(
            dir.path(),
            "claude",
            &format!(
                "echo claude > out.txt\necho note > notes.md\ncat '{}'",
                fixture("claude/turn1.jsonl").display()
            ),
        );
        Repo {
            dir,
            ws,
            home,
            codex,
            claude,
        }
    }

    /// `zwarm --claude CLAUDE ARGS` in the repository.
    fn run(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let claude = self.claude.to_str().unwrap();
        let all: Vec<&str> = ["--claude", claude].iter().copied().chain(args.iter().copied()).collect();
        run_zwarm(&self.ws, &self.codex, &self.home, &all)
    }

    fn session_count(&self) -> usize {
        std::fs::read_dir(self.ws.join(".zwarm/sessions")).map(|d| d.count()).unwrap_or(0)
    }
}

#[test]
fn a_race_waits_checks_compares_and_keeps_the_winner() {
    let repo = Repo::new();
    let (code, out, err) = repo.run(&[
        "race",
        "Write out.txt",
        "--agents",
        "codex,claude",
        "--model",
        "codex=gpt-5.5",
        "--check",
        "grep -q codex out.txt",
        "--json",
    ]);
    assert_eq!(code, Some(0), "one entrant completed and passed: {err}");
    let comparison: Value = serde_json::from_str(&out).unwrap();
    let race_id = comparison["race"]["id"].as_str().unwrap().to_string();
    assert_eq!(comparison["race"]["task"], "Write out.txt");
    assert_eq!(comparison["race"]["check"], "grep -q codex out.txt");
    let entrants = comparison["entrants"].as_array().unwrap();
    assert_eq!(entrants.len(), 2);
    assert_eq!(entrants[0]["entrant"]["adapter"], "codex");
    assert_eq!(entrants[0]["entrant"]["model"], "gpt-5.5");
    assert_eq!(entrants[1]["entrant"]["adapter"], "claude");
    assert!(entrants[1]["entrant"]["model"].is_null());
    for entrant in entrants {
        assert_eq!(entrant["session"]["status"], "completed", "{entrant}");
        assert_eq!(entrant["session"]["race"], race_id.as_str());
        assert!(entrant["wall_secs"].is_number());
        assert!(entrant["session"]["cost_usd"].is_number());
        assert!(entrant["worktree"]["path"].as_str().unwrap().contains(".zwarm/worktrees/"));
    }
    let paths = |n: usize| -> Vec<&str> {
        entrants[n]["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect()
    };
    assert_eq!(paths(0), vec!["out.txt"]);
    assert_eq!(paths(1), vec!["notes.md", "out.txt"]);
    assert_eq!(entrants[0]["files"][0]["kind"], "add");
    assert_eq!(entrants[0]["additions"], 1);
    assert!(entrants[0]["files"][0]["patch"].as_str().unwrap().contains("+codex"));
    assert_eq!(entrants[0]["entrant"]["check"]["passed"], true);
    assert_eq!(entrants[1]["entrant"]["check"]["passed"], false);
    assert_eq!(entrants[1]["entrant"]["check"]["exit_code"], 1);
    let codex_session = entrants[0]["entrant"]["session_id"].as_str().unwrap().to_string();
    let claude_session = entrants[1]["entrant"]["session_id"].as_str().unwrap().to_string();
    let loser_dir = PathBuf::from(entrants[1]["worktree"]["path"].as_str().unwrap());
    assert!(!repo.ws.join("out.txt").exists(), "the main checkout is untouched");

    let (code, out, _) = repo.run(&["race", "list", "--json"]);
    assert_eq!(code, Some(0));
    let listing: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(listing["races"][0]["id"], race_id.as_str());
    assert_eq!(listing["broken"], serde_json::json!([]));

    let (code, table, _) = repo.run(&["race", "show", &race_id[..8]]);
    assert_eq!(code, Some(0));
    assert!(table.contains(&codex_session[..8]) && table.contains(&claude_session[..8]), "{table}");
    assert!(table.contains("passed") && table.contains("failed (exit 1)"), "{table}");
    assert!(table.contains("notes.md  +1 -0"), "{table}");

    let (code, _, err) = repo.run(&["race", "keep", &race_id[..8], &codex_session[..8]]);
    assert_eq!(code, Some(1), "the loser's uncommitted work stops it");
    assert!(err.contains("uncommitted") && err.contains("notes.md"), "{err}");
    assert!(loser_dir.is_dir() && !repo.ws.join("out.txt").exists(), "nothing moved");

    let (code, out, err) = repo.run(&["race", "keep", &race_id, &codex_session, "--force", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let kept: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(kept["kind"], "kept");
    assert_eq!(kept["race"]["kept"]["session_id"], codex_session.as_str());
    assert_eq!(kept["race"]["kept"]["removed"], serde_json::json!([claude_session]));
    assert_eq!(std::fs::read_to_string(repo.ws.join("out.txt")).unwrap(), "codex\n");
    assert_eq!(git(&repo.ws, &["rev-parse", "main"]), kept["race"]["kept"]["merge"]["commit"].as_str().unwrap());
    assert!(!loser_dir.exists(), "the loser's worktree is removed");

    let (_, out, _) = repo.run(&["sessions", "--json"]);
    let sessions: Value = serde_json::from_str(&out).unwrap();
    assert!(sessions.as_array().unwrap().iter().all(|s| s["race"] == race_id.as_str()));
}

#[test]
fn a_race_without_waiting_is_checked_later_with_a_command_given_then() {
    let repo = Repo::new();
    let (code, out, err) = repo.run(&["race", "Write out.txt", "--agents", "claude,codex", "--no-wait", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let comparison: Value = serde_json::from_str(&out).unwrap();
    let race_id = comparison["race"]["id"].as_str().unwrap().to_string();
    assert_eq!(comparison["entrants"][0]["entrant"]["adapter"], "claude");
    assert!(comparison["race"]["check"].is_null());
    let sessions: Vec<String> = comparison["entrants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entrant"]["session_id"].as_str().unwrap().to_string())
        .collect();
    // `zwarm show` finalizes a turn that ended; wait until both say so (the
    // deadline only keeps a broken build from hanging).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    for id in &sessions {
        loop {
            let (_, out, _) = repo.run(&["show", id, "--json"]);
            let meta: Value = serde_json::from_str(&out).unwrap();
            let status = &meta["session"]["status"];
            if status != "running" && status != "pending" {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "{id} never ended: {meta}");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
    let (code, _, err) = repo.run(&["race", "check", &race_id]);
    assert_eq!(code, Some(1));
    assert!(err.contains("has no check command"), "{err}");
    let (code, out, err) = repo.run(&["race", "check", &race_id, "--command", "test -f notes.md", "--json"]);
    assert_eq!(code, Some(0), "claude wrote notes.md: {err}");
    let checked: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(checked["race"]["check"], "test -f notes.md");
    assert_eq!(checked["entrants"][0]["entrant"]["check"]["passed"], true);
    assert_eq!(checked["entrants"][1]["entrant"]["check"]["passed"], false);
}

#[test]
fn what_cannot_race_is_refused_before_any_agent_starts() {
    let repo = Repo::new();
    let (code, _, err) = repo.run(&["race", "t", "--agents", "codex"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("at least two entrants"), "{err}");
    let (code, _, err) = repo.run(&["race", "t", "--agents", "codex,claude", "--model", "gpt-5.5"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("AGENT=MODEL"), "{err}");
    let (code, _, err) = repo.run(&["race", "t", "--agents", "codex,claude", "--model", "claude=a", "--model", "claude=b"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no claude entrant left"), "{err}");
    assert_eq!(repo.session_count(), 0);

    let missing = repo.dir.path().join("no-claude");
    let (code, _, err) = run_zwarm(
        &repo.ws,
        &repo.codex,
        &repo.home,
        &["--claude", missing.to_str().unwrap(), "race", "t", "--agents", "codex,claude"],
    );
    assert_eq!(code, Some(1));
    assert!(err.to_lowercase().contains("claude"), "names the missing CLI: {err}");
    assert_eq!(repo.session_count(), 0, "not even codex started");

    let plain = tempfile::tempdir().unwrap();
    let (code, _, err) = run_zwarm(
        plain.path(),
        &repo.codex,
        &repo.home,
        &["--claude", repo.claude.to_str().unwrap(), "race", "t", "--agents", "codex,claude"],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("not inside a git repository"), "{err}");
}
