//! zwarm's domain, shared by the desktop app (`src-tauri`) and the headless CLI.
//!
//! Nothing here depends on Tauri: every behaviour is testable headless. The
//! adapters above this crate only translate between their transport (Tauri IPC,
//! command-line flags) and the types defined here.

pub mod agents;
pub mod approvals;
pub mod checkpoints;
/// A client of `codex app-server`, below both the engine (fork) and the
/// approvals (hosted Codex turns) that use it.
pub(crate) mod codex_app_server;
pub mod cost;
pub mod diff;
pub mod discovery;
pub mod doctor;
pub mod engine;
pub mod events;
pub mod files;
pub mod launch;
pub mod ledger;
pub mod orchestrate;
pub mod pilot;
pub mod race;
pub mod spend;
pub mod store;
pub mod supervisor;
pub mod trust;
pub mod usage;
pub mod worktree;
pub mod workspace;

pub use usage::TokenUsage;
pub use workspace::{Workspace, WorkspaceError, WorkspaceInfo};
/// The pilot's LLM clients, re-exported so adapters depend on the core alone.
pub use zwarm_llm as llm;

/// Version of the core library, shown in the app and in `zwarm --version`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
