//! A scripted fake model server for offline tests of agent CLIs and of our
//! own model clients.
//!
//! It speaks three wire protocols on one port: the OpenAI Responses API
//! (Codex), the Anthropic Messages API (Claude Code) and OpenAI-compatible
//! Chat Completions. A [`Scenario`] lists the [`Reply`]s to give, one per
//! request, in protocol-neutral [`Part`]s ("run this command") that each
//! protocol renders the way its real client executes them. Every request is
//! recorded for assertions.
//!
//! ```no_run
//! use fake_llm::{FakeServer, Part, Reply, Scenario};
//!
//! let server = FakeServer::start(Scenario::new(vec![
//!     Reply::parts(vec![Part::shell("echo hello > out.txt")]),
//!     Reply::text("Done."),
//! ]))?;
//! println!("point the client at {}/v1", server.base_url());
//! # Ok::<(), std::io::Error>(())
//! ```

mod anthropic;
mod chat;
mod context;
pub mod mcp;
mod record;
mod responses;
mod scenario;
mod server;
mod sse;

pub use record::RecordedRequest;
pub use scenario::{Part, Protocol, Reply, Scenario, Usage};
pub use server::FakeServer;
