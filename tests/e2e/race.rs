//! A race in the real app: started from the New session dialog's Race…,
//! run by the real Codex and the real Claude Code (each scripted by the fake
//! model server to write `greet.py` its own way), compared side by side with
//! their diffs and the check's verdicts, then one kept. The comparison is
//! kept as `test-artifacts/e2e/race-comparison.png`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{ensure, Context, Result};
use fake_llm::{FakeServer, Part, Protocol, Reply, Scenario, Usage};

use crate::cockpit::setup;
use crate::harness::AppUnderTest;

const LIVE: Duration = Duration::from_secs(90);

const CODEX: &str = "[data-testid=race-entrant][data-adapter=codex]";
const CLAUDE: &str = "[data-testid=race-entrant][data-adapter=claude]";

fn git(dir: &Path, args: &[&str]) -> Result<()> {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()?;
    ensure!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    Ok(())
}

fn usage(input: u64, output: u64) -> Usage {
    Usage {
        input_tokens: input,
        output_tokens: output,
        ..Usage::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codex_and_claude_race_side_by_side_and_the_winner_is_kept() -> Result<()> {
    let server = FakeServer::start(
        Scenario::new(vec![])
            .with_queue(
                Protocol::Responses,
                vec![
                    Reply::parts(vec![Part::shell(
                        "printf 'def greet(name):\\n    return f\"Hello, {name}!\"\\n' > greet.py",
                    )])
                    .with_usage(usage(9_800, 240)),
                    Reply::text("greet.py says Hello.").with_usage(usage(10_400, 60)),
                ],
            )
            .with_queue(
                Protocol::Anthropic,
                vec![
                    Reply::parts(vec![Part::shell(
                        "printf 'def greet(name):\\n    return \"Hi \" + name\\n' > greet.py && printf '# Notes\\nA shorter greeting.\\n' > NOTES.md",
                    )])
                    .with_usage(usage(7_300, 310)),
                    Reply::text("greet.py says Hi.").with_usage(usage(7_900, 40)),
                ],
            )
            .with_fallback(Reply::text("ok")),
    )?;
    let setup = setup(&server, None)?;
    let workspace = setup.workspace.clone();
    std::fs::write(workspace.join(".gitignore"), ".zwarm/\n")?;
    std::fs::write(workspace.join("README.md"), "A greeting library.\n")?;
    git(&workspace, &["init", "--quiet", "--initial-branch=main"])?;
    git(&workspace, &["add", "."])?;
    git(&workspace, &["commit", "--quiet", "-m", "first"])?;

    let app = AppUnderTest::launch_with_env("race", &workspace, &setup.env).await?;
    app.run(async move |app| {
        app.click("[data-testid=new-session-button]").await?;
        app.type_into("[data-testid=task-input]", "Write greet.py with a greet(name) function")
            .await?;
        app.click("[data-testid=race-button]").await?;
        let task = app.element("[data-testid=race-task-input]").await?.prop("value").await?;
        ensure!(
            task.as_deref() == Some("Write greet.py with a greet(name) function"),
            "the task came over from New session: {task:?}"
        );
        app.element("[data-testid=race-model-input]").await?.send_keys("gpt-5.5").await?;
        app.type_into("[data-testid=race-check-input]", "grep -q Hello greet.py").await?;
        app.click("[data-testid=start-race]").await?;

        // The comparison opens at once and follows both agents to the end.
        app.element("[data-testid=race-view]").await?;
        for column in [CODEX, CLAUDE] {
            app.wait_presence(&format!("{column}[data-status=completed]"), true, LIVE)
                .await?;
        }
        // Once both ended, the check runs in each worktree by itself.
        app.wait_for_any_text(&format!("{CODEX} [data-testid=race-check-result]"), "passed", LIVE)
            .await?;
        app.wait_for_any_text(&format!("{CLAUDE} [data-testid=race-check-result]"), "failed (exit 1)", LIVE)
            .await?;
        let codex_diff = app.text_of(&format!("{CODEX} [data-testid=file-diff]")).await?;
        ensure!(codex_diff.contains("Hello, {name}!"), "Codex's diff of greet.py: {codex_diff:?}");
        let claude_files = app.text_of(&format!("{CLAUDE} [data-testid=race-files]")).await?;
        ensure!(
            claude_files.contains("NOTES.md") && claude_files.contains("greet.py") && claude_files.contains("\"Hi \" + name"),
            "Claude's files and diffs: {claude_files:?}"
        );
        let figures = app.text_of(&format!("{CODEX} [data-testid=race-figures]")).await?;
        ensure!(figures.contains("20.5k"), "Codex's tokens (20,200 in, 300 out): {figures:?}");
        let summary = app.text_of(&format!("{CLAUDE} [data-testid=race-files-summary]")).await?;
        ensure!(summary.contains("2 files"), "Claude's files: {summary:?}");
        let entrants = app
            .client
            .find_all(fantoccini::Locator::Css("[data-testid=race-entrant]"))
            .await?
            .len();
        ensure!(entrants == 2, "two entrants side by side, not {entrants}");
        // The race is one row of the sidebar, over its two sessions.
        app.element("[data-testid=race-group] [data-testid=race-row][aria-current=true]").await?;
        let rows = app
            .client
            .find_all(fantoccini::Locator::Css("[data-testid=race-group] [data-testid=session-row]"))
            .await?
            .len();
        ensure!(rows == 2, "the race's two sessions are listed under it, not {rows}");
        app.screenshot("comparison").await?;
        ensure!(!workspace.join("greet.py").exists(), "nothing in the main checkout yet");

        // Keep Codex: Claude's uncommitted files are shown before they go.
        app.click(&format!("{CODEX} [data-testid=race-keep]")).await?;
        app.click("[data-testid=keep-confirm]").await?;
        app.wait_for_any_text("[data-testid=keep-dirty]", "NOTES.md", LIVE).await?;
        app.click("[data-testid=keep-force]").await?;
        app.wait_for_any_text("[data-testid=race-kept-note]", "Kept Codex: merged into main", LIVE)
            .await?;
        let greet = std::fs::read_to_string(workspace.join("greet.py")).context("greet.py merged into main")?;
        ensure!(greet.contains("Hello, {name}!"), "main has Codex's greet.py: {greet:?}");
        app.wait_presence(&format!("{CLAUDE} [data-testid=race-problem]"), true, LIVE)
            .await?;
        app.screenshot("kept").await?;
        Ok(())
    })
    .await
}
