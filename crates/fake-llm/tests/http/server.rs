//! Protocol-independent behaviour: the script, the fallback, recording, bad
//! input, delays, sync use and the binary.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fake_llm::{FakeServer, Part, Protocol, Reply, Scenario};
use serde_json::{json, Value};

use crate::client::{post, post_raw};

fn chat(text: &str) -> Value {
    json!({"model": "m", "messages": [{"role": "user", "content": text}]})
}

async fn chat_text(server: &FakeServer) -> String {
    let body: Value = post(server, "/v1/chat/completions", &chat("q"))
        .await
        .json()
        .await
        .expect("JSON body");
    body["choices"][0]["message"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn replies_in_order_then_the_fallback() {
    let default = FakeServer::start(Scenario::new(vec![Reply::text("one")])).expect("starts");
    assert_eq!(chat_text(&default).await, "one");
    assert_eq!(chat_text(&default).await, "ok");
    assert_eq!(chat_text(&default).await, "ok");

    let custom =
        FakeServer::start(Scenario::default().with_fallback(Reply::text("bye"))).expect("starts");
    assert_eq!(chat_text(&custom).await, "bye");
    custom.push_reply(Reply::text("pushed"));
    assert_eq!(chat_text(&custom).await, "pushed");
}

#[tokio::test]
async fn a_protocol_queue_is_served_before_the_shared_one() {
    let server = FakeServer::start(
        Scenario::new(vec![Reply::text("shared")])
            .with_queue(Protocol::Anthropic, vec![Reply::text("for claude")]),
    )
    .expect("starts");

    assert_eq!(chat_text(&server).await, "shared");
    let body: Value = post(&server, "/v1/messages", &chat("q"))
        .await
        .json()
        .await
        .expect("JSON body");
    assert_eq!(body["content"][0]["text"], "for claude");
}

#[tokio::test]
async fn records_every_request_including_unknown_routes() {
    let server = FakeServer::start(Scenario::default()).expect("starts");

    post(&server, "/v1/messages?beta=true", &chat("first question")).await;
    let missing = post(&server, "/v1/models", &json!({})).await;
    assert_eq!(missing.status(), 404);
    let body: Value = missing.json().await.expect("JSON error");
    assert!(body["error"]["message"].is_string());

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].protocol, Some(Protocol::Anthropic));
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, "/v1/messages?beta=true");
    assert_eq!(requests[0].route(), "/v1/messages");
    assert_eq!(requests[0].header("Authorization"), Some("Bearer test-key"));
    assert_eq!(
        requests[0].body.as_ref().expect("JSON")["messages"][0]["content"],
        "first question"
    );
    assert!(requests[0].body_contains("first question"));
    assert!(!requests[0].is_stream());
    assert_eq!(requests[1].protocol, None);
    assert_eq!(server.requests_for(Protocol::Anthropic).len(), 1);
}

#[tokio::test]
async fn bad_bodies_get_a_400_and_do_not_use_up_a_reply() {
    let server = FakeServer::start(Scenario::new(vec![Reply::text("first")])).expect("starts");

    let malformed = post_raw(&server, "/v1/chat/completions", "{not json").await;
    assert_eq!(malformed.status(), 400);
    let body: Value = malformed.json().await.expect("JSON error");
    assert_eq!(body["error"]["type"], "invalid_request_error");
    let no_messages = post(&server, "/v1/messages", &json!({"model": "m"})).await;
    assert_eq!(no_messages.status(), 400);
    let body: Value = no_messages.json().await.expect("JSON error");
    assert_eq!(body["error"]["type"], "invalid_request_error");
    let no_input = post(&server, "/v1/responses", &json!({"model": "m"})).await;
    assert_eq!(no_input.status(), 400);

    assert_eq!(chat_text(&server).await, "first");
    assert_eq!(server.requests().len(), 4, "bad requests are recorded too");
}

#[tokio::test]
async fn errors_use_the_status_given_and_500_for_an_invalid_one() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::error(404, "no such model"),
        Reply::error(42, "nonsense status"),
    ]))
    .expect("starts");

    let not_found = post(&server, "/v1/chat/completions", &chat("q")).await;
    assert_eq!(not_found.status(), 404);
    let invalid = post(&server, "/v1/chat/completions", &chat("q")).await;
    assert_eq!(invalid.status(), 500);
}

#[tokio::test]
async fn delays_hold_the_answer() {
    let server = FakeServer::start(Scenario::new(vec![
        Reply::Delay {
            ms: 300,
            then: Some(Box::new(Reply::text("late"))),
        },
        Reply::Delay {
            ms: 100,
            then: None,
        },
        Reply::Respond {
            parts: vec![Part::text("slow")],
            usage: Default::default(),
            delay_ms: 200,
            text_deltas: false,
        },
    ]))
    .expect("starts");

    let started = Instant::now();
    assert_eq!(chat_text(&server).await, "late");
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(
        chat_text(&server).await,
        "ok",
        "a bare delay answers with the fallback"
    );
    let started = Instant::now();
    assert_eq!(chat_text(&server).await, "slow");
    assert!(started.elapsed() >= Duration::from_millis(200));
}

/// Sync callers need no runtime; dropping the server frees the port.
#[test]
fn works_from_sync_code_and_stops_on_drop() {
    let server =
        FakeServer::start(Scenario::new(vec![Reply::text("sync answer")])).expect("starts");
    let addr = server.addr();
    let body = chat("q").to_string();
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "POST /v1/chat/completions HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("sync answer"));

    drop(server);
    assert!(
        TcpStream::connect(addr).is_err(),
        "the port is closed after drop"
    );
}

#[test]
fn dropping_a_server_does_not_wait_for_held_requests() {
    let server = FakeServer::start(Scenario::new(vec![Reply::Delay {
        ms: 60_000,
        then: None,
    }]))
    .expect("starts");
    let addr = server.addr();
    let body = chat("q").to_string();
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "POST /v1/chat/completions HTTP/1.1\r\nhost: {addr}\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    // The request is held once the server recorded it.
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.requests().is_empty() {
        assert!(Instant::now() < deadline, "the server never got the request");
        std::thread::sleep(Duration::from_millis(10));
    }

    // Dropped on a thread of its own: the test waits far less than the
    // 60 s the request is held (a hang guard, not a timing assertion).
    let (dropped, done) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        drop(server);
        let _ = dropped.send(());
    });
    assert!(
        done.recv_timeout(Duration::from_secs(30)).is_ok(),
        "dropping the server waited for the held request"
    );
}

#[test]
fn the_binary_serves_a_scenario_file() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let scenario = dir.path().join("scenario.json");
    std::fs::write(
        &scenario,
        r#"{"replies": [{"type": "respond", "parts": [{"type": "text", "text": "from file"}]}]}"#,
    )
    .expect("write scenario");
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-llm"))
        .arg("--scenario")
        .arg(&scenario)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start fake-llm");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the first line");
    let url = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_string();

    let body = chat("q").to_string();
    let mut stream = TcpStream::connect(&url).expect("connect");
    write!(
        stream,
        "POST /v1/chat/completions HTTP/1.1\r\nhost: {url}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let _ = child.kill();
    let _ = child.wait();
    assert!(response.contains("from file"), "{response}");
}
