//! The clients against `fake-llm` on 127.0.0.1: one module per protocol for
//! what is protocol-specific (wire shapes, reasoning, usage), one for the
//! failure behaviours every protocol shares (retries, errors, cut-offs,
//! cancellation), run against all three.

mod anthropic;
mod chat;
mod common;
mod failures;
mod responses;
