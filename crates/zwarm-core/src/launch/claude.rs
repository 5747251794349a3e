//! `claude -p --output-format stream-json` command lines.
//!
//! Verified against `Claude Code 2.1.330`:
//! `-p --output-format stream-json --verbose [--model M] [--session-id UUID | --resume ID
//! [--fork-session --resume-session-at MESSAGE_UUID]]
//! PERMISSIONS [EXTRA] -- PROMPT`, run with cwd = workspace (claude keys
//! sessions by cwd). `--` before the prompt works (a prompt `-x` is recorded
//! as the user message), and without a positional prompt `-p` reads it from
//! stdin. `--verbose` is mandatory with stream-json. `--permission-mode`
//! accepts `acceptEdits auto bypassPermissions manual dontAsk plan` plus the
//! older spelling `default` (reported back as `default`).

use std::path::PathBuf;

use super::{check_id, workspace_arg, Launch, LaunchError, PromptInput};

/// What headless Claude may do without asking (nobody can answer a prompt in
/// `-p` mode: anything that would ask is denied and reported as a
/// `permission_denied`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaudePermissions {
    /// `--permission-mode plan`: read and plan, no edits, no commands.
    Plan,
    /// `--permission-mode default`: only `allowed_tools` run unasked.
    Default { allowed_tools: Vec<String> },
    /// `--permission-mode acceptEdits`: file edits in the workspace are
    /// accepted, plus `allowed_tools`.
    AcceptEdits { allowed_tools: Vec<String> },
    /// `--permission-mode bypassPermissions`: nothing is checked.
    BypassPermissions,
    /// `--dangerously-skip-permissions`: nothing is checked (as root it also
    /// needs `IS_SANDBOX=1`). Only when the user chose it explicitly.
    DangerouslySkipPermissions,
}

impl Default for ClaudePermissions {
    /// `acceptEdits` with `Bash` allowed: the agent can edit the workspace
    /// and run builds and tests, which is what makes a headless coding agent
    /// useful (the equivalent of codex's workspace-write), while permission
    /// checks stay on for everything else (web fetches, MCP tools, edits
    /// outside the workspace). Claude has no OS sandbox here: Bash commands
    /// run with the user's rights, as in an interactive session where the
    /// user approves them; choose `AcceptEdits` with no tools to forbid that.
    fn default() -> Self {
        Self::AcceptEdits {
            allowed_tools: vec!["Bash".into()],
        }
    }
}

impl ClaudePermissions {
    fn args(&self) -> Vec<String> {
        let (mode, tools): (&str, &[String]) = match self {
            Self::Plan => ("plan", &[]),
            Self::Default { allowed_tools } => ("default", allowed_tools),
            Self::AcceptEdits { allowed_tools } => ("acceptEdits", allowed_tools),
            Self::BypassPermissions => ("bypassPermissions", &[]),
            Self::DangerouslySkipPermissions => {
                return vec!["--dangerously-skip-permissions".into()]
            }
        };
        let mut args = vec!["--permission-mode".to_owned(), mode.to_owned()];
        if !tools.is_empty() {
            // One comma-separated value: the option is variadic, and a single
            // argument keeps the argv readable and unambiguous.
            args.push("--allowedTools".into());
            args.push(tools.join(","));
        }
        args
    }
}

/// Which Claude session the turn belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ClaudeSession {
    /// A new session, optionally with an id chosen up front (must be a UUID).
    #[default]
    New,
    NewWithId(String),
    /// Continue the session with this id (from `system/init`).
    Resume(String),
    /// A new session branched from `session` at message `message` (the
    /// `uuid` of a message line), kept up to and including it:
    /// `--resume SESSION --fork-session --resume-session-at MESSAGE`. The
    /// last flag is hidden from `claude --help` but documented in the
    /// binary ("use with --resume in print mode").
    ForkAt {
        session: String,
        message: String,
    },
}

/// An MCP tool that Claude asks for permission instead of denying
/// (`--mcp-config CONFIG --permission-prompt-tool TOOL`): how "Ask me" turns
/// reach the user (see `crate::approvals`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptTool {
    /// The `--mcp-config` JSON that declares the tool's server.
    pub mcp_config: String,
    /// `mcp__SERVER__TOOL`.
    pub tool: String,
}

/// Parameters of one claude turn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaudeTurn {
    /// Absolute workspace directory: the process cwd.
    pub workspace: PathBuf,
    pub model: Option<String>,
    pub session: ClaudeSession,
    pub permissions: ClaudePermissions,
    /// Who answers what the permissions leave open; `None`: it is denied.
    pub prompt_tool: Option<PromptTool>,
    /// Further options, placed before `--`.
    pub extra_args: Vec<String>,
}

/// Builds the command line for `turn`.
pub fn launch(turn: &ClaudeTurn, prompt: &PromptInput) -> Result<Launch, LaunchError> {
    workspace_arg(&turn.workspace)?;
    let mut args: Vec<String> = ["-p", "--output-format", "stream-json", "--verbose"]
        .map(String::from)
        .to_vec();
    if let Some(model) = &turn.model {
        args.push("--model".into());
        args.push(model.clone());
    }
    match &turn.session {
        ClaudeSession::New => {}
        ClaudeSession::NewWithId(id) => {
            check_uuid(id)?;
            args.push("--session-id".into());
            args.push(id.clone());
        }
        ClaudeSession::Resume(id) => {
            check_id("claude session id", id)?;
            args.push("--resume".into());
            args.push(id.clone());
        }
        ClaudeSession::ForkAt { session, message } => {
            check_id("claude session id", session)?;
            check_id("claude message id", message)?;
            args.extend([
                "--resume".into(),
                session.clone(),
                "--fork-session".into(),
                "--resume-session-at".into(),
                message.clone(),
            ]);
        }
    }
    args.extend(turn.permissions.args());
    if let Some(prompt) = &turn.prompt_tool {
        args.extend([
            "--mcp-config".into(),
            prompt.mcp_config.clone(),
            "--permission-prompt-tool".into(),
            prompt.tool.clone(),
        ]);
    }
    args.extend(turn.extra_args.iter().cloned());
    if let PromptInput::Arg(text) = prompt {
        args.push("--".into());
        args.push(text.clone());
    }
    Ok(Launch {
        args,
        cwd: turn.workspace.clone(),
        stdin: prompt.stdin_file().map(PathBuf::from),
    })
}

/// Claude refuses a `--session-id` that is not a UUID; say so before spawning.
fn check_uuid(id: &str) -> Result<(), LaunchError> {
    let ok = id.len() == 36
        && id.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        });
    if ok {
        Ok(())
    } else {
        Err(LaunchError::InvalidId {
            what: "claude session id",
            id: id.to_owned(),
            why: "claude needs a UUID like 3f1b2c3d-1111-4222-8333-444455556666",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UUID: &str = "3f1b2c3d-1111-4222-8333-444455556666";

    fn turn() -> ClaudeTurn {
        ClaudeTurn {
            workspace: "/ws".into(),
            ..ClaudeTurn::default()
        }
    }

    fn argv(turn: &ClaudeTurn, prompt: &str) -> Vec<String> {
        launch(turn, &PromptInput::Arg(prompt.into())).unwrap().args
    }

    #[test]
    fn first_turn_uses_the_safe_default_and_a_separator() {
        let l = launch(&turn(), &PromptInput::Arg("-fix it".into())).unwrap();
        assert_eq!(
            l.args,
            [
                "-p",
                "--output-format",
                "stream-json",
                "--verbose",
                "--permission-mode",
                "acceptEdits",
                "--allowedTools",
                "Bash",
                "--",
                "-fix it"
            ]
        );
        assert_eq!(l.cwd, PathBuf::from("/ws"));
        assert_eq!(l.stdin, None);
    }

    #[test]
    fn model_session_id_and_extra_args() {
        let t = ClaudeTurn {
            model: Some("sonnet".into()),
            session: ClaudeSession::NewWithId(UUID.into()),
            permissions: ClaudePermissions::Plan,
            extra_args: vec!["--add-dir".into(), "/other".into()],
            ..turn()
        };
        assert_eq!(
            argv(&t, "task"),
            [
                "-p",
                "--output-format",
                "stream-json",
                "--verbose",
                "--model",
                "sonnet",
                "--session-id",
                UUID,
                "--permission-mode",
                "plan",
                "--add-dir",
                "/other",
                "--",
                "task"
            ]
        );
    }

    #[test]
    fn resume_adds_the_session() {
        let t = ClaudeTurn {
            session: ClaudeSession::Resume(UUID.into()),
            permissions: ClaudePermissions::AcceptEdits {
                allowed_tools: vec![],
            },
            ..turn()
        };
        assert_eq!(
            argv(&t, "again"),
            [
                "-p",
                "--output-format",
                "stream-json",
                "--verbose",
                "--resume",
                UUID,
                "--permission-mode",
                "acceptEdits",
                "--",
                "again"
            ]
        );
    }

    #[test]
    fn a_fork_resumes_the_original_at_a_message_into_a_new_session() {
        let t = ClaudeTurn {
            session: ClaudeSession::ForkAt {
                session: UUID.into(),
                message: "fd9ff478-1c36-43ce-ba9a-2832ed94575a".into(),
            },
            permissions: ClaudePermissions::Plan,
            ..turn()
        };
        assert_eq!(
            argv(&t, "what now"),
            [
                "-p",
                "--output-format",
                "stream-json",
                "--verbose",
                "--resume",
                UUID,
                "--fork-session",
                "--resume-session-at",
                "fd9ff478-1c36-43ce-ba9a-2832ed94575a",
                "--permission-mode",
                "plan",
                "--",
                "what now"
            ]
        );
        let bad = ClaudeTurn {
            session: ClaudeSession::ForkAt {
                session: UUID.into(),
                message: "--x".into(),
            },
            ..turn()
        };
        assert!(launch(&bad, &PromptInput::Arg("x".into())).is_err());
    }

    #[test]
    fn permission_modes() {
        let args = |p: ClaudePermissions| ClaudePermissions::args(&p).join(" ");
        assert_eq!(
            args(ClaudePermissions::DangerouslySkipPermissions),
            "--dangerously-skip-permissions"
        );
        assert_eq!(
            args(ClaudePermissions::BypassPermissions),
            "--permission-mode bypassPermissions"
        );
        assert_eq!(
            args(ClaudePermissions::Default {
                allowed_tools: vec!["Bash".into(), "Edit".into()]
            }),
            "--permission-mode default --allowedTools Bash,Edit"
        );
    }

    #[test]
    fn a_prompt_tool_follows_the_permissions() {
        let t = ClaudeTurn {
            permissions: ClaudePermissions::AcceptEdits {
                allowed_tools: vec![],
            },
            prompt_tool: Some(PromptTool {
                mcp_config: "{}".into(),
                tool: "mcp__zwarm__approval_prompt".into(),
            }),
            ..turn()
        };
        assert_eq!(
            argv(&t, "x")[4..],
            [
                "--permission-mode",
                "acceptEdits",
                "--mcp-config",
                "{}",
                "--permission-prompt-tool",
                "mcp__zwarm__approval_prompt",
                "--",
                "x"
            ]
        );
    }

    #[test]
    fn stdin_prompt_has_no_positional() {
        let l = launch(&turn(), &PromptInput::StdinFile("/ws/p.txt".into())).unwrap();
        assert_eq!(l.args.last().unwrap(), "Bash");
        assert!(!l.args.contains(&"--".to_owned()));
        assert_eq!(l.stdin, Some(PathBuf::from("/ws/p.txt")));
    }

    #[test]
    fn session_ids_are_checked() {
        let bad = ClaudeTurn {
            session: ClaudeSession::NewWithId("abc".into()),
            ..turn()
        };
        assert!(launch(&bad, &PromptInput::Arg("x".into())).is_err());
        let flag = ClaudeTurn {
            session: ClaudeSession::Resume("-x".into()),
            ..turn()
        };
        assert!(launch(&flag, &PromptInput::Arg("x".into())).is_err());
        let rel = ClaudeTurn {
            workspace: "rel".into(),
            ..turn()
        };
        assert!(launch(&rel, &PromptInput::Arg("x".into())).is_err());
    }
}
