//! Every request the server sees is kept, so tests can assert on what a client
//! actually sent: the tool outputs it fed back, its headers, its model name.

use serde::Serialize;
use serde_json::Value;

use crate::scenario::Protocol;

/// One request as received.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordedRequest {
    /// The protocol of the route it hit; `None` for unknown routes.
    pub protocol: Option<Protocol>,
    /// HTTP method, e.g. "POST".
    pub method: String,
    /// Path including the query string, e.g. "/v1/messages?beta=true".
    pub path: String,
    /// Header names (lower case) and values, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body parsed as JSON; `None` when empty or not JSON.
    pub body: Option<Value>,
    /// The body as text (lossy UTF-8), for bodies that are not JSON.
    pub raw_body: String,
}

impl RecordedRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Whether the client asked for a streamed answer.
    pub fn is_stream(&self) -> bool {
        self.body
            .as_ref()
            .and_then(|body| body.get("stream"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// The path without its query string.
    pub fn route(&self) -> &str {
        self.path.split('?').next().unwrap_or(&self.path)
    }

    /// Whether the body mentions `needle` anywhere (in any string value).
    /// Handy to find the request that carried a tool's output.
    pub fn body_contains(&self, needle: &str) -> bool {
        self.raw_body.contains(needle)
            || self
                .body
                .as_ref()
                .is_some_and(|body| value_contains(body, needle))
    }
}

fn value_contains(value: &Value, needle: &str) -> bool {
    match value {
        Value::String(text) => text.contains(needle),
        Value::Array(items) => items.iter().any(|item| value_contains(item, needle)),
        Value::Object(map) => map.values().any(|item| value_contains(item, needle)),
        _ => false,
    }
}
