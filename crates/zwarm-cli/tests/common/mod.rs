//! Helpers shared by the CLI contract tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A recorded CLI output under `zwarm-core/tests/fixtures`.
pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../zwarm-core/tests/fixtures")
        .join(path)
}

/// A stand-in `codex` in `dir` that prints the recorded turn 1 whatever it is
/// asked (as `codex app-server` too: it answers no request, so a fork replays).
pub fn fake_codex(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("codex");
    let script = format!(
        "#!/bin/sh\ncat '{}'\n",
        fixture("codex/turn1.jsonl").display()
    );
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}
