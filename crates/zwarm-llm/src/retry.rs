//! Backoff between attempts: exponential with jitter, or what the server
//! asked for in `Retry-After`, always capped, always cancellable.

use std::time::Duration;

use reqwest::header::HeaderMap;
use tokio_util::sync::CancellationToken;

use crate::config::RetryPolicy;
use crate::error::LlmError;

/// The wait before retry number `retry` (1 for the first retry).
///
/// A server's `Retry-After` wins but is capped at `max_backoff`, so a
/// misbehaving proxy cannot park the pilot for an hour. Otherwise the wait is
/// `initial * 2^(retry-1)`, capped, with "equal jitter" (a random point in
/// its upper half) so that parallel clients do not retry in lockstep.
pub(crate) fn backoff(policy: &RetryPolicy, retry: u32, retry_after: Option<Duration>) -> Duration {
    if let Some(asked) = retry_after {
        return asked.min(policy.max_backoff);
    }
    let exponent = retry.saturating_sub(1).min(20);
    let full = policy
        .initial_backoff
        .saturating_mul(1u32 << exponent)
        .min(policy.max_backoff);
    let half = full / 2;
    half + half.mul_f64(fastrand::f64())
}

/// The wait a response asks for: OpenAI's `retry-after-ms`, else the
/// standard `Retry-After` in seconds (an HTTP date is ignored: the
/// exponential backoff is a fine substitute).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| text.trim().parse::<f64>().ok())
            .filter(|number| number.is_finite() && *number >= 0.0)
    };
    if let Some(ms) = header("retry-after-ms") {
        return Duration::try_from_secs_f64(ms / 1000.0).ok();
    }
    header("retry-after").and_then(|secs| Duration::try_from_secs_f64(secs).ok())
}

/// Sleeps, unless the call is cancelled first.
pub(crate) async fn sleep(delay: Duration, cancel: &CancellationToken) -> Result<(), LlmError> {
    tokio::select! {
        _ = cancel.cancelled() => Err(LlmError::Cancelled),
        _ = tokio::time::sleep(delay) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 5,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(10),
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        for _ in 0..50 {
            let first = backoff(&policy(), 1, None);
            assert!(first >= Duration::from_millis(500) && first <= Duration::from_secs(1));
            let third = backoff(&policy(), 3, None);
            assert!(third >= Duration::from_secs(2) && third <= Duration::from_secs(4));
            assert!(backoff(&policy(), 30, None) <= Duration::from_secs(10));
        }
    }

    #[test]
    fn retry_after_is_honoured_but_capped() {
        let asked = Some(Duration::from_secs(3));
        assert_eq!(backoff(&policy(), 1, asked), Duration::from_secs(3));
        let greedy = Some(Duration::from_secs(3600));
        assert_eq!(backoff(&policy(), 1, greedy), Duration::from_secs(10));
    }

    #[test]
    fn retry_after_headers() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
        headers.insert("retry-after-ms", HeaderValue::from_static("250"));
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(250)));
        let mut dated = HeaderMap::new();
        dated.insert(
            "retry-after",
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&dated), None);
    }

    #[tokio::test]
    async fn sleep_ends_early_when_cancelled() {
        let cancel = CancellationToken::new();
        cancel.cancel();
        let started = std::time::Instant::now();
        let result = sleep(Duration::from_secs(30), &cancel).await;
        assert!(matches!(result, Err(LlmError::Cancelled)));
        assert!(started.elapsed() < Duration::from_secs(1));
    }
}
