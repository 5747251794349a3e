//! OpenAI Responses API: `POST {base}/responses` with `stream: true`.
//!
//! Calls are stateless (`store: false`, the whole conversation as `input`),
//! so reasoning can only be replayed through its `encrypted_content`, which
//! we ask for whenever reasoning options are set. The answer is read from
//! `response.output_item.done` items (deltas only feed the live display) and
//! is complete only with `response.completed` or `response.incomplete`.

mod stream;

pub(crate) use stream::StreamDecoder;

use serde_json::{json, Map, Value};

use crate::config::ProviderConfig;
use crate::types::{arguments_to_wire, Item, OpaqueReasoning, Request};

/// The JSON body for `request`.
pub(crate) fn request_body(config: &ProviderConfig, request: &Request) -> Value {
    let mut body = Map::new();
    body.insert("model".into(), json!(config.model));
    if !request.system.is_empty() {
        body.insert("instructions".into(), json!(request.system));
    }
    body.insert("input".into(), Value::Array(input(&request.items)));
    if !request.tools.is_empty() {
        let tools: Vec<Value> = request
            .tools
            .iter()
            .map(|tool| {
                json!({
                    "type": "function",
                    "name": tool.name,
                    "description": tool.description,
                    "parameters": tool.parameters,
                    "strict": false,
                })
            })
            .collect();
        body.insert("tools".into(), Value::Array(tools));
        body.insert("tool_choice".into(), json!("auto"));
    }
    body.insert("stream".into(), json!(true));
    body.insert("store".into(), json!(false));
    if let Some(max) = request.max_output_tokens {
        body.insert("max_output_tokens".into(), json!(max));
    }
    if let Some(temperature) = request.temperature {
        body.insert("temperature".into(), json!(temperature));
    }
    if let Some(reasoning) = &request.reasoning {
        let mut options = Map::new();
        if let Some(effort) = reasoning.effort {
            options.insert("effort".into(), json!(effort.as_str()));
        }
        if reasoning.summaries {
            options.insert("summary".into(), json!("auto"));
        }
        body.insert("reasoning".into(), Value::Object(options));
        body.insert("include".into(), json!(["reasoning.encrypted_content"]));
    }
    Value::Object(body)
}

/// The conversation as Responses input items.
fn input(items: &[Item]) -> Vec<Value> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::User { text } => Some(json!({
                "type": "message",
                "role": "user",
                "content": [{"type": "input_text", "text": text}],
            })),
            Item::Assistant { text } if text.is_empty() => None,
            Item::Assistant { text } => Some(json!({
                "type": "message",
                "role": "assistant",
                "content": [{"type": "output_text", "text": text}],
            })),
            Item::Reasoning {
                text,
                opaque:
                    Some(OpaqueReasoning::OpenaiResponses {
                        encrypted_content: Some(encrypted),
                        ..
                    }),
            } => {
                // The id is left out: with `store: false` OpenAI cannot
                // look it up, and the encrypted content is what it needs.
                let summary: Vec<Value> = if text.is_empty() {
                    vec![]
                } else {
                    vec![json!({"type": "summary_text", "text": text})]
                };
                Some(json!({
                    "type": "reasoning",
                    "summary": summary,
                    "encrypted_content": encrypted,
                }))
            }
            // Other providers' reasoning, or ours without encrypted content,
            // cannot be replayed.
            Item::Reasoning { .. } => None,
            Item::ToolCall {
                call_id,
                name,
                arguments,
            } => Some(json!({
                "type": "function_call",
                "call_id": call_id,
                "name": name,
                "arguments": arguments_to_wire(arguments),
            })),
            Item::ToolResult {
                call_id,
                output,
                is_error,
            } => Some(json!({
                "type": "function_call_output",
                "call_id": call_id,
                // The protocol has no error flag; say it in the output.
                "output": if *is_error { format!("Error: {output}") } else { output.clone() },
            })),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Provider;
    use crate::types::{ReasoningEffort, ReasoningOptions, ToolSpec};

    #[test]
    fn the_body_carries_everything() {
        let config = ProviderConfig::new(Provider::OpenAiResponses, "gpt-x");
        let request = Request {
            system: "be brief".into(),
            items: vec![
                Item::user("hi"),
                Item::Reasoning {
                    text: "plan".into(),
                    opaque: Some(OpaqueReasoning::OpenaiResponses {
                        id: "rs_1".into(),
                        encrypted_content: Some("enc".into()),
                    }),
                },
                Item::Reasoning {
                    text: "foreign".into(),
                    opaque: Some(OpaqueReasoning::AnthropicThinking {
                        signature: "s".into(),
                    }),
                },
                Item::ToolCall {
                    call_id: "c1".into(),
                    name: "ls".into(),
                    arguments: json!({"dir": "."}),
                },
                Item::tool_error("c1", "no such dir"),
                Item::assistant("done"),
            ],
            tools: vec![ToolSpec {
                name: "ls".into(),
                description: "list".into(),
                parameters: json!({"type": "object"}),
            }],
            max_output_tokens: Some(100),
            temperature: None,
            reasoning: Some(ReasoningOptions {
                effort: Some(ReasoningEffort::High),
                summaries: true,
                budget_tokens: None,
            }),
        };
        let body = request_body(&config, &request);
        assert_eq!(body["instructions"], "be brief");
        assert_eq!(body["store"], false);
        assert_eq!(
            body["reasoning"],
            json!({"effort": "high", "summary": "auto"})
        );
        assert_eq!(body["include"], json!(["reasoning.encrypted_content"]));
        assert_eq!(body["tools"][0]["name"], "ls");
        let input = body["input"].as_array().expect("input array");
        assert_eq!(input.len(), 5, "{input:?}");
        assert_eq!(input[1]["encrypted_content"], "enc");
        assert_eq!(input[2]["arguments"], r#"{"dir":"."}"#);
        assert_eq!(input[3]["output"], "Error: no such dir");
        assert_eq!(input[4]["content"][0]["type"], "output_text");
    }
}
