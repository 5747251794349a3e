//! Chat Completions: streaming, fragmented tool calls, reasoning_content,
//! the usage chunk, and no key needed.

use fake_llm::{FakeServer, Part, Reply, Scenario, Usage};
use serde_json::json;
use zwarm_llm::{Item, LlmClient, Provider, Request, StopReason, StreamEvent, TokenUsage};

use crate::common::{
    body, call, client, config, list_files_tool, reasoning_deltas, text_deltas, MODEL,
};

const PROVIDER: Provider = Provider::ChatCompletions;

#[tokio::test]
async fn streams_text_without_a_key() {
    let text = "A local model answers in several chunks.";
    let server = FakeServer::start(Scenario::new(vec![Reply::text(text)])).expect("server");
    let mut config = config(&server, PROVIDER);
    config.api_key = None;
    let client = LlmClient::new(config).expect("no key is fine for a local server");
    let request = Request::new("You are the pilot.", vec![Item::user("hi")]);

    let (result, events) = call(&client, &request).await;

    let completion = result.expect("completes");
    let (streamed, pieces) = text_deltas(&events);
    assert_eq!(streamed, text);
    assert!(pieces > 1);
    assert_eq!(completion.items, vec![Item::assistant(text)]);
    assert_eq!(completion.stop_reason, StopReason::EndTurn);
    assert_eq!(completion.model, MODEL);

    let requests = server.requests();
    assert_eq!(requests[0].route(), "/v1/chat/completions");
    assert_eq!(requests[0].header("authorization"), None);
    let sent = body(&server, 0);
    assert_eq!(sent["stream_options"], json!({"include_usage": true}));
    assert_eq!(
        sent["messages"],
        json!([
            {"role": "system", "content": "You are the pilot."},
            {"role": "user", "content": "hi"},
        ])
    );
}

#[tokio::test]
async fn fragmented_tool_calls_round_trip() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![
            Part::text("Checking."),
            Part::Tool {
                name: "list_files".into(),
                arguments: json!({"dir": "src"}),
            },
            Part::Tool {
                name: "list_files".into(),
                arguments: json!({"dir": "tests"}),
            },
        ]),
        Reply::text("Both listed."),
    ]))
    .expect("server");
    let client = client(&server, PROVIDER);
    let mut request =
        Request::new("", vec![Item::user("list both")]).with_tools(vec![list_files_tool()]);

    let (result, events) = call(&client, &request).await;
    let first = result.expect("first call completes");
    assert_eq!(first.stop_reason, StopReason::ToolUse);
    let calls: Vec<(String, serde_json::Value)> = first
        .tool_calls()
        .map(|(id, _, arguments)| (id.to_string(), arguments.clone()))
        .collect();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].1, json!({"dir": "src"}));
    assert_eq!(calls[1].1, json!({"dir": "tests"}));
    assert_ne!(calls[0].0, calls[1].0);
    let announced = events
        .iter()
        .filter(|event| matches!(event, StreamEvent::ToolCall { .. }))
        .count();
    assert_eq!(announced, 2);
    assert_eq!(
        body(&server, 0)["tools"][0]["function"]["name"],
        "list_files"
    );

    request.items.extend(first.items.clone());
    request.items.push(Item::tool_result(&calls[0].0, "a.rs"));
    request
        .items
        .push(Item::tool_error(&calls[1].0, "permission denied"));
    let (result, _) = call(&client, &request).await;
    assert_eq!(
        result.expect("second call completes").text(),
        "Both listed."
    );

    let messages = body(&server, 1)["messages"].clone();
    assert_eq!(
        messages[1],
        json!({"role": "assistant", "content": "Checking.", "tool_calls": [
            {"id": calls[0].0, "type": "function",
             "function": {"name": "list_files", "arguments": r#"{"dir":"src"}"#}},
            {"id": calls[1].0, "type": "function",
             "function": {"name": "list_files", "arguments": r#"{"dir":"tests"}"#}},
        ]})
    );
    assert_eq!(
        messages[2],
        json!({"role": "tool", "tool_call_id": calls[0].0, "content": "a.rs"})
    );
    assert_eq!(
        messages[3],
        json!({"role": "tool", "tool_call_id": calls[1].0, "content": "Error: permission denied"})
    );
}

#[tokio::test]
async fn reasoning_content_streams_and_is_not_sent_back() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![
            Part::reasoning("The user wants a number, pick one."),
            Part::text("7"),
        ]),
        Reply::text("ok"),
    ]))
    .expect("server");
    let client = client(&server, PROVIDER);
    let mut request = Request::new("", vec![Item::user("a number?")]);

    let (result, events) = call(&client, &request).await;

    let completion = result.expect("completes");
    assert_eq!(
        reasoning_deltas(&events),
        "The user wants a number, pick one."
    );
    assert_eq!(
        completion.items,
        vec![
            Item::Reasoning {
                text: "The user wants a number, pick one.".into(),
                opaque: None,
            },
            Item::assistant("7"),
        ]
    );
    request.items.extend(completion.items);
    request.items.push(Item::user("thanks"));
    let (result, _) = call(&client, &request).await;
    result.expect("second call completes");
    assert_eq!(
        body(&server, 1)["messages"],
        json!([
            {"role": "user", "content": "a number?"},
            {"role": "assistant", "content": "7"},
            {"role": "user", "content": "thanks"},
        ])
    );
}

#[tokio::test]
async fn usage_comes_from_the_last_chunk() {
    let usage = Usage {
        input_tokens: 70,
        cached_input_tokens: 10,
        cache_creation_input_tokens: 0,
        output_tokens: 5,
        reasoning_tokens: 2,
    };
    let server = FakeServer::start(Scenario::new(vec![Reply::text("ok").with_usage(usage)]))
        .expect("server");

    let (result, _) = call(
        &client(&server, PROVIDER),
        &Request::new("", vec![Item::user("x")]),
    )
    .await;

    assert_eq!(
        result.expect("completes").usage,
        TokenUsage {
            input_tokens: 70,
            cached_input_tokens: 10,
            cache_write_input_tokens: 0,
            output_tokens: 5,
            reasoning_output_tokens: 2,
        }
    );
}

#[tokio::test]
async fn events_can_go_to_another_task() {
    let server = FakeServer::start(Scenario::new(vec![Reply::text("over a channel we go")]))
        .expect("server");
    let (mut sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(async move {
        let mut text = String::new();
        while let Some(event) = receiver.recv().await {
            if let StreamEvent::TextDelta { text: piece } = event {
                text.push_str(&piece);
            }
        }
        text
    });

    let completion = client(&server, PROVIDER)
        .complete(
            &Request::new("", vec![Item::user("x")]),
            &mut sender,
            &zwarm_llm::CancellationToken::new(),
        )
        .await
        .expect("completes");
    drop(sender);

    assert_eq!(reader.await.expect("reader"), completion.text());
}
