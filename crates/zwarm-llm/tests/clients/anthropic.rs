//! Anthropic Messages: streaming, tool use, thinking, cache usage, headers.

use fake_llm::{FakeServer, Part, Reply, Scenario, Usage};
use serde_json::json;
use zwarm_llm::{
    Item, OpaqueReasoning, Provider, ReasoningEffort, ReasoningOptions, Request, StopReason,
    StreamEvent, TokenUsage,
};

use crate::common::{
    body, call, client, list_files_tool, reasoning_deltas, text_deltas, KEY, MODEL,
};

const PROVIDER: Provider = Provider::Anthropic;

/// The signature fake-llm puts on thinking blocks.
const FAKE_SIGNATURE: &str = "ZmFrZS1zaWduYXR1cmU=";

#[tokio::test]
async fn streams_text_with_the_right_headers_and_system() {
    let text = "Hello from a fake Claude, streamed in pieces.";
    let server = FakeServer::start(Scenario::new(vec![Reply::text(text)])).expect("server");
    let request = Request::new("You are the pilot.", vec![Item::user("hi")]);

    let (result, events) = call(&client(&server, PROVIDER), &request).await;

    let completion = result.expect("completes");
    let (streamed, pieces) = text_deltas(&events);
    assert_eq!(streamed, text);
    assert!(pieces > 1);
    assert_eq!(completion.items, vec![Item::assistant(text)]);
    assert_eq!(completion.stop_reason, StopReason::EndTurn);
    assert_eq!(completion.model, MODEL);

    let requests = server.requests();
    assert_eq!(requests[0].route(), "/v1/messages");
    assert_eq!(requests[0].header("x-api-key"), Some(KEY));
    assert_eq!(requests[0].header("anthropic-version"), Some("2023-06-01"));
    assert_eq!(requests[0].header("authorization"), None);
    let sent = body(&server, 0);
    assert_eq!(sent["system"][0]["text"], "You are the pilot.");
    assert_eq!(sent["system"][0]["cache_control"]["type"], "ephemeral");
    assert!(sent["max_tokens"].as_u64().is_some_and(|max| max > 0));
    assert_eq!(
        sent["messages"],
        json!([{"role": "user", "content": [
            {"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}}
        ]}])
    );
}

#[tokio::test]
async fn tool_use_round_trip_with_thinking_replayed() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![
            Part::reasoning("I should list the directory."),
            Part::Tool {
                name: "list_files".into(),
                arguments: json!({"dir": "src", "depth": 2}),
            },
        ]),
        Reply::text("Two files."),
    ]))
    .expect("server");
    let client = client(&server, PROVIDER);
    let mut request = Request::new("sys", vec![Item::user("what is in src?")])
        .with_tools(vec![list_files_tool()]);

    let (result, events) = call(&client, &request).await;
    let first = result.expect("first call completes");
    assert_eq!(first.stop_reason, StopReason::ToolUse);
    let (call_id, name, arguments) = first.tool_calls().next().expect("a tool call");
    // The fake streams the input JSON in two fragments that are not JSON alone.
    assert_eq!(arguments, &json!({"dir": "src", "depth": 2}));
    assert_eq!(name, "list_files");
    assert!(events
        .iter()
        .any(|event| matches!(event, StreamEvent::ToolCall { .. })));
    let call_id = call_id.to_string();
    assert_eq!(
        body(&server, 0)["tools"][0]["input_schema"]["type"],
        "object"
    );

    request.items.extend(first.items.clone());
    request
        .items
        .push(Item::tool_result(&call_id, "a.rs\nb.rs"));
    let (result, _) = call(&client, &request).await;
    assert_eq!(result.expect("second call completes").text(), "Two files.");

    let messages = body(&server, 1)["messages"].clone();
    assert_eq!(messages.as_array().map(Vec::len), Some(3));
    assert_eq!(
        messages[1],
        json!({"role": "assistant", "content": [
            {"type": "thinking", "thinking": "I should list the directory.", "signature": FAKE_SIGNATURE},
            {"type": "tool_use", "id": call_id, "name": "list_files", "input": {"dir": "src", "depth": 2}},
        ]})
    );
    assert_eq!(
        messages[2],
        json!({"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": call_id, "content": "a.rs\nb.rs",
             "cache_control": {"type": "ephemeral"}},
        ]})
    );
}

#[tokio::test]
async fn thinking_streams_and_keeps_its_signature() {
    let server = FakeServer::start(Scenario::new(vec![Reply::parts(vec![
        Part::reasoning("Let me think step by step about this."),
        Part::text("Done thinking."),
    ])]))
    .expect("server");
    let mut request = Request::new("", vec![Item::user("think")]);
    request.reasoning = Some(ReasoningOptions {
        effort: Some(ReasoningEffort::Low),
        summaries: false,
        budget_tokens: None,
    });

    let (result, events) = call(&client(&server, PROVIDER), &request).await;

    let completion = result.expect("completes");
    assert_eq!(
        reasoning_deltas(&events),
        "Let me think step by step about this."
    );
    assert_eq!(
        completion.items,
        vec![
            Item::Reasoning {
                text: "Let me think step by step about this.".into(),
                opaque: Some(OpaqueReasoning::AnthropicThinking {
                    signature: FAKE_SIGNATURE.into()
                }),
            },
            Item::assistant("Done thinking."),
        ]
    );
    let sent = body(&server, 0);
    assert_eq!(
        sent["thinking"],
        json!({"type": "enabled", "budget_tokens": 2048})
    );
    assert!(sent.get("system").is_none());
}

#[tokio::test]
async fn usage_is_converted_to_the_openai_convention() {
    let usage = Usage {
        input_tokens: 100,
        cached_input_tokens: 3000,
        cache_creation_input_tokens: 500,
        output_tokens: 42,
        reasoning_tokens: 0,
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
            input_tokens: 3600,
            cached_input_tokens: 3000,
            cache_write_input_tokens: 500,
            output_tokens: 42,
            reasoning_output_tokens: 0,
        }
    );
}
