//! The HTTP server: owns a thread with its own tokio runtime so sync and async
//! tests use it alike, records each request, takes the next scripted reply
//! and hands it to the protocol module of the route that was hit.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::Value;
use tokio::sync::oneshot;

use crate::context::{new_nonce, Ctx};
use crate::record::RecordedRequest;
use crate::scenario::{Part, Protocol, Reply, Scenario, Script, Usage};
use crate::{anthropic, chat, responses, sse};

/// Bodies larger than this are refused; agent CLIs send whole transcripts.
const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// A running fake model server on 127.0.0.1. Stops when dropped.
pub struct FakeServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

/// State shared between the handle and the request handlers.
struct Shared {
    script: Mutex<Script>,
    records: Mutex<Vec<RecordedRequest>>,
    nonce: String,
    seq: AtomicU64,
}

impl FakeServer {
    /// Starts a server on a free port that plays `scenario`.
    pub fn start(scenario: Scenario) -> std::io::Result<FakeServer> {
        FakeServer::start_on(scenario, 0)
    }

    /// Starts a server on `port` (0 picks a free one) that plays `scenario`.
    pub fn start_on(scenario: Scenario, port: u16) -> std::io::Result<FakeServer> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            script: Mutex::new(Script::new(scenario)),
            records: Mutex::new(Vec::new()),
            nonce: new_nonce(),
            seq: AtomicU64::new(0),
        });
        let (shutdown, stopped) = oneshot::channel();
        let (ready_tx, ready_rx) = mpsc::channel();
        let app = router(shared.clone());
        // The runtime is built and dropped on the server thread: dropping a
        // runtime inside a caller's async context would panic.
        let thread = std::thread::Builder::new()
            .name(format!("fake-llm-{}", addr.port()))
            .spawn(move || serve(listener, app, stopped, ready_tx))?;
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(FakeServer {
                addr,
                shared,
                shutdown: Some(shutdown),
                thread: Some(thread),
            }),
            Ok(Err(error)) => {
                let _ = thread.join();
                Err(error)
            }
            Err(_) => {
                let _ = thread.join();
                Err(std::io::Error::other(
                    "fake-llm: server thread died at start",
                ))
            }
        }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash or `/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.records).clone()
    }

    /// The requests received so far on one protocol's routes.
    pub fn requests_for(&self, protocol: Protocol) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|request| request.protocol == Some(protocol))
            .collect()
    }

    /// Appends a reply to the shared queue of a running server.
    pub fn push_reply(&self, reply: Reply) {
        lock(&self.shared.script).push(reply);
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Runs on the server thread until `stopped` fires or the handle is dropped.
fn serve(
    listener: TcpListener,
    app: Router,
    stopped: oneshot::Receiver<()>,
    ready: mpsc::Sender<std::io::Result<()>>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let _ = ready.send(Err(error));
            return;
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::from_std(listener) {
            Ok(listener) => listener,
            Err(error) => {
                let _ = ready.send(Err(error));
                return;
            }
        };
        let _ = ready.send(Ok(()));
        // Not a graceful shutdown: held-open requests (long delays) must not
        // keep a dropped server alive. Dropping the runtime cancels them.
        tokio::select! {
            _ = axum::serve(listener, app) => {}
            _ = stopped => {}
        }
    });
    runtime.shutdown_timeout(Duration::from_millis(200));
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .fallback(handle)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(shared)
}

/// Which protocol a route belongs to; `None` for routes we do not serve.
fn protocol_of(method: &Method, route: &str) -> Option<Protocol> {
    if method != Method::POST {
        return None;
    }
    match route.trim_end_matches('/') {
        "/v1/responses" | "/responses" => Some(Protocol::Responses),
        "/v1/messages" | "/messages" => Some(Protocol::Anthropic),
        "/v1/chat/completions" | "/chat/completions" => Some(Protocol::Chat),
        _ => None,
    }
}

/// The one handler: records, validates, then answers with the next reply.
async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri
        .path_and_query()
        .map(|pq| pq.as_str().to_string())
        .unwrap_or_else(|| uri.path().to_string());
    let protocol = protocol_of(&method, uri.path());
    let parsed: Option<Value> = serde_json::from_slice(&body).ok();
    lock(&shared.records).push(RecordedRequest {
        protocol,
        method: method.to_string(),
        path: path.clone(),
        headers: headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_string(), value)
            })
            .collect(),
        body: parsed.clone(),
        raw_body: String::from_utf8_lossy(&body).into_owned(),
    });
    let Some(protocol) = protocol else {
        let message = format!("fake-llm: no route for {method} {path}");
        return error_response(Protocol::Responses, 404, &message, None);
    };
    let request = match parsed.as_ref().map(|body| validate(protocol, body)) {
        Some(Ok(request)) => request,
        Some(Err(message)) => return error_response(protocol, 400, &message, None),
        None => {
            let message = "fake-llm: request body is not valid JSON";
            return error_response(protocol, 400, message, None);
        }
    };
    let seq = shared.seq.fetch_add(1, Ordering::Relaxed) + 1;
    let ctx = Ctx::new(request.model.as_deref(), &shared.nonce, seq);
    let reply = lock(&shared.script).next(protocol);
    answer(&shared, protocol, &ctx, &request, reply).await
}

/// What the answer depends on in a request body.
struct RequestInfo {
    stream: bool,
    model: Option<String>,
    include_usage: bool,
}

/// Checks the few fields the protocol requires, so client bugs show up as a
/// 400 the way the real API would answer, rather than as odd replies.
fn validate(protocol: Protocol, body: &Value) -> Result<RequestInfo, String> {
    let Some(object) = body.as_object() else {
        return Err("fake-llm: request body must be a JSON object".into());
    };
    let (field, ok) = match protocol {
        Protocol::Responses => (
            "input",
            object
                .get("input")
                .is_some_and(|input| input.is_string() || input.is_array()),
        ),
        Protocol::Anthropic | Protocol::Chat => (
            "messages",
            object.get("messages").is_some_and(Value::is_array),
        ),
    };
    if !ok {
        return Err(format!(
            "fake-llm: `{field}` is missing or has the wrong type"
        ));
    }
    Ok(RequestInfo {
        stream: object
            .get("stream")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        model: object
            .get("model")
            .and_then(Value::as_str)
            .map(str::to_string),
        include_usage: object
            .get("stream_options")
            .and_then(|options| options.get("include_usage"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

/// Plays one reply; `Delay` waits and then plays its continuation.
async fn answer(
    shared: &Shared,
    protocol: Protocol,
    ctx: &Ctx,
    request: &RequestInfo,
    mut reply: Reply,
) -> Response {
    loop {
        match reply {
            Reply::Delay { ms, then } => {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                reply = match then {
                    Some(next) => *next,
                    None => lock(&shared.script).fallback(),
                };
            }
            Reply::Respond {
                parts,
                usage,
                delay_ms,
                text_deltas,
            } => {
                tokio::time::sleep(Duration::from_millis(delay_ms)).await;
                if request.stream {
                    let events = stream(protocol, ctx, &parts, &usage, text_deltas, request);
                    return sse::respond(events.complete());
                }
                return Json(json_body(protocol, ctx, &parts, &usage)).into_response();
            }
            Reply::Error {
                status,
                message,
                retry_after_secs,
            } => return error_response(protocol, status, &message, retry_after_secs),
            Reply::StreamError { message } => {
                if !request.stream {
                    return error_response(protocol, 500, &message, None);
                }
                return sse::respond(match protocol {
                    Protocol::Responses => responses::failed_stream(ctx, &message),
                    Protocol::Anthropic => anthropic::failed_stream(ctx, &message),
                    Protocol::Chat => chat::failed_stream(ctx, &message),
                });
            }
            Reply::CutOff {
                parts,
                usage,
                after_events,
                abort,
            } => {
                if !request.stream {
                    return sse::aborted_json(&json_body(protocol, ctx, &parts, &usage));
                }
                let events = stream(protocol, ctx, &parts, &usage, true, request);
                let events = events.cut(after_events);
                if abort {
                    return sse::respond_then_abort(events);
                }
                return sse::respond(events);
            }
        }
    }
}

fn stream(
    protocol: Protocol,
    ctx: &Ctx,
    parts: &[Part],
    usage: &Usage,
    deltas: bool,
    request: &RequestInfo,
) -> sse::EventStream {
    match protocol {
        Protocol::Responses => responses::stream(ctx, parts, usage, deltas),
        Protocol::Anthropic => anthropic::stream(ctx, parts, usage, deltas),
        Protocol::Chat => chat::stream(ctx, parts, usage, deltas, request.include_usage),
    }
}

fn json_body(protocol: Protocol, ctx: &Ctx, parts: &[Part], usage: &Usage) -> Value {
    match protocol {
        Protocol::Responses => responses::json_body(ctx, parts, usage),
        Protocol::Anthropic => anthropic::json_body(ctx, parts, usage),
        Protocol::Chat => chat::json_body(ctx, parts, usage),
    }
}

/// An HTTP error in the protocol's JSON shape; an invalid status becomes 500.
fn error_response(
    protocol: Protocol,
    status: u16,
    message: &str,
    retry_after_secs: Option<u64>,
) -> Response {
    let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match protocol {
        Protocol::Anthropic => anthropic::error_body(code.as_u16(), message),
        Protocol::Responses | Protocol::Chat => responses::error_body(code.as_u16(), message),
    };
    let mut response = (code, Json(body)).into_response();
    if let Some(seconds) = retry_after_secs {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Locks a mutex, ignoring poisoning: the data stays usable for assertions.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
