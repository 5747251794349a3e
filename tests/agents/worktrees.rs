//! Worktree sessions with the real CLIs: Codex and Claude run at the same
//! time in worktrees of their own, each writing the same file, and neither
//! sees the other's; the first merges home, the second is refused with the
//! conflicting file and changes nothing.

use std::path::Path;
use std::process::Command;

use fake_llm::{FakeServer, Part, Protocol, Reply, Scenario};
use zwarm_core::agents::Adapter;
use zwarm_core::engine::{DiffBase, Isolation};
use zwarm_core::store::SessionStatus;
use zwarm_core::worktree::{MergeMode, WorktreeError};

use crate::engine::{engine, request, wait_ended};
use crate::harness::Sandbox;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn codex_and_claude_in_worktrees_never_collide_and_a_conflicting_merge_is_refused() {
    let server = FakeServer::start(
        Scenario::new(vec![])
            .with_queue(
                Protocol::Responses,
                vec![Reply::parts(vec![Part::shell("echo from codex > shared.txt")]), Reply::text("Codex wrote it.")],
            )
            .with_queue(
                Protocol::Anthropic,
                vec![Reply::parts(vec![Part::shell("echo from claude > shared.txt")]), Reply::text("Claude wrote it.")],
            )
            .with_fallback(Reply::text("ok")),
    )
    .expect("fake server");
    let sandbox = Sandbox::new();
    let root = &sandbox.workspace;
    git(root, &["init", "--quiet", "--initial-branch=main"]);
    std::fs::write(root.join(".gitignore"), ".zwarm/\n").unwrap();
    std::fs::write(root.join("shared.txt"), "as committed\n").unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "--quiet", "-m", "first"]);
    let engine = engine(&sandbox, &server);

    let isolated = |adapter| {
        let mut req = request(adapter, "write shared.txt");
        req.isolation = Some(Isolation::Worktree { base: None });
        engine.start(req).expect("start in a worktree")
    };
    let codex = isolated(Adapter::Codex);
    let claude = isolated(Adapter::Claude);
    let (codex, claude) = (wait_ended(&engine, &codex.id), wait_ended(&engine, &claude.id));
    for (meta, word) in [(&codex, "codex"), (&claude, "claude")] {
        assert_eq!(meta.status, SessionStatus::Completed, "{word}: {:?}", meta.error);
        let worktree = meta.worktree.as_ref().expect("a worktree of its own");
        assert_eq!(meta.working_dir, worktree.path);
        let written = std::fs::read_to_string(Path::new(&worktree.path).join("shared.txt")).unwrap();
        assert_eq!(written, format!("from {word}\n"), "each agent kept its own copy");
        // Its review: against the commit it was made from, the one file changed.
        let review = engine.session_diff(&meta.id).expect("session diff");
        assert!(matches!(review.against, DiffBase::Worktree { ref branch, .. } if branch.as_deref() == Some("main")));
        assert_eq!(review.files.len(), 1, "{:?}", review.files);
        assert!(review.files[0].patch.contains(&format!("+from {word}")));
        let turn = meta.turns[0].files_changed.expect("the turn's counts were recorded");
        assert_eq!((turn.files, turn.additions, turn.deletions), (1, 1, 1));
    }
    assert_eq!(std::fs::read_to_string(root.join("shared.txt")).unwrap(), "as committed\n");

    let merged = engine.merge_worktree(&codex.id, MergeMode::Auto).expect("the first merges");
    assert!(merged.fast_forward);
    assert_eq!(std::fs::read_to_string(root.join("shared.txt")).unwrap(), "from codex\n");
    let head = git(root, &["rev-parse", "HEAD"]);

    let refused = engine.merge_worktree(&claude.id, MergeMode::Auto).expect_err("the second conflicts");
    let conflict = match refused {
        zwarm_core::engine::EngineError::Worktree(WorktreeError::Conflicts { files, .. }) => files,
        other => panic!("expected a conflict, got {other}"),
    };
    assert_eq!(conflict, vec!["shared.txt".to_string()]);
    assert_eq!(git(root, &["rev-parse", "HEAD"]), head, "a refused merge moves nothing");
    assert_eq!(std::fs::read_to_string(root.join("shared.txt")).unwrap(), "from codex\n");
}
