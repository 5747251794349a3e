//! Orchestrate and Spend through the real app: start a run from the UI, pause,
//! resume and stop it; open the spend view over a session with recorded
//! costs. The run's LLM is the fake server (its URL in `[pilot]`, the key in
//! the environment). Screenshots land in `test-artifacts/e2e/`.

use std::time::Duration;

use anyhow::{ensure, Result};
use fake_llm::{FakeServer, Part, Reply, Scenario, Usage};
use serde_json::json;

use crate::harness::AppUnderTest;

const LIVE: Duration = Duration::from_secs(60);

fn workspace_with_pilot_config(
    server: &FakeServer,
) -> Result<(tempfile::TempDir, std::path::PathBuf)> {
    let root = tempfile::Builder::new()
        .prefix("e2e-runs-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
    let workspace = std::fs::canonicalize(root.path())?;
    std::fs::create_dir_all(workspace.join(".zwarm"))?;
    std::fs::write(
        workspace.join(".zwarm/config.toml"),
        format!("[pilot]\nprovider = \"open_ai_responses\"\nmodel = \"gpt-5.5\"\nbase_url = \"{}/v1\"\n", server.base_url()),
    )?;
    Ok((root, workspace))
}

fn env() -> Vec<(String, String)> {
    vec![("ZWARM_PILOT_API_KEY".to_string(), "test-key".to_string())]
}

async fn wait_run(app: &AppUnderTest, status: &str) -> Result<()> {
    app.wait_presence(
        &format!("[data-testid=run-row][data-status={status}]"),
        true,
        LIVE,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_started_from_the_ui_is_paused_resumed_and_stopped() -> Result<()> {
    // Every step lists the sessions, slowly, so the run is still going when we press the buttons.
    let step = Reply::Delay {
        ms: 700,
        then: Some(Box::new(Reply::parts(vec![Part::Tool {
            name: "list_sessions".into(),
            arguments: json!({}),
        }]))),
    };
    let server = FakeServer::start(Scenario::new(vec![]).with_fallback(step))?;
    let (_root, workspace) = workspace_with_pilot_config(&server)?;
    let app = AppUnderTest::launch_with_env("runs", &workspace, &env()).await?;
    app.run(async move |app| {
        app.click("[data-testid=view-runs]").await?;
        app.click("[data-testid=new-run-button]").await?;
        app.type_into(
            "[data-testid=run-task-input]",
            "keep an eye on the sessions",
        )
        .await?;
        app.click("[data-testid=start-run]").await?;
        wait_run(app, "running").await?;
        app.wait_presence("[data-testid=run-step]", true, LIVE)
            .await?;
        app.screenshot("run-running").await?;

        app.click("[data-testid=run-pause]").await?;
        wait_run(app, "paused").await?;
        app.click("[data-testid=run-resume]").await?;
        wait_run(app, "running").await?;
        app.click("[data-testid=run-stop]").await?;
        wait_run(app, "stopped").await?;
        let detail = app.text_of("[data-testid=run-detail]").await?;
        ensure!(
            detail.contains("stopped by the user"),
            "the reason is shown: {detail:?}"
        );
        app.screenshot("run-stopped").await?;
        Ok(())
    })
    .await
}

/// A run delegates to a real Codex session and finishes before the session
/// does: the run's sessions show the session as it stands now (completed),
/// not as the run's last step saw it (running). Then the finished run is
/// started again (Retry) and deleted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runs_sessions_show_their_live_status_and_a_run_is_retried_and_deleted() -> Result<()> {
    let agent = FakeServer::start(Scenario::new(vec![]).with_fallback(Reply::Delay {
        ms: 3000,
        then: Some(Box::new(Reply::text("Done with the notes."))),
    }))?;
    let run_llm = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![Part::Tool {
            name: "delegate".into(),
            arguments: json!({"task": "write the notes", "adapter": "codex"}),
        }]),
        Reply::parts(vec![Part::Tool {
            name: "finish".into(),
            arguments: json!({"summary": "Delegated the notes."}),
        }]),
    ]))?;
    let setup = crate::cockpit::setup(&agent, None)?;
    let config = setup.workspace.join(".zwarm/config.toml");
    let mut text = std::fs::read_to_string(&config)?;
    text.push_str(&format!(
        "\n[pilot]\nprovider = \"openai_responses\"\nmodel = \"gpt-5.5\"\nbase_url = \"{}/v1\"\n",
        run_llm.base_url()
    ));
    std::fs::write(&config, text)?;
    let mut env = setup.env.clone();
    env.extend(self::env());
    let app = AppUnderTest::launch_with_env("run-sessions", &setup.workspace, &env).await?;
    app.run(async move |app| {
        app.click("[data-testid=view-runs]").await?;
        app.click("[data-testid=new-run-button]").await?;
        app.type_into("[data-testid=run-task-input]", "get the notes written")
            .await?;
        app.click("[data-testid=start-run]").await?;
        wait_run(app, "finished").await?;
        app.wait_presence("[data-testid=run-session][data-status=completed]", true, LIVE)
            .await?;
        app.screenshot("run-sessions-live").await?;

        app.click("[data-testid=run-delete]").await?;
        app.click("[data-testid=run-confirm-delete]").await?;
        app.wait_presence("[data-testid=run-row]", false, LIVE).await?;
        Ok(())
    })
    .await
}

/// A finished codex session whose two turns have recorded usage and cost.
fn write_priced_session(workspace: &std::path::Path) -> Result<()> {
    let id = "c0ffee00-0000-4000-8000-000000000001";
    let dir = workspace.join(".zwarm/sessions").join(id);
    std::fs::create_dir_all(dir.join("turns"))?;
    std::fs::write(dir.join("turns/turn_1.jsonl"), "")?;
    let usage = |input: u64, cached: u64, output: u64| json!({"input_tokens": input, "cached_input_tokens": cached, "cache_write_input_tokens": 0, "output_tokens": output, "reasoning_output_tokens": 0});
    let meta = json!({
        "id": id, "task": "refactor the parser", "status": "completed", "working_dir": workspace.display().to_string(),
        "created_at": "2026-11-30T09:00:00.000000", "updated_at": "2026-11-30T09:10:00.000000", "pid": null, "exit_code": 0,
        "model": "gpt-5.5", "turn": 2, "messages": [], "token_usage": {}, "error": null, "source": "user", "adapter": "codex",
        "turns": [
            {"number": 1, "prompt": "refactor", "started_at": "2026-11-30T09:00:00.000000", "ended_at": "2026-11-30T09:05:00.000000",
             "exit_code": 0, "status": "completed", "usage": usage(19435, 9629, 29), "cost_usd": 0.013751125, "estimated_cost_usd": 0.013751125},
            {"number": 2, "prompt": "again", "started_at": "2026-11-30T09:06:00.000000", "ended_at": "2026-11-30T09:10:00.000000",
             "exit_code": 0, "status": "completed", "usage": usage(20022, 19729, 29), "cost_usd": 0.003122375, "estimated_cost_usd": 0.003122375}
        ]
    });
    std::fs::write(dir.join("meta.json"), serde_json::to_vec_pretty(&meta)?)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_spend_view_shows_the_recorded_costs() -> Result<()> {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::text("unused").with_usage(Usage::default())
    ]))?;
    let (_root, workspace) = workspace_with_pilot_config(&server)?;
    write_priced_session(&workspace)?;
    let app = AppUnderTest::launch_with_env("spend", &workspace, &env()).await?;
    app.run(async move |app| {
        app.click("[data-testid=view-spend]").await?;
        app.wait_for_any_text("[data-testid=spend-all]", "$0.0169", LIVE).await?;
        app.wait_presence("[data-testid=spend-session-row][data-session-id=\"c0ffee00-0000-4000-8000-000000000001\"]", true, LIVE)
            .await?;
        app.screenshot("spend").await?;
        Ok(())
    })
    .await
}
