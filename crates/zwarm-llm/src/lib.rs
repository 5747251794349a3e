//! Streaming clients for the model APIs the pilot talks to: OpenAI's
//! Responses API, Anthropic's Messages API and OpenAI-compatible Chat
//! Completions (Ollama, LM Studio, vLLM, ...).
//!
//! One conversation type ([`Item`]) for all three, one call
//! ([`LlmClient::complete`]) that streams [`StreamEvent`]s to a sink while
//! the answer arrives and returns the finished [`Completion`] with usage in
//! OpenAI's convention. Rate limits, server errors and broken connections
//! are retried with backoff while nothing has been streamed yet; every
//! other failure is an [`LlmError`] worded for the user.
//!
//! ```no_run
//! use zwarm_llm::{CancellationToken, Item, LlmClient, Provider, ProviderConfig, Request, StreamEvent};
//!
//! # async fn demo() -> Result<(), zwarm_llm::LlmError> {
//! let client = LlmClient::new(ProviderConfig::new(Provider::OpenAiResponses, "gpt-5"))?;
//! let request = Request::new("You are terse.", vec![Item::user("Say hi")]);
//! let mut print = |event: StreamEvent| {
//!     if let StreamEvent::TextDelta { text } = event {
//!         print!("{text}");
//!     }
//! };
//! let answer = client.complete(&request, &mut print, &CancellationToken::new()).await?;
//! println!("\n{} tokens", answer.usage.total());
//! # Ok(())
//! # }
//! ```

mod anthropic;
mod chat;
mod client;
mod config;
mod decoder;
mod error;
mod responses;
mod retry;
mod sse;
mod types;
mod wire;

pub use client::LlmClient;
pub use config::{ApiKey, KeyOrigin, Provider, ProviderConfig, RetryPolicy};
pub use error::LlmError;
/// Re-exported so callers need not depend on tokio-util themselves.
pub use tokio_util::sync::CancellationToken;
pub use types::{
    Completion, EventSink, Item, NoSink, OpaqueReasoning, ReasoningEffort, ReasoningOptions,
    Request, StopReason, StreamEvent, TokenUsage, ToolSpec, DEFAULT_ANTHROPIC_MAX_TOKENS,
};
