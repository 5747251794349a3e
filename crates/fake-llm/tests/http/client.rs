//! A minimal HTTP + SSE client for the tests: posts JSON and splits an event
//! stream into (event name, data) pairs, noting whether the connection broke.

use fake_llm::FakeServer;
use futures_util::StreamExt;
use serde_json::Value;

/// A parsed event stream.
pub struct Sse {
    pub events: Vec<(Option<String>, String)>,
    /// The connection broke before the body ended cleanly.
    pub broke: bool,
}

impl Sse {
    /// Event names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.events
            .iter()
            .map(|(name, _)| name.as_deref().unwrap_or(""))
            .collect()
    }

    /// Data payloads parsed as JSON (`[DONE]` and other non-JSON skipped).
    pub fn json(&self) -> Vec<Value> {
        self.events
            .iter()
            .filter_map(|(_, data)| serde_json::from_str(data).ok())
            .collect()
    }

    /// JSON payloads whose `type` is `kind`.
    pub fn of_type(&self, kind: &str) -> Vec<Value> {
        self.json()
            .into_iter()
            .filter(|event| event["type"] == kind)
            .collect()
    }

    /// Raw data payloads.
    pub fn data(&self) -> Vec<&str> {
        self.events.iter().map(|(_, data)| data.as_str()).collect()
    }
}

/// POSTs `body` as JSON to `path` on the server.
pub async fn post(server: &FakeServer, path: &str, body: &Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}{path}", server.base_url()))
        .header("authorization", "Bearer test-key")
        .json(body)
        .send()
        .await
        .expect("request sent")
}

/// POSTs raw bytes with a JSON content type (for malformed bodies).
pub async fn post_raw(server: &FakeServer, path: &str, body: &'static str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}{path}", server.base_url()))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("request sent")
}

/// Reads a whole event stream.
pub async fn read_sse(response: reqwest::Response) -> Sse {
    assert_eq!(response.status(), 200);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(
        content_type.starts_with("text/event-stream"),
        "{content_type}"
    );
    let mut text = String::new();
    let mut broke = false;
    let mut body = response.bytes_stream();
    while let Some(chunk) = body.next().await {
        match chunk {
            Ok(bytes) => text.push_str(&String::from_utf8_lossy(&bytes)),
            Err(_) => {
                broke = true;
                break;
            }
        }
    }
    let events = text
        .split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            let mut name = None;
            let mut data = Vec::new();
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("event:") {
                    name = Some(value.trim().to_string());
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push(value.strip_prefix(' ').unwrap_or(value).to_string());
                }
            }
            (name, data.join("\n"))
        })
        .collect();
    Sse { events, broke }
}
