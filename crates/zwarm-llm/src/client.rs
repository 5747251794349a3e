//! The client: builds the protocol's request, sends it, retries what is
//! worth retrying, and feeds the event stream to the protocol's decoder.
//!
//! A retry only happens while nothing of the answer has reached the sink,
//! so a caller never sees text twice; after that a broken stream is an error
//! ([`LlmError::StreamCutOff`]), never a silently partial answer.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use crate::config::{Provider, ProviderConfig};
use crate::decoder::Decoder;
use crate::error::{server_message, truncate, Fault, LlmError, Target};
use crate::retry;
use crate::sse::{describe, Events, ReadError};
use crate::types::{Completion, EventSink, Request, StreamEvent};
use crate::{anthropic, chat, responses};

/// A streaming client for one provider and model. Cheap to clone; the
/// connection pool is shared.
#[derive(Clone, Debug)]
pub struct LlmClient {
    config: ProviderConfig,
    http: reqwest::Client,
    target: Target,
}

impl LlmClient {
    /// A client for `config`. The key comes from the config or else from
    /// the provider's environment variable; hosted providers without one are
    /// refused here, before any request.
    pub fn new(config: ProviderConfig) -> Result<Self, LlmError> {
        let config = config.with_env_key();
        if let (true, None, Some(env_var)) = (
            config.provider.requires_key(),
            &config.api_key,
            config.provider.key_env_var(),
        ) {
            return Err(LlmError::MissingApiKey {
                provider: config.provider,
                env_var,
            });
        }
        // No overall reqwest timeout: a long answer may stream for minutes.
        // Silence is bounded per read instead (`request_timeout`).
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("zwarm-llm/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| LlmError::Setup(describe(&error)))?;
        let target = Target {
            provider: config.provider,
            url: config.endpoint_url(),
            model: config.model.clone(),
            key_origin: config.key_origin.clone(),
        };
        Ok(LlmClient {
            config,
            http,
            target,
        })
    }

    pub fn config(&self) -> &ProviderConfig {
        &self.config
    }

    /// Runs one model call, streaming events into `sink` as they arrive.
    ///
    /// Returns when the answer is complete, or with an error. Cancelling
    /// `cancel` aborts promptly at any point, backoff included, with
    /// [`LlmError::Cancelled`].
    pub async fn complete(
        &self,
        request: &Request,
        sink: &mut dyn EventSink,
        cancel: &CancellationToken,
    ) -> Result<Completion, LlmError> {
        let body = match self.config.provider {
            Provider::OpenAiResponses => responses::request_body(&self.config, request),
            Provider::Anthropic => anthropic::request_body(&self.config, request),
            Provider::ChatCompletions => chat::request_body(&self.config, request),
        };
        let run = self.run(&body, sink, cancel);
        let Some(limit) = self.config.total_timeout else {
            return run.await;
        };
        match tokio::time::timeout(limit, run).await {
            Ok(result) => result,
            Err(_) => Err(self.timeout(limit, "the whole call to finish (retries included)")),
        }
    }

    /// Attempts until one succeeds or a fault is final.
    async fn run(
        &self,
        body: &Value,
        sink: &mut dyn EventSink,
        cancel: &CancellationToken,
    ) -> Result<Completion, LlmError> {
        let policy = &self.config.retry;
        let mut retries = 0;
        loop {
            let mut tracked = Tracked {
                sink,
                emitted: false,
            };
            let fault = match self.attempt(body, &mut tracked, cancel).await {
                Ok(completion) => return Ok(completion),
                Err(fault) => fault,
            };
            let emitted = tracked.emitted;
            let retry_after = match fault.retry() {
                Some(after) if !emitted && retries < policy.max_retries => after,
                _ => return Err(fault.into_error(&self.target, retries)),
            };
            retries += 1;
            let delay = retry::backoff(policy, retries, retry_after);
            let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
            let reason = fault.reason();
            tracing::info!(
                provider = %self.target.provider,
                retry = retries,
                delay_ms,
                reason = %reason,
                "retrying model request"
            );
            sink.event(StreamEvent::Retrying {
                attempt: retries,
                delay_ms,
                reason,
            });
            retry::sleep(delay, cancel).await?;
        }
    }

    /// One HTTP request and its stream.
    async fn attempt(
        &self,
        body: &Value,
        sink: &mut Tracked<'_>,
        cancel: &CancellationToken,
    ) -> Result<Completion, Fault> {
        let response = self.send(body, cancel).await?;
        let mut events = Events::new(response, self.config.request_timeout);
        let mut decoder = self.decoder();
        loop {
            match events.next(cancel).await {
                Ok(Some(event)) => {
                    if decoder.event(&event, sink)? {
                        return decoder.finish(true);
                    }
                }
                Ok(None) => return decoder.finish(false),
                Err(error) => return Err(self.read_fault(error, sink.emitted)),
            }
        }
    }

    /// Sends the request and checks the status; the body is left unread
    /// on success.
    async fn send(
        &self,
        body: &Value,
        cancel: &CancellationToken,
    ) -> Result<reqwest::Response, Fault> {
        let request = self
            .http
            .post(&self.target.url)
            .headers(self.headers()?)
            .json(body);
        let timeout = self.config.request_timeout;
        let sent = tokio::select! {
            _ = cancel.cancelled() => return Err(Fault::Final(LlmError::Cancelled)),
            sent = tokio::time::timeout(timeout, request.send()) => sent,
        };
        let response = match sent {
            Err(_) => {
                return Err(Fault::Timeout {
                    after: timeout,
                    waiting_for: "the response to start",
                })
            }
            Ok(Err(error)) => {
                return Err(Fault::Transport {
                    message: describe(&error),
                })
            }
            Ok(Ok(response)) => response,
        };
        let status = response.status();
        if status.is_success() {
            return self.check_content_type(response, cancel).await;
        }
        let retry_after = retry::retry_after(response.headers());
        let text = self.read_text(response, cancel).await?;
        let fault = Fault::Status {
            status: status.as_u16(),
            message: server_message(&text),
            retry_after,
        };
        // OpenAI answers 429 also when the account is out of credit, which
        // no amount of waiting fixes.
        if status.as_u16() == 429 && text.contains("insufficient_quota") {
            return Err(Fault::Final(fault.into_error(&self.target, 0)));
        }
        Err(fault)
    }

    /// A server that ignores `stream: true` answers with plain JSON; say
    /// so rather than report an empty stream.
    async fn check_content_type(
        &self,
        response: reqwest::Response,
        cancel: &CancellationToken,
    ) -> Result<reqwest::Response, Fault> {
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if content_type.is_empty() || content_type.starts_with("text/event-stream") {
            return Ok(response);
        }
        let text = self.read_text(response, cancel).await?;
        Err(Fault::Final(LlmError::MalformedStream {
            provider: self.target.provider,
            detail: format!(
                "expected an event stream (text/event-stream) from {} but got {content_type}: {}",
                self.target.url,
                truncate(text.trim(), 300)
            ),
        }))
    }

    /// A whole (error) body as text, bounded by the timeout and `cancel`.
    async fn read_text(
        &self,
        response: reqwest::Response,
        cancel: &CancellationToken,
    ) -> Result<String, Fault> {
        let timeout = self.config.request_timeout;
        tokio::select! {
            _ = cancel.cancelled() => Err(Fault::Final(LlmError::Cancelled)),
            read = tokio::time::timeout(timeout, response.text()) => match read {
                Err(_) => Err(Fault::Timeout { after: timeout, waiting_for: "the error body" }),
                Ok(Err(error)) => Err(Fault::Transport { message: describe(&error) }),
                Ok(Ok(text)) => Ok(text),
            },
        }
    }

    /// What a failed read means: before any output a broken connection is
    /// worth retrying; after some, the answer is cut off.
    fn read_fault(&self, error: ReadError, emitted: bool) -> Fault {
        let provider = self.target.provider;
        match error {
            ReadError::Cancelled => Fault::Final(LlmError::Cancelled),
            ReadError::Idle if emitted => Fault::Final(
                self.timeout(self.config.request_timeout, "the next part of the answer"),
            ),
            ReadError::Idle => Fault::Timeout {
                after: self.config.request_timeout,
                waiting_for: "the answer to start streaming",
            },
            ReadError::Transport(message) if emitted => Fault::Final(LlmError::StreamCutOff {
                provider,
                detail: format!("the connection broke: {message}"),
            }),
            ReadError::Transport(message) => Fault::Transport { message },
            ReadError::Malformed(detail) => {
                Fault::Final(LlmError::MalformedStream { provider, detail })
            }
        }
    }

    fn timeout(&self, after: Duration, waiting_for: &'static str) -> LlmError {
        LlmError::Timeout {
            provider: self.target.provider,
            url: self.target.url.clone(),
            after,
            waiting_for,
        }
    }

    fn decoder(&self) -> Box<dyn Decoder> {
        let model = self.config.model.clone();
        match self.config.provider {
            Provider::OpenAiResponses => Box::new(responses::StreamDecoder::new(model)),
            Provider::Anthropic => Box::new(anthropic::StreamDecoder::new(model)),
            Provider::ChatCompletions => Box::new(chat::StreamDecoder::new(model)),
        }
    }

    /// Authentication, protocol version and the configured extra headers.
    fn headers(&self) -> Result<HeaderMap, Fault> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("text/event-stream"));
        let key = self.config.api_key.as_ref().map(|key| key.expose());
        let mut add = |name: &str, value: &str| -> Result<(), Fault> {
            let name =
                HeaderName::from_bytes(name.as_bytes()).map_err(|_| self.bad_header(name))?;
            let mut value =
                HeaderValue::from_str(value).map_err(|_| self.bad_header(name.as_str()))?;
            if name == "authorization" || name == "x-api-key" {
                value.set_sensitive(true);
            }
            headers.insert(name, value);
            Ok(())
        };
        match (self.config.provider, key) {
            (Provider::Anthropic, key) => {
                add("anthropic-version", anthropic::API_VERSION)?;
                if let Some(key) = key {
                    add("x-api-key", key)?;
                }
            }
            (_, Some(key)) => add("authorization", &format!("Bearer {key}"))?,
            (_, None) => {}
        }
        for (name, value) in &self.config.extra_headers {
            add(name, value)?;
        }
        Ok(headers)
    }

    fn bad_header(&self, name: &str) -> Fault {
        Fault::Final(LlmError::Setup(format!(
            "the header `{name}` for {} has a name or value that cannot be sent \
             (check the API key and extra headers for stray characters)",
            self.target.provider
        )))
    }
}

/// Forwards events and notes whether any reached the caller.
struct Tracked<'a> {
    sink: &'a mut dyn EventSink,
    emitted: bool,
}

impl EventSink for Tracked<'_> {
    fn event(&mut self, event: StreamEvent) {
        self.emitted = true;
        self.sink.event(event);
    }
}
