//! Helpers shared by the workspace-level test targets (`agents`, `e2e`).

use std::path::PathBuf;

/// The repository root, found from this package's manifest folder.
pub fn repo_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// Folder for screenshots, logs and other artifacts of a test run (gitignored).
pub fn artifacts_dir(layer: &str) -> PathBuf {
    let dir = repo_root().join("test-artifacts").join(layer);
    let _ = std::fs::create_dir_all(&dir);
    dir
}
