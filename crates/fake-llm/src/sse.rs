//! Server-sent events and the two ways an answer leaves the server: whole, or
//! cut off. Protocol modules build plain event lists; this module decides how
//! much of them goes on the wire.

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use serde_json::Value;

/// One SSE event: an optional `event:` name and a `data:` payload.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SseEvent {
    pub name: Option<String>,
    pub data: String,
}

impl SseEvent {
    /// A named event whose data is JSON (Responses and Anthropic style).
    pub(crate) fn named(name: &str, data: &Value) -> Self {
        SseEvent {
            name: Some(name.to_string()),
            data: data.to_string(),
        }
    }

    /// An unnamed event (Chat Completions style).
    pub(crate) fn data(data: impl Into<String>) -> Self {
        SseEvent {
            name: None,
            data: data.into(),
        }
    }
}

/// A rendered streaming answer: the body events, then the events that tell
/// the client the answer is complete. Cutting a stream drops the latter.
#[derive(Clone, Debug, Default)]
pub(crate) struct EventStream {
    pub body: Vec<SseEvent>,
    pub terminal: Vec<SseEvent>,
}

impl EventStream {
    /// All events, for a normal answer.
    pub(crate) fn complete(self) -> Vec<SseEvent> {
        let mut events = self.body;
        events.extend(self.terminal);
        events
    }

    /// The body events only, at most `limit` of them.
    pub(crate) fn cut(self, limit: Option<usize>) -> Vec<SseEvent> {
        let mut events = self.body;
        if let Some(limit) = limit {
            events.truncate(limit);
        }
        events
    }
}

/// Sends events as an SSE response; the stream closes cleanly after the last.
pub(crate) fn respond(events: Vec<SseEvent>) -> Response {
    let events = events
        .into_iter()
        .map(|event| Ok::<Event, Infallible>(to_axum(event)));
    Sse::new(stream::iter(events)).into_response()
}

/// Sends events as an SSE response, then breaks the connection: the chunked
/// body never gets its final chunk, so the client sees a transport error.
pub(crate) fn respond_then_abort(events: Vec<SseEvent>) -> Response {
    let items = events.into_iter().map(|event| Ok(to_axum(event)));
    Sse::new(stream::iter(items).chain(break_after_flush())).into_response()
}

fn to_axum(event: SseEvent) -> Event {
    let out = Event::default().data(event.data);
    match event.name {
        Some(name) => out.event(name),
        None => out,
    }
}

/// Sends the first half of a JSON body and then aborts the connection, the
/// way a non-streaming answer breaks when a proxy or server dies.
pub(crate) fn aborted_json(body: &Value) -> Response {
    let text = body.to_string();
    let mut half = text.len() / 2;
    while !text.is_char_boundary(half) {
        half -= 1;
    }
    let first = stream::iter([Ok::<String, std::io::Error>(text[..half].to_string())]);
    let mut response = Response::new(Body::from_stream(first.chain(break_after_flush())));
    *response.status_mut() = StatusCode::OK;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    response
}

/// A body item that fails after a pause. The pause lets the server flush
/// the status line and what came before, so the client sees a broken body
/// rather than no answer at all.
fn break_after_flush<T>() -> impl Stream<Item = Result<T, std::io::Error>> {
    stream::once(async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "fake-llm: answer cut off",
        ))
    })
}

/// Splits text into a few pieces at word boundaries, for delta events.
pub(crate) fn chunks(text: &str, split: bool) -> Vec<String> {
    if !split || text.is_empty() {
        return vec![text.to_string()];
    }
    let words: Vec<&str> = text.split_inclusive(' ').collect();
    let per_chunk = words.len().div_ceil(3).max(1);
    words
        .chunks(per_chunk)
        .map(|group| group.concat())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_keep_the_text() {
        let text = "one two three four five six seven";
        let pieces = chunks(text, true);
        assert!(pieces.len() > 1);
        assert_eq!(pieces.concat(), text);
        assert_eq!(chunks(text, false), vec![text.to_string()]);
        assert_eq!(chunks("", true), vec![String::new()]);
    }
}
