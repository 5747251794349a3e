//! The app shell comes up on the workspace it was given, and the backend answers.

use std::time::Duration;

use anyhow::{ensure, Result};

use crate::harness::AppUnderTest;

const LIVE: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn window_shows_the_shell_and_a_command_round_trips() -> Result<()> {
    let workspace = tempfile::tempdir()?;
    let root = std::fs::canonicalize(workspace.path())?;
    let expected_root = root.display().to_string();
    let app = AppUnderTest::launch("shell", &root).await?;
    app.run(async move |app| {
        // The shell is drawn by the real webview...
        app.text_of("[data-testid=app-shell]").await?;
        // ...and filled in from the backend: app_info ran in Rust and came back over IPC.
        let shown = app.wait_for_text("[data-testid=workspace-root]", |t| !t.is_empty()).await?;
        ensure!(shown == expected_root, "the window shows workspace {shown:?}, expected {expected_root:?}");
        let versions = app.text_of("[data-testid=backend-version]").await?;
        ensure!(versions.contains("core 0.1.0"), "status strip shows {versions:?}");

        // A direct round trip through Tauri's IPC from the page itself.
        let reply = app
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 window.__TAURI_INTERNALS__.invoke('app_info').then(done, (e) => done({ error: String(e) }));",
                vec![],
            )
            .await?;
        ensure!(reply["workspace"]["root"] == expected_root.as_str(), "app_info answered {reply}");
        // The folder the app was launched on is a recent folder.
        let recent = app
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 window.__TAURI_INTERNALS__.invoke('recent_workspaces').then(done, (e) => done({ error: String(e) }));",
                vec![],
            )
            .await?;
        ensure!(
            recent.as_array().is_some_and(|r| r.iter().any(|p| p == expected_root.as_str())),
            "recent folders: {recent}"
        );

        app.screenshot("main").await?;

        // Closed, then opened again from Recent: live updates still arrive
        // (a session written on disk shows up without a reload).
        app.click("[data-testid=close-workspace]").await?;
        app.wait_presence("[data-testid=close-workspace]", false, LIVE).await?;
        app.click("[data-testid=recent-toggle]").await?;
        app.click("[data-testid=recent-folder]").await?;
        app.wait_for_text("[data-testid=workspace-root]", |t| t == expected_root).await?;
        app.wait_presence("[data-testid=session-list]", true, LIVE).await?;
        write_finished_session(&root, "a session written while the folder was open")?;
        wait_for_row(app, "a session written while", true).await?;

        // The sidebar's search asks the backend, which reads titles, prompts
        // and messages: the agent's reply matches; a word no session has does not.
        app.type_into("[data-testid=session-search]", "the agent's REPLY").await?;
        tokio::time::sleep(Duration::from_millis(600)).await;
        wait_for_row(app, "a session written while", true).await?;
        app.type_into("[data-testid=session-search]", " zebra").await?;
        wait_for_row(app, "a session written while", false).await?;
        Ok(())
    })
    .await
}

/// Waits until some session row holds `title` (or, `shown` false, none
/// does). Read as the DOM's text: WebKitWebDriver's element text leaves out
/// the row's title, which is cut with an ellipsis.
async fn wait_for_row(app: &AppUnderTest, title: &str, shown: bool) -> Result<()> {
    let start = std::time::Instant::now();
    loop {
        let found = app
            .client
            .execute(
                "return [...document.querySelectorAll('[data-testid=session-row]')].some((r) => r.textContent.includes(arguments[0]));",
                vec![serde_json::Value::from(title)],
            )
            .await?;
        if found == shown {
            return Ok(());
        }
        ensure!(start.elapsed() < LIVE, "after {LIVE:?} a row holding {title:?} is {}", if shown { "still absent" } else { "still shown" });
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// A finished session in zwarm 3.x's `meta.json` schema, as another zwarm
/// process would write it.
fn write_finished_session(root: &std::path::Path, task: &str) -> Result<()> {
    let id = "5a1e0000-0000-4000-8000-00000000c0de";
    let dir = root.join(".zwarm/sessions").join(id);
    std::fs::create_dir_all(dir.join("turns"))?;
    let meta = serde_json::json!({
        "id": id, "task": task, "status": "completed", "working_dir": root.display().to_string(),
        "created_at": "2026-11-25T07:00:00.000000", "updated_at": "2026-11-25T07:10:00.000000",
        "pid": null, "exit_code": 0, "model": "gpt-5.5", "turn": 1,
        "token_usage": {}, "error": null, "source": "user", "adapter": "codex",
        "messages": [{"role": "user", "content": task}, {"role": "assistant", "content": "Here is the agent's reply."}]
    });
    let temp = dir.join("meta.json.tmp");
    std::fs::write(&temp, serde_json::to_vec_pretty(&meta)?)?;
    std::fs::rename(temp, dir.join("meta.json"))?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_workspace_is_shown_as_an_error() -> Result<()> {
    let parent = tempfile::tempdir()?;
    let missing = parent.path().join("gone");
    let app = AppUnderTest::launch("missing-workspace", &missing).await?;
    app.run(async move |app| {
        let message = app.text_of("[data-testid=workspace-error]").await?;
        ensure!(
            message.contains("does not exist"),
            "error shown: {message:?}"
        );
        app.screenshot("missing-workspace").await?;
        Ok(())
    })
    .await
}
