//! The real Codex CLI (`codex exec --json`) against the fake Responses API.

use fake_llm::{FakeServer, Part, Protocol, Reply, Scenario, Usage};
use serde_json::{json, Value};

use crate::harness::{mcp_echo_server, save_requests, Run, Sandbox};

fn usage(input: u64, cached: u64, output: u64, reasoning: u64) -> Usage {
    Usage {
        input_tokens: input,
        cached_input_tokens: cached,
        output_tokens: output,
        reasoning_tokens: reasoning,
        ..Usage::default()
    }
}

/// Codex's `turn.completed.usage` for these model answers: it sums them.
fn turn_usage(answers: &[Usage]) -> Value {
    let sum = |field: fn(&Usage) -> u64| answers.iter().map(field).sum::<u64>();
    json!({
        "input_tokens": sum(|u| u.input_tokens),
        "cached_input_tokens": sum(|u| u.cached_input_tokens),
        "cache_write_input_tokens": 0,
        "output_tokens": sum(|u| u.output_tokens),
        "reasoning_output_tokens": sum(|u| u.reasoning_tokens),
    })
}

fn thread_id(run: &Run) -> String {
    let started = run.expect("thread.started", |event| event["type"] == "thread.started");
    started["thread_id"]
        .as_str()
        .expect("thread_id is a string")
        .to_string()
}

fn last_turn_completed(run: &Run) -> Value {
    match run.of_type("turn.completed").last() {
        Some(event) => (*event).clone(),
        None => panic!("no turn.completed\n{}", run.describe()),
    }
}

#[test]
fn codex_runs_a_shell_command_and_reports_usage() {
    let first = usage(1200, 400, 30, 7);
    let second = usage(1300, 1100, 12, 0);
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![
            Part::reasoning("I will write the file with a shell command."),
            Part::shell("echo hello > out.txt"),
        ])
        .with_usage(first),
        Reply::text("Wrote out.txt.").with_usage(second),
    ]))
    .expect("start the fake server");
    let sandbox = Sandbox::new();

    let run = sandbox.codex(
        &server,
        "codex_shell",
        &["-s", "workspace-write", "--", "Write hello to out.txt"],
    );
    let requests = save_requests(&server, "codex_shell");

    run.assert_success();
    let written = std::fs::read_to_string(sandbox.workspace.join("out.txt"))
        .unwrap_or_else(|error| panic!("out.txt not written ({error})\n{}", run.describe()));
    assert_eq!(written, "hello\n");
    assert!(!thread_id(&run).is_empty());
    let command = run.expect("completed command_execution", |event| {
        event["type"] == "item.completed" && event["item"]["type"] == "command_execution"
    });
    assert_eq!(command["item"]["exit_code"], 0, "{command}");
    assert_eq!(command["item"]["status"], "completed");
    assert!(command["item"]["command"]
        .as_str()
        .is_some_and(|text| text.contains("echo hello > out.txt")));
    let messages = run.completed_items("agent_message");
    assert!(
        messages.iter().any(|item| item["text"] == "Wrote out.txt."),
        "{}",
        run.describe()
    );
    assert_eq!(
        last_turn_completed(&run)["usage"],
        turn_usage(&[first, second])
    );

    let calls: Vec<_> = requests
        .iter()
        .filter(|request| request.protocol == Some(Protocol::Responses))
        .collect();
    assert_eq!(calls.len(), 2, "one request per model answer");
    for request in &calls {
        assert_eq!(request.path, "/v1/responses");
        assert!(request.is_stream());
        assert_eq!(request.header("authorization"), Some("Bearer dummy"));
    }
    let input = calls[1].body.as_ref().expect("JSON body")["input"]
        .as_array()
        .expect("input is a list")
        .clone();
    let call = input
        .iter()
        .find(|item| item["type"] == "function_call" && item["name"] == "exec_command")
        .expect("the second request replays the exec_command call");
    let output = input
        .iter()
        .find(|item| item["type"] == "function_call_output" && item["call_id"] == call["call_id"])
        .expect("the second request carries the command's output");
    assert!(
        output["output"]
            .as_str()
            .is_some_and(|text| text.contains("Process exited with code 0")),
        "{output}"
    );
}

#[test]
fn codex_writes_a_file_with_apply_patch() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![Part::write_file("notes/todo.txt", "first\nsecond\n")]),
        Reply::text("Created the notes."),
    ]))
    .expect("start the fake server");
    let sandbox = Sandbox::new();

    let run = sandbox.codex(
        &server,
        "codex_apply_patch",
        &["-s", "workspace-write", "--", "Create the notes"],
    );
    save_requests(&server, "codex_apply_patch");

    run.assert_success();
    let written = std::fs::read_to_string(sandbox.workspace.join("notes/todo.txt"))
        .unwrap_or_else(|error| panic!("notes/todo.txt not written ({error})\n{}", run.describe()));
    assert_eq!(written, "first\nsecond\n");
    let change = run
        .completed_items("file_change")
        .first()
        .map(|item| (*item).clone())
        .unwrap_or_else(|| panic!("no file_change item\n{}", run.describe()));
    assert_eq!(change["status"], "completed");
    assert_eq!(change["changes"][0]["kind"], "add");
    assert!(change["changes"][0]["path"]
        .as_str()
        .is_some_and(|path| path.ends_with("notes/todo.txt")));
}

#[test]
fn codex_resume_keeps_the_thread_and_its_history() {
    let first = usage(500, 0, 10, 0);
    let second = usage(700, 450, 8, 0);
    let server = FakeServer::start(Scenario::new(vec![
        Reply::text("First answer.").with_usage(first),
        Reply::text("Second answer.").with_usage(second),
    ]))
    .expect("start the fake server");
    let sandbox = Sandbox::new();

    let turn1 = sandbox.codex(&server, "codex_resume_1", &["--", "First task"]);
    turn1.assert_success();
    let thread = thread_id(&turn1);
    let turn2 = sandbox.codex(
        &server,
        "codex_resume_2",
        &["resume", &thread, "Second message"],
    );
    let requests = save_requests(&server, "codex_resume");

    turn2.assert_success();
    assert_eq!(thread_id(&turn2), thread, "resume must keep the thread id");
    assert!(turn2
        .completed_items("agent_message")
        .iter()
        .any(|item| item["text"] == "Second answer."));
    // Usage of a resumed thread counts the whole thread, not this turn.
    assert_eq!(
        last_turn_completed(&turn2)["usage"],
        turn_usage(&[first, second])
    );
    let last = requests.last().expect("requests were recorded");
    assert!(last.body_contains("First task") && last.body_contains("First answer."));
    assert!(last.body_contains("Second message"));
}

#[test]
fn codex_fails_the_turn_on_a_server_error() {
    let server = FakeServer::start(Scenario::new(vec![Reply::error(
        500,
        "Internal failure (fake)",
    )]))
    .expect("start the fake server");
    let sandbox = Sandbox::new();

    let run = sandbox.codex(&server, "codex_fail500", &["--", "Do something"]);
    save_requests(&server, "codex_fail500");

    assert!(!run.status.success(), "{}", run.describe());
    run.expect("turn.failed", |event| event["type"] == "turn.failed");
    assert!(run.of_type("turn.completed").is_empty());
}

#[test]
fn codex_fails_the_turn_on_a_bad_api_key() {
    let server = FakeServer::start(Scenario::new(vec![Reply::error(
        401,
        "Incorrect API key provided",
    )]))
    .expect("start the fake server");
    let sandbox = Sandbox::new();

    let run = sandbox.codex(&server, "codex_fail401", &["--", "Do something"]);
    save_requests(&server, "codex_fail401");

    assert!(!run.status.success(), "{}", run.describe());
    let failed = run.expect("turn.failed", |event| event["type"] == "turn.failed");
    assert!(
        failed["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains("401")),
        "{failed}"
    );
}

#[test]
fn codex_fails_the_turn_when_the_stream_is_cut_off() {
    let server = FakeServer::start(Scenario::new(vec![Reply::CutOff {
        parts: vec![Part::text("This answer never completes")],
        usage: Usage::default(),
        after_events: None,
        abort: false,
    }]))
    .expect("start the fake server");
    let sandbox = Sandbox::new();

    let run = sandbox.codex(&server, "codex_cut_off", &["--", "Do something"]);
    save_requests(&server, "codex_cut_off");

    assert!(!run.status.success(), "{}", run.describe());
    let failed = run.expect("turn.failed", |event| event["type"] == "turn.failed");
    assert!(
        failed["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains("response.completed")),
        "{failed}"
    );
}

#[test]
fn codex_calls_an_mcp_tool() {
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
    // With approval_policy = "never", Codex refuses MCP calls that are not
    // approved up front by the server's default_tools_approval_mode.
    let config = format!(
        "\n[mcp_servers.echo]\ncommand = {}\nargs = {}\ndefault_tools_approval_mode = \"approve\"\n",
        json!(command),
        json!(args)
    );

    let run = sandbox.codex_with_config(&server, "codex_mcp", &config, &["--", "Echo hi there"]);
    let requests = save_requests(&server, "codex_mcp");

    run.assert_success();
    let call = run
        .completed_items("mcp_tool_call")
        .first()
        .map(|item| (*item).clone())
        .unwrap_or_else(|| panic!("no mcp_tool_call item\n{}", run.describe()));
    assert_eq!(call["server"], "echo");
    assert_eq!(call["tool"], "echo");
    assert_eq!(call["status"], "completed", "{call}");
    assert_eq!(call["result"]["content"][0]["text"], "echo: hi there");
    let last = requests.last().expect("requests were recorded");
    assert!(
        last.body_contains("echo: hi there"),
        "the tool result goes back to the model"
    );
}
