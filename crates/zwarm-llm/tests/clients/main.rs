//! The clients against `fake-llm` on 127.0.0.1: one module per protocol for
//! what is protocol-specific (wire shapes, reasoning, usage), one for the
//! failure behaviours every protocol shares (retries, errors, cut-offs,
//! cancellation), run against all three.

// All of this crate is test code, its helpers included: clippy.toml's
// allowances reach only `#[test]` functions, so the crate says it once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod anthropic;
mod chat;
mod common;
mod failures;
mod responses;
