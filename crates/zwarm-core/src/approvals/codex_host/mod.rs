//! The host of an "Ask me" Codex turn: `codex exec` cannot ask anyone, so
//! such a turn runs through `codex app-server`, driven by this small zwarm
//! process (`zwarm __codex-turn ...`), which the supervisor's waiter runs in
//! place of `codex exec`. It
//!
//! 1. starts `codex app-server` (the turn's environment and marker are
//!    inherited, so status and kill find it as they find any CLI);
//! 2. starts the thread, or resumes it (`thread/start`, `thread/resume`)
//!    with approval policy `on-request` in the workspace-write sandbox:
//!    Codex's own "Auto" preset, which asks when a command must leave the
//!    sandbox;
//! 3. starts the turn (`turn/start`) and writes its notifications to stdout
//!    (the turn file) as `codex exec --json` lines (see [`translate`]), so
//!    status, resume and cost read it like any other Codex turn;
//! 4. turns `item/commandExecution/requestApproval` and
//!    `item/fileChange/requestApproval` into pending approvals, and answers
//!    them once decided (`accept` or `decline`; a denial's reason reaches
//!    the agent through `turn/steer` and the thread shows it as the item's
//!    output);
//! 5. exits when the turn ends: 0 when it completed, 1 when it failed.

mod run;
mod translate;

use std::io::{Read, Write};
use std::path::PathBuf;

use super::turn::{TurnApprovals, CODEX_TURN};
use crate::launch::codex::CodexTurn;
use crate::launch::{Launch, LaunchError, PromptInput};
use translate::Translator;

/// One hosted Codex turn, as its command line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostedTurn {
    /// The `codex` binary.
    pub codex: PathBuf,
    pub approvals: TurnApprovals,
    pub model: Option<String>,
    /// `-c key=value` overrides for `codex app-server`.
    pub config: Vec<String>,
    /// The thread to resume; `None` starts one.
    pub thread: Option<String>,
}

impl HostedTurn {
    /// The hosted form of `turn`: its model, thread and `-c` options. Other
    /// options have no app-server equivalent and are refused.
    pub fn of(
        codex: PathBuf,
        turn: &CodexTurn,
        approvals: TurnApprovals,
    ) -> Result<Self, LaunchError> {
        let mut config = Vec::new();
        let mut args = turn.extra_args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "-c" | "--config" => match args.next() {
                    Some(value) => config.push(value.clone()),
                    None => return Err(LaunchError::NotForAskMode(arg.clone())),
                },
                other => match other.strip_prefix("--config=") {
                    Some(value) => config.push(value.to_string()),
                    None => return Err(LaunchError::NotForAskMode(other.to_string())),
                },
            }
        }
        Ok(Self {
            codex,
            approvals,
            model: turn.model.clone(),
            config,
            thread: turn.resume_thread.clone(),
        })
    }

    /// The command line for `helper` (a zwarm binary) that hosts this turn:
    /// `__codex-turn OPTIONS -- PROMPT` (`-` for a prompt on stdin). The
    /// model and options are spelled as Codex's (`--model`, `--config`), so
    /// the model a turn uses is read from the argv as for `codex exec`.
    pub fn launch(&self, prompt: &PromptInput) -> Launch {
        let mut args = vec![
            CODEX_TURN.to_string(),
            "--codex".into(),
            self.codex.display().to_string(),
        ];
        args.extend(self.approvals.args());
        if let Some(model) = &self.model {
            args.extend(["--model".into(), model.clone()]);
        }
        for value in &self.config {
            args.extend(["--config".into(), value.clone()]);
        }
        if let Some(thread) = &self.thread {
            args.extend(["--thread".into(), thread.clone()]);
        }
        args.push("--".into());
        args.push(match prompt {
            PromptInput::Arg(text) => text.clone(),
            PromptInput::StdinFile(_) => "-".into(),
        });
        Launch {
            args,
            cwd: self.approvals.cwd.clone(),
            stdin: prompt.stdin_file().map(PathBuf::from),
        }
    }

    /// Reads [`Self::launch`]'s arguments (after the command name): the turn
    /// and its prompt (`-`: read stdin).
    pub fn parse(args: &[String]) -> Result<(Self, String), String> {
        let split = args
            .iter()
            .position(|a| a == "--")
            .ok_or("the prompt must follow `--`")?;
        let [prompt] = &args[split + 1..] else {
            return Err("exactly one prompt must follow `--`".into());
        };
        let (approvals, rest) = TurnApprovals::parse(&args[..split])?;
        let mut turn = HostedTurn {
            codex: PathBuf::new(),
            approvals,
            model: None,
            config: Vec::new(),
            thread: None,
        };
        for (name, value) in rest {
            match name.as_str() {
                "--codex" => turn.codex = PathBuf::from(value),
                "--model" => turn.model = Some(value),
                "--config" => turn.config.push(value),
                "--thread" => turn.thread = Some(value),
                other => return Err(format!("unknown option {other:?}")),
            }
        }
        if turn.codex.as_os_str().is_empty() {
            return Err("--codex is required".into());
        }
        Ok((turn, prompt.clone()))
    }
}

/// `zwarm __codex-turn ...`: hosts the turn, writing its lines to stdout.
/// A turn that cannot run still ends its file with a `turn.failed` line
/// saying why, so the thread shows the reason.
pub(super) fn main(args: &[String]) -> i32 {
    let mut stdout = std::io::stdout();
    let fail = |stdout: &mut std::io::Stdout, message: String| {
        eprintln!("zwarm {CODEX_TURN}: {message}");
        let _ = writeln!(stdout, "{}", Translator::failed(&message));
        1
    };
    let (turn, prompt) = match HostedTurn::parse(args) {
        Ok(parsed) => parsed,
        Err(why) => return fail(&mut stdout, format!("bad arguments: {why}")),
    };
    let prompt = if prompt == "-" {
        let mut text = String::new();
        if let Err(error) = std::io::stdin().read_to_string(&mut text) {
            return fail(
                &mut stdout,
                format!("cannot read the prompt from stdin: {error}"),
            );
        }
        text
    } else {
        prompt
    };
    match run::run(&turn, &prompt, &mut stdout) {
        Ok(translate::Ended::Completed) => 0,
        Ok(translate::Ended::Failed) => 1,
        Err(message) => fail(&mut stdout, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn approvals() -> TurnApprovals {
        TurnApprovals {
            state_dir: "/ws/.zwarm".into(),
            session_id: "s".into(),
            turn: 2,
            cwd: "/ws".into(),
            timeout: Some(Duration::from_secs(5)),
        }
    }

    #[test]
    fn the_command_line_reads_back_and_names_the_model_as_codex_does() {
        let codex_turn = CodexTurn {
            workspace: "/ws".into(),
            model: Some("gpt-5.5".into()),
            extra_args: vec!["-c".into(), "model_reasoning_effort=\"high\"".into()],
            resume_thread: Some("th-1".into()),
            ..CodexTurn::default()
        };
        let turn = HostedTurn::of("/bin/codex".into(), &codex_turn, approvals()).unwrap();
        let launch = turn.launch(&PromptInput::Arg("-fix it".into()));
        assert_eq!(launch.args[0], CODEX_TURN);
        assert_eq!(launch.cwd, PathBuf::from("/ws"));
        let (back, prompt) = HostedTurn::parse(&launch.args[1..]).unwrap();
        assert_eq!(back, turn);
        assert_eq!(prompt, "-fix it");
        assert!(launch.args.windows(2).any(|w| w == ["--model", "gpt-5.5"]));

        let long = turn.launch(&PromptInput::StdinFile("/ws/p".into()));
        assert_eq!(long.args.last().map(String::as_str), Some("-"));
        assert_eq!(long.stdin, Some(PathBuf::from("/ws/p")));
    }

    #[test]
    fn options_app_server_cannot_take_are_refused() {
        let codex_turn = CodexTurn {
            workspace: "/ws".into(),
            extra_args: vec!["--add-dir".into(), "/tmp".into()],
            ..CodexTurn::default()
        };
        let error = HostedTurn::of("/bin/codex".into(), &codex_turn, approvals()).unwrap_err();
        assert!(error.to_string().contains("--add-dir"), "{error}");
        assert!(
            HostedTurn::parse(&["--codex".into(), "/c".into()]).is_err(),
            "no prompt"
        );
    }
}
