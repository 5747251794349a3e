//! The sandbox or permission mode a session runs in, as stored in meta.json
//! (`sandbox`) and chosen by the user.
//!
//! Safe by default: Codex starts in its workspace-write sandbox and Claude in
//! accept-edits mode with Bash allowed. The modes that bypass sandboxes or
//! approvals are only used when named explicitly, and [`is_dangerous`] lets
//! every front end warn about them. `ask` ("Ask me") has the agent ask the
//! user before it leaves its sandbox (Codex, through `codex app-server`) or
//! runs anything not an edit of the workspace (Claude, through its
//! permission prompt tool): see `crate::approvals`.

use crate::agents::Adapter;
use crate::approvals::turn::CODEX_TURN;
use crate::launch::claude::ClaudePermissions;
use crate::launch::codex::Sandbox;

/// The names the user can pick from, per adapter, the default first.
pub fn mode_names(adapter: Adapter) -> &'static [&'static str] {
    match adapter {
        Adapter::Codex => &[
            "workspace-write",
            ASK,
            "read-only",
            "danger-full-access",
            "bypass",
        ],
        Adapter::Claude => &[
            "accept-edits",
            ASK,
            "plan",
            "default",
            "bypass-permissions",
            "skip-permissions",
        ],
    }
}

/// The mode in which the agent asks the user before acting ("Ask me").
pub const ASK: &str = "ask";

/// Whether a stored mode name is "Ask me".
pub fn asks(mode: Option<&str>) -> bool {
    mode == Some(ASK)
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

/// The mode a turn really runs in, read from the command line we built (its
/// options, before the `--` that starts the prompt): extra arguments from
/// settings come after our own and may override them, so what we record and
/// show is computed from the whole argv, never taken from what was asked.
pub fn effective_mode(adapter: Adapter, args: &[String]) -> String {
    // A hosted Codex turn runs only as the host makes it: asking.
    if adapter == Adapter::Codex && args.first().map(String::as_str) == Some(CODEX_TURN) {
        return ASK.into();
    }
    let options = args.iter().take_while(|a| a.as_str() != "--");
    let mut mode: Option<String> = None;
    let mut bypass = false;
    let mut prompt_tool = false;
    let mut options = options.peekable();
    while let Some(arg) = options.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = || inline.clone().or_else(|| options.next().cloned());
        match (adapter, name) {
            (Adapter::Codex, "--dangerously-bypass-approvals-and-sandbox" | "--yolo") => {
                bypass = true
            }
            (Adapter::Codex, "-s" | "--sandbox") => mode = value(),
            (Adapter::Codex, "--full-auto") => mode = Some("workspace-write".into()),
            (Adapter::Codex, "-c" | "--config") => {
                if let Some(v) = value() {
                    if let Some(sandbox) = v.strip_prefix("sandbox_mode=") {
                        mode.get_or_insert_with(|| sandbox.trim_matches('"').to_string());
                    }
                }
            }
            (Adapter::Claude, "--dangerously-skip-permissions") => bypass = true,
            (Adapter::Claude, "--permission-prompt-tool") => prompt_tool = value().is_some(),
            (Adapter::Claude, "--permission-mode") => {
                mode = value().map(|m| {
                    match m.as_str() {
                        "acceptEdits" => "accept-edits",
                        "bypassPermissions" => "bypass-permissions",
                        "plan" => "plan",
                        "default" => "default",
                        other => other,
                    }
                    .to_string()
                })
            }
            _ => {}
        }
    }
    match (adapter, bypass) {
        (Adapter::Codex, true) => "bypass".into(),
        (Adapter::Claude, true) => "skip-permissions".into(),
        // Codex without a sandbox option runs read-only; Claude asks for everything.
        (Adapter::Codex, false) => mode.unwrap_or_else(|| "read-only".into()),
        // Nothing asks the tool while permissions are bypassed.
        (Adapter::Claude, false) if prompt_tool && mode.as_deref() != Some("bypass-permissions") => {
            ASK.into()
        }
        (Adapter::Claude, false) => mode.unwrap_or_else(|| "default".into()),
    }
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
        // The sandbox the hosted turn runs in, leaving it only when allowed.
        "workspace-write" | ASK => Sandbox::WorkspaceWrite,
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
        // Edits of the workspace go on; everything else asks the prompt tool.
        ASK => ClaudePermissions::AcceptEdits {
            allowed_tools: Vec::new(),
        },
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

    fn argv(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_mode_a_turn_runs_in_is_read_from_its_whole_argv() {
        let codex = |a: &[&str]| effective_mode(Adapter::Codex, &argv(a));
        assert_eq!(
            codex(&["exec", "-s", "workspace-write", "--", "x"]),
            "workspace-write"
        );
        assert_eq!(
            codex(&[
                "exec",
                "-s",
                "workspace-write",
                "--dangerously-bypass-approvals-and-sandbox",
                "--",
                "x"
            ]),
            "bypass",
            "extra args after ours switch the sandbox off"
        );
        assert_eq!(
            codex(&[
                "exec",
                "-s",
                "workspace-write",
                "--sandbox=danger-full-access",
                "--"
            ]),
            "danger-full-access"
        );
        assert_eq!(
            codex(&["exec", "--", "--yolo"]),
            "read-only",
            "the prompt is not an option"
        );
        let claude = |a: &[&str]| effective_mode(Adapter::Claude, &argv(a));
        assert_eq!(
            claude(&[
                "-p",
                "--permission-mode",
                "acceptEdits",
                "--allowedTools",
                "Bash"
            ]),
            "accept-edits"
        );
        assert_eq!(
            claude(&[
                "--permission-mode",
                "acceptEdits",
                "--dangerously-skip-permissions"
            ]),
            "skip-permissions"
        );
        assert_eq!(
            claude(&[
                "--permission-mode",
                "acceptEdits",
                "--permission-mode",
                "bypassPermissions"
            ]),
            "bypass-permissions"
        );
    }

    #[test]
    fn asking_is_read_from_the_prompt_tool_or_the_codex_host() {
        let claude = |a: &[&str]| effective_mode(Adapter::Claude, &argv(a));
        let asking = [
            "--permission-mode",
            "acceptEdits",
            "--mcp-config",
            "{}",
            "--permission-prompt-tool",
            "mcp__zwarm__approval_prompt",
        ];
        assert_eq!(claude(&asking), "ask");
        let mut bypassed = asking.to_vec();
        bypassed.extend(["--permission-mode", "bypassPermissions"]);
        assert_eq!(claude(&bypassed), "bypass-permissions");
        let codex = |a: &[&str]| effective_mode(Adapter::Codex, &argv(a));
        assert_eq!(codex(&[CODEX_TURN, "--codex", "/c", "--", "x"]), "ask");
        assert!(!is_dangerous(ASK));
        assert!(asks(Some("ask")) && !asks(None));
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
        assert!(err.to_string().contains("workspace-write, ask, read-only"));
    }
}
