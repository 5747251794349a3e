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
        .plugin(tauri_plugin_opener::init())
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
mod tests;
