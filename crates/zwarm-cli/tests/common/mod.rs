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

/// Runs `zwarm -C ws --codex codex ARGS` with `CODEX_HOME=home`: its exit
/// code, stdout and stderr.
pub fn run_zwarm(ws: &Path, codex: &Path, home: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zwarm"))
        .arg("-C")
        .arg(ws)
        .arg("--codex")
        .arg(codex)
        .env("CODEX_HOME", home)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
