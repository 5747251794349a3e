//! OpenAI Responses: streaming, tools, reasoning summaries, usage, wire shape.

use fake_llm::{FakeServer, Part, Reply, Scenario, Usage};
use serde_json::json;
use zwarm_llm::{
    Item, OpaqueReasoning, Provider, ReasoningEffort, ReasoningOptions, Request, StopReason,
    StreamEvent, TokenUsage,
};

use crate::common::{
    body, call, client, list_files_tool, reasoning_deltas, text_deltas, KEY, MODEL,
};

const PROVIDER: Provider = Provider::OpenAiResponses;

#[tokio::test]
async fn streams_text_and_sends_the_system_prompt() {
    let text = "Hello there, this is a streamed answer.";
    let server = FakeServer::start(Scenario::new(vec![Reply::text(text)])).expect("server");
    let request = Request::new("You are the pilot.", vec![Item::user("hi")]);

    let (result, events) = call(&client(&server, PROVIDER), &request).await;

    let completion = result.expect("completes");
    let (streamed, pieces) = text_deltas(&events);
    assert_eq!(streamed, text);
    assert!(pieces > 1, "expected several deltas, got {pieces}");
    assert_eq!(completion.items, vec![Item::assistant(text)]);
    assert_eq!(completion.text(), text);
    assert_eq!(completion.stop_reason, StopReason::EndTurn);
    assert_eq!(completion.model, MODEL);

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].route(), "/v1/responses");
    assert_eq!(
        requests[0].header("authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    let sent = body(&server, 0);
    assert_eq!(sent["instructions"], "You are the pilot.");
    assert_eq!(sent["stream"], true);
    assert_eq!(sent["model"], MODEL);
    assert_eq!(
        sent["input"],
        json!([{"type": "message", "role": "user", "content": [{"type": "input_text", "text": "hi"}]}])
    );
}

#[tokio::test]
async fn a_tool_call_round_trip() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::parts(vec![
            Part::text("Let me look."),
            Part::Tool {
                name: "list_files".into(),
                arguments: json!({"dir": "src"}),
            },
        ]),
        Reply::text("There are two files."),
    ]))
    .expect("server");
    let client = client(&server, PROVIDER);
    let mut request = Request::new("sys", vec![Item::user("what is in src?")])
        .with_tools(vec![list_files_tool()]);

    let (result, events) = call(&client, &request).await;
    let first = result.expect("first call completes");
    assert_eq!(first.stop_reason, StopReason::ToolUse);
    let calls: Vec<_> = first.tool_calls().collect();
    assert_eq!(calls.len(), 1);
    let (call_id, name, arguments) = calls[0];
    assert_eq!(name, "list_files");
    assert_eq!(arguments, &json!({"dir": "src"}));
    assert!(!call_id.is_empty());
    assert!(events.contains(&StreamEvent::ToolCall {
        call_id: call_id.to_string(),
        name: name.to_string(),
        arguments: arguments.clone(),
    }));
    assert!(matches!(first.items[0], Item::Assistant { .. }));
    let call_id = call_id.to_string();

    let sent = body(&server, 0);
    assert_eq!(sent["tools"][0]["type"], "function");
    assert_eq!(sent["tools"][0]["name"], "list_files");
    assert_eq!(sent["tools"][0]["parameters"]["required"], json!(["dir"]));

    request.items.extend(first.items.clone());
    request
        .items
        .push(Item::tool_result(&call_id, "a.rs\nb.rs"));
    let (result, _) = call(&client, &request).await;
    assert_eq!(
        result.expect("second call completes").text(),
        "There are two files."
    );

    let input = body(&server, 1)["input"].clone();
    assert_eq!(
        input[2],
        json!({"type": "function_call", "call_id": call_id, "name": "list_files",
               "arguments": r#"{"dir":"src"}"#})
    );
    assert_eq!(
        input[3],
        json!({"type": "function_call_output", "call_id": call_id, "output": "a.rs\nb.rs"})
    );
    assert_eq!(input[1]["role"], "assistant");
    assert_eq!(input[1]["content"][0]["text"], "Let me look.");
}

#[tokio::test]
async fn reasoning_summaries_stream_and_become_items() {
    let server = FakeServer::start(Scenario::new(vec![Reply::parts(vec![
        Part::reasoning("First I think about the question carefully."),
        Part::text("42"),
    ])]))
    .expect("server");
    let mut request = Request::new("", vec![Item::user("answer?")]);
    request.reasoning = Some(ReasoningOptions {
        effort: Some(ReasoningEffort::Low),
        summaries: true,
        budget_tokens: None,
    });

    let (result, events) = call(&client(&server, PROVIDER), &request).await;

    let completion = result.expect("completes");
    assert_eq!(
        reasoning_deltas(&events),
        "First I think about the question carefully."
    );
    assert_eq!(completion.items.len(), 2);
    match &completion.items[0] {
        Item::Reasoning { text, opaque } => {
            assert_eq!(text, "First I think about the question carefully.");
            assert!(matches!(
                opaque,
                Some(OpaqueReasoning::OpenaiResponses { id, .. }) if !id.is_empty()
            ));
        }
        other => panic!("expected reasoning first, got {other:?}"),
    }
    assert_eq!(completion.items[1], Item::assistant("42"));
    let sent = body(&server, 0);
    assert_eq!(
        sent["reasoning"],
        json!({"effort": "low", "summary": "auto"})
    );
    assert_eq!(sent["include"], json!(["reasoning.encrypted_content"]));
    assert!(
        sent.get("instructions").is_none(),
        "an empty system prompt is not sent"
    );
}

#[tokio::test]
async fn usage_is_reported_exactly() {
    let usage = Usage {
        input_tokens: 1200,
        cached_input_tokens: 800,
        cache_creation_input_tokens: 0,
        output_tokens: 90,
        reasoning_tokens: 40,
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
            input_tokens: 1200,
            cached_input_tokens: 800,
            cache_write_input_tokens: 0,
            output_tokens: 90,
            reasoning_output_tokens: 40,
        }
    );
}
