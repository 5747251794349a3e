use super::*;

fn said(stdout: &str, stderr: &str, success: bool) -> Result<Printed, String> {
    Ok(Printed {
        success,
        stdout: stdout.into(),
        stderr: stderr.into(),
    })
}

// What codex 0.169.0 prints (on stderr), measured.
#[test]
fn codex_answers_in_words() {
    let out = codex_words(
        "codex login status",
        said("", "Not logged in\n", false),
        false,
    );
    assert_eq!(out.state, LoginState::Missing);
    assert!(out.words.contains("run `codex login`"), "{}", out.words);

    let out = codex_words(
        "codex login status",
        said("", "API key configured - sk-test-***67890\nAuthentication is checked when you send a request.\n", true),
        false,
    );
    assert_eq!(out.state, LoginState::Ready);
    assert!(
        !out.words.contains("67890"),
        "the masked key is not repeated: {}",
        out.words
    );

    let out = codex_words(
        "codex login status",
        said("", "Logged in using ChatGPT\n", true),
        false,
    );
    assert_eq!(
        (out.state, out.words.as_str()),
        (
            LoginState::Ready,
            "Codex is logged in with a ChatGPT account."
        )
    );

    let out = codex_words(
        "codex login status",
        said("", "Not logged in\n", false),
        true,
    );
    assert_eq!(
        out.state,
        LoginState::Ready,
        "CODEX_API_KEY in the turn's environment is enough"
    );

    let out = codex_words(
        "codex login status",
        Err("codex login status did not answer within 15 s".into()),
        false,
    );
    assert_eq!(out.state, LoginState::Unknown);
    assert!(out.words.contains("did not answer"), "{}", out.words);

    let out = codex_words(
        "codex login status",
        said("", "error: unexpected argument 'status'\n", false),
        false,
    );
    assert_eq!(out.state, LoginState::Unknown);
    assert!(
        out.words.contains("failed") && out.words.contains("unexpected argument"),
        "{}",
        out.words
    );
}

#[test]
fn a_custom_codex_provider_is_judged_by_its_key_variable() {
    let out = codex_provider_words("FAKE_OPENAI_API_KEY", false);
    assert_eq!(out.state, LoginState::Missing);
    assert!(out.words.contains("FAKE_OPENAI_API_KEY"), "{}", out.words);
    assert_eq!(
        codex_provider_words("FAKE_OPENAI_API_KEY", true).state,
        LoginState::Ready
    );
}

// What claude 2.1.330 prints, measured (fields trimmed).
#[test]
fn claude_answers_in_words() {
    let none = r#"{"loggedIn": false, "authMethod": "none", "apiProvider": "firstParty"}"#;
    let out = claude_words("claude auth status", said(none, "", false));
    assert_eq!(out.state, LoginState::Missing);
    assert!(
        out.words.contains("ANTHROPIC_API_KEY") && out.words.contains("claude auth login"),
        "{}",
        out.words
    );

    let key = r#"{"loggedIn": true, "authMethod": "api_key", "apiProvider": "firstParty", "apiKeySource": "ANTHROPIC_API_KEY"}"#;
    let out = claude_words("claude auth status", said(key, "", true));
    assert_eq!(
        (out.state, out.words.as_str()),
        (
            LoginState::Ready,
            "Claude Code uses an API key from ANTHROPIC_API_KEY."
        )
    );

    let token = r#"{"loggedIn": true, "authMethod": "oauth_token", "apiProvider": "firstParty"}"#;
    assert!(claude_words("c", said(token, "", true))
        .words
        .contains("CLAUDE_CODE_OAUTH_TOKEN"));

    let bedrock = r#"{"loggedIn": true, "authMethod": "none", "apiProvider": "bedrock"}"#;
    assert!(claude_words("c", said(bedrock, "", true))
        .words
        .contains("bedrock"));

    let odd = claude_words(
        "claude auth status",
        said("Not logged in. Run claude auth login.", "", false),
    );
    assert_eq!(odd.state, LoginState::Unknown);
    assert!(
        odd.words.contains("Not logged in. Run claude auth login."),
        "{}",
        odd.words
    );
}

fn script(dir: &Path, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("cli");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn the_status_command_runs_with_the_turns_environment_and_a_timeout() {
    let dir = tempfile::tempdir().unwrap();
    // A fake claude that answers from its environment: a key the turn does
    // not get (removed) must not count.
    let cli = script(
        dir.path(),
        r#"if [ -n "$ANTHROPIC_API_KEY" ]; then echo '{"loggedIn":true,"authMethod":"api_key","apiKeySource":"ANTHROPIC_API_KEY"}'; else echo '{"loggedIn":false}'; exit 1; fi"#,
    );
    let given = TurnEnv {
        set: vec![("ANTHROPIC_API_KEY".into(), "sk-x".into())],
        remove: vec![],
    };
    let out = check_login(
        Adapter::Claude,
        &cli,
        &given,
        None,
        None,
        Duration::from_secs(10),
    );
    assert_eq!(out.state, LoginState::Ready, "{out:?}");
    let removed = TurnEnv {
        set: vec![],
        remove: vec!["ANTHROPIC_API_KEY".into()],
    };
    let out = check_login(
        Adapter::Claude,
        &cli,
        &removed,
        None,
        None,
        Duration::from_secs(10),
    );
    assert_eq!(out.state, LoginState::Missing, "{out:?}");

    let slow = script(dir.path(), "sleep 30");
    let started = Instant::now();
    let out = check_login(
        Adapter::Codex,
        &slow,
        &TurnEnv {
            set: vec![],
            remove: vec!["CODEX_API_KEY".into()],
        },
        None,
        None,
        Duration::from_millis(300),
    );
    assert_eq!(out.state, LoginState::Unknown, "{out:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the timeout holds"
    );
}
