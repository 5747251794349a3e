//! A pilot conversation through the real app: create a pilot, two turns,
//! travel back to T1 in the graph and send again, which makes a branch while
//! T2 stays. The pilot's LLM is the fake server (its URL in the workspace's
//! `[pilot]` table, the key in the environment). Screenshots of the chat and
//! the graph are kept in `test-artifacts/e2e/`.

use std::time::Duration;

use anyhow::{ensure, Result};
use fake_llm::{FakeServer, Reply, Scenario, Usage};

use crate::harness::AppUnderTest;

const LIVE: Duration = Duration::from_secs(60);

fn reply(text: &str) -> Reply {
    Reply::text(text).with_usage(Usage {
        input_tokens: 1200,
        output_tokens: 40,
        ..Usage::default()
    })
}

/// Opens the Pilot view and creates a pilot named `name` with the form's defaults.
pub(crate) async fn create_pilot(app: &AppUnderTest, name: &str) -> Result<()> {
    app.click("[data-testid=view-pilot]").await?;
    app.click("[data-testid=new-pilot-button]").await?;
    app.type_into("[data-testid=pilot-name-input]", name)
        .await?;
    app.click("[data-testid=create-pilot]").await?;
    app.wait_presence("[data-testid=pilot-composer-input]", true, LIVE)
        .await
}

/// Sends a message to the open pilot and waits for its reply.
pub(crate) async fn send(app: &AppUnderTest, message: &str, expected_reply: &str) -> Result<()> {
    app.type_into("[data-testid=pilot-composer-input]", message)
        .await?;
    app.click("[data-testid=pilot-send]").await?;
    app.wait_for_any_text("[data-testid=pilot-reply]", expected_reply, LIVE)
        .await
}

async fn graph_nodes(app: &AppUnderTest, filter: &str) -> Result<usize> {
    Ok(app
        .find_all(&format!("[data-testid=graph-node]{filter}"))
        .await?
        .len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pilot_conversation_branches_after_going_back_in_the_graph() -> Result<()> {
    let server = FakeServer::start(Scenario::new(vec![
        reply("First answer."),
        reply("Second answer."),
        reply("Branch answer."),
    ]))?;
    let root = tempfile::Builder::new()
        .prefix("e2e-pilot-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
    let workspace = std::fs::canonicalize(root.path())?;
    std::fs::create_dir_all(workspace.join(".zwarm"))?;
    std::fs::write(
        workspace.join(".zwarm/config.toml"),
        format!(
            "[pilot]\nprovider = \"open_ai_responses\"\nmodel = \"gpt-5.5\"\nbase_url = \"{}/v1\"\n",
            server.base_url()
        ),
    )?;
    let env = vec![("ZWARM_PILOT_API_KEY".to_string(), "test-key".to_string())];
    let notes = workspace.join("notes.md");
    std::fs::write(&notes, "first draft\n")?;
    let app = AppUnderTest::launch_with_env("pilot", &workspace, &env).await?;
    app.run(async move |app| {
        create_pilot(app, "refactor").await?;

        send(app, "first message", "First answer.").await?;
        std::fs::write(&notes, "second draft\n")?;
        send(app, "second message", "Second answer.").await?;
        app.wait_presence(
            "[data-testid=graph-node][data-label=T2][data-current=true]",
            true,
            LIVE,
        )
        .await?;
        app.screenshot("pilot-chat").await?;

        // Back to T1 in the graph, then send: T3 branches off T1 and T2 stays.
        app.click("[data-testid=graph-node][data-label=T1]").await?;
        app.click("[data-testid=node-go-here]").await?;
        app.wait_presence(
            "[data-testid=graph-node][data-label=T1][data-current=true]",
            true,
            LIVE,
        )
        .await?;
        send(app, "another direction", "Branch answer.").await?;
        app.wait_presence(
            "[data-testid=graph-node][data-label=T3][data-current=true]",
            true,
            LIVE,
        )
        .await?;
        ensure!(graph_nodes(app, "").await? == 3, "three nodes in the graph");
        ensure!(
            graph_nodes(app, "[data-tip=true]").await? == 2,
            "two branch tips (T2 and T3)"
        );
        let chat = app.text_of("[data-testid=pilot-chat]").await?;
        ensure!(
            chat.contains("first message") && !chat.contains("second message"),
            "the chat shows the T3 branch: {chat:?}"
        );
        app.screenshot("pilot-graph-branch").await?;

        // The files of T1 come back after a preview that shows each file's diff.
        // (T1 is still the selected node: a click on T2 first, since a click
        // on the selected node closes its details.)
        app.click("[data-testid=graph-node][data-label=T2]").await?;
        app.click("[data-testid=graph-node][data-label=T1]").await?;
        app.click("[data-testid=node-restore-files]").await?;
        app.click("[data-testid=restore-changed] [data-testid=restore-file]")
            .await?;
        let diff = app.text_of("[data-testid=file-diff]").await?;
        ensure!(
            diff.contains("second draft") && diff.contains("first draft"),
            "the diff of notes.md: {diff:?}"
        );
        app.screenshot("restore-preview-diff").await?;
        app.click("[data-testid=confirm-restore]").await?;
        app.wait_presence("[data-testid=restore-done]", true, LIVE)
            .await?;
        ensure!(
            std::fs::read_to_string(&notes)? == "first draft\n",
            "notes.md is as it was at T1"
        );
        Ok(())
    })
    .await
}
