//! zwarm's hidden helper commands, run by the turns of "Ask me" sessions:
//!
//! - `__approval-mcp`: the MCP server Claude calls for permission (see
//!   [`super::claude_mcp`]);
//! - `__codex-turn`: the host of one Codex turn through `codex app-server`
//!   (see [`super::codex_host`]), in place of `codex exec`.
//!
//! Both the `zwarm` command and the desktop app call [`run_if_helper`] first
//! thing in `main`, so either binary can serve as the helper of the turns it
//! starts (`std::env::current_exe()`): the app needs no CLI beside it. The
//! names start with `__` and are absent from `--help`: they are a contract
//! between zwarm and itself, never typed by a user.

use std::ffi::OsString;
use std::path::Path;

use serde_json::json;

use super::claude_mcp::{McpServer, SERVER_NAME, TOOL_NAME};
use super::codex_host;
use super::turn::{TurnApprovals, CODEX_TURN};

/// The helper command of Claude's permission MCP server.
pub const APPROVAL_MCP: &str = "__approval-mcp";
/// The `--mcp-config` JSON and the `--permission-prompt-tool` name that make
/// Claude ask through `helper` (a zwarm binary) for this turn.
pub fn claude_prompt_tool(helper: &Path, turn: &TurnApprovals) -> (String, String) {
    let mut args = vec![APPROVAL_MCP.to_string()];
    args.extend(turn.args());
    let config = json!({"mcpServers": {SERVER_NAME: {
        "type": "stdio",
        "command": helper.display().to_string(),
        "args": args,
    }}});
    (
        config.to_string(),
        format!("mcp__{SERVER_NAME}__{TOOL_NAME}"),
    )
}

/// Runs the helper command named by `args[1]`, if it is one, and returns
/// its exit code; `None` when the arguments are not a helper's (the
/// binary goes on as usual).
pub fn run_if_helper(args: &[OsString]) -> Option<i32> {
    let command = args.get(1)?.to_str()?;
    if command != APPROVAL_MCP && command != CODEX_TURN {
        return None;
    }
    let rest: Option<Vec<String>> = args[2..]
        .iter()
        .map(|a| a.to_str().map(String::from))
        .collect();
    let Some(rest) = rest else {
        eprintln!("zwarm {command}: arguments must be UTF-8");
        return Some(2);
    };
    Some(match command {
        APPROVAL_MCP => approval_mcp(&rest),
        _ => codex_host::main(&rest),
    })
}

fn approval_mcp(options: &[String]) -> i32 {
    let turn = match TurnApprovals::parse(options) {
        Ok((turn, rest)) if rest.is_empty() => turn,
        Ok((_, rest)) => {
            eprintln!("zwarm {APPROVAL_MCP}: unknown options {rest:?}");
            return 2;
        }
        Err(why) => {
            eprintln!("zwarm {APPROVAL_MCP}: {why}");
            return 2;
        }
    };
    let server = McpServer { turn };
    server.serve(std::io::stdin().lock(), std::io::stdout());
    0
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn turn() -> TurnApprovals {
        TurnApprovals {
            state_dir: "/ws/.zwarm".into(),
            session_id: "abc".into(),
            turn: 3,
            cwd: "/ws/sub dir".into(),
            timeout: Some(Duration::from_secs(90)),
        }
    }

    #[test]
    fn the_options_read_back_to_what_they_say() {
        let mut args = turn().args();
        args.extend(["--codex".to_string(), "/bin/codex".to_string()]);
        let (back, rest) = TurnApprovals::parse(&args).unwrap();
        assert_eq!(back, turn());
        assert_eq!(
            rest,
            vec![("--codex".to_string(), "/bin/codex".to_string())]
        );
        assert!(TurnApprovals::parse(&["--session".into()]).is_err());
        assert!(TurnApprovals::parse(&["--turn".into(), "x".into()]).is_err());
    }

    #[test]
    fn claude_gets_our_server_and_its_tool() {
        let (config, tool) = claude_prompt_tool(Path::new("/opt/zwarm"), &turn());
        assert_eq!(tool, "mcp__zwarm__approval_prompt");
        let config: serde_json::Value = serde_json::from_str(&config).unwrap();
        let server = &config["mcpServers"]["zwarm"];
        assert_eq!(server["command"], "/opt/zwarm");
        assert_eq!(server["args"][0], APPROVAL_MCP);
        assert!(server["args"]
            .as_array()
            .unwrap()
            .contains(&json!("/ws/sub dir")));
    }

    #[test]
    fn other_arguments_are_not_a_helpers() {
        let args = |list: &[&str]| list.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(run_if_helper(&args(&["zwarm", "sessions"])), None);
        assert_eq!(run_if_helper(&args(&["zwarm"])), None);
        assert_eq!(run_if_helper(&args(&["zwarm", APPROVAL_MCP])), Some(2));
    }
}
