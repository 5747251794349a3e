//! Approvals in the real app: a Claude session started in "Ask me" mode from
//! the New session dialog asks before running a command that writes outside
//! the workspace (Claude runs read-only commands and workspace edits unasked
//! in this mode); the card shows the command and its folder, the sidebar marks
//! the session, Approve lets it run; a follow-up asks again and Deny with a
//! reason is recorded in the thread. The app asks through its own binary
//! (`zwarm-desktop __approval-mcp`).

use std::time::Duration;

use anyhow::{Context, Result};
use fake_llm::{FakeServer, Part, Reply, Scenario};

use crate::cockpit::setup;
use crate::harness::AppUnderTest;

const LIVE: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ask_me_session_waits_for_the_card_then_runs_or_records_the_denial() -> Result<()> {
    let server = FakeServer::start(
        Scenario::new(vec![
            Reply::parts(vec![Part::shell(
                "echo approved-in-the-window | tee ../approved.txt",
            )]),
            Reply::text("Ran it."),
            Reply::parts(vec![Part::shell("rm -rf ../keep")]),
            Reply::text("Understood, I left it alone."),
        ])
        .with_fallback(Reply::text("ok")),
    )?;
    let setup = setup(&server, None)?;
    let app = AppUnderTest::launch_with_env("approvals", &setup.workspace, &setup.env).await?;
    let workspace = setup.workspace.clone();
    let outside = workspace
        .parent()
        .context("the workspace has a parent")?
        .to_path_buf();
    std::fs::create_dir_all(outside.join("keep"))?;
    app.run(async move |app| {
        app.click("[data-testid=new-session-button]").await?;
        app.element("[data-testid=adapter-select]")
            .await?
            .select_by_value("claude")
            .await?;
        app.element("[data-testid=mode-select]")
            .await?
            .select_by_value("ask")
            .await?;
        app.element("[data-testid=ask-hint]").await?;
        app.type_into("[data-testid=task-input]", "run the echo")
            .await?;
        app.click("[data-testid=start-session]").await?;

        // The agent waits: the card in the thread, the mark in the sidebar.
        app.wait_for_any_text(
            "[data-testid=approval-card] [data-testid=approval-command]",
            "echo approved-in-the-window | tee ../approved.txt",
            LIVE,
        )
        .await?;
        let cwd = app.text_of("[data-testid=approval-cwd]").await?;
        anyhow::ensure!(
            cwd == workspace.display().to_string(),
            "the folder shown: {cwd:?}"
        );
        app.wait_presence(
            "[data-testid=session-row] [data-testid=session-waiting]",
            true,
            LIVE,
        )
        .await?;
        app.screenshot("card").await?;
        app.click("[data-testid=approval-approve]").await?;
        app.wait_presence("[data-testid=approval-card]", false, LIVE)
            .await?;
        app.wait_presence("[data-testid=session-waiting]", false, LIVE)
            .await?;
        app.wait_for_any_text(
            "[data-testid=command-output]",
            "approved-in-the-window",
            LIVE,
        )
        .await?;
        app.wait_for_any_text("[data-testid=agent-message]", "Ran it.", LIVE)
            .await?;
        app.wait_presence(
            "[data-testid=session-row][data-status=completed]",
            true,
            LIVE,
        )
        .await?;

        // A follow-up asks again; denied with a reason, the thread says so.
        app.type_into("[data-testid=composer-input]", "now clean up")
            .await?;
        app.click("[data-testid=composer-send]").await?;
        app.wait_for_any_text("[data-testid=approval-command]", "rm -rf ../keep", LIVE)
            .await?;
        app.click("[data-testid=approval-deny]").await?;
        app.type_into("[data-testid=approval-reason-input]", "keep that folder")
            .await?;
        app.screenshot("deny").await?;
        app.click("[data-testid=approval-deny-confirm]").await?;
        app.wait_presence("[data-testid=approval-card]", false, LIVE)
            .await?;
        app.wait_presence(
            "[data-testid=command-block][data-status=denied]",
            true,
            LIVE,
        )
        .await?;
        app.wait_for_any_text(
            "[data-testid=command-block][data-status=denied]",
            "keep that folder",
            LIVE,
        )
        .await?;
        app.wait_for_any_text("[data-testid=agent-message]", "Understood", LIVE)
            .await?;
        anyhow::ensure!(outside.join("keep").is_dir(), "a denied command never runs");
        app.screenshot("denied").await?;
        Ok(())
    })
    .await
}
