//! Whether each CLI has what it needs to reach its model, as the CLI itself
//! says: `codex login status` and `claude auth status` (both read local
//! credentials and contact nothing; the key is only checked when a turn
//! sends its first request). They run with the environment a turn would
//! get, so a key zwarm keeps from agents does not count, under a timeout.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::agents::Adapter;
use crate::supervisor::TurnEnv;

/// The answer, in short for the status dot and in words for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum LoginState {
    /// Credentials found: turns can reach the model (the key itself is
    /// checked by the provider on the first request).
    Ready,
    /// No credentials: turns will fail until the user logs in or sets a key.
    Missing,
    /// The CLI did not say (it failed, timed out or printed something new).
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LoginCheck {
    pub state: LoginState,
    pub words: String,
    /// What was run to learn it.
    pub command: String,
}

/// What a status command printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Printed {
    success: bool,
    stdout: String,
    stderr: String,
}

/// Asks `program` (the found CLI of `adapter`) whether it is logged in.
/// `provider_key`: the variable Codex's configured model provider reads its
/// key from, when its config names one (then `codex login` does not matter).
pub(super) fn check_login(
    adapter: Adapter,
    program: &Path,
    env: &TurnEnv,
    cwd: Option<&Path>,
    provider_key: Option<&str>,
    timeout: Duration,
) -> LoginCheck {
    let has = |name: &str| has_var(env, name);
    match adapter {
        Adapter::Codex => {
            if let Some(var) = provider_key {
                return codex_provider_words(var, has(var));
            }
            let command = "codex login status";
            let printed = run(program, &["login", "status"], env, cwd, timeout);
            codex_words(command, printed, has("CODEX_API_KEY"))
        }
        Adapter::Claude => {
            let command = "claude auth status";
            claude_words(
                command,
                run(program, &["auth", "status"], env, cwd, timeout),
            )
        }
    }
}

/// Whether a turn with `env` sees `name` set (and not empty).
fn has_var(env: &TurnEnv, name: &str) -> bool {
    if let Some((_, value)) = env.set.iter().rev().find(|(k, _)| k == name) {
        return !value.is_empty();
    }
    !env.remove.iter().any(|r| r == name) && std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

fn check(state: LoginState, words: String, command: &str) -> LoginCheck {
    LoginCheck {
        state,
        words,
        command: command.to_string(),
    }
}

fn codex_provider_words(var: &str, set: bool) -> LoginCheck {
    let command = "CODEX_HOME/config.toml";
    if set {
        check(
            LoginState::Ready,
            format!(
                "Codex uses the model provider its config.toml selects, with the key in {var}."
            ),
            command,
        )
    } else {
        check(
            LoginState::Missing,
            format!("Codex's config.toml selects a model provider whose key comes from {var}, which is not set: set it before starting zwarm."),
            command,
        )
    }
}

/// `codex login status` prints its answer on stderr: "Logged in using
/// ChatGPT", "Logged in using an API key - sk-…" / "API key configured - …",
/// or "Not logged in" (exit 1). The masked key is never repeated.
fn codex_words(
    command: &str,
    printed: Result<Printed, String>,
    codex_api_key: bool,
) -> LoginCheck {
    if codex_api_key {
        return check(
            LoginState::Ready,
            "Codex uses the API key in CODEX_API_KEY.".into(),
            "CODEX_API_KEY",
        );
    }
    let printed = match printed {
        Ok(printed) => printed,
        Err(why) => {
            return check(
                LoginState::Unknown,
                format!("Codex: could not tell whether it is logged in ({why})."),
                command,
            )
        }
    };
    let text = format!("{}\n{}", printed.stdout, printed.stderr).to_ascii_lowercase();
    if text.contains("not logged in") {
        return check(
            LoginState::Missing,
            "Codex is not logged in: run `codex login` in a terminal, or `printenv OPENAI_API_KEY | codex login --with-api-key`.".into(),
            command,
        );
    }
    if text.contains("chatgpt") {
        return check(
            LoginState::Ready,
            "Codex is logged in with a ChatGPT account.".into(),
            command,
        );
    }
    if text.contains("api key") {
        return check(
            LoginState::Ready,
            "Codex has an API key saved by `codex login` (the provider checks it on the first request).".into(),
            command,
        );
    }
    check(
        LoginState::Unknown,
        format!("Codex: {}", unknown_answer(command, &printed)),
        command,
    )
}

/// `claude auth status` prints JSON: `loggedIn`, `authMethod` (`none`,
/// `api_key`, `oauth_token`, ...), `apiKeySource` and `apiProvider`
/// (`firstParty`, or Bedrock, Vertex, ... with their own credentials).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClaudeStatus {
    logged_in: Option<bool>,
    auth_method: Option<String>,
    api_key_source: Option<String>,
    api_provider: Option<String>,
}

fn claude_words(command: &str, printed: Result<Printed, String>) -> LoginCheck {
    let printed = match printed {
        Ok(printed) => printed,
        Err(why) => {
            return check(
                LoginState::Unknown,
                format!("Claude Code: could not tell whether it is logged in ({why})."),
                command,
            )
        }
    };
    let Ok(status) = serde_json::from_str::<ClaudeStatus>(printed.stdout.trim()) else {
        return check(
            LoginState::Unknown,
            format!("Claude Code: {}", unknown_answer(command, &printed)),
            command,
        );
    };
    let provider = status
        .api_provider
        .as_deref()
        .filter(|p| *p != "firstParty");
    match (status.logged_in, status.auth_method.as_deref(), provider) {
        (Some(true), _, Some(provider)) => {
            check(LoginState::Ready, format!("Claude Code uses {provider} with that provider's own credentials."), command)
        }
        (Some(true), Some("api_key"), None) => {
            let source = status.api_key_source.map_or_else(|| "its settings".to_string(), |s| s.to_string());
            check(LoginState::Ready, format!("Claude Code uses an API key from {source}."), command)
        }
        (Some(true), Some("oauth_token"), None) => {
            check(LoginState::Ready, "Claude Code uses a login token (CLAUDE_CODE_OAUTH_TOKEN).".into(), command)
        }
        (Some(true), method, None) => check(
            LoginState::Ready,
            format!("Claude Code is logged in ({}).", method.unwrap_or("account")),
            command,
        ),
        (Some(false), _, _) => check(
            LoginState::Missing,
            "Claude Code: no API key or login found; run `claude auth login` in a terminal, or set ANTHROPIC_API_KEY before starting zwarm.".into(),
            command,
        ),
        (None, _, _) => check(LoginState::Unknown, format!("Claude Code: `{command}` did not say whether it is logged in."), command),
    }
}

/// An answer zwarm cannot read, quoted so the user can judge it.
fn unknown_answer(command: &str, printed: &Printed) -> String {
    let said = if printed.success {
        "answered"
    } else {
        "failed"
    };
    format!(
        "`{command}` {said} with words zwarm does not know: {}",
        first_line(printed)
    )
}

fn first_line(printed: &Printed) -> String {
    [&printed.stdout, &printed.stderr]
        .iter()
        .flat_map(|text| text.lines())
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("nothing")
        .chars()
        .take(200)
        .collect()
}

/// Runs `program args` with stdin closed and the turn's environment; kills
/// its process group when it outlives `timeout`.
fn run(
    program: &Path,
    args: &[&str],
    env: &TurnEnv,
    cwd: Option<&Path>,
    timeout: Duration,
) -> Result<Printed, String> {
    let mut cmd = Command::new(program);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    for name in &env.remove {
        cmd.env_remove(name);
    }
    cmd.envs(env.set.iter().map(|(k, v)| (k, v)));
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let shown = format!("{} {}", program.display(), args.join(" "));
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot run {shown}: {e}"))?;
    let readers = [
        child.stdout.take().map(read_all),
        child.stderr.take().map(read_all),
    ];
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(25)),
            Ok(None) => {
                if let Some(group) = i32::try_from(child.id())
                    .ok()
                    .and_then(rustix::process::Pid::from_raw)
                {
                    let _ =
                        rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
                }
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{shown} did not answer within {} s",
                    timeout.as_secs()
                ));
            }
            Err(e) => return Err(format!("waiting for {shown}: {e}")),
        }
    };
    let [stdout, stderr] =
        readers.map(|reader| reader.and_then(|r| r.join().ok()).unwrap_or_default());
    Ok(Printed {
        success: status.success(),
        stdout,
        stderr,
    })
}

fn read_all(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.by_ref().take(64 * 1024).read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

#[cfg(test)]
#[path = "login_tests.rs"]
mod tests;
