//! zwarm's desktop app: a thin Tauri shell over `zwarm-core`.
//!
//! This crate holds no domain logic. It parses how it was launched, keeps the
//! open workspaces' engines, and exposes core operations as typed Tauri
//! commands whose TypeScript bindings are generated into `ui/src/bindings.ts`.

mod app;
mod app_data;
mod bindings;
mod blocking;
mod commands;
mod confine;
mod error;
mod keys;
mod launch;
mod logging;
mod pilot_key;
mod renderer;
mod settings;
mod state;
#[cfg(test)]
mod test_tmpfs;
mod workspaces;

fn main() {
    renderer::choose();
    // The app is its own helper for the "Ask me" turns it starts (see
    // `zwarm_core::approvals::helper`): such a call never opens a window.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(code) = zwarm_core::approvals::helper::run_if_helper(&args) {
        std::process::exit(code);
    }
    logging::init();
    let options = launch::LaunchOptions::from_env_and_args(std::env::args_os().skip(1));
    if let Err(error) = app::run(options) {
        tracing::error!("zwarm-desktop stopped: {error:#}");
        eprintln!("zwarm-desktop: {error:#}");
        std::process::exit(1);
    }
}
