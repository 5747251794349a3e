//! Headless IPC round trips through `tauri::test`: the commands as the page
//! calls them, with the app's own files in a temporary folder and no keyring.

use std::path::Path;

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

use super::*;

fn call(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(webview, request).map(|body| match body {
        InvokeResponseBody::Json(json) => serde_json::from_str(&json).unwrap(),
        InvokeResponseBody::Raw(raw) => serde_json::from_slice(&raw).unwrap(),
    })
}

fn invoke(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Value {
    call(webview, cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
}

/// The error message of a command that must fail.
fn refused(webview: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> String {
    match call(webview, cmd, args) {
        Ok(value) => panic!("{cmd} should have failed, answered {value}"),
        Err(error) => error["message"].as_str().unwrap_or_default().to_string(),
    }
}

fn app_for(workspace: &Path, data_dir: &Path) -> tauri::App<MockRuntime> {
    let options = LaunchOptions {
        workspace: workspace.to_path_buf(),
        explicit: true,
        data_dir: Some(data_dir.to_path_buf()),
        os_keyring: false,
    };
    configure(mock_builder(), &options)
        .invoke_handler(
            tauri_specta::Builder::<MockRuntime>::new()
                .commands(tauri_specta::collect_commands![
                    crate::commands::app::app_info::<MockRuntime>,
                    crate::commands::sessions::list_sessions,
                    crate::commands::sessions::get_session,
                    crate::commands::sessions::reveal_folder::<MockRuntime>,
                    crate::commands::sessions::start_session,
                    crate::commands::sessions::continue_session,
                    crate::commands::orchestrate::run_start::<MockRuntime>,
                    crate::commands::pilot::pilot_graph,
                    crate::commands::pilot::pilot_key_status::<MockRuntime>,
                    crate::commands::pilot::set_pilot_key::<MockRuntime>,
                ])
                .invoke_handler(),
        )
        .build(mock_context(noop_assets()))
        .unwrap()
}

fn window(app: &tauri::App<MockRuntime>) -> WebviewWindow<MockRuntime> {
    tauri::WebviewWindowBuilder::new(app, "main", Default::default()).build().unwrap()
}

#[test]
fn app_info_round_trips_through_ipc() {
    let (dir, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let app = app_for(dir.path(), data.path());
    let webview = window(&app);
    let info = invoke(&webview, "app_info", json!({}));
    let root = std::fs::canonicalize(dir.path()).unwrap();
    assert_eq!(info["workspace"]["root"], root.display().to_string());
    assert_eq!(info["core_version"], zwarm_core::VERSION);
    assert!(info["workspace_error"].is_null() && info["settings_notice"].is_null());

    // The workspace app_info opened now answers session commands.
    let list = invoke(&webview, "list_sessions", json!({"workspace": root.display().to_string()}));
    assert_eq!(list["sessions"], json!([]));
}

#[test]
fn a_missing_workspace_is_reported_not_fatal() {
    let (dir, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let app = app_for(&dir.path().join("nope"), data.path());
    let info = invoke(&window(&app), "app_info", json!({}));
    assert!(info["workspace"].is_null());
    assert!(info["workspace_error"].as_str().unwrap().contains("does not exist"));
}

#[test]
fn an_unreadable_settings_file_is_kept_aside_and_reported() {
    let (dir, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::write(data.path().join("settings.json"), "{\"recent_workspaces\": [").unwrap();
    let app = app_for(dir.path(), data.path());
    let info = invoke(&window(&app), "app_info", json!({}));
    let notice = info["settings_notice"].as_str().expect("the page is told");
    assert!(notice.contains("settings.json.unreadable-"), "{notice}");
    // The unreadable file is kept, as it was, beside a fresh one (which now
    // remembers the launch folder).
    let kept: Vec<_> = std::fs::read_dir(data.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("settings.json.unreadable-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read_to_string(kept[0].path()).unwrap(), "{\"recent_workspaces\": [");
    if let Ok(fresh) = std::fs::read_to_string(data.path().join("settings.json")) {
        assert!(serde_json::from_str::<serde_json::Value>(&fresh).is_ok(), "{fresh}");
    }
}

#[cfg(unix)]
#[test]
fn keys_saved_through_ipc_go_to_a_private_file_not_settings_json() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::write(data.path().join("settings.json"), r#"{"pilot_keys":{"anthropic":"sk-ant-legacy"}}"#).unwrap();
    let app = app_for(dir.path(), data.path());
    let webview = window(&app);
    invoke(&webview, "set_pilot_key", json!({"provider": "open_ai_responses", "key": "sk-oai-secret"}));
    let status = invoke(&webview, "pilot_key_status", json!({}));
    let file = data.path().join("pilot-keys.json");
    let anthropic = status.as_array().unwrap().iter().find(|s| s["provider"] == "anthropic").unwrap();
    assert_eq!(anthropic["source"], json!({"kind": "file", "path": file.display().to_string()}), "migrated");
    assert_eq!(anthropic["storage"]["kind"], "file");
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let settings = std::fs::read_to_string(data.path().join("settings.json")).unwrap();
    assert!(!settings.contains("sk-") && !settings.contains("pilot_keys"), "{settings}");
}

#[test]
fn commands_refuse_paths_and_ids_that_leave_the_workspace() {
    let (dir, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::write(dir.path().join("run.sh"), "echo hi\n").unwrap();
    let app = app_for(dir.path(), data.path());
    let webview = window(&app);
    let root = invoke(&webview, "app_info", json!({}))["workspace"]["root"].as_str().unwrap().to_string();
    for path in ["../", "/etc"] {
        let error = refused(&webview, "reveal_folder", json!({"workspace": root, "path": path}));
        assert!(error.contains("outside the workspace"), "{path}: {error}");
    }
    let error = refused(&webview, "reveal_folder", json!({"workspace": root, "path": "run.sh"}));
    assert!(error.contains("is not a folder"), "{error}");
    let error = refused(&webview, "get_session", json!({"workspace": root, "id": "../../etc"}));
    assert!(error.contains("../../etc"), "{error}");
    let error = refused(&webview, "pilot_graph", json!({"workspace": root, "pilot": "../sessions"}));
    assert!(error.contains("not a pilot id"), "{error}");
    // A workspace root the window has not opened is no way in either.
    let error = refused(&webview, "list_sessions", json!({"workspace": "/etc"}));
    assert!(error.contains("is not open"), "{error}");
}

/// The core refuses a blank task or message, so the window says the same as `zwarm`.
#[test]
fn a_blank_task_or_message_is_refused_with_the_cores_words() {
    let (dir, data) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let app = app_for(dir.path(), data.path());
    let webview = window(&app);
    let root = invoke(&webview, "app_info", json!({}))["workspace"]["root"].as_str().unwrap().to_string();
    let session = json!({"task": "  \n", "adapter": "codex", "model": null, "mode": null, "working_dir": null});
    let error = refused(&webview, "start_session", json!({"workspace": root, "request": session}));
    assert_eq!(error, zwarm_core::engine::EngineError::EmptyTask.to_string());
    let error = refused(&webview, "continue_session", json!({"workspace": root, "id": "abc", "message": " "}));
    assert_eq!(error, zwarm_core::engine::EngineError::EmptyMessage.to_string());
    let run = json!({"task": "", "model": null, "max_steps": null, "budget_usd": null, "shell": null});
    let error = refused(&webview, "run_start", json!({"workspace": root, "request": run}));
    assert_eq!(error, zwarm_core::pilot::PilotError::EmptyTask.to_string());
}

/// A run started with a chat-completions model at a local base URL talks to
/// that server (not the public API), with the model the form chose.
#[test]
fn a_run_uses_the_chosen_local_chat_completions_server() {
    use fake_llm::{FakeServer, Protocol, Reply, Scenario};
    let server = FakeServer::start(Scenario::new(vec![Reply::text("Looking at it.")])).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let options = LaunchOptions {
        workspace: dir.path().to_path_buf(),
        explicit: true,
        data_dir: Some(data.path().to_path_buf()),
        os_keyring: false,
    };
    let app = configure(mock_builder(), &options)
        .invoke_handler(
            tauri_specta::Builder::<MockRuntime>::new()
                .commands(tauri_specta::collect_commands![
                    crate::commands::app::app_info::<MockRuntime>,
                    crate::commands::orchestrate::run_start::<MockRuntime>,
                    crate::commands::orchestrate::run_stop,
                ])
                .invoke_handler(),
        )
        .build(mock_context(noop_assets()))
        .unwrap();
    let webview = window(&app);
    let info = invoke(&webview, "app_info", json!({}));
    let root = info["workspace"]["root"].as_str().unwrap().to_string();
    let base_url = format!("{}/v1", server.base_url());
    let meta = invoke(
        &webview,
        "run_start",
        json!({
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
    assert_eq!(meta["model"]["base_url"], json!(base_url));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while server.requests_for(Protocol::Chat).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let requests = server.requests_for(Protocol::Chat);
    assert!(!requests.is_empty(), "the run never called the local server; it got {:?}", server.requests());
    assert!(requests[0].body_contains("local-qwen"), "the run should ask for the chosen model");
    invoke(&webview, "run_stop", json!({ "workspace": root, "run": meta["id"] }));
}
