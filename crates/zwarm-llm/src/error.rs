//! Errors, worded for the person who has to fix them: which provider, which
//! URL, which model, what the server said and what to do about it.
//!
//! Internally a failed attempt is a [`Fault`]: the retry loop asks it
//! whether another attempt could help, and turns it into an [`LlmError`]
//! (with the number of retries spent) once it gives up.

use std::time::Duration;

use serde_json::Value;

use crate::config::{KeyOrigin, Provider};

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LlmError {
    #[error(
        "no API key for {provider}: set {env_var}, or save the key in the app's Settings → Keys"
    )]
    MissingApiKey {
        provider: Provider,
        env_var: &'static str,
    },
    #[error("the API key for {provider} at {url} was rejected ({status}): {message}. {hint}")]
    Unauthorized {
        provider: Provider,
        url: String,
        status: u16,
        message: String,
        /// Where to put a working key.
        hint: String,
    },
    #[error(
        "{url} answered 404 Not Found for model `{model}`: {message}. Check the model name and \
         the base URL (it usually ends in /v1)"
    )]
    NotFound {
        url: String,
        model: String,
        message: String,
    },
    #[error("{provider} does not know the model `{model}` ({status}): {message}")]
    UnknownModel {
        provider: Provider,
        model: String,
        status: u16,
        message: String,
    },
    #[error("the conversation is too long for `{model}`: {message}")]
    ContextTooLong { model: String, message: String },
    #[error("{provider} refused the request ({status}): {message}")]
    InvalidRequest {
        provider: Provider,
        status: u16,
        message: String,
    },
    #[error(
        "{provider} is rate limiting requests and still refused after {retries} retries: {message}"
    )]
    RateLimited {
        provider: Provider,
        retries: u32,
        message: String,
    },
    #[error("{provider} had a server error ({}) after {retries} retries: {message}", status_text(*.status))]
    Server {
        provider: Provider,
        /// `None` when the error came inside the stream.
        status: Option<u16>,
        retries: u32,
        message: String,
    },
    #[error("could not reach {provider} at {url} after {retries} retries: {message}")]
    Connection {
        provider: Provider,
        url: String,
        retries: u32,
        message: String,
    },
    #[error(
        "no answer from {provider} at {url} within {}s while waiting for {waiting_for}",
        .after.as_secs_f64()
    )]
    Timeout {
        provider: Provider,
        url: String,
        after: Duration,
        waiting_for: &'static str,
    },
    #[error("cancelled")]
    Cancelled,
    #[error("the answer from {provider} was cut off before it was complete: {detail}")]
    StreamCutOff { provider: Provider, detail: String },
    #[error("{provider} sent data that could not be read: {detail}")]
    MalformedStream { provider: Provider, detail: String },
    #[error("{provider} at {url} answered {status}: {message}")]
    Http {
        provider: Provider,
        url: String,
        status: u16,
        message: String,
    },
    #[error("could not set up the HTTP client: {0}")]
    Setup(String),
}

impl LlmError {
    /// Whether trying the same call again later may succeed (rate limits,
    /// server trouble, network, cut-off streams), as opposed to errors the
    /// user must fix first (key, model, URL, request).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            LlmError::RateLimited { .. }
                | LlmError::Server { .. }
                | LlmError::Connection { .. }
                | LlmError::Timeout { .. }
                | LlmError::StreamCutOff { .. }
        )
    }
}

fn status_text(status: Option<u16>) -> String {
    match status {
        Some(status) => status.to_string(),
        None => "during the stream".to_string(),
    }
}

/// Who a request was for, to word errors.
#[derive(Clone, Debug)]
pub(crate) struct Target {
    pub provider: Provider,
    pub url: String,
    pub model: String,
    /// Where the key sent came from, for the hint of a rejected key.
    pub key_origin: Option<KeyOrigin>,
}

/// One failed attempt, before the retry loop decides what to do.
#[derive(Debug)]
pub(crate) enum Fault {
    /// An HTTP error status with the server's message.
    Status {
        status: u16,
        message: String,
        retry_after: Option<Duration>,
    },
    /// The connection failed or broke before the answer started.
    Transport { message: String },
    /// The server was silent for the request timeout before answering.
    Timeout {
        after: Duration,
        waiting_for: &'static str,
    },
    /// An error reported inside the stream; `kind` is the provider's code
    /// or type (`rate_limit_exceeded`, `overloaded_error`, ...).
    InBand { kind: String, message: String },
    /// Not worth retrying, already worded.
    Final(LlmError),
}

impl Fault {
    /// Whether another attempt may succeed, and how long the server asked
    /// us to wait.
    pub(crate) fn retry(&self) -> Option<Option<Duration>> {
        match self {
            Fault::Status {
                status,
                retry_after,
                ..
            } if is_retryable_status(*status) => Some(*retry_after),
            Fault::Transport { .. } | Fault::Timeout { .. } => Some(None),
            Fault::InBand { kind, .. } if is_retryable_kind(kind) => Some(None),
            _ => None,
        }
    }

    /// A short reason for [`crate::StreamEvent::Retrying`].
    pub(crate) fn reason(&self) -> String {
        match self {
            Fault::Status {
                status, message, ..
            } => format!("{status}: {message}"),
            Fault::Transport { message } => message.clone(),
            Fault::Timeout { after, waiting_for } => {
                format!("no answer for {}s ({waiting_for})", after.as_secs_f64())
            }
            Fault::InBand { kind, message } => format!("{kind}: {message}"),
            Fault::Final(error) => error.to_string(),
        }
    }

    /// The error for the user after `retries` retries.
    pub(crate) fn into_error(self, target: &Target, retries: u32) -> LlmError {
        let provider = target.provider;
        match self {
            Fault::Final(error) => error,
            Fault::Transport { message } => LlmError::Connection {
                provider,
                url: target.url.clone(),
                retries,
                message,
            },
            Fault::Timeout { after, waiting_for } => LlmError::Timeout {
                provider,
                url: target.url.clone(),
                after,
                waiting_for,
            },
            Fault::Status {
                status, message, ..
            } => status_error(target, status, message, retries),
            Fault::InBand { kind, message } => in_band_error(target, &kind, message, retries),
        }
    }
}

fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 409 | 425 | 429) || status >= 500
}

fn is_retryable_kind(kind: &str) -> bool {
    matches!(
        kind,
        "rate_limit_exceeded"
            | "rate_limit_error"
            | "overloaded_error"
            | "api_error"
            | "server_error"
            | "server_is_overloaded"
            | "slow_down"
    )
}

fn status_error(target: &Target, status: u16, message: String, retries: u32) -> LlmError {
    let provider = target.provider;
    match status {
        401 | 403 => LlmError::Unauthorized {
            provider,
            url: target.url.clone(),
            status,
            message,
            hint: key_hint(provider, target.key_origin.as_ref()),
        },
        404 => LlmError::NotFound {
            url: target.url.clone(),
            model: target.model.clone(),
            message,
        },
        400 | 413 | 422 if is_context_error(&message) => LlmError::ContextTooLong {
            model: target.model.clone(),
            message,
        },
        400 | 422 if is_model_error(&message, &target.model) => LlmError::UnknownModel {
            provider,
            model: target.model.clone(),
            status,
            message,
        },
        429 => LlmError::RateLimited {
            provider,
            retries,
            message,
        },
        status if status >= 500 => LlmError::Server {
            provider,
            status: Some(status),
            retries,
            message,
        },
        400 | 413 | 422 => LlmError::InvalidRequest {
            provider,
            status,
            message,
        },
        _ => LlmError::Http {
            provider,
            url: target.url.clone(),
            status,
            message,
        },
    }
}

fn in_band_error(target: &Target, kind: &str, message: String, retries: u32) -> LlmError {
    let provider = target.provider;
    if is_context_error(kind) || is_context_error(&message) {
        return LlmError::ContextTooLong {
            model: target.model.clone(),
            message,
        };
    }
    match kind {
        "rate_limit_exceeded" | "rate_limit_error" => LlmError::RateLimited {
            provider,
            retries,
            message,
        },
        "authentication_error" | "invalid_api_key" | "permission_error" => LlmError::Unauthorized {
            provider,
            url: target.url.clone(),
            status: 401,
            message,
            hint: key_hint(provider, target.key_origin.as_ref()),
        },
        "invalid_request_error" | "invalid_prompt" => LlmError::InvalidRequest {
            provider,
            status: 400,
            message,
        },
        _ => LlmError::Server {
            provider,
            status: None,
            retries,
            message: format!("{kind}: {message}"),
        },
    }
}

/// What to tell the user to do about a rejected key: fix it where it came
/// from. A key saved in the app wins over the environment, so that is the
/// other way out when the variable cannot be changed.
fn key_hint(provider: Provider, origin: Option<&KeyOrigin>) -> String {
    let env_var = provider.key_env_var();
    match (origin, env_var) {
        (Some(KeyOrigin::Environment(var)), _) => format!(
            "The key came from the environment variable {var}: correct it there, or save a working key in the app's Settings → Keys (a saved key wins)"
        ),
        (Some(KeyOrigin::Saved(place)), Some(var)) => format!(
            "The key came from {place} (Settings → Keys): save a working one there, or forget it to use {var}"
        ),
        (Some(KeyOrigin::Saved(place)), None) => {
            format!("The key came from {place} (Settings → Keys): save a working one there")
        }
        (None, Some(var)) => format!("Set {var}, or save the key in the app's Settings → Keys"),
        (None, None) => "Check the key in the app's Settings → Keys".to_string(),
    }
}

fn is_context_error(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    [
        "context_length_exceeded",
        "maximum context length",
        "context window",
        "prompt is too long",
        "too many tokens",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

fn is_model_error(message: &str, model: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    (!model.is_empty() && message.contains(model))
        || lower.contains("model_not_found")
        || (lower.contains("model")
            && [
                "not found",
                "does not exist",
                "unknown",
                "not supported",
                "invalid model",
            ]
            .iter()
            .any(|needle| lower.contains(needle)))
}

/// The server's explanation in an error body, in any of the shapes seen in
/// the wild: OpenAI and Anthropic `{"error": {"message"}}`, Ollama
/// `{"error": "..."}`, FastAPI `{"detail": ...}`, `{"message"}`, or text.
pub(crate) fn server_message(body: &str) -> String {
    const LIMIT: usize = 600;
    let message = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|value| message_in(&value))
        .unwrap_or_else(|| body.trim().to_string());
    if message.is_empty() {
        return "(no details given)".to_string();
    }
    truncate(&message, LIMIT)
}

fn message_in(value: &Value) -> Option<String> {
    let error = value.get("error");
    let candidates = [
        error.and_then(|error| error.get("message")),
        error,
        value.get("message"),
        value.get("detail"),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|candidate| match candidate {
            Value::String(text) => Some(text.clone()),
            Value::Null | Value::Object(_) => None,
            other => Some(other.to_string()),
        })
}

/// Cuts `text` to at most `limit` bytes at a char boundary, marking the cut.
pub(crate) fn truncate(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_string();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target {
            provider: Provider::OpenAiResponses,
            url: "http://127.0.0.1:1/v1/responses".into(),
            model: "gpt-x".into(),
            key_origin: None,
        }
    }

    #[test]
    fn a_rejected_key_names_where_it_came_from() {
        let rejected = |origin: Option<KeyOrigin>| {
            let target = Target {
                key_origin: origin,
                ..target()
            };
            Fault::Status {
                status: 401,
                message: "Incorrect API key".into(),
                retry_after: None,
            }
            .into_error(&target, 0)
            .to_string()
        };
        let from_env = rejected(Some(KeyOrigin::Environment("ZWARM_PILOT_API_KEY".into())));
        assert!(
            from_env.contains("came from the environment variable ZWARM_PILOT_API_KEY"),
            "{from_env}"
        );
        assert!(
            !from_env.contains("OPENAI_API_KEY"),
            "not the variable that did not supply it: {from_env}"
        );
        let saved = rejected(Some(KeyOrigin::Saved("the system keyring".into())));
        assert!(
            saved.contains("came from the system keyring (Settings → Keys)"),
            "{saved}"
        );
        assert!(saved.contains("forget it to use OPENAI_API_KEY"), "{saved}");
        let unknown = rejected(None);
        assert!(
            unknown.contains("Set OPENAI_API_KEY, or save the key in the app's Settings → Keys"),
            "{unknown}"
        );
    }

    #[test]
    fn server_messages_in_every_shape() {
        assert_eq!(
            server_message(r#"{"error":{"message":"bad key"}}"#),
            "bad key"
        );
        assert_eq!(
            server_message(r#"{"error":"model not found"}"#),
            "model not found"
        );
        assert_eq!(server_message(r#"{"detail":"nope"}"#), "nope");
        assert_eq!(server_message("plain text\n"), "plain text");
        assert_eq!(server_message(""), "(no details given)");
        assert!(server_message(&"x".repeat(2000)).len() < 700);
    }

    #[test]
    fn statuses_become_the_right_errors() {
        let error = |status, message: &str| {
            Fault::Status {
                status,
                message: message.into(),
                retry_after: None,
            }
            .into_error(&target(), 2)
        };
        let unauthorized = error(401, "Incorrect API key").to_string();
        assert!(unauthorized.contains("OPENAI_API_KEY"), "{unauthorized}");
        assert!(unauthorized.contains("127.0.0.1:1"), "{unauthorized}");
        assert!(matches!(
            error(400, "The model `gpt-x` does not exist"),
            LlmError::UnknownModel { .. }
        ));
        assert!(matches!(
            error(400, "This model's maximum context length is 8192 tokens"),
            LlmError::ContextTooLong { .. }
        ));
        assert!(matches!(
            error(400, "bad field"),
            LlmError::InvalidRequest { .. }
        ));
        assert!(matches!(
            error(429, "slow"),
            LlmError::RateLimited { retries: 2, .. }
        ));
        assert!(matches!(error(503, "down"), LlmError::Server { .. }));
        assert!(matches!(error(402, "pay"), LlmError::Http { .. }));
        assert!(error(404, "no").to_string().contains("gpt-x"));
    }

    #[test]
    fn only_transient_faults_are_retried() {
        let status = |status| Fault::Status {
            status,
            message: String::new(),
            retry_after: Some(Duration::from_secs(1)),
        };
        assert_eq!(status(429).retry(), Some(Some(Duration::from_secs(1))));
        assert!(status(500).retry().is_some());
        assert!(status(529).retry().is_some());
        assert!(status(401).retry().is_none());
        assert!(status(400).retry().is_none());
        let in_band = |kind: &str| Fault::InBand {
            kind: kind.into(),
            message: String::new(),
        };
        assert!(in_band("overloaded_error").retry().is_some());
        assert!(in_band("invalid_request_error").retry().is_none());
    }
}
