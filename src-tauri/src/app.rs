//! Builds and runs the Tauri application. Its config is read through the
//! `src-tauri/tauri.conf.json` symlink to the root `tauri.conf.json` (see build.rs).

use crate::bindings;
use crate::launch::LaunchOptions;
use crate::state::AppState;

/// Wires state and commands into a Tauri builder. Shared by `run` and the tests,
/// which pass a mock builder.
pub fn configure<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    specta: tauri_specta::Builder<R>,
    options: &LaunchOptions,
) -> tauri::Builder<R> {
    builder
        .manage(AppState::open(&options.workspace))
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            Ok(())
        })
}

pub fn run(options: LaunchOptions) -> anyhow::Result<()> {
    let specta = bindings::builder();
    configure(tauri::Builder::default(), specta, &options)
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
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::default(),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        match get_ipc_response(webview, request).expect("command should succeed") {
            InvokeResponseBody::Json(json) => serde_json::from_str(&json).unwrap(),
            InvokeResponseBody::Raw(raw) => serde_json::from_slice(&raw).unwrap(),
        }
    }

    fn app_for(workspace: &std::path::Path) -> tauri::App<tauri::test::MockRuntime> {
        let options = LaunchOptions { workspace: workspace.to_path_buf() };
        configure(mock_builder(), bindings::builder(), &options)
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
