//! Logging for the desktop app.
//!
//! Logs go to stderr, or to the file named by `ZWARM_LOG_FILE` when it is set:
//! under WebDriver the app's stderr is not ours to read, so the end-to-end tests
//! and `make run SCREENSHOT=...` point the log at a file they can keep.

use std::fs::OpenOptions;
use std::sync::Mutex;
use tracing_subscriber::EnvFilter;

pub const LOG_FILE_ENV: &str = "ZWARM_LOG_FILE";

pub fn init() {
    let filter = EnvFilter::try_from_env("ZWARM_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false);
    let file = std::env::var_os(LOG_FILE_ENV)
        .and_then(|path| OpenOptions::new().create(true).append(true).open(path).ok());
    match file {
        Some(file) => builder.with_writer(Mutex::new(file)).init(),
        None => builder.with_writer(std::io::stderr).init(),
    }
}
