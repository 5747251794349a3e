//! Tauri commands: each one adapts a core call to IPC and does nothing more.
//!
//! Commands live in modules rather than the crate root: `pub` commands at the
//! root collide with the macros Tauri generates (E0255). Commands that touch
//! files or processes are `async`, so they run off the main (UI) thread, and
//! do that work through `crate::blocking`, so they never hold one of the
//! runtime's few async workers either.

pub mod agents;
pub mod app;
pub mod approvals;
pub mod live;
pub mod orchestrate;
pub mod pilot;
pub mod race;
pub mod sessions;
pub mod spend;
pub mod trust;
pub mod workspaces;
pub mod worktrees;
