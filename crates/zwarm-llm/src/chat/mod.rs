//! OpenAI-compatible Chat Completions: `POST {base}/chat/completions` with
//! `stream: true` and `stream_options.include_usage`, as served by OpenAI,
//! Ollama, LM Studio, vLLM, llama.cpp and most proxies.
//!
//! Servers differ in the details, so the decoder is lenient where it costs
//! nothing: tool calls may lack ids (we make one up), reasoning arrives as
//! `reasoning_content` or `reasoning`, and a stream that ends cleanly after
//! its `finish_reason` but without `[DONE]` is accepted. A stream that ends
//! before either is cut off.

mod stream;

pub(crate) use stream::StreamDecoder;

use serde_json::{json, Map, Value};

use crate::config::ProviderConfig;
use crate::types::{arguments_to_wire, Item, Request};

/// The JSON body for `request`.
pub(crate) fn request_body(config: &ProviderConfig, request: &Request) -> Value {
    let mut body = Map::new();
    body.insert("model".into(), json!(config.model));
    body.insert("messages".into(), Value::Array(messages(request)));
    if !request.tools.is_empty() {
        let tools: Vec<Value> = request
            .tools
            .iter()
            .map(|tool| {
                json!({
                    "type": "function",
                    "function": {
                        "name": tool.name,
                        "description": tool.description,
                        "parameters": tool.parameters,
                    },
                })
            })
            .collect();
        body.insert("tools".into(), Value::Array(tools));
    }
    body.insert("stream".into(), json!(true));
    body.insert("stream_options".into(), json!({"include_usage": true}));
    if let Some(max) = request.max_output_tokens {
        // `max_tokens`, not OpenAI's newer `max_completion_tokens`: it is
        // the one every compatible server understands.
        body.insert("max_tokens".into(), json!(max));
    }
    if let Some(temperature) = request.temperature {
        body.insert("temperature".into(), json!(temperature));
    }
    if let Some(effort) = request
        .reasoning
        .as_ref()
        .and_then(|options| options.effort)
    {
        body.insert("reasoning_effort".into(), json!(effort.as_str()));
    }
    Value::Object(body)
}

/// The conversation as chat messages: tool calls join the assistant
/// message before them, results are `role: tool` messages. Reasoning is not
/// sent back; the protocol has no place for it.
fn messages(request: &Request) -> Vec<Value> {
    let mut messages = Vec::new();
    if !request.system.is_empty() {
        messages.push(json!({"role": "system", "content": request.system}));
    }
    for item in &request.items {
        match item {
            Item::User { text } => messages.push(json!({"role": "user", "content": text})),
            Item::Assistant { text } => {
                messages.push(json!({"role": "assistant", "content": text}));
            }
            Item::ToolCall {
                call_id,
                name,
                arguments,
            } => {
                let call = json!({
                    "id": call_id,
                    "type": "function",
                    "function": {"name": name, "arguments": arguments_to_wire(arguments)},
                });
                let open_assistant = messages
                    .last_mut()
                    .filter(|last| last["role"] == "assistant");
                match open_assistant {
                    Some(last) => match last.get_mut("tool_calls").and_then(Value::as_array_mut) {
                        Some(calls) => calls.push(call),
                        None => last["tool_calls"] = json!([call]),
                    },
                    None => messages.push(json!({
                        "role": "assistant",
                        "content": Value::Null,
                        "tool_calls": [call],
                    })),
                }
            }
            Item::ToolResult {
                call_id,
                output,
                is_error,
            } => messages.push(json!({
                "role": "tool",
                "tool_call_id": call_id,
                // The protocol has no error flag; say it in the output.
                "content": if *is_error { format!("Error: {output}") } else { output.clone() },
            })),
            Item::Reasoning { .. } => {}
        }
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Provider;
    use crate::wire::str_at;

    #[test]
    fn tool_calls_join_their_assistant_message() {
        let config = ProviderConfig::new(Provider::ChatCompletions, "qwen");
        let request = Request::new(
            "sys",
            vec![
                Item::user("hi"),
                Item::Reasoning {
                    text: "hmm".into(),
                    opaque: None,
                },
                Item::assistant("looking"),
                Item::ToolCall {
                    call_id: "a".into(),
                    name: "ls".into(),
                    arguments: json!({}),
                },
                Item::ToolCall {
                    call_id: "b".into(),
                    name: "cat".into(),
                    arguments: json!("{broken"),
                },
                Item::tool_result("a", "x"),
                Item::tool_error("b", "y"),
            ],
        );
        let body = request_body(&config, &request);
        assert_eq!(body["stream_options"]["include_usage"], true);
        let messages = body["messages"].as_array().expect("messages");
        let roles: Vec<&str> = messages.iter().map(|m| str_at(m, "role")).collect();
        assert_eq!(roles, ["system", "user", "assistant", "tool", "tool"]);
        assert_eq!(messages[2]["content"], "looking");
        assert_eq!(
            messages[2]["tool_calls"][1]["function"]["arguments"],
            "{broken"
        );
        assert_eq!(messages[4]["content"], "Error: y");
    }
}
