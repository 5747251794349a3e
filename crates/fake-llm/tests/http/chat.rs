//! OpenAI-compatible Chat Completions: what our own pilot clients read.

use fake_llm::{FakeServer, Part, Reply, Scenario, Usage};
use serde_json::{json, Value};

use crate::client::{post, read_sse};

const PATH: &str = "/v1/chat/completions";

fn request(stream: bool, include_usage: bool) -> Value {
    let mut body = json!({
        "model": "gpt-test",
        "messages": [{"role": "user", "content": "hi"}],
        "stream": stream,
    });
    if include_usage {
        body["stream_options"] = json!({"include_usage": true});
    }
    body
}

fn usage() -> Usage {
    Usage {
        input_tokens: 70,
        cached_input_tokens: 10,
        cache_creation_input_tokens: 0,
        output_tokens: 5,
        reasoning_tokens: 2,
    }
}

#[tokio::test]
async fn streams_content_and_tool_call_deltas_then_usage_and_done() {
    let server = FakeServer::start(Scenario::new(vec![Reply::parts(vec![
        Part::text("Let me run that for you."),
        Part::shell("ls -la"),
        Part::Tool {
            name: "lookup".into(),
            arguments: json!({"key": "a"}),
        },
    ])
    .with_usage(usage())]))
    .expect("server starts");

    let sse = read_sse(post(&server, PATH, &request(true, true)).await).await;

    assert_eq!(sse.data().last(), Some(&"[DONE]"));
    let chunks = sse.json();
    assert!(chunks
        .iter()
        .all(|chunk| chunk["object"] == "chat.completion.chunk"));
    let content: String = chunks
        .iter()
        .filter_map(|chunk| chunk["choices"][0]["delta"]["content"].as_str())
        .collect();
    assert_eq!(content, "Let me run that for you.");

    let mut calls: Vec<(String, String)> = vec![];
    for chunk in &chunks {
        let Some(deltas) = chunk["choices"][0]["delta"]["tool_calls"].as_array() else {
            continue;
        };
        for delta in deltas {
            let index = delta["index"].as_u64().expect("index") as usize;
            if calls.len() <= index {
                calls.resize(index + 1, (String::new(), String::new()));
            }
            if let Some(name) = delta["function"]["name"].as_str() {
                calls[index].0.push_str(name);
            }
            if let Some(arguments) = delta["function"]["arguments"].as_str() {
                calls[index].1.push_str(arguments);
            }
        }
    }
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].0, "shell");
    let arguments: Value = serde_json::from_str(&calls[0].1).expect("arguments JSON");
    assert_eq!(arguments, json!({"command": "ls -la"}));
    assert_eq!(calls[1].0, "lookup");

    let finish: Vec<&str> = chunks
        .iter()
        .filter_map(|chunk| chunk["choices"][0]["finish_reason"].as_str())
        .collect();
    assert_eq!(finish, vec!["tool_calls"]);
    let usage_chunk = chunks.last().expect("a usage chunk");
    assert_eq!(usage_chunk["choices"], json!([]));
    assert_eq!(usage_chunk["usage"]["prompt_tokens"], 70);
    assert_eq!(usage_chunk["usage"]["completion_tokens"], 5);
    assert_eq!(usage_chunk["usage"]["total_tokens"], 75);
    assert_eq!(
        usage_chunk["usage"]["prompt_tokens_details"]["cached_tokens"],
        10
    );
}

#[tokio::test]
async fn usage_is_only_streamed_when_asked_for() {
    let server =
        FakeServer::start(Scenario::new(vec![Reply::text("short")])).expect("server starts");

    let sse = read_sse(post(&server, PATH, &request(true, false)).await).await;

    assert!(sse.json().iter().all(|chunk| chunk.get("usage").is_none()));
    let last_chunk = sse.json().last().cloned().expect("chunks");
    assert_eq!(last_chunk["choices"][0]["finish_reason"], "stop");
    assert_eq!(sse.data().last(), Some(&"[DONE]"));
}

#[tokio::test]
async fn answers_without_streaming() {
    let server = FakeServer::start(Scenario::new(vec![Reply::parts(vec![Part::write_file(
        "a.txt", "x",
    )])
    .with_usage(usage())]))
    .expect("server starts");

    let body: Value = post(&server, "/chat/completions", &request(false, false))
        .await
        .json()
        .await
        .expect("JSON body");

    assert_eq!(body["object"], "chat.completion");
    let choice = &body["choices"][0];
    assert_eq!(choice["finish_reason"], "tool_calls");
    assert_eq!(choice["message"]["content"], Value::Null);
    let call = &choice["message"]["tool_calls"][0];
    assert_eq!(call["function"]["name"], "write_file");
    let arguments: Value =
        serde_json::from_str(call["function"]["arguments"].as_str().expect("string"))
            .expect("arguments JSON");
    assert_eq!(arguments, json!({"path": "a.txt", "content": "x"}));
    assert_eq!(
        body["usage"]["completion_tokens_details"]["reasoning_tokens"],
        2
    );
}

#[tokio::test]
async fn a_stream_error_sends_an_error_chunk_and_no_done() {
    let server = FakeServer::start(Scenario::new(vec![Reply::StreamError {
        message: "backend died".into(),
    }]))
    .expect("server starts");

    let sse = read_sse(post(&server, PATH, &request(true, true)).await).await;

    assert!(!sse.data().contains(&"[DONE]"));
    let last = sse.json().last().cloned().expect("chunks");
    assert_eq!(last["error"]["message"], "backend died");
}
