//! `codex exec --json` command lines.
//!
//! Verified against `codex-cli 0.169.0`:
//! - first turn: `exec --json --skip-git-repo-check -C DIR [-m M] SANDBOX [EXTRA] -- PROMPT`
//! - resume: `exec --json --skip-git-repo-check -C DIR [-m M] SANDBOX [EXTRA] resume THREAD -- PROMPT`.
//!   `-s`/`--sandbox` and `-C` exist only on `exec`: after `resume` they fail
//!   with "unexpected argument" (exit 2), so every option goes before `resume`.
//!   `--` after the thread id is accepted and protects a prompt starting with `-`.
//! - a prompt of `-` makes codex read it from stdin (both forms).
//! - `--full-auto` no longer exists; the default sandbox is read-only, so we
//!   always pass one explicitly.

use std::path::PathBuf;

use super::{check_id, workspace_arg, Launch, LaunchError, PromptInput};

/// Codex's sandbox policy for model-generated commands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sandbox {
    /// `-s read-only`: the agent can read, never write.
    ReadOnly,
    /// `-s workspace-write`: writes inside the workspace only (our default:
    /// useful and still sandboxed).
    #[default]
    WorkspaceWrite,
    /// `-s danger-full-access`: no filesystem sandbox, approvals still apply.
    DangerFullAccess,
    /// `--dangerously-bypass-approvals-and-sandbox`: nothing is checked. Only
    /// when the user chose it explicitly, for externally sandboxed machines.
    BypassApprovalsAndSandbox,
}

impl Sandbox {
    fn args(self) -> Vec<String> {
        let mode = match self {
            Self::ReadOnly => "read-only",
            Self::WorkspaceWrite => "workspace-write",
            Self::DangerFullAccess => "danger-full-access",
            Self::BypassApprovalsAndSandbox => {
                return vec!["--dangerously-bypass-approvals-and-sandbox".into()]
            }
        };
        vec!["-s".into(), mode.into()]
    }
}

/// Parameters of one codex turn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodexTurn {
    /// Absolute workspace directory (`-C` and the process cwd).
    pub workspace: PathBuf,
    pub model: Option<String>,
    pub sandbox: Sandbox,
    /// Further `exec` options (e.g. `-c key=value`), placed before `resume`.
    pub extra_args: Vec<String>,
    /// Thread id from `thread.started` to continue; `None` starts a thread.
    pub resume_thread: Option<String>,
}

/// Builds the command line for `turn`.
pub fn launch(turn: &CodexTurn, prompt: &PromptInput) -> Result<Launch, LaunchError> {
    let dir = workspace_arg(&turn.workspace)?;
    let mut args: Vec<String> = vec![
        "exec".into(),
        "--json".into(),
        "--skip-git-repo-check".into(),
        "-C".into(),
        dir,
    ];
    if let Some(model) = &turn.model {
        args.push("-m".into());
        args.push(model.clone());
    }
    args.extend(turn.sandbox.args());
    args.extend(turn.extra_args.iter().cloned());
    if let Some(thread) = &turn.resume_thread {
        check_id("codex thread id", thread)?;
        args.push("resume".into());
        args.push(thread.clone());
    }
    args.push("--".into());
    args.push(match prompt {
        PromptInput::Arg(text) => text.clone(),
        PromptInput::StdinFile(_) => "-".into(),
    });
    Ok(Launch {
        args,
        cwd: turn.workspace.clone(),
        stdin: prompt.stdin_file().map(PathBuf::from),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn() -> CodexTurn {
        CodexTurn {
            workspace: "/ws".into(),
            ..CodexTurn::default()
        }
    }

    fn argv(turn: &CodexTurn, prompt: &str) -> Vec<String> {
        launch(turn, &PromptInput::Arg(prompt.into())).unwrap().args
    }

    #[test]
    fn first_turn_defaults_to_workspace_write() {
        let l = launch(&turn(), &PromptInput::Arg("-fix it".into())).unwrap();
        assert_eq!(
            l.args,
            [
                "exec",
                "--json",
                "--skip-git-repo-check",
                "-C",
                "/ws",
                "-s",
                "workspace-write",
                "--",
                "-fix it"
            ]
        );
        assert_eq!(l.cwd, PathBuf::from("/ws"));
        assert_eq!(l.stdin, None);
    }

    #[test]
    fn model_sandbox_and_extra_args_keep_their_order() {
        let t = CodexTurn {
            model: Some("gpt-5.5".into()),
            sandbox: Sandbox::ReadOnly,
            extra_args: vec!["-c".into(), "model_reasoning_effort=high".into()],
            ..turn()
        };
        assert_eq!(
            argv(&t, "task"),
            [
                "exec",
                "--json",
                "--skip-git-repo-check",
                "-C",
                "/ws",
                "-m",
                "gpt-5.5",
                "-s",
                "read-only",
                "-c",
                "model_reasoning_effort=high",
                "--",
                "task"
            ]
        );
    }

    #[test]
    fn bypass_is_a_single_flag() {
        let t = CodexTurn {
            sandbox: Sandbox::BypassApprovalsAndSandbox,
            ..turn()
        };
        assert_eq!(
            argv(&t, "task"),
            [
                "exec",
                "--json",
                "--skip-git-repo-check",
                "-C",
                "/ws",
                "--dangerously-bypass-approvals-and-sandbox",
                "--",
                "task"
            ]
        );
        let t = CodexTurn {
            sandbox: Sandbox::DangerFullAccess,
            ..turn()
        };
        assert!(argv(&t, "x")
            .windows(2)
            .any(|w| w == ["-s", "danger-full-access"]));
    }

    #[test]
    fn resume_puts_every_option_before_the_subcommand() {
        let t = CodexTurn {
            model: Some("m".into()),
            resume_thread: Some("01a2117d-fcbc-7023-9001-4d9a14a981a5".into()),
            ..turn()
        };
        assert_eq!(
            argv(&t, "again"),
            [
                "exec",
                "--json",
                "--skip-git-repo-check",
                "-C",
                "/ws",
                "-m",
                "m",
                "-s",
                "workspace-write",
                "resume",
                "01a2117d-fcbc-7023-9001-4d9a14a981a5",
                "--",
                "again"
            ]
        );
    }

    #[test]
    fn stdin_prompt_uses_dash() {
        let l = launch(&turn(), &PromptInput::StdinFile("/ws/p.txt".into())).unwrap();
        assert_eq!(&l.args[l.args.len() - 2..], ["--", "-"]);
        assert_eq!(l.stdin, Some(PathBuf::from("/ws/p.txt")));
    }

    #[test]
    fn bad_inputs_are_refused() {
        let rel = CodexTurn {
            workspace: "ws".into(),
            ..turn()
        };
        assert!(matches!(
            launch(&rel, &PromptInput::Arg("x".into())),
            Err(LaunchError::RelativeWorkspace(_))
        ));
        let flag = CodexTurn {
            resume_thread: Some("--last".into()),
            ..turn()
        };
        assert!(matches!(
            launch(&flag, &PromptInput::Arg("x".into())),
            Err(LaunchError::InvalidId { .. })
        ));
    }
}
