//! What each protocol module implements (`responses`, `anthropic`,
//! `chat`): in its own module so the client, which picks a protocol's
//! decoder, and the protocols, which implement it, do not name each other.

use crate::error::Fault;
use crate::sse::SseEvent;
use crate::types::{Completion, EventSink};

/// Turns one protocol's event stream into a [`Completion`].
pub(crate) trait Decoder: Send {
    /// Handles one event; `Ok(true)` once the terminal event arrived.
    fn event(&mut self, event: &SseEvent, sink: &mut dyn EventSink) -> Result<bool, Fault>;

    /// The answer after the stream ended, `terminated` telling whether the
    /// terminal event was seen. Without it the answer may be incomplete.
    fn finish(&mut self, terminated: bool) -> Result<Completion, Fault>;
}
