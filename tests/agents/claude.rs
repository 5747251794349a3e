//! The real Claude Code CLI (`claude -p --output-format stream-json`) against
//! the fake Messages API. Scenarios end with the fallback reply "ok", so an
//! extra request from the CLI gets an answer instead of an error.

use fake_llm::{FakeServer, Part, Protocol, Reply, Scenario, Usage};
use serde_json::json;

use crate::harness::{mcp_echo_server, save_requests, Run, Sandbox};

fn session_id(run: &Run) -> String {
    let init = run.expect("system/init", |event| {
        event["type"] == "system" && event["subtype"] == "init"
    });
    init["session_id"]
        .as_str()
        .expect("session_id is a string")
        .to_string()
}

fn result(run: &Run) -> &serde_json::Value {
    run.expect("result", |event| event["type"] == "result")
}

#[test]
fn claude_runs_a_shell_command_through_bash() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![
            Part::reasoning("I will write the file with a shell command."),
            Part::text("Writing the file."),
            Part::shell("echo hello > out.txt"),
        ])
        .with_usage(Usage {
            input_tokens: 300,
            cached_input_tokens: 900,
            cache_creation_input_tokens: 50,
            output_tokens: 25,
            ..Usage::default()
        }),
        Reply::text("Wrote out.txt."),
    ]))
    .expect("start the fake server");
    let sandbox = Sandbox::new();

    let run = sandbox.claude(&server, "claude_shell", "Write hello to out.txt", &[]);
    let requests = save_requests(&server, "claude_shell");

    run.assert_success();
    let written = std::fs::read_to_string(sandbox.workspace.join("out.txt"))
        .unwrap_or_else(|error| panic!("out.txt not written ({error})\n{}", run.describe()));
    assert_eq!(written, "hello\n");
    let session = session_id(&run);
    let tool_use = run.expect("assistant tool_use Bash", |event| {
        event["type"] == "assistant"
            && event["message"]["content"][0]["type"] == "tool_use"
            && event["message"]["content"][0]["name"] == "Bash"
    });
    let tool_use = &tool_use["message"]["content"][0];
    assert_eq!(tool_use["input"]["command"], "echo hello > out.txt");
    let tool_result = run.expect("user tool_result", |event| {
        event["type"] == "user" && event["message"]["content"][0]["type"] == "tool_result"
    });
    let tool_result = &tool_result["message"]["content"][0];
    assert_eq!(tool_result["tool_use_id"], tool_use["id"]);
    assert_eq!(tool_result["is_error"], false, "{tool_result}");
    let result = result(&run);
    assert_eq!(result["is_error"], false, "{result}");
    assert_eq!(result["result"], "Wrote out.txt.");
    assert_eq!(result["session_id"], session.as_str());

    let calls: Vec<_> = requests
        .iter()
        .filter(|request| request.protocol == Some(Protocol::Anthropic))
        .collect();
    assert!(calls.len() >= 2, "a tool turn takes two requests");
    assert!(calls
        .iter()
        .all(|request| request.route() == "/v1/messages"));
    assert_eq!(calls[0].header("x-api-key"), Some("dummy"));
    assert!(
        calls[1].body_contains("tool_result"),
        "the second request carries the Bash result"
    );
}

#[test]
fn claude_resume_keeps_the_session() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::text("First answer."),
        Reply::text("Second answer."),
    ]))
    .expect("start the fake server");
    let sandbox = Sandbox::new();

    let turn1 = sandbox.claude(&server, "claude_resume_1", "First task", &[]);
    turn1.assert_success();
    let session = session_id(&turn1);
    let turn2 = sandbox.claude(
        &server,
        "claude_resume_2",
        "Second message",
        &["--resume", &session],
    );
    let requests = save_requests(&server, "claude_resume");

    turn2.assert_success();
    assert_eq!(
        session_id(&turn2),
        session,
        "resume must keep the session id"
    );
    assert_eq!(result(&turn2)["result"], "Second answer.");
    let last = requests.last().expect("requests were recorded");
    assert!(last.body_contains("First task") && last.body_contains("First answer."));
}

#[test]
fn claude_reports_a_server_error_as_an_error_result() {
    let server = FakeServer::start(Scenario::new(vec![Reply::error(
        500,
        "Internal failure (fake)",
    )]))
    .expect("start the fake server");
    let sandbox = Sandbox::new();

    let run = sandbox.claude(&server, "claude_fail500", "Do something", &[]);
    save_requests(&server, "claude_fail500");

    let result = result(&run);
    assert_eq!(result["is_error"], true, "{result}");
    assert_eq!(result["terminal_reason"], "api_error", "{result}");
    assert_eq!(result["api_error_status"], 500, "{result}");
}

#[test]
fn claude_asks_again_without_streaming_when_a_stream_closes_early() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::CutOff {
            parts: vec![Part::text("This answer never arrives")],
            usage: Usage::default(),
            after_events: Some(1),
            abort: false,
        },
        Reply::text("Recovered without streaming."),
    ]))
    .expect("start the fake server");
    let sandbox = Sandbox::new();

    let run = sandbox.claude(&server, "claude_cut_off", "Do something", &[]);
    let requests = save_requests(&server, "claude_cut_off");

    run.assert_success();
    let result = result(&run);
    assert_eq!(result["is_error"], false, "{result}");
    assert_eq!(result["result"], "Recovered without streaming.");
    let calls: Vec<_> = requests
        .iter()
        .filter(|request| request.protocol == Some(Protocol::Anthropic))
        .collect();
    assert!(calls[0].is_stream());
    assert!(
        !calls[1].is_stream(),
        "the retry is a non-streaming request"
    );
}

#[test]
fn claude_calls_an_mcp_tool() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![Part::Mcp {
            server: "echo".into(),
            tool: "echo".into(),
            arguments: json!({"text": "hi there"}),
        }]),
        Reply::text("Echoed."),
    ]))
    .expect("start the fake server");
    let sandbox = Sandbox::new();
    let (command, args) = mcp_echo_server();
    let mcp_config = json!({"mcpServers": {"echo": {"command": command, "args": args}}});

    let run = sandbox.claude(
        &server,
        "claude_mcp",
        "Echo hi there",
        &["--mcp-config", &mcp_config.to_string()],
    );
    save_requests(&server, "claude_mcp");

    run.assert_success();
    let init = run.expect("system/init", |event| event["subtype"] == "init");
    assert_eq!(init["mcp_servers"][0]["name"], "echo");
    assert_eq!(init["mcp_servers"][0]["status"], "connected", "{init}");
    let tool_use = run.expect("assistant tool_use mcp__echo__echo", |event| {
        event["type"] == "assistant" && event["message"]["content"][0]["name"] == "mcp__echo__echo"
    });
    let tool_use_id = &tool_use["message"]["content"][0]["id"];
    let tool_result = run.expect("user tool_result", |event| {
        event["type"] == "user" && event["message"]["content"][0]["tool_use_id"] == *tool_use_id
    });
    assert!(
        tool_result["message"]["content"][0]
            .to_string()
            .contains("echo: hi there"),
        "{tool_result}"
    );
    assert_eq!(result(&run)["is_error"], false);
}
