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
