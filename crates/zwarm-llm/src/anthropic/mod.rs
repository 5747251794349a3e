//! Anthropic Messages API: `POST {base}/messages` with `stream: true`.
//!
//! The conversation becomes alternating user / assistant messages: tool
//! results travel in user messages, thinking blocks (with their signatures)
//! must precede the tool use they led to. Usage is reported beside the
//! cache (`input_tokens` excludes cache reads and writes) and is converted to
//! OpenAI's convention here. The answer is complete only with `message_stop`.

mod stream;

pub(crate) use stream::StreamDecoder;

use serde_json::{json, Map, Value};

use crate::config::ProviderConfig;
use crate::types::{Item, OpaqueReasoning, ReasoningEffort, Request, DEFAULT_ANTHROPIC_MAX_TOKENS};
use crate::wire::str_at;

/// The `anthropic-version` header.
pub(crate) const API_VERSION: &str = "2023-06-01";

/// The JSON body for `request`.
pub(crate) fn request_body(config: &ProviderConfig, request: &Request) -> Value {
    let cache = || json!({"type": "ephemeral"});
    let mut body = Map::new();
    body.insert("model".into(), json!(config.model));
    let mut max_tokens = request
        .max_output_tokens
        .unwrap_or(DEFAULT_ANTHROPIC_MAX_TOKENS);
    let thinking_budget = request.reasoning.as_ref().map(|reasoning| {
        let effort = reasoning.effort.unwrap_or(ReasoningEffort::Medium);
        // The API's minimum budget is 1024 tokens.
        reasoning
            .budget_tokens
            .unwrap_or_else(|| effort.anthropic_budget())
            .max(1024)
    });
    if let Some(budget) = thinking_budget {
        // The budget is part of `max_tokens` and must stay below it.
        max_tokens = max_tokens.max(budget.saturating_add(1024));
    }
    body.insert("max_tokens".into(), json!(max_tokens));
    if !request.system.is_empty() {
        let mut block = json!({"type": "text", "text": request.system});
        if config.prompt_caching {
            block["cache_control"] = cache();
        }
        body.insert("system".into(), json!([block]));
    }
    let mut messages = messages(&request.items);
    if config.prompt_caching {
        let last_block = messages
            .last_mut()
            .and_then(|message| message.get_mut("content"))
            .and_then(Value::as_array_mut)
            .and_then(|blocks| blocks.last_mut());
        if let Some(block) = last_block {
            if !matches!(str_at(block, "type"), "thinking" | "redacted_thinking") {
                block["cache_control"] = cache();
            }
        }
    }
    body.insert("messages".into(), Value::Array(messages));
    if !request.tools.is_empty() {
        let tools: Vec<Value> = request
            .tools
            .iter()
            .map(|tool| {
                json!({
                    "name": tool.name,
                    "description": tool.description,
                    "input_schema": tool.parameters,
                })
            })
            .collect();
        body.insert("tools".into(), Value::Array(tools));
    }
    body.insert("stream".into(), json!(true));
    match thinking_budget {
        Some(budget) => {
            // Extended thinking allows no temperature but the default.
            body.insert(
                "thinking".into(),
                json!({"type": "enabled", "budget_tokens": budget}),
            );
        }
        None => {
            if let Some(temperature) = request.temperature {
                body.insert("temperature".into(), json!(temperature));
            }
        }
    }
    Value::Object(body)
}

/// The conversation as alternating messages, consecutive items of one role
/// merged into one message's content blocks.
fn messages(items: &[Item]) -> Vec<Value> {
    let mut messages: Vec<(&'static str, Vec<Value>)> = Vec::new();
    for item in items {
        let (role, block) = match item {
            Item::User { text } if !text.is_empty() => {
                ("user", json!({"type": "text", "text": text}))
            }
            Item::ToolResult {
                call_id,
                output,
                is_error,
            } => {
                let mut block =
                    json!({"type": "tool_result", "tool_use_id": call_id, "content": output});
                if *is_error {
                    block["is_error"] = json!(true);
                }
                ("user", block)
            }
            Item::Assistant { text } if !text.is_empty() => {
                ("assistant", json!({"type": "text", "text": text}))
            }
            Item::Reasoning {
                text,
                opaque: Some(OpaqueReasoning::AnthropicThinking { signature }),
            } => (
                "assistant",
                json!({"type": "thinking", "thinking": text, "signature": signature}),
            ),
            Item::Reasoning {
                opaque: Some(OpaqueReasoning::AnthropicRedacted { data }),
                ..
            } => (
                "assistant",
                json!({"type": "redacted_thinking", "data": data}),
            ),
            Item::ToolCall {
                call_id,
                name,
                arguments,
            } => {
                // `input` must be an object; arguments that were not valid
                // JSON cannot be sent back as they were.
                let input = if arguments.is_object() {
                    arguments.clone()
                } else {
                    json!({})
                };
                (
                    "assistant",
                    json!({"type": "tool_use", "id": call_id, "name": name, "input": input}),
                )
            }
            // Empty texts are refused by the API; unsigned or foreign
            // reasoning cannot be replayed.
            Item::User { .. } | Item::Assistant { .. } | Item::Reasoning { .. } => continue,
        };
        match messages.last_mut() {
            Some((last_role, blocks)) if *last_role == role => blocks.push(block),
            _ => messages.push((role, vec![block])),
        }
    }
    messages
        .into_iter()
        .map(|(role, content)| json!({"role": role, "content": content}))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Provider;
    use crate::types::ReasoningOptions;

    #[test]
    fn items_become_alternating_messages() {
        let config = ProviderConfig::new(Provider::Anthropic, "claude-x");
        let mut request = Request::new(
            "sys",
            vec![
                Item::user("hi"),
                Item::Reasoning {
                    text: "plan".into(),
                    opaque: Some(OpaqueReasoning::AnthropicThinking {
                        signature: "sig".into(),
                    }),
                },
                Item::Reasoning {
                    text: "openai".into(),
                    opaque: None,
                },
                Item::assistant("let me look"),
                Item::ToolCall {
                    call_id: "t1".into(),
                    name: "ls".into(),
                    arguments: json!({"dir": "."}),
                },
                Item::tool_error("t1", "denied"),
                Item::user("and now?"),
            ],
        );
        request.temperature = Some(0.5);
        request.reasoning = Some(ReasoningOptions {
            effort: None,
            summaries: false,
            budget_tokens: Some(30_000),
        });
        let body = request_body(&config, &request);
        assert_eq!(body["system"][0]["text"], "sys");
        assert_eq!(body["thinking"]["budget_tokens"], 30_000);
        assert!(body["max_tokens"].as_u64() > Some(30_000));
        assert!(body.get("temperature").is_none());
        let messages = body["messages"].as_array().expect("messages");
        let roles: Vec<&str> = messages.iter().map(|m| str_at(m, "role")).collect();
        assert_eq!(roles, ["user", "assistant", "user"]);
        let kinds: Vec<&str> = messages[1]["content"]
            .as_array()
            .expect("blocks")
            .iter()
            .map(|b| str_at(b, "type"))
            .collect();
        assert_eq!(kinds, ["thinking", "text", "tool_use"]);
        assert_eq!(messages[1]["content"][0]["signature"], "sig");
        assert_eq!(messages[2]["content"][0]["is_error"], true);
        assert_eq!(
            messages[2]["content"][1]["cache_control"]["type"],
            "ephemeral"
        );
    }
}
