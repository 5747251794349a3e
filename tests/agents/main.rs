//! Smoke tests of the real agent CLIs (Codex, Claude Code) run offline
//! against `fake-llm`. Install the CLIs first with `make install-agents`.

mod approvals;
mod claude;
mod codex;
mod codex_argv;
mod engine;
mod fork;
mod harness;
mod liveness;
mod orchestrate;
mod pilot;
mod race;
mod travel;
mod worktrees;
