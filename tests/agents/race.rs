//! A race of the real Codex and the real Claude Code in a git repository:
//! each scripted (one fake server, a reply queue per protocol) to write
//! `out.txt` in the folder it runs in, with a check that only Codex's
//! file passes; then Codex is kept.

use std::path::{Path, PathBuf};
use std::process::Command;

use fake_llm::{FakeServer, Part, Protocol, Reply, Scenario};
use zwarm_core::agents::Adapter;
use zwarm_core::events::FileChangeKind;
use zwarm_core::race::{EntrantRequest, KeepOutcome, KeepRefusal, RaceRequest};
use zwarm_core::store::SessionStatus;

use crate::engine::{engine, wait_ended};
use crate::harness::{save_requests, Sandbox, CODEX_MODEL};

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The sandbox's workspace as a repository on `main` with one commit.
fn make_repo(workspace: &Path) -> PathBuf {
    let root = std::fs::canonicalize(workspace).expect("canonical workspace");
    git(&root, &["init", "--quiet", "--initial-branch=main"]);
    std::fs::write(root.join("README.md"), "race\n").unwrap();
    std::fs::write(root.join(".gitignore"), ".zwarm/\n").unwrap();
    git(&root, &["add", "."]);
    git(&root, &["commit", "--quiet", "-m", "first"]);
    root
}

#[test]
fn codex_and_claude_race_in_their_own_worktrees_then_the_winner_is_kept() {
    let server = FakeServer::start(
        Scenario::new(vec![])
            .with_queue(
                Protocol::Responses,
                vec![
                    Reply::parts(vec![Part::shell("echo codex > out.txt")]),
                    Reply::text("Codex wrote out.txt."),
                ],
            )
            .with_queue(
                Protocol::Anthropic,
                vec![
                    Reply::parts(vec![Part::shell("echo claude > out.txt")]),
                    Reply::text("Claude wrote out.txt."),
                ],
            )
            .with_fallback(Reply::text("ok")),
    )
    .expect("fake server");
    let sandbox = Sandbox::new();
    let root = make_repo(&sandbox.workspace);
    let engine = engine(&sandbox, &server);

    let started = engine
        .race_start(RaceRequest {
            task: "Write out.txt saying who you are".into(),
            entrants: vec![
                EntrantRequest {
                    adapter: Adapter::Codex,
                    model: Some(CODEX_MODEL.into()),
                },
                EntrantRequest {
                    adapter: Adapter::Claude,
                    model: None,
                },
            ],
            check: Some("grep -qx codex out.txt".into()),
            base: None,
        })
        .expect("start the race");
    let race = started.race;
    assert_eq!(started.sessions.len(), 2);
    let ids: Vec<String> = race
        .entrants
        .iter()
        .map(|e| e.session_id.clone().expect("each entrant started"))
        .collect();
    let metas: Vec<_> = ids.iter().map(|id| wait_ended(&engine, id)).collect();
    save_requests(&server, "race");

    let mut dirs = Vec::new();
    for meta in &metas {
        assert_eq!(meta.status, SessionStatus::Completed, "{}: {:?}", meta.adapter, meta.error);
        assert_eq!(meta.race.as_deref(), Some(race.id.as_str()));
        let worktree = meta.worktree.clone().expect("a worktree of its own");
        assert!(Path::new(&worktree.path).starts_with(root.join(".zwarm/worktrees")));
        assert_eq!(meta.working_dir, worktree.path, "the agent ran in its worktree");
        dirs.push(PathBuf::from(worktree.path));
    }
    assert_ne!(dirs[0], dirs[1]);
    assert_eq!(std::fs::read_to_string(dirs[0].join("out.txt")).unwrap(), "codex\n");
    assert_eq!(std::fs::read_to_string(dirs[1].join("out.txt")).unwrap(), "claude\n");
    assert!(!root.join("out.txt").exists(), "neither wrote in the main checkout");
    // Each CLI told its model it works in its own worktree.
    for (protocol, dir) in [(Protocol::Responses, &dirs[0]), (Protocol::Anthropic, &dirs[1])] {
        let seen = server
            .requests_for(protocol)
            .iter()
            .any(|r| r.body_contains(dir.to_str().unwrap()));
        assert!(seen, "{protocol:?} requests name {}", dir.display());
    }

    let shown = engine.race_show(&race.id).expect("compare");
    for (view, who) in shown.entrants.iter().zip(["codex", "claude"]) {
        let files: Vec<(&str, FileChangeKind, u32, u32)> = view
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.kind, f.additions, f.deletions))
            .collect();
        assert_eq!(files, vec![("out.txt", FileChangeKind::Add, 1, 0)], "{who}");
        assert!(view.files[0].patch.contains(&format!("+{who}")), "{who}'s own diff");
        let session = view.session.as_ref().expect("its session");
        assert_eq!(session.adapter, who);
        assert!(view.wall_secs.is_some_and(|s| s > 0.0));
    }

    let checked = engine.race_check(&race.id, None).expect("check");
    let codex_check = checked.entrants[0].check.as_ref().expect("codex checked");
    let claude_check = checked.entrants[1].check.as_ref().expect("claude checked");
    assert!(codex_check.passed, "{codex_check:?}");
    assert_eq!((claude_check.passed, claude_check.exit_code), (false, Some(1)));

    // Claude's out.txt is uncommitted: keeping Codex asks before losing it.
    match engine.race_keep(&race.id, &ids[0], false).expect("keep") {
        KeepOutcome::Refused {
            refusal: KeepRefusal::LosersDirty { entrants },
        } => assert_eq!(entrants[0].files, vec!["out.txt"]),
        other => panic!("expected the loser's work to stop the keep: {other:?}"),
    }
    assert!(dirs[1].is_dir());
    let KeepOutcome::Kept { race: kept } = engine.race_keep(&race.id, &ids[0], true).expect("keep") else {
        panic!("the forced keep was refused");
    };
    let winner = kept.kept.expect("recorded");
    assert_eq!(winner.session_id, ids[0]);
    assert_eq!(winner.removed, vec![ids[1].clone()]);
    assert_eq!(std::fs::read_to_string(root.join("out.txt")).unwrap(), "codex\n", "merged into main");
    assert_eq!(git(&root, &["rev-parse", "main"]), winner.merge.commit);
    assert!(!dirs[1].exists(), "the loser's worktree is removed");
    assert!(dirs[0].is_dir(), "the winner's stays for its session");
}
