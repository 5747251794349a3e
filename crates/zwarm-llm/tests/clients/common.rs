//! Shared helpers: a client pointed at a fake server, and a call that
//! records what reached the sink.

use std::time::Duration;

use fake_llm::{FakeServer, Protocol, RecordedRequest};
use serde_json::{json, Value};
use zwarm_llm::{
    CancellationToken, Completion, LlmClient, LlmError, Provider, ProviderConfig, Request,
    RetryPolicy, StreamEvent, ToolSpec,
};

pub const MODEL: &str = "test-model";
pub const KEY: &str = "test-key";
pub const ALL: [Provider; 3] = [
    Provider::OpenAiResponses,
    Provider::Anthropic,
    Provider::ChatCompletions,
];

/// A config for `server` with a key, quick retries and short timeouts.
pub fn config(server: &FakeServer, provider: Provider) -> ProviderConfig {
    let mut config = ProviderConfig::new(provider, MODEL)
        .with_base_url(format!("{}/v1", server.base_url()))
        .with_api_key(KEY);
    config.retry = RetryPolicy {
        max_retries: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_secs(5),
    };
    config.request_timeout = Duration::from_secs(20);
    config.total_timeout = Some(Duration::from_secs(60));
    config
}

pub fn client(server: &FakeServer, provider: Provider) -> LlmClient {
    LlmClient::new(config(server, provider)).expect("client builds")
}

/// The fake's protocol for one of ours.
pub fn protocol(provider: Provider) -> Protocol {
    match provider {
        Provider::OpenAiResponses => Protocol::Responses,
        Provider::Anthropic => Protocol::Anthropic,
        Provider::ChatCompletions => Protocol::Chat,
    }
}

/// One call, with the events the sink received.
pub async fn call(
    client: &LlmClient,
    request: &Request,
) -> (Result<Completion, LlmError>, Vec<StreamEvent>) {
    call_with(client, request, &CancellationToken::new()).await
}

pub async fn call_with(
    client: &LlmClient,
    request: &Request,
    cancel: &CancellationToken,
) -> (Result<Completion, LlmError>, Vec<StreamEvent>) {
    let mut events = Vec::new();
    let mut sink = |event: StreamEvent| events.push(event);
    let result = client.complete(request, &mut sink, cancel).await;
    (result, events)
}

/// The text deltas joined.
pub fn text_deltas(events: &[StreamEvent]) -> (String, usize) {
    let pieces: Vec<&str> = events
        .iter()
        .filter_map(|event| match event {
            StreamEvent::TextDelta { text } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    (pieces.concat(), pieces.len())
}

/// The reasoning deltas joined.
pub fn reasoning_deltas(events: &[StreamEvent]) -> String {
    events
        .iter()
        .filter_map(|event| match event {
            StreamEvent::ReasoningDelta { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// The JSON body of the `n`th recorded model request.
pub fn body(server: &FakeServer, n: usize) -> Value {
    let requests: Vec<RecordedRequest> = server.requests();
    requests
        .get(n)
        .and_then(|request| request.body.clone())
        .unwrap_or_else(|| panic!("no JSON body for request {n} of {}", requests.len()))
}

/// A tool the tests offer.
pub fn list_files_tool() -> ToolSpec {
    ToolSpec {
        name: "list_files".into(),
        description: "List the files of a directory.".into(),
        parameters: json!({
            "type": "object",
            "properties": {"dir": {"type": "string"}},
            "required": ["dir"],
        }),
    }
}
