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

/// Codex's `config.toml` for running offline against a fake Responses server
/// at `base_url` (see shared/docs/agent-clis.md), followed by `extra` TOML.
pub fn codex_config_toml(base_url: &str, model: &str, extra: &str) -> String {
    format!(
        r#"model = "{model}"
model_provider = "fake"
approval_policy = "never"
check_for_update_on_startup = false

[model_providers.fake]
name = "Fake"
base_url = "{base_url}/v1"
env_key = "FAKE_OPENAI_API_KEY"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0

[analytics]
enabled = false

[features]
plugins = false
{extra}"#
    )
}

/// Folders a CLI run needs, kept apart so that CODEX_HOME never lies under TMPDIR
/// (Codex then breaks its sandbox silently).
pub struct CliHomes<'a> {
    pub home: &'a std::path::Path,
    pub tmp: &'a std::path::Path,
    pub codex_home: &'a std::path::Path,
    pub claude_config: &'a std::path::Path,
}

/// The environment that runs both CLIs offline against a fake server at
/// `base_url`, with retries off and nothing phoning home.
pub fn offline_cli_env(base_url: &str, homes: &CliHomes) -> Vec<(String, String)> {
    let path = |p: &std::path::Path| p.display().to_string();
    [
        ("HOME", path(homes.home)),
        ("TMPDIR", path(homes.tmp)),
        ("CODEX_HOME", path(homes.codex_home)),
        ("FAKE_OPENAI_API_KEY", "dummy".into()),
        ("ANTHROPIC_BASE_URL", base_url.to_string()),
        ("ANTHROPIC_API_KEY", "dummy".into()),
        ("CLAUDE_CONFIG_DIR", path(homes.claude_config)),
        ("DISABLE_TELEMETRY", "1".into()),
        ("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1".into()),
        ("DISABLE_AUTOUPDATER", "1".into()),
        ("CLAUDE_CODE_MAX_RETRIES", "0".into()),
        // We run as root; Claude's permission-skipping modes need this then.
        ("IS_SANDBOX", "1".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// The folder holding the real `codex` and `claude` commands (`make install-agents`).
pub fn agents_bin_dir() -> PathBuf {
    match std::env::var_os("ZWARM_AGENTS_BIN") {
        Some(dir) => PathBuf::from(dir),
        None => repo_root().join(".tools/agents/node_modules/.bin"),
    }
}

/// The built `zwarm` command: `ZWARM_CLI_BIN`, else the debug build in the
/// cargo target folder (`make test-agents` builds it). It also serves as the
/// helper of "Ask me" turns (`zwarm_core::approvals::helper`).
pub fn zwarm_cli_bin() -> PathBuf {
    let path = match std::env::var_os("ZWARM_CLI_BIN") {
        Some(path) => PathBuf::from(path),
        None => std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| repo_root().join("target"))
            .join("debug")
            .join("zwarm"),
    };
    assert!(
        path.is_file(),
        "`zwarm` is not built at {}: run `cargo build -p zwarm-cli` (or `make test-agents`)",
        path.display()
    );
    path
}
