//! Reading a streamed answer: SSE framing by `eventsource-stream` over
//! reqwest's byte stream, with an idle timeout and cancellation on every
//! read. What the events mean is up to each protocol's decoder.

use std::pin::Pin;
use std::time::Duration;

use eventsource_stream::{EventStreamError, Eventsource};
use futures_util::{Stream, StreamExt};
use tokio_util::sync::CancellationToken;

/// One server-sent event: its `event:` name ("message" when unnamed) and
/// its `data:` lines joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SseEvent {
    pub name: String,
    pub data: String,
}

/// Why the next event could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    Cancelled,
    /// Nothing arrived for the idle timeout.
    Idle,
    /// The connection broke.
    Transport(String),
    /// The bytes are not valid SSE (or not UTF-8).
    Malformed(String),
}

type Inner = Pin<
    Box<
        dyn Stream<Item = Result<eventsource_stream::Event, EventStreamError<reqwest::Error>>>
            + Send,
    >,
>;

/// The events of one response body.
pub(crate) struct Events {
    inner: Inner,
    idle: Duration,
}

impl Events {
    /// Starts reading `response`'s body as an event stream.
    pub(crate) fn new(response: reqwest::Response, idle: Duration) -> Self {
        Events {
            inner: Box::pin(response.bytes_stream().eventsource()),
            idle,
        }
    }

    /// The next event, `None` at a clean end of the body.
    pub(crate) async fn next(
        &mut self,
        cancel: &CancellationToken,
    ) -> Result<Option<SseEvent>, ReadError> {
        let read = tokio::select! {
            _ = cancel.cancelled() => return Err(ReadError::Cancelled),
            read = tokio::time::timeout(self.idle, self.inner.next()) => read,
        };
        match read {
            Err(_) => Err(ReadError::Idle),
            Ok(None) => Ok(None),
            Ok(Some(Ok(event))) => Ok(Some(SseEvent {
                name: event.event,
                data: event.data,
            })),
            Ok(Some(Err(EventStreamError::Transport(error)))) => {
                Err(ReadError::Transport(describe(&error)))
            }
            Ok(Some(Err(EventStreamError::Utf8(error)))) => Err(ReadError::Malformed(format!(
                "the stream is not UTF-8: {error}"
            ))),
            Ok(Some(Err(EventStreamError::Parser(error)))) => Err(ReadError::Malformed(format!(
                "the stream is not valid SSE: {error}"
            ))),
        }
    }
}

/// A reqwest error with its causes, which hold the useful part ("connection
/// refused", "certificate expired").
pub(crate) fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
