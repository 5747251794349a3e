//! What every protocol does when things go wrong: retries with backoff
//! (honouring Retry-After), clear errors without retries, cut-off streams,
//! timeouts and cancellation. Each test runs against all three protocols.

use std::time::{Duration, Instant};

use fake_llm::{FakeServer, Part, Reply, Scenario};
use zwarm_llm::{
    CancellationToken, Item, LlmClient, LlmError, Provider, ProviderConfig, Request, StreamEvent,
};

use crate::common::{call, call_with, client, config, protocol, text_deltas, ALL, KEY, MODEL};

fn request() -> Request {
    Request::new("sys", vec![Item::user("hi")])
}

fn retry_event(events: &[StreamEvent]) -> Option<(u32, u64)> {
    events.iter().find_map(|event| match event {
        StreamEvent::Retrying {
            attempt, delay_ms, ..
        } => Some((*attempt, *delay_ms)),
        _ => None,
    })
}

fn cut_off(abort: bool, after_events: Option<usize>) -> Reply {
    Reply::CutOff {
        parts: vec![Part::text(
            "This answer will never be finished by the server.",
        )],
        usage: Default::default(),
        after_events,
        abort,
    }
}

#[tokio::test]
async fn rate_limits_are_retried_after_retry_after() {
    for provider in ALL {
        let server = FakeServer::start(Scenario::new(vec![
            Reply::Error {
                status: 429,
                message: "Rate limit reached, slow down".into(),
                retry_after_secs: Some(1),
            },
            Reply::text("finally"),
        ]))
        .expect("server");
        let started = Instant::now();

        let (result, events) = call(&client(&server, provider), &request()).await;

        assert_eq!(
            result.expect("succeeds after a retry").text(),
            "finally",
            "{provider:?}"
        );
        assert_eq!(
            server.requests_for(protocol(provider)).len(),
            2,
            "{provider:?}"
        );
        assert!(
            started.elapsed() >= Duration::from_millis(950),
            "{provider:?} waited too little"
        );
        assert_eq!(retry_event(&events), Some((1, 1000)), "{provider:?}");
    }
}

#[tokio::test]
async fn server_errors_are_retried() {
    for provider in ALL {
        let server = FakeServer::start(Scenario::new(vec![
            Reply::error(500, "internal error"),
            Reply::error(503, "overloaded"),
            Reply::text("recovered"),
        ]))
        .expect("server");

        let (result, events) = call(&client(&server, provider), &request()).await;

        assert_eq!(
            result.expect("recovers").text(),
            "recovered",
            "{provider:?}"
        );
        assert_eq!(server.requests().len(), 3, "{provider:?}");
        let retries = events
            .iter()
            .filter(|event| matches!(event, StreamEvent::Retrying { .. }))
            .count();
        assert_eq!(retries, 2, "{provider:?}");
    }
}

#[tokio::test]
async fn persistent_failures_give_up_after_max_retries() {
    for provider in ALL {
        let server = FakeServer::start(Scenario::default().with_fallback(Reply::Error {
            status: 429,
            message: "quota".into(),
            retry_after_secs: Some(0),
        }))
        .expect("server");
        let (result, _) = call(&client(&server, provider), &request()).await;
        let error = result.expect_err("keeps failing");
        assert!(
            matches!(error, LlmError::RateLimited { retries: 3, .. }),
            "{provider:?}: {error:?}"
        );
        assert!(error.to_string().contains("quota"), "{error}");
        assert!(error.is_transient());
        assert_eq!(server.requests().len(), 4, "{provider:?}");

        let server =
            FakeServer::start(Scenario::default().with_fallback(Reply::error(502, "bad gateway")))
                .expect("server");
        let (result, _) = call(&client(&server, provider), &request()).await;
        let error = result.expect_err("keeps failing");
        assert!(
            matches!(
                error,
                LlmError::Server {
                    status: Some(502),
                    retries: 3,
                    ..
                }
            ),
            "{provider:?}: {error:?}"
        );
    }
}

#[tokio::test]
async fn a_rejected_key_is_a_clear_error_without_retries() {
    for provider in ALL {
        let server = FakeServer::start(Scenario::new(vec![
            Reply::error(401, "Incorrect API key provided: test-key"),
            Reply::text("must not be reached"),
        ]))
        .expect("server");

        let (result, events) = call(&client(&server, provider), &request()).await;

        let error = result.expect_err("401 fails");
        let message = error.to_string();
        assert!(
            matches!(error, LlmError::Unauthorized { status: 401, .. }),
            "{error:?}"
        );
        assert!(message.contains("was rejected (401)"), "{message}");
        assert!(message.contains("Incorrect API key provided"), "{message}");
        assert!(message.contains(&server.base_url()), "{message}");
        if let Some(var) = provider.key_env_var() {
            assert!(message.contains(var), "{message}");
        }
        assert!(message.contains("Settings"), "{message}");
        assert!(!error.is_transient());
        assert_eq!(server.requests().len(), 1, "{provider:?} retried a 401");
        assert_eq!(retry_event(&events), None);
    }
}

#[tokio::test]
async fn not_found_names_the_model_and_url() {
    for provider in ALL {
        let server = FakeServer::start(Scenario::new(vec![Reply::error(
            404,
            "The model `test-model` does not exist or you do not have access to it.",
        )]))
        .expect("server");

        let (result, _) = call(&client(&server, provider), &request()).await;

        let error = result.expect_err("404 fails");
        let message = error.to_string();
        assert!(matches!(error, LlmError::NotFound { .. }), "{error:?}");
        assert!(message.contains(MODEL), "{message}");
        assert!(message.contains(&server.base_url()), "{message}");
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn an_unknown_model_is_named() {
    for provider in ALL {
        let server = FakeServer::start(Scenario::new(vec![Reply::error(
            400,
            "model 'test-model' not found, try pulling it first",
        )]))
        .expect("server");

        let (result, _) = call(&client(&server, provider), &request()).await;

        let error = result.expect_err("400 fails");
        assert!(
            matches!(error, LlmError::UnknownModel { status: 400, .. }),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(
            message.contains("does not know the model `test-model`"),
            "{message}"
        );
        assert!(message.contains("try pulling it first"), "{message}");
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn a_stream_cut_off_is_an_error_not_a_partial_answer() {
    for provider in ALL {
        for abort in [false, true] {
            let server = FakeServer::start(Scenario::new(vec![
                cut_off(abort, None),
                Reply::text("again"),
            ]))
            .expect("server");

            let (result, events) = call(&client(&server, provider), &request()).await;

            let error = result.expect_err("cut off");
            assert!(
                matches!(error, LlmError::StreamCutOff { .. }),
                "{provider:?} abort={abort}: {error:?}"
            );
            assert!(error.to_string().contains("cut off"), "{error}");
            // Text reached the sink, so the request is not silently repeated.
            assert!(!text_deltas(&events).0.is_empty(), "{provider:?}");
            assert_eq!(server.requests().len(), 1, "{provider:?} abort={abort}");
        }
    }
}

#[tokio::test]
async fn a_connection_broken_before_any_output_is_retried() {
    for provider in ALL {
        let server = FakeServer::start(Scenario::new(vec![
            cut_off(true, Some(0)),
            Reply::text("second try"),
        ]))
        .expect("server");

        let (result, _) = call(&client(&server, provider), &request()).await;

        assert_eq!(
            result.expect("retried").text(),
            "second try",
            "{provider:?}"
        );
        assert_eq!(server.requests().len(), 2, "{provider:?}");
    }
}

#[tokio::test]
async fn in_band_server_errors_before_output_are_retried_then_reported() {
    for provider in ALL {
        let server = FakeServer::start(Scenario::new(vec![
            Reply::StreamError {
                message: "the model crashed".into(),
            },
            Reply::text("fine now"),
        ]))
        .expect("server");
        let (result, _) = call(&client(&server, provider), &request()).await;
        assert_eq!(result.expect("retried").text(), "fine now", "{provider:?}");

        let server = FakeServer::start(Scenario::default().with_fallback(Reply::StreamError {
            message: "the model crashed".into(),
        }))
        .expect("server");
        let (result, _) = call(&client(&server, provider), &request()).await;
        let error = result.expect_err("keeps failing");
        assert!(
            matches!(error, LlmError::Server { status: None, .. }),
            "{provider:?}: {error:?}"
        );
        assert!(error.to_string().contains("the model crashed"), "{error}");
    }
}

/// Longer than any call here takes, far shorter than the server holds a
/// request: only a call the stop failed to end runs into it (a hang guard).
const HANG_GUARD: Duration = Duration::from_secs(60);

#[tokio::test]
async fn cancellation_aborts_a_pending_request_promptly() {
    for provider in ALL {
        let server = FakeServer::start(Scenario::new(vec![Reply::Delay {
            ms: 600_000,
            then: None,
        }]))
        .expect("server");
        let client = client(&server, provider);
        let cancel = CancellationToken::new();
        // Stopped once the request is at the server, which holds it.
        let stop = async {
            while server.requests().is_empty() {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            cancel.cancel();
        };

        let request = request();
        let call = tokio::time::timeout(HANG_GUARD, call_with(&client, &request, &cancel));
        let (called, ()) = tokio::join!(call, stop);
        let (result, _) = called.expect("the stop ended the held request");

        assert!(
            matches!(result, Err(LlmError::Cancelled)),
            "{provider:?}: {result:?}"
        );
    }
}

#[tokio::test]
async fn cancellation_interrupts_a_backoff() {
    let server = FakeServer::start(Scenario::new(vec![Reply::Error {
        status: 429,
        message: "wait a minute".into(),
        retry_after_secs: Some(60),
    }]))
    .expect("server");
    let mut config = config(&server, Provider::OpenAiResponses);
    config.retry.max_backoff = Duration::from_secs(120);
    let client = LlmClient::new(config).expect("client");
    let cancel = CancellationToken::new();
    // Stopped the moment the client says it waits before retrying: the
    // stop lands in the 60 s backoff.
    let mut events = Vec::new();
    let mut sink = |event: StreamEvent| {
        if matches!(event, StreamEvent::Retrying { .. }) {
            cancel.cancel();
        }
        events.push(event);
    };

    let request = request();
    let call = tokio::time::timeout(HANG_GUARD, client.complete(&request, &mut sink, &cancel));
    let result = call.await.expect("the stop ended the backoff");

    assert!(matches!(result, Err(LlmError::Cancelled)), "{result:?}");
    assert_eq!(retry_event(&events), Some((1, 60_000)));
}

#[tokio::test]
async fn a_silent_server_times_out() {
    for provider in ALL {
        let server = FakeServer::start(Scenario::default().with_fallback(Reply::Delay {
            ms: 10_000,
            then: None,
        }))
        .expect("server");
        let mut config = config(&server, provider);
        config.request_timeout = Duration::from_millis(300);
        config.retry.max_retries = 1;
        let started = Instant::now();

        let (result, _) = call(&LlmClient::new(config).expect("client"), &request()).await;

        let error = result.expect_err("times out");
        assert!(
            matches!(error, LlmError::Timeout { .. }),
            "{provider:?}: {error:?}"
        );
        assert!(error.to_string().contains(&server.base_url()), "{error}");
        assert_eq!(server.requests().len(), 2, "one retry");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}

#[tokio::test]
async fn the_total_timeout_bounds_the_whole_call() {
    let server = FakeServer::start(Scenario::default().with_fallback(Reply::error(500, "down")))
        .expect("server");
    let mut config = config(&server, Provider::Anthropic);
    config.retry.max_retries = 100;
    config.retry.initial_backoff = Duration::from_millis(200);
    config.total_timeout = Some(Duration::from_millis(500));
    let started = Instant::now();

    let (result, _) = call(&LlmClient::new(config).expect("client"), &request()).await;

    assert!(
        matches!(result, Err(LlmError::Timeout { .. })),
        "{result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn hosted_providers_need_a_key() {
    for provider in [Provider::OpenAiResponses, Provider::Anthropic] {
        let var = provider
            .key_env_var()
            .expect("hosted providers have a variable");
        if std::env::var(var).is_ok_and(|key| !key.trim().is_empty()) {
            continue; // A developer's real key would satisfy it.
        }
        let error = LlmClient::new(ProviderConfig::new(provider, MODEL)).expect_err("no key");
        assert!(matches!(error, LlmError::MissingApiKey { .. }));
        assert!(error.to_string().contains(var), "{error}");
    }
    let keyed = ProviderConfig::new(Provider::Anthropic, MODEL).with_api_key(KEY);
    assert!(LlmClient::new(keyed).is_ok());
}

#[tokio::test]
async fn an_exhausted_quota_is_not_retried() {
    let server = FakeServer::start(Scenario::default().with_fallback(Reply::error(
        429,
        "You exceeded your current quota, please check your plan and billing details. (insufficient_quota)",
    )))
    .expect("server");

    let (result, _) = call(&client(&server, Provider::OpenAiResponses), &request()).await;

    let error = result.expect_err("429");
    assert!(
        matches!(error, LlmError::RateLimited { retries: 0, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("billing"), "{error}");
    assert_eq!(server.requests().len(), 1);
}
