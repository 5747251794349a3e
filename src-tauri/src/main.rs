//! zwarm's desktop app: a thin Tauri shell over `zwarm-core`.
//!
//! This crate holds no domain logic. It parses how it was launched, keeps the
//! open workspaces' engines, and exposes core operations as typed Tauri
//! commands whose TypeScript bindings are generated into `ui/src/bindings.ts`.

mod app;
mod app_data;
mod bindings;
mod commands;
mod confine;
mod error;
mod keys;
mod launch;
mod logging;
mod renderer;
mod settings;
mod state;
#[cfg(test)]
mod test_tmpfs;
mod workspaces;

fn main() {
    renderer::choose();
    logging::init();
    let options = launch::LaunchOptions::from_env_and_args(std::env::args_os().skip(1));
    if let Err(error) = app::run(options) {
        tracing::error!("zwarm-desktop stopped: {error:#}");
        eprintln!("zwarm-desktop: {error:#}");
        std::process::exit(1);
    }
}
