//! Runs the real agent CLIs offline against a fake model server, in a
//! throw-away sandbox, with the settings `shared/docs/agent-clis.md` found
//! necessary. Every run is bounded by a timeout and leaves its stdout and
//! stderr under `test-artifacts/agents/` for debugging.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fake_llm::{FakeServer, RecordedRequest};
use serde_json::Value;
use tempfile::TempDir;

/// A CLI turn against an instant fake model takes about a second; this only
/// stops a hung CLI from hanging the suite.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// The model name configured for Codex: it needs model metadata it knows,
/// else it warns and offers no `apply_patch` tool.
pub const CODEX_MODEL: &str = "gpt-5.5";

/// The path of an agent CLI; fails the test when it is not installed.
pub fn agent_bin(name: &str) -> PathBuf {
    let path = zwarm_tests::agents_bin_dir().join(name);
    assert!(
        path.exists(),
        "`{name}` is not installed at {}: run `make install-agents` \
         (scripts/install-agents.sh), or set ZWARM_AGENTS_BIN to the folder holding it",
        path.display()
    );
    path
}

/// Throw-away folders for one test: a workspace, a HOME, a TMPDIR and the
/// CLIs' config homes. Lives under cargo's target tmp folder, not under the
/// system TMPDIR: Codex breaks silently when CODEX_HOME lies under TMPDIR.
pub struct Sandbox {
    _root: TempDir,
    pub workspace: PathBuf,
    pub home: PathBuf,
    pub tmp: PathBuf,
    pub codex_home: PathBuf,
    pub claude_config: PathBuf,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let root = tempfile::Builder::new()
            .prefix("agents-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("create the sandbox folder");
        let dir = |name: &str| {
            let path = root.path().join(name);
            std::fs::create_dir_all(&path).expect("create a sandbox subfolder");
            path
        };
        Sandbox {
            workspace: dir("workspace"),
            home: dir("home"),
            tmp: dir("tmp"),
            codex_home: dir("codex-home"),
            claude_config: dir("claude-config"),
            _root: root,
        }
    }

    /// A command with a clean environment: only PATH from the caller, HOME
    /// and TMPDIR in the sandbox, stdin from /dev/null (an open stdin makes
    /// Codex wait for EOF and Claude wait 3 s).
    fn command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("TMPDIR", &self.tmp)
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null());
        command
    }

    /// Writes Codex's config.toml naming the fake server as its provider,
    /// followed by `extra` (more TOML tables).
    fn write_codex_config(&self, server: &FakeServer, extra: &str) {
        let config = zwarm_tests::codex_config_toml(&server.base_url(), CODEX_MODEL, extra);
        std::fs::write(self.codex_home.join("config.toml"), config).expect("write config.toml");
    }

    /// Engine settings that run both CLIs offline against `server` in this
    /// sandbox (the same environment as [`Sandbox::codex`] and [`Sandbox::claude`]).
    pub fn engine_settings(&self, server: &FakeServer) -> zwarm_core::engine::EngineSettings {
        self.write_codex_config(server, "");
        let homes = zwarm_tests::CliHomes {
            home: &self.home,
            tmp: &self.tmp,
            codex_home: &self.codex_home,
            claude_config: &self.claude_config,
        };
        zwarm_core::engine::EngineSettings {
            codex_path: Some(agent_bin("codex")),
            claude_path: Some(agent_bin("claude")),
            env: zwarm_tests::offline_cli_env(&server.base_url(), &homes),
            kill_grace: std::time::Duration::from_secs(2),
            ..Default::default()
        }
    }

    /// Runs `codex exec --json --skip-git-repo-check -C WORKSPACE ARGS...`.
    pub fn codex(&self, server: &FakeServer, artifact: &str, args: &[&str]) -> Run {
        self.codex_with_config(server, artifact, "", args)
    }

    /// Like [`Sandbox::codex`], with more TOML appended to config.toml.
    pub fn codex_with_config(
        &self,
        server: &FakeServer,
        artifact: &str,
        extra_config: &str,
        args: &[&str],
    ) -> Run {
        self.write_codex_config(server, extra_config);
        let mut command = self.command(&agent_bin("codex"));
        command
            .env("CODEX_HOME", &self.codex_home)
            .env("FAKE_OPENAI_API_KEY", "dummy")
            .args(["exec", "--json", "--skip-git-repo-check", "-C"])
            .arg(&self.workspace)
            .args(args);
        run(command, artifact)
    }

    /// Runs `claude -p PROMPT --output-format stream-json --verbose
    /// --dangerously-skip-permissions ARGS...` in the workspace (Claude keys
    /// sessions by cwd). We run as root, which that flag refuses unless
    /// IS_SANDBOX=1.
    pub fn claude(&self, server: &FakeServer, artifact: &str, prompt: &str, args: &[&str]) -> Run {
        let mut command = self.command(&agent_bin("claude"));
        command
            .current_dir(&self.workspace)
            .env("ANTHROPIC_BASE_URL", server.base_url())
            .env("ANTHROPIC_API_KEY", "dummy")
            .env("CLAUDE_CONFIG_DIR", &self.claude_config)
            .env("DISABLE_TELEMETRY", "1")
            .env("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
            .env("DISABLE_AUTOUPDATER", "1")
            .env("CLAUDE_CODE_MAX_RETRIES", "0")
            .env("IS_SANDBOX", "1")
            .args(["-p", prompt, "--output-format", "stream-json", "--verbose"])
            .arg("--dangerously-skip-permissions")
            .args(args);
        run(command, artifact)
    }
}

/// What a CLI run produced.
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    /// stdout lines that parse as JSON, in order.
    pub events: Vec<Value>,
    artifact: String,
}

impl Run {
    /// Events whose `type` is `kind`.
    pub fn of_type(&self, kind: &str) -> Vec<&Value> {
        self.events
            .iter()
            .filter(|event| event["type"] == kind)
            .collect()
    }

    /// The first event matching `predicate`, or a test failure naming `what`.
    pub fn expect(&self, what: &str, predicate: impl Fn(&Value) -> bool) -> &Value {
        match self.events.iter().find(|event| predicate(event)) {
            Some(event) => event,
            None => panic!("{}: no {what} event\n{}", self.artifact, self.describe()),
        }
    }

    /// Codex `item.completed` events whose item has `item_type`.
    pub fn completed_items(&self, item_type: &str) -> Vec<&Value> {
        self.events
            .iter()
            .filter(|event| event["type"] == "item.completed" && event["item"]["type"] == item_type)
            .map(|event| &event["item"])
            .collect()
    }

    /// Exit status, stdout and stderr, for failure messages.
    pub fn describe(&self) -> String {
        format!(
            "exit: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.status, self.stdout, self.stderr
        )
    }

    /// Fails the test unless the CLI exited with status 0.
    pub fn assert_success(&self) {
        assert!(
            self.status.success(),
            "{} failed\n{}",
            self.artifact,
            self.describe()
        );
    }
}

/// Runs a command to completion or until the timeout, then kills whatever is
/// left of its process group, and saves its output as artifacts.
fn run(mut command: Command, artifact: &str) -> Run {
    command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let mut child = command.spawn().expect("start the agent CLI");
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let deadline = Instant::now() + RUN_TIMEOUT;
    let (status, timed_out) = loop {
        if let Some(status) = child.try_wait().expect("poll the agent CLI") {
            break (status, false);
        }
        if Instant::now() > deadline {
            kill_group(child.id());
            break (child.wait().expect("reap the agent CLI"), true);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // Helpers a CLI leaves behind would hold the pipes open.
    kill_group(child.id());
    let stdout = stdout
        .recv_timeout(Duration::from_secs(10))
        .unwrap_or_default();
    let stderr = stderr
        .recv_timeout(Duration::from_secs(10))
        .unwrap_or_default();
    let dir = zwarm_tests::artifacts_dir("agents");
    let _ = std::fs::write(dir.join(format!("{artifact}.stdout.jsonl")), &stdout);
    let _ = std::fs::write(dir.join(format!("{artifact}.stderr.txt")), &stderr);
    let run = Run {
        status,
        events: stdout
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect(),
        stdout,
        stderr,
        artifact: artifact.to_string(),
    };
    assert!(
        !timed_out,
        "{artifact}: killed after {RUN_TIMEOUT:?}\n{}",
        run.describe()
    );
    run
}

fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        let _ = sender.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    receiver
}

/// SIGKILL to the process group led by `pid` (our child, started with
/// `process_group(0)`); an empty group is not an error.
fn kill_group(pid: u32) {
    if let Ok(pid) = libc::pid_t::try_from(pid) {
        // SAFETY: kill(2) takes plain integers and touches no memory of ours.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
    }
}

/// The stdio MCP server of these tests (one tool, `echo`), as a command and
/// its arguments: the `fake-mcp` binary of this package.
pub fn mcp_echo_server() -> (String, Vec<String>) {
    (env!("CARGO_BIN_EXE_fake-mcp").into(), Vec::new())
}

/// Saves the requests the fake server received next to the CLI output.
pub fn save_requests(server: &FakeServer, artifact: &str) -> Vec<RecordedRequest> {
    let requests = server.requests();
    let lines: Vec<String> = requests
        .iter()
        .filter_map(|request| serde_json::to_string(request).ok())
        .collect();
    let path = zwarm_tests::artifacts_dir("agents").join(format!("{artifact}.requests.jsonl"));
    let _ = std::fs::write(path, lines.join("\n"));
    requests
}
