//! Builds and runs the Tauri application. Its config is read through the
//! `src-tauri/tauri.conf.json` symlink to the root `tauri.conf.json` (see build.rs).

use crate::bindings;
use crate::launch::LaunchOptions;
use crate::state::AppState;

/// Plugins and state. Shared by `run` and the tests, which pass a mock
/// builder (the typed command list is bound to the real runtime).
pub fn configure<R: tauri::Runtime>(builder: tauri::Builder<R>, options: &LaunchOptions) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_shell::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .manage(AppState::new(options.clone()))
}

pub fn run(options: LaunchOptions) -> anyhow::Result<()> {
    let specta = bindings::builder();
    configure(tauri::Builder::default(), &options)
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            Ok(())
        })
        .run(tauri::generate_context!())
        .map_err(|e| anyhow::anyhow!("the desktop window could not start: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
    use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
    use tauri::webview::InvokeRequest;

    fn invoke(webview: &tauri::WebviewWindow<tauri::test::MockRuntime>, cmd: &str) -> serde_json::Value {
        invoke_with(webview, cmd, serde_json::json!({}))
    }

    fn invoke_with(
        webview: &tauri::WebviewWindow<tauri::test::MockRuntime>,
        cmd: &str,
        args: serde_json::Value,
    ) -> serde_json::Value {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        match get_ipc_response(webview, request).expect("command should succeed") {
            InvokeResponseBody::Json(json) => serde_json::from_str(&json).unwrap(),
            InvokeResponseBody::Raw(raw) => serde_json::from_slice(&raw).unwrap(),
        }
    }

    fn app_for(workspace: &std::path::Path) -> tauri::App<tauri::test::MockRuntime> {
        let options = LaunchOptions { workspace: workspace.to_path_buf(), explicit: true };
        configure(mock_builder(), &options)
            .invoke_handler(
                tauri_specta::Builder::<tauri::test::MockRuntime>::new()
                    .commands(tauri_specta::collect_commands![
                        crate::commands::app::app_info::<tauri::test::MockRuntime>,
                        crate::commands::sessions::list_sessions,
                    ])
                    .invoke_handler(),
            )
            .build(mock_context(noop_assets()))
            .unwrap()
    }

    #[test]
    fn app_info_round_trips_through_ipc() {
        let dir = tempfile::tempdir().unwrap();
        let app = app_for(dir.path());
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        let info = invoke(&webview, "app_info");
        let root = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(info["workspace"]["root"], root.display().to_string());
        assert_eq!(info["core_version"], zwarm_core::VERSION);
        assert!(info["workspace_error"].is_null());

        // The workspace app_info opened now answers session commands.
        let list = invoke_with(&webview, "list_sessions", serde_json::json!({"workspace": root.display().to_string()}));
        assert_eq!(list["sessions"], serde_json::json!([]));
    }

    /// A run started with a chat-completions model at a local base URL talks
    /// to that server (not the public API), with the model the form chose.
    #[test]
    fn a_run_uses_the_chosen_local_chat_completions_server() {
        use fake_llm::{FakeServer, Protocol, Reply, Scenario};
        let server = FakeServer::start(Scenario::new(vec![Reply::text("Looking at it.")])).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let options = LaunchOptions { workspace: dir.path().to_path_buf(), explicit: true };
        let app = configure(mock_builder(), &options)
            .invoke_handler(
                tauri_specta::Builder::<tauri::test::MockRuntime>::new()
                    .commands(tauri_specta::collect_commands![
                        crate::commands::app::app_info::<tauri::test::MockRuntime>,
                        crate::commands::orchestrate::run_start::<tauri::test::MockRuntime>,
                        crate::commands::orchestrate::run_stop,
                    ])
                    .invoke_handler(),
            )
            .build(mock_context(noop_assets()))
            .unwrap();
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        let info = invoke(&webview, "app_info");
        let root = info["workspace"]["root"].as_str().unwrap().to_string();
        let base_url = format!("{}/v1", server.base_url());
        let meta = invoke_with(
            &webview,
            "run_start",
            serde_json::json!({
                "workspace": root,
                "request": {
                    "task": "Say hello",
                    "model": { "provider": "chat_completions", "model": "local-qwen", "base_url": base_url },
                    "max_steps": 1,
                    "budget_usd": null,
                    "shell": false,
                },
            }),
        );
        assert_eq!(meta["model"]["base_url"], serde_json::json!(base_url));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while server.requests_for(Protocol::Chat).is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let requests = server.requests_for(Protocol::Chat);
        assert!(!requests.is_empty(), "the run never called the local server; it got {:?}", server.requests());
        assert!(requests[0].body_contains("local-qwen"), "the run should ask for the chosen model");
        invoke_with(&webview, "run_stop", serde_json::json!({ "workspace": root, "run": meta["id"] }));
    }

    #[test]
    fn a_missing_workspace_is_reported_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let app = app_for(&dir.path().join("nope"));
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        let info = invoke(&webview, "app_info");
        assert!(info["workspace"].is_null());
        assert!(info["workspace_error"].as_str().unwrap().contains("does not exist"));
    }
}
