//! OpenAI Responses API: what Codex reads.

use fake_llm::{FakeServer, Part, Reply, Scenario, Usage};
use serde_json::{json, Value};

use crate::client::{post, read_sse};

fn request(stream: bool) -> Value {
    json!({"model": "gpt-5.5", "input": [{"role": "user", "content": "hi"}], "stream": stream})
}

fn usage() -> Usage {
    Usage {
        input_tokens: 120,
        cached_input_tokens: 80,
        cache_creation_input_tokens: 0,
        output_tokens: 30,
        reasoning_tokens: 9,
    }
}

#[tokio::test]
async fn streams_text_reasoning_and_usage() {
    let server = FakeServer::start(Scenario::new(vec![Reply::parts(vec![
        Part::reasoning("Thinking about it"),
        Part::text("Hello there, this is the answer."),
    ])
    .with_usage(usage())]))
    .expect("server starts");

    let sse = read_sse(post(&server, "/v1/responses", &request(true)).await).await;

    let names = sse.names();
    assert_eq!(names.first(), Some(&"response.created"));
    assert_eq!(names.last(), Some(&"response.completed"));
    assert!(!sse.broke);
    let deltas: String = sse
        .of_type("response.output_text.delta")
        .iter()
        .filter_map(|event| event["delta"].as_str().map(str::to_string))
        .collect();
    assert_eq!(deltas, "Hello there, this is the answer.");
    assert!(sse.of_type("response.output_text.delta").len() > 1);
    let done = sse.of_type("response.output_item.done");
    assert_eq!(done.len(), 2);
    assert_eq!(done[0]["item"]["type"], "reasoning");
    assert_eq!(done[0]["item"]["summary"][0]["text"], "Thinking about it");
    assert_eq!(done[1]["item"]["type"], "message");
    assert_eq!(
        done[1]["item"]["content"][0]["text"],
        "Hello there, this is the answer."
    );
    assert_eq!(sse.of_type("response.output_item.added").len(), 2);
    let completed = &sse.of_type("response.completed")[0]["response"];
    assert_eq!(completed["status"], "completed");
    assert_eq!(completed["model"], "gpt-5.5");
    assert_eq!(
        completed["usage"],
        json!({
            "input_tokens": 120,
            "input_tokens_details": {"cached_tokens": 80},
            "output_tokens": 30,
            "output_tokens_details": {"reasoning_tokens": 9},
            "total_tokens": 150,
        })
    );
    let sequence: Vec<u64> = sse
        .json()
        .iter()
        .filter_map(|event| event["sequence_number"].as_u64())
        .collect();
    assert_eq!(sequence, (0..sequence.len() as u64).collect::<Vec<_>>());
}

#[tokio::test]
async fn renders_tool_calls_the_way_codex_runs_them() {
    let server = FakeServer::start(Scenario::new(vec![Reply::parts(vec![
        Part::shell("echo hello > out.txt"),
        Part::write_file("src/a.txt", "one\ntwo\n"),
        Part::Mcp {
            server: "docs".into(),
            tool: "search".into(),
            arguments: json!({"q": "x"}),
        },
        Part::Tool {
            name: "view_image".into(),
            arguments: json!({"path": "a.png"}),
        },
    ])]))
    .expect("server starts");

    let sse = read_sse(post(&server, "/v1/responses", &request(true)).await).await;

    let items: Vec<Value> = sse
        .of_type("response.output_item.done")
        .into_iter()
        .map(|event| event["item"].clone())
        .collect();
    assert_eq!(items.len(), 4);
    assert_eq!(items[0]["type"], "function_call");
    assert_eq!(items[0]["name"], "exec_command");
    let arguments: Value =
        serde_json::from_str(items[0]["arguments"].as_str().expect("string")).expect("JSON");
    assert_eq!(arguments, json!({"cmd": "echo hello > out.txt"}));
    assert_eq!(items[1]["type"], "custom_tool_call");
    assert_eq!(items[1]["name"], "apply_patch");
    assert_eq!(
        items[1]["input"],
        "*** Begin Patch\n*** Add File: src/a.txt\n+one\n+two\n*** End Patch"
    );
    assert_eq!(items[2]["type"], "function_call");
    assert_eq!(items[2]["namespace"], "mcp__docs");
    assert_eq!(items[2]["name"], "search");
    assert_eq!(items[3]["name"], "view_image");
    let call_ids: Vec<&str> = items
        .iter()
        .filter_map(|item| item["call_id"].as_str())
        .collect();
    assert_eq!(call_ids.len(), 4);
    assert!(call_ids.windows(2).all(|pair| pair[0] != pair[1]));
    let argument_deltas = sse.of_type("response.function_call_arguments.delta");
    assert_eq!(argument_deltas.len(), 3);
}

#[tokio::test]
async fn answers_without_streaming_and_on_the_short_path() {
    let server = FakeServer::start(Scenario::new(
        vec![Reply::text("plain").with_usage(usage())],
    ))
    .expect("server starts");

    let response = post(&server, "/responses", &request(false)).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("JSON body");

    assert_eq!(body["object"], "response");
    assert_eq!(body["status"], "completed");
    assert_eq!(body["output"][0]["content"][0]["text"], "plain");
    assert_eq!(body["usage"]["total_tokens"], 150);
}

#[tokio::test]
async fn a_stream_error_ends_with_response_failed() {
    let server = FakeServer::start(Scenario::new(vec![Reply::StreamError {
        message: "model overloaded".into(),
    }]))
    .expect("server starts");

    let sse = read_sse(post(&server, "/v1/responses", &request(true)).await).await;

    assert_eq!(sse.names(), vec!["response.created", "response.failed"]);
    let failed = &sse.of_type("response.failed")[0]["response"];
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["error"]["message"], "model overloaded");
}

#[tokio::test]
async fn a_cut_off_stream_has_no_terminal_event() {
    let cut = |after_events| Reply::CutOff {
        parts: vec![Part::text("never finished")],
        usage: Usage::default(),
        after_events,
        abort: false,
    };
    let server =
        FakeServer::start(Scenario::new(vec![cut(None), cut(Some(1))])).expect("server starts");

    let whole = read_sse(post(&server, "/v1/responses", &request(true)).await).await;
    let short = read_sse(post(&server, "/v1/responses", &request(true)).await).await;

    assert!(whole.names().contains(&"response.output_item.done"));
    assert!(!whole.names().contains(&"response.completed"));
    assert!(!whole.broke, "a clean close, not a transport error");
    assert_eq!(short.names(), vec!["response.created"]);
}

#[tokio::test]
async fn http_errors_use_the_openai_error_shape() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::error(401, "Incorrect API key provided"),
        Reply::error(500, "boom"),
    ]))
    .expect("server starts");

    let unauthorized = post(&server, "/v1/responses", &request(true)).await;
    assert_eq!(unauthorized.status(), 401);
    let body: Value = unauthorized.json().await.expect("JSON error");
    assert_eq!(body["error"]["message"], "Incorrect API key provided");
    assert_eq!(body["error"]["code"], "invalid_api_key");
    let failed = post(&server, "/v1/responses", &request(true)).await;
    assert_eq!(failed.status(), 500);
    let body: Value = failed.json().await.expect("JSON error");
    assert_eq!(body["error"]["type"], "server_error");
}
