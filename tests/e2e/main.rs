//! Desktop end-to-end tests: the real `zwarm-desktop` binary, launched under a
//! display (Xvfb in CI) by tauri-driver and WebKitWebDriver, driven through its
//! real webview. Run with `make test-e2e`, which builds the app and the driver.

mod approvals;
mod cockpit;
mod harness;
mod layout;
mod pilot;
mod race;
mod review;
mod runs_spend;
mod settings;
mod shell;
mod travel;
