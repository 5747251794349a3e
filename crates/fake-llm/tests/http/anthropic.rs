//! Anthropic Messages API: what Claude Code reads.

use fake_llm::{FakeServer, Part, Reply, Scenario, Usage};
use serde_json::{json, Value};

use crate::client::{post, read_sse};

const PATH: &str = "/v1/messages?beta=true";

/// A request shaped like Claude Code's, including its `system` role message.
fn request(stream: Option<bool>) -> Value {
    let mut body = json!({
        "model": "claude-opus-5-5",
        "max_tokens": 1024,
        "messages": [
            {"role": "user", "content": [{"type": "text", "text": "hi"}]},
            {"role": "system", "content": "extra system note"},
        ],
    });
    if let Some(stream) = stream {
        body["stream"] = json!(stream);
    }
    body
}

fn usage() -> Usage {
    Usage {
        input_tokens: 50,
        cached_input_tokens: 900,
        cache_creation_input_tokens: 40,
        output_tokens: 22,
        reasoning_tokens: 0,
    }
}

#[tokio::test]
async fn streams_thinking_text_and_a_bash_tool_use() {
    let server = FakeServer::start(Scenario::new(vec![Reply::parts(vec![
        Part::reasoning("Let me think this through"),
        Part::text("Running the command now."),
        Part::shell("echo hello > out.txt"),
    ])
    .with_usage(usage())]))
    .expect("server starts");

    let sse = read_sse(post(&server, PATH, &request(Some(true))).await).await;

    let names = sse.names();
    assert_eq!(names.first(), Some(&"message_start"));
    assert_eq!(
        &names[names.len() - 2..],
        &["message_delta", "message_stop"]
    );
    let start = &sse.of_type("message_start")[0]["message"];
    assert_eq!(start["model"], "claude-opus-5-5");
    assert_eq!(start["usage"]["cache_read_input_tokens"], 900);
    let blocks = sse.of_type("content_block_start");
    let kinds: Vec<&str> = blocks
        .iter()
        .filter_map(|event| event["content_block"]["type"].as_str())
        .collect();
    assert_eq!(kinds, vec!["thinking", "text", "tool_use"]);
    assert_eq!(sse.of_type("content_block_stop").len(), 3);

    let deltas = sse.of_type("content_block_delta");
    let joined = |index: u64, kind: &str, field: &str| -> String {
        deltas
            .iter()
            .filter(|event| event["index"] == index && event["delta"]["type"] == kind)
            .filter_map(|event| event["delta"][field].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(
        joined(0, "thinking_delta", "thinking"),
        "Let me think this through"
    );
    assert!(!joined(0, "signature_delta", "signature").is_empty());
    assert_eq!(joined(1, "text_delta", "text"), "Running the command now.");
    let input: Value =
        serde_json::from_str(&joined(2, "input_json_delta", "partial_json")).expect("input JSON");
    assert_eq!(input["command"], "echo hello > out.txt");
    assert!(input["description"].is_string());
    let tool = &blocks[2]["content_block"];
    assert_eq!(tool["name"], "Bash");
    assert!(tool["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("toolu_")));

    let delta = &sse.of_type("message_delta")[0];
    assert_eq!(delta["delta"]["stop_reason"], "tool_use");
    assert_eq!(
        delta["usage"],
        json!({
            "input_tokens": 50,
            "cache_creation_input_tokens": 40,
            "cache_read_input_tokens": 900,
            "output_tokens": 22,
        })
    );
}

#[tokio::test]
async fn answers_without_streaming_when_stream_is_absent_or_false() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![
            Part::write_file("/ws/a.txt", "content"),
            Part::Mcp {
                server: "docs".into(),
                tool: "search".into(),
                arguments: json!({"q": "x"}),
            },
        ]),
        Reply::text("Plain answer.").with_usage(usage()),
    ]))
    .expect("server starts");

    let tools: Value = post(&server, PATH, &request(None))
        .await
        .json()
        .await
        .expect("JSON body");
    let text: Value = post(&server, PATH, &request(Some(false)))
        .await
        .json()
        .await
        .expect("JSON body");

    assert_eq!(tools["type"], "message");
    assert_eq!(tools["stop_reason"], "tool_use");
    assert_eq!(tools["content"][0]["name"], "Write");
    assert_eq!(
        tools["content"][0]["input"],
        json!({"file_path": "/ws/a.txt", "content": "content"})
    );
    assert_eq!(tools["content"][1]["name"], "mcp__docs__search");
    assert_eq!(tools["content"][1]["input"], json!({"q": "x"}));
    assert_eq!(text["stop_reason"], "end_turn");
    assert_eq!(
        text["content"],
        json!([{"type": "text", "text": "Plain answer."}])
    );
    assert_eq!(text["usage"]["cache_creation_input_tokens"], 40);
}

#[tokio::test]
async fn rate_limits_carry_retry_after_and_the_anthropic_error_shape() {
    let server = FakeServer::start(Scenario::new(vec![Reply::Error {
        status: 429,
        message: "slow down".into(),
        retry_after_secs: Some(7),
    }]))
    .expect("server starts");

    let response = post(&server, PATH, &request(Some(true))).await;

    assert_eq!(response.status(), 429);
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("7")
    );
    let body: Value = response.json().await.expect("JSON error");
    assert_eq!(
        body,
        json!({"type": "error", "error": {"type": "rate_limit_error", "message": "slow down"}})
    );
}

#[tokio::test]
async fn a_stream_error_is_an_error_event() {
    let server = FakeServer::start(Scenario::new(vec![Reply::StreamError {
        message: "overloaded".into(),
    }]))
    .expect("server starts");

    let sse = read_sse(post(&server, PATH, &request(Some(true))).await).await;

    assert_eq!(sse.names(), vec!["message_start", "error"]);
    assert_eq!(sse.of_type("error")[0]["error"]["message"], "overloaded");
}

#[tokio::test]
async fn an_aborted_stream_breaks_the_connection_before_message_stop() {
    let server = FakeServer::start(Scenario::new(vec![Reply::CutOff {
        parts: vec![Part::text("half an answer")],
        usage: Usage::default(),
        after_events: None,
        abort: true,
    }]))
    .expect("server starts");

    let sse = read_sse(post(&server, PATH, &request(Some(true))).await).await;

    assert!(sse.broke, "the client must see a transport error");
    assert!(sse.names().contains(&"content_block_delta"));
    assert!(!sse.names().contains(&"message_stop"));
    assert!(!sse.names().contains(&"message_delta"));
}

#[tokio::test]
async fn a_cut_off_json_answer_is_aborted_halfway() {
    let server = FakeServer::start(Scenario::new(vec![Reply::CutOff {
        parts: vec![Part::text("half an answer")],
        usage: Usage::default(),
        after_events: None,
        abort: false,
    }]))
    .expect("server starts");

    let response = post(&server, PATH, &request(Some(false))).await;

    assert_eq!(response.status(), 200);
    assert!(
        response.bytes().await.is_err(),
        "the body must not complete"
    );
}
