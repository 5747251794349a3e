//! Drives each protocol of the fake server over real HTTP with a plain client
//! and checks the parsed events, the way a model client would see them.

mod anthropic;
mod chat;
mod client;
mod responses;
mod server;
