//! The sandbox or permission mode a session runs in, as stored in meta.json
//! (`sandbox`) and chosen by the user.
//!
//! Safe by default: Codex starts in its workspace-write sandbox and Claude in
//! accept-edits mode with Bash allowed. The modes that bypass sandboxes or
//! approvals are only used when named explicitly, and [`is_dangerous`] lets
//! every front end warn about them.

use crate::agents::Adapter;
use crate::launch::claude::ClaudePermissions;
use crate::launch::codex::Sandbox;

/// The names the user can pick from, per adapter, the default first.
pub fn mode_names(adapter: Adapter) -> &'static [&'static str] {
    match adapter {
        Adapter::Codex => &[
            "workspace-write",
            "read-only",
            "danger-full-access",
            "bypass",
        ],
        Adapter::Claude => &[
            "accept-edits",
            "plan",
            "default",
            "bypass-permissions",
            "skip-permissions",
        ],
    }
}

/// The default mode's name.
pub fn default_mode(adapter: Adapter) -> &'static str {
    mode_names(adapter)[0]
}

/// Whether a mode turns off the CLI's sandbox or approvals.
pub fn is_dangerous(mode: &str) -> bool {
    matches!(
        mode,
        "danger-full-access" | "bypass" | "bypass-permissions" | "skip-permissions"
    )
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown {adapter} mode {mode:?}; choose one of: {choices}")]
pub struct UnknownMode {
    adapter: Adapter,
    mode: String,
    choices: String,
}

fn unknown(adapter: Adapter, mode: &str) -> UnknownMode {
    UnknownMode {
        adapter,
        mode: mode.to_string(),
        choices: mode_names(adapter).join(", "),
    }
}

/// Codex's sandbox for a stored mode name (`None`: the default).
pub fn codex_sandbox(mode: Option<&str>) -> Result<Sandbox, UnknownMode> {
    Ok(match mode.unwrap_or("workspace-write") {
        "workspace-write" => Sandbox::WorkspaceWrite,
        "read-only" => Sandbox::ReadOnly,
        "danger-full-access" => Sandbox::DangerFullAccess,
        "bypass" => Sandbox::BypassApprovalsAndSandbox,
        other => return Err(unknown(Adapter::Codex, other)),
    })
}

/// Claude's permission mode for a stored mode name (`None`: the default).
pub fn claude_permissions(mode: Option<&str>) -> Result<ClaudePermissions, UnknownMode> {
    Ok(match mode.unwrap_or("accept-edits") {
        "accept-edits" => ClaudePermissions::default(),
        "plan" => ClaudePermissions::Plan,
        "default" => ClaudePermissions::Default {
            allowed_tools: Vec::new(),
        },
        "bypass-permissions" => ClaudePermissions::BypassPermissions,
        "skip-permissions" => ClaudePermissions::DangerouslySkipPermissions,
        other => return Err(unknown(Adapter::Claude, other)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_sandboxed() {
        assert_eq!(codex_sandbox(None).unwrap(), Sandbox::WorkspaceWrite);
        assert_eq!(
            claude_permissions(None).unwrap(),
            ClaudePermissions::default()
        );
        assert!(!is_dangerous(default_mode(Adapter::Codex)));
        assert!(!is_dangerous(default_mode(Adapter::Claude)));
    }

    #[test]
    fn every_listed_mode_parses_and_dangerous_ones_are_flagged() {
        for name in mode_names(Adapter::Codex) {
            codex_sandbox(Some(name)).unwrap();
        }
        for name in mode_names(Adapter::Claude) {
            claude_permissions(Some(name)).unwrap();
        }
        assert!(is_dangerous("bypass") && is_dangerous("skip-permissions"));
        let err = codex_sandbox(Some("yolo")).unwrap_err();
        assert!(err.to_string().contains("workspace-write, read-only"));
    }
}
