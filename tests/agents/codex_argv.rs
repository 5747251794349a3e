//! The resume command line against the real `codex` binary, offline.
//!
//! Resuming an unknown thread fails right after argument parsing ("no rollout
//! found", exit 1), before any network access, while a misplaced option is a
//! clap error (exit 2).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zwarm_core::launch::codex::{launch, CodexTurn, Sandbox};
use zwarm_core::launch::PromptInput;

use crate::harness::agent_bin;

fn real_codex() -> PathBuf {
    agent_bin("codex")
}

/// Runs codex with a throw-away home and returns (exit code, stdout + stderr).
fn run(codex: &PathBuf, args: &[String]) -> (Option<i32>, String) {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join("config.toml"),
        "model_provider = \"fake\"\ncheck_for_update_on_startup = false\n\
         [model_providers.fake]\nname = \"Fake\"\nbase_url = \"http://127.0.0.1:9/v1\"\n\
         env_key = \"FAKE_OPENAI_API_KEY\"\nwire_api = \"responses\"\n\
         request_max_retries = 0\nstream_max_retries = 0\n\
         [analytics]\nenabled = false\n[features]\nplugins = false\n",
    )
    .unwrap();
    let out = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(codex)
        .args(args)
        .env("CODEX_HOME", home.path())
        .env("FAKE_OPENAI_API_KEY", "x")
        .stdin(Stdio::null())
        .stdout(out.reopen().unwrap())
        .stderr(out.reopen().unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("codex {args:?} did not exit: it got past argument parsing into a real turn");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (status.code(), std::fs::read_to_string(out.path()).unwrap())
}

const UNKNOWN_THREAD: &str = "01a2117d-0000-7023-9001-4d9a14a981a5";

#[test]
fn resume_argv_is_accepted_by_real_codex() {
    let codex = real_codex();
    let ws = tempfile::tempdir().unwrap();
    let turn = CodexTurn {
        workspace: ws.path().to_path_buf(),
        model: Some("gpt-5.5".into()),
        sandbox: Sandbox::ReadOnly,
        extra_args: vec!["-c".into(), "model_reasoning_effort=\"low\"".into()],
        resume_thread: Some(UNKNOWN_THREAD.into()),
    };
    let l = launch(
        &turn,
        &PromptInput::Arg("-a prompt that looks like a flag".into()),
    )
    .unwrap();
    let (code, output) = run(&codex, &l.args);
    assert!(!output.contains("unexpected argument"), "{output}");
    assert_eq!(code, Some(1), "{output}");
    assert!(output.contains("no rollout found"), "{output}");
}

#[test]
fn sandbox_after_resume_is_rejected_by_real_codex() {
    let codex = real_codex();
    let args: Vec<String> = [
        "exec",
        "--json",
        "resume",
        UNKNOWN_THREAD,
        "-s",
        "read-only",
        "--",
        "x",
    ]
    .map(String::from)
    .to_vec();
    let (code, output) = run(&codex, &args);
    assert_eq!(code, Some(2), "{output}");
    assert!(output.contains("unexpected argument '-s'"), "{output}");
}

#[test]
fn help_lists_sandbox_on_exec_only() {
    let codex = real_codex();
    let help = |args: &[&str]| {
        let out = Command::new(&codex)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(help(&["exec", "--help"]).contains("--sandbox <SANDBOX_MODE>"));
    let resume = help(&["exec", "resume", "--help"]);
    assert!(resume.contains("[SESSION_ID] [PROMPT]"), "{resume}");
    assert!(!resume.contains("--sandbox"), "{resume}");
    assert!(!resume.contains("--full-auto"), "{resume}");
}
