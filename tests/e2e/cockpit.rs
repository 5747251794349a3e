//! The cockpit on the real app with the real CLIs and the fake model server:
//! start sessions from the UI and watch them live, continue, kill, delete, and
//! the doctor with a CLI missing. Screenshots of the main views are kept in
//! `test-artifacts/e2e/`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use fake_llm::{FakeServer, Part, Reply, Scenario};
use tempfile::TempDir;

use crate::harness::AppUnderTest;

/// What the pinned Codex (agents-pins.toml, installed by `make install-agents`)
/// answers to `--version`.
pub fn pinned_codex_version() -> String {
    let pin = zwarm_core::doctor::tested_pin(zwarm_core::agents::Adapter::Codex)
        .expect("agents-pins.toml names codex");
    format!("codex-cli {}", pin.version)
}

const LIVE: Duration = Duration::from_secs(60);

/// A workspace plus the homes the CLIs need, with `.zwarm/config.toml`
/// pointing at the real CLIs (or at `claude_path` when given).
pub(crate) struct Setup {
    _root: TempDir,
    pub(crate) workspace: PathBuf,
    pub(crate) env: Vec<(String, String)>,
}

pub(crate) fn setup(server: &FakeServer, claude_path: Option<&Path>) -> Result<Setup> {
    let root = tempfile::Builder::new()
        .prefix("e2e-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
    let dir = |name: &str| -> Result<PathBuf> {
        let path = root.path().join(name);
        std::fs::create_dir_all(&path)?;
        Ok(std::fs::canonicalize(path)?)
    };
    let (workspace, home, tmp, codex_home, claude_config) = (
        dir("workspace")?,
        dir("home")?,
        dir("tmp")?,
        dir("codex-home")?,
        dir("claude-config")?,
    );
    std::fs::write(
        codex_home.join("config.toml"),
        zwarm_tests::codex_config_toml(&server.base_url(), "gpt-5.5", ""),
    )?;
    let bin = zwarm_tests::agents_bin_dir();
    let claude = claude_path
        .map(Path::to_path_buf)
        .unwrap_or_else(|| bin.join("claude"));
    std::fs::create_dir_all(workspace.join(".zwarm"))?;
    std::fs::write(
        workspace.join(".zwarm/config.toml"),
        format!(
            "[codex]\npath = {:?}\n\n[claude]\npath = {:?}\n",
            bin.join("codex"),
            claude
        ),
    )?;
    // The config names the CLIs to run: the tester trusts it, as a user
    // would once (zwarm trust), in a config folder of this test's own.
    let user_config = dir("user-config")?;
    let ws = zwarm_core::Workspace::open(&workspace)?;
    let wants = zwarm_core::engine::EngineSettings::load_trusting(&ws, None)?.config_wants;
    zwarm_core::trust::TrustStore::at(user_config.join(zwarm_core::trust::TRUST_FILE))
        .trust(ws.root(), &wants)?;
    let homes = zwarm_tests::CliHomes {
        home: &home,
        tmp: &tmp,
        codex_home: &codex_home,
        claude_config: &claude_config,
    };
    let mut env = zwarm_tests::offline_cli_env(&server.base_url(), &homes);
    env.push(("ZWARM_CONFIG_DIR".into(), user_config.display().to_string()));
    Ok(Setup {
        env,
        workspace,
        _root: root,
    })
}

async fn start_from_ui(app: &AppUnderTest, adapter: &str, task: &str) -> Result<()> {
    app.click("[data-testid=new-session-button]").await?;
    app.element("[data-testid=new-session-dialog]").await?;
    app.element("[data-testid=adapter-select]")
        .await?
        .select_by_value(adapter)
        .await?;
    app.type_into("[data-testid=task-input]", task).await?;
    app.click("[data-testid=start-session]").await
}

async fn wait_status(app: &AppUnderTest, status: &str) -> Result<()> {
    app.wait_presence(
        &format!("[data-testid=session-row][data-status={status}]"),
        true,
        LIVE,
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_codex_session_started_from_the_ui_streams_live_and_continues() -> Result<()> {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![
            Part::reasoning("Plan: write the file."),
            Part::shell("echo hello > out.txt"),
        ]),
        Reply::text("Wrote out.txt."),
        Reply::text("It says hello."),
        Reply::text("On this branch I only wrote out.txt."),
    ]))?;
    let setup = setup(&server, None)?;
    let app = AppUnderTest::launch_with_env("codex-session", &setup.workspace, &setup.env).await?;
    let workspace = setup.workspace.clone();
    app.run(async move |app| {
        start_from_ui(app, "codex", "create out.txt containing hello").await?;
        app.wait_for_any_text("[data-testid=command-block]", "echo hello > out.txt", LIVE)
            .await?;
        app.wait_for_any_text("[data-testid=agent-message]", "Wrote out.txt.", LIVE)
            .await?;
        wait_status(app, "completed").await?;
        anyhow::ensure!(workspace.join("out.txt").exists(), "the command really ran");
        app.screenshot("thread").await?;

        // Ctrl+F finds in the thread (the backend searches the whole transcript).
        app.element("[data-testid=thread]").await?.send_keys("\u{E009}f\u{E000}").await?;
        app.type_into("[data-testid=find-input]", "hello > out").await?;
        app.wait_for_any_text("[data-testid=find-count]", "1 of 1", LIVE).await?;
        app.wait_for_any_text("[data-testid=find-current]", "echo hello > out.txt", LIVE)
            .await?;
        app.click("[aria-label='Close find']").await?;

        app.type_into("[data-testid=composer-input]", "now show me the file")
            .await?;
        app.click("[data-testid=composer-send]").await?;
        app.wait_for_any_text("[data-testid=agent-message]", "It says hello.", LIVE)
            .await?;
        app.wait_presence("[data-testid=turn-divider]", true, LIVE)
            .await?;
        wait_status(app, "completed").await?;
        app.screenshot("continued").await?;

        // Branch from turn 1, with the files as they were after it: a fork,
        // listed under its original, continues; out.txt is back.
        std::fs::write(workspace.join("out.txt"), "changed by hand\n")?;
        app.click("[data-testid=turn-divider][data-turn='1'] [data-testid=branch-turn-button]")
            .await?;
        app.click("[data-testid=branch-restore-files]").await?;
        app.click("[data-testid=branch-dialog] [data-testid=restore-changed] [data-testid=restore-file]")
            .await?;
        let diff = app.text_of("[data-testid=branch-dialog] [data-testid=file-diff]").await?;
        anyhow::ensure!(
            diff.contains("changed by hand") && diff.contains("hello"),
            "the diff of out.txt: {diff:?}"
        );
        app.screenshot("branch-restore-preview").await?;
        app.click("[data-testid=branch-confirm]").await?;
        // The fork is listed under its original (its "at turn 1" may be cut
        // off by the sidebar's width) and opened.
        // The fork is opened once it is made (files restored first).
        app.wait_presence("[aria-current=true] [data-testid=session-forked-from]", true, LIVE)
            .await?;
        anyhow::ensure!(
            std::fs::read_to_string(workspace.join("out.txt"))? == "hello\n",
            "out.txt is as it was after turn 1"
        );
        app.type_into(
            "[data-testid=composer-input]",
            "what did you do on this branch?",
        )
        .await?;
        app.click("[data-testid=composer-send]").await?;
        app.wait_for_any_text(
            "[data-testid=agent-message]",
            "On this branch I only wrote out.txt.",
            LIVE,
        )
        .await?;
        app.screenshot("branched").await?;
        let sent: Vec<String> = server
            .requests()
            .iter()
            .map(|r| r.raw_body.clone())
            .collect();
        let last = sent.last().cloned().unwrap_or_default();
        anyhow::ensure!(
            !last.contains("now show me the file"),
            "the fork's turn must not carry turn 2"
        );
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claude_session_runs_and_a_long_one_is_killed_then_deleted() -> Result<()> {
    let server = FakeServer::start(
        Scenario::new(vec![Reply::text("Claude here.")]).with_fallback(Reply::Delay {
            ms: 120_000,
            then: None,
        }),
    )?;
    let setup = setup(&server, None)?;
    let app =
        AppUnderTest::launch_with_env("claude-kill-delete", &setup.workspace, &setup.env).await?;
    app.run(async move |app| {
        start_from_ui(app, "claude", "say hello").await?;
        app.wait_for_any_text("[data-testid=agent-message]", "Claude here.", LIVE)
            .await?;
        wait_status(app, "completed").await?;

        start_from_ui(app, "codex", "a task that takes forever").await?;
        wait_status(app, "running").await?;
        app.screenshot("running").await?;
        app.click("[data-testid=kill-button]").await?;
        wait_status(app, "killed").await?;

        let before = app
            .client
            .find_all(fantoccini::Locator::Css("[data-testid=session-row]"))
            .await?
            .len();
        // The row turns `killed` as soon as the kill is recorded, before the
        // process group is gone; the thread's actions wait for the kill to end.
        app.wait_presence("[data-testid=delete-button]:not([disabled])", true, LIVE)
            .await?;
        app.click("[data-testid=delete-button]").await?;
        app.click("[data-testid=confirm-delete]").await?;
        app.wait_presence("[data-testid=session-row][data-status=killed]", false, LIVE)
            .await?;
        let after = app
            .client
            .find_all(fantoccini::Locator::Css("[data-testid=session-row]"))
            .await?
            .len();
        anyhow::ensure!(
            after + 1 == before,
            "one row fewer after delete ({before} -> {after})"
        );
        let empty = app.text_of("[data-testid=empty-state]").await?;
        anyhow::ensure!(
            empty.contains("Pick a session on the left"),
            "beside listed sessions the empty state says: {empty:?}"
        );
        app.screenshot("dashboard").await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_doctor_says_where_it_looked_for_a_missing_cli() -> Result<()> {
    let server = FakeServer::start(Scenario::new(vec![]))?;
    let setup = setup(&server, Some(Path::new("/nonexistent/claude")))?;
    let app = AppUnderTest::launch_with_env("doctor", &setup.workspace, &setup.env).await?;
    app.run(async move |app| {
        app.click("[data-testid=doctor-button]").await?;
        app.wait_for_any_text("[data-testid=doctor-panel]", "/nonexistent/claude", LIVE)
            .await?;
        app.wait_for_any_text("[data-testid=doctor-panel]", &pinned_codex_version(), LIVE)
            .await?;
        app.screenshot("doctor").await?;
        Ok(())
    })
    .await
}
