//! A run's tools: the pilot's (delegate, converse, wait, ...) plus `finish`,
//! which ends the run, and `shell`, a bounded command in the workspace when
//! the run has one.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{json, Value};
use zwarm_llm::{CancellationToken, ToolSpec};

use super::shell::{run_shell, ShellLimits};
use crate::pilot::tool_loop::Tools;
use crate::pilot::tools::{tool_specs, ToolBox, ToolOutcome};

pub(super) const FINISH: &str = "finish";
const SHELL: &str = "shell";

/// Where and how a run's shell commands run.
#[derive(Debug, Clone)]
pub(super) struct Shell {
    pub dir: PathBuf,
    pub limits: ShellLimits,
}

/// The tools of one run.
pub(super) struct RunTools {
    pub toolbox: Arc<ToolBox>,
    /// `None` when the run has no shell tool.
    pub shell: Option<Shell>,
}

/// The argument `key` as text, empty when absent.
fn text(arguments: &Value, key: &str) -> String {
    arguments
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The summary a `finish` call ends the run with.
pub(super) fn finish_summary(arguments: &Value) -> String {
    let summary = text(arguments, "summary");
    if summary.trim().is_empty() {
        "finished".into()
    } else {
        summary
    }
}

fn outcome(output: impl Into<String>, is_error: bool) -> ToolOutcome {
    ToolOutcome {
        output: output.into(),
        is_error,
    }
}

impl Tools for RunTools {
    fn specs(&self) -> Vec<ToolSpec> {
        let mut tools = tool_specs();
        tools.push(ToolSpec {
            name: FINISH.into(),
            description:
                "End the run: the task is done or cannot be done. The summary is shown to the user."
                    .into(),
            parameters: json!({"type": "object", "properties": {"summary": {"type": "string"}}, "required": ["summary"], "additionalProperties": false}),
        });
        if self.shell.is_some() {
            tools.push(ToolSpec {
                name: SHELL.into(),
                description: "Run a shell command in the workspace folder (with a timeout) to inspect or verify. \
                              Do not write code with it: delegate that."
                    .into(),
                parameters: json!({"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"], "additionalProperties": false}),
            });
        }
        tools
    }

    fn run(&self, name: &str, arguments: &Value, cancel: &CancellationToken) -> ToolOutcome {
        match (name, &self.shell) {
            // The run ends once the step is recorded (see `RunPolicy::after`).
            (FINISH, _) => outcome("The run ends.", false),
            (SHELL, Some(shell)) => {
                let command = text(arguments, "command");
                if command.trim().is_empty() {
                    return outcome("`command` is required", true);
                }
                match run_shell(&command, &shell.dir, shell.limits, cancel) {
                    Ok(result) => outcome(result.describe(), result.exit_code != Some(0)),
                    Err(error) => outcome(format!("the command could not be started: {error}"), true),
                }
            }
            (SHELL, None) => outcome("the shell tool is switched off for this run", true),
            _ => self.toolbox.run(name, arguments, cancel),
        }
    }
}
