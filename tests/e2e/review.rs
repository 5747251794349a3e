//! Worktrees and review on the real app with the real Codex: a session
//! started from the New session dialog in a worktree of its own, the turn's
//! "N files, +a −b" opening its diff, the session's diff against its base,
//! and its work merged home from the thread. Screenshots in
//! `test-artifacts/e2e/` (`review-*`).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{ensure, Context, Result};
use fake_llm::{FakeServer, Part, Reply, Scenario};

use crate::cockpit::setup;
use crate::harness::AppUnderTest;

const LIVE: Duration = Duration::from_secs(60);

fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()?;
    ensure!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worktree_session_shows_its_diffs_and_merges_home() -> Result<()> {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![Part::shell("printf 'hello\\nworld\\n' > notes.txt")]),
        Reply::text("Wrote notes.txt."),
    ]))?;
    let setup = setup(&server, None)?;
    let workspace = setup.workspace.clone();
    git(&workspace, &["init", "--quiet", "--initial-branch=main"])?;
    std::fs::write(workspace.join(".gitignore"), ".zwarm/\n")?;
    std::fs::write(workspace.join("README.md"), "the project\n")?;
    git(&workspace, &["add", "."])?;
    git(&workspace, &["commit", "--quiet", "-m", "first"])?;
    let app = AppUnderTest::launch_with_env("review", &setup.workspace, &setup.env).await?;
    app.run(async move |app| {
        app.click("[data-testid=new-session-button]").await?;
        app.type_into("[data-testid=task-input]", "write notes.txt").await?;
        app.wait_presence("[data-testid=worktree-checkbox]:not([disabled])", true, LIVE)
            .await?;
        app.click("[data-testid=worktree-checkbox]").await?;
        app.wait_presence("[data-testid=worktree-base-select]", true, LIVE).await?;
        app.screenshot("new-session-worktree").await?;
        app.click("[data-testid=start-session]").await?;
        app.wait_for_any_text("[data-testid=agent-message]", "Wrote notes.txt.", LIVE)
            .await?;
        app.wait_presence("[data-testid=session-row][data-status=completed]", true, LIVE)
            .await?;
        ensure!(!workspace.join("notes.txt").exists(), "the agent wrote in its worktree, not the folder");

        // The turn's divider counts what it changed and opens its diff.
        app.wait_for_any_text("[data-testid=turn-files]", "1 file", LIVE).await?;
        app.click("[data-testid=turn-files]").await?;
        app.wait_for_any_text("[data-testid=review-summary]", "1 file", LIVE).await?;
        app.click("[data-testid=review-file][data-path='notes.txt'] button").await?;
        let diff = app.text_of("[data-testid=review-dialog] [data-testid=file-diff]").await?;
        ensure!(diff.contains("hello") && diff.contains("world"), "the diff of notes.txt: {diff:?}");
        app.screenshot("turn-diff").await?;
        app.click("[data-testid=review-dialog] [aria-label=Close]").await?;

        // The whole session against the commit its worktree was made from.
        app.click("[data-testid=session-diff-button]").await?;
        app.wait_for_any_text("[data-testid=review-summary]", "on main", LIVE).await?;
        app.click("[data-testid=review-dialog] [aria-label=Close]").await?;

        // Home: merged into main from the thread.
        app.wait_for_any_text("[data-testid=worktree-state]", "1 uncommitted", LIVE).await?;
        app.click("[data-testid=worktree-merge]").await?;
        app.wait_for_any_text("[data-testid=worktree-notice]", "main fast-forwarded", LIVE)
            .await?;
        app.screenshot("merged").await?;
        let merged = std::fs::read_to_string(workspace.join("notes.txt")).context("notes.txt came home")?;
        ensure!(merged == "hello\nworld\n", "{merged:?}");
        ensure!(git(&workspace, &["log", "--format=%s", "-1"])?.contains("write notes.txt"));
        Ok(())
    })
    .await
}
