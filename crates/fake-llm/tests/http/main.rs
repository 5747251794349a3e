//! Drives each protocol of the fake server over real HTTP with a plain client
//! and checks the parsed events, the way a model client would see them.

// All of this crate is test code, its helpers included: clippy.toml's
// allowances reach only `#[test]` functions, so the crate says it once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod anthropic;
mod chat;
mod client;
mod responses;
mod server;
