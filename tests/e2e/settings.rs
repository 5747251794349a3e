//! Settings on the real app: the Agents, Keys and Pilot sections exist (the
//! places the app's hints send the user to), a CLI's arguments and path
//! typed there are saved to `.zwarm/config.toml`, trusted and in effect, and
//! the doctor's answers (version, where, login) are shown beside them.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use fake_llm::{FakeServer, Scenario};

use crate::cockpit::{pinned_codex_version, setup};
use crate::harness::AppUnderTest;

const LIVE: Duration = Duration::from_secs(60);
const CODEX: &str = "[data-testid=agent-form][data-adapter=codex]";
const CLAUDE: &str = "[data-testid=agent-form][data-adapter=claude]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_show_agents_keys_and_pilot_and_save_a_clis_path_and_args() -> Result<()> {
    let server = FakeServer::start(Scenario::new(vec![]))?;
    let setup = setup(&server, None)?;
    let user_config = setup
        .env
        .iter()
        .find(|(k, _)| k == "ZWARM_CONFIG_DIR")
        .map(|(_, v)| v.clone())
        .context("the setup names a config folder")?;
    let workspace = setup.workspace.clone();
    let app = AppUnderTest::launch_with_env("settings", &setup.workspace, &setup.env).await?;
    app.run(async move |app| {
        app.click("[data-testid=view-settings]").await?;
        for section in ["agents", "approvals", "keys", "pilot", "budgets", "prices"] {
            app.element(&format!("[data-testid=settings-section-{section}] h2")).await?;
        }
        // What the doctor found, beside each CLI, and each CLI's credentials in Keys.
        app.wait_for_any_text(&format!("{CODEX} [data-testid=cli-version]"), &pinned_codex_version(), LIVE)
            .await?;
        app.wait_for_any_text(
            "[data-testid=agent-key-row][data-cli=claude]",
            "Claude Code uses an API key from ANTHROPIC_API_KEY",
            LIVE,
        )
        .await?;
        app.wait_for_any_text("[data-testid=agent-key-row][data-cli=codex]", "FAKE_OPENAI_API_KEY", LIVE)
            .await?;
        app.element("[data-testid=pilot-key-row][data-provider=open_ai_responses]").await?;

        // WebDriver's Enter key ("\u{E007}"): a typed "\n" is not a new line in WebKit.
        app.type_into(
            &format!("{CODEX} [data-testid=agent-args-input]"),
            "-c\u{E007}model_reasoning_effort=\"low\"",
        )
        .await?;
        app.click(&format!("{CODEX} [data-testid=agent-settings-save]")).await?;
        app.wait_for_any_text(&format!("{CODEX} [data-testid=agent-settings-saved]"), "in effect", LIVE)
            .await?;

        // The save asks the doctor again, which redraws both forms; typing and
        // clicking while they grow could land on a moved button, so wait for
        // its answer first.
        app.wait_for_any_text(&format!("{CODEX} [data-testid=cli-version]"), &pinned_codex_version(), LIVE)
            .await?;

        // A path that does not exist: saved as typed (Enter submits the form,
        // as a user would), and the doctor's fix sends the user to the section
        // they are in.
        let path = app.element(&format!("{CLAUDE} [data-testid=agent-path-input]")).await?;
        path.clear().await?;
        path.send_keys("/nonexistent/claude\u{E007}").await?;
        app.wait_for_any_text(&format!("{CLAUDE} [data-testid=agent-settings-saved]"), "in effect", LIVE)
            .await?;
        app.wait_for_any_text(&format!("{CLAUDE} [data-testid=agent-found]"), "Settings → Agents", LIVE)
            .await?;
        app.screenshot("settings").await?;
        app.client
            .execute(
                "document.querySelector('[data-testid=settings-section-keys]').scrollIntoView()",
                vec![],
            )
            .await?;
        app.screenshot("settings-keys").await?;

        let ws = zwarm_core::Workspace::open(&workspace)?;
        let trust = zwarm_core::trust::TrustStore::at(Path::new(&user_config).join(zwarm_core::trust::TRUST_FILE));
        let settings = zwarm_core::engine::EngineSettings::load_trusting(&ws, Some(&trust))?;
        anyhow::ensure!(settings.untrusted.is_none(), "typed in Settings, so trusted: {:?}", settings.untrusted);
        anyhow::ensure!(
            settings.codex_args == ["-c", "model_reasoning_effort=\"low\""],
            "{:?}",
            settings.codex_args
        );
        anyhow::ensure!(
            settings.claude_path.as_deref() == Some(Path::new("/nonexistent/claude")),
            "{:?}",
            settings.claude_path
        );
        Ok(())
    })
    .await
}
