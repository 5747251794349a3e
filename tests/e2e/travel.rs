//! Time travel in the window moves the agent too: a pilot delegates to a real
//! Codex session (T1), converses with it (T2), the user goes back to T1 in the
//! graph and sends again (T3): the session is forked at its T1 state, the graph
//! marks the fork on the edge into T3, and Codex's request in T3 does not carry
//! T2. The screenshot of that graph is kept in `test-artifacts/e2e/`.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use fake_llm::{FakeServer, Part, Reply, Scenario};
use serde_json::json;

use crate::cockpit::setup;
use crate::harness::AppUnderTest;
use crate::pilot::{create_pilot, send};

const LIVE: Duration = Duration::from_secs(90);

fn tool(name: &str, arguments: serde_json::Value) -> Reply {
    Reply::parts(vec![Part::Tool {
        name: name.into(),
        arguments,
    }])
}

/// The pilot's replies for one turn: one call to the agent, a wait, an answer.
fn script(pilot: &FakeServer, call: Reply, answer: &str) {
    pilot.push_reply(call);
    pilot.push_reply(tool("wait", json!({"seconds": 120})));
    pilot.push_reply(Reply::text(answer));
}

/// The id of the one session the pilot started (read from the workspace).
async fn only_session(workspace: &std::path::Path) -> Result<String> {
    let deadline = Instant::now() + LIVE;
    loop {
        let ids: Vec<String> = std::fs::read_dir(workspace.join(".zwarm/sessions"))
            .map(|entries| {
                entries
                    .flatten()
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| !n.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        if let [id] = ids.as_slice() {
            return Ok(id.clone());
        }
        ensure!(
            Instant::now() < deadline,
            "no single session appeared: {ids:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn going_back_in_the_pilot_graph_forks_the_agent() -> Result<()> {
    let agent = FakeServer::start(Scenario::new(Vec::new()).with_fallback(Reply::text("Noted.")))?;
    let pilot = FakeServer::start(Scenario::new(Vec::new()))?;
    let setup = setup(&agent, None)?;
    let config = setup.workspace.join(".zwarm/config.toml");
    let mut text = std::fs::read_to_string(&config)?;
    text.push_str(&format!(
        "\n[pilot]\nprovider = \"openai_responses\"\nmodel = \"gpt-5.5\"\nbase_url = \"{}/v1\"\nadapter = \"codex\"\n",
        pilot.base_url()
    ));
    std::fs::write(&config, text)?;
    let mut env = setup.env.clone();
    env.push(("ZWARM_PILOT_API_KEY".into(), "test-key".into()));
    let app = AppUnderTest::launch_with_env("travel", &setup.workspace, &env).await?;
    let workspace = setup.workspace.clone();
    app.run(async move |app| {
        create_pilot(app, "travel").await?;

        script(
            &pilot,
            tool(
                "delegate",
                json!({"task": "Remember the code word APPLE.", "adapter": "codex"}),
            ),
            "Delegated.",
        );
        send(app, "start the agent", "Delegated.").await?;
        let session = only_session(&workspace).await?;

        script(
            &pilot,
            tool(
                "converse",
                json!({"session_id": session, "message": "The code word is now BANANA."}),
            ),
            "Changed.",
        );
        send(app, "change the word", "Changed.").await?;

        app.click("[data-testid=graph-node][data-label=T1]").await?;
        app.click("[data-testid=node-go-here]").await?;
        app.wait_presence(
            "[data-testid=graph-node][data-label=T1][data-current=true]",
            true,
            LIVE,
        )
        .await?;
        let before = agent.requests().len();
        script(
            &pilot,
            tool(
                "converse",
                json!({"session_id": session, "message": "What is the code word?"}),
            ),
            "Asked from T1.",
        );
        send(app, "ask from T1", "Asked from T1.").await?;
        app.wait_presence(
            "[data-testid=graph-node][data-label=T3][data-current=true]",
            true,
            LIVE,
        )
        .await?;
        let sent: String = agent.requests()[before..]
            .iter()
            .map(|r| r.raw_body.clone())
            .collect();
        ensure!(
            sent.contains("APPLE") && !sent.contains("BANANA"),
            "T3 carries T1's context only"
        );
        let graph = app
            .text_of("[data-testid=pilot-graph]")
            .await
            .context("the graph")?;
        ensure!(
            graph.contains("forked"),
            "the graph marks the fork: {graph:?}"
        );
        app.screenshot("pilot-graph-fork").await?;
        Ok(())
    })
    .await
}
