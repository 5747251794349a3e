//! Issue 11, "one bad session, one full disk": a session that cannot be
//! finalized or read, a full or read-only disk and a broken config file must
//! each stay the problem of one session or one action, never of the whole
//! workspace. Likewise an unreadable pilot or spend (`spend`), and a blank
//! task (`input`).

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod config;
mod delete;
mod full_disk;
mod input;
mod listing;
mod spend;
mod support;
mod tmpfs;
