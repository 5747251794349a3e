//! A minimal JSON-RPC client of `codex app-server`, which `engine::fork`
//! uses to fork a Codex thread (`codex exec` has no fork command) and the
//! host of "Ask me" Codex turns (`approvals::codex_host`) uses to run a turn
//! whose approvals the user answers.
//!
//! The protocol (checked against `codex-cli 0.169.0`, schema from `codex
//! app-server generate-json-schema`): one JSON object per line on stdio, in
//! both directions. Requests carry an `id` and a `method`; the server answers
//! with the same `id` and a `result` or an `error {code, message}` (its
//! answers omit `"jsonrpc"`). Between answers it sends notifications (a
//! `method`, no `id`), which [`AppServer::request`] skips, and may send
//! requests of its own (a `method` and an `id`), which it refuses so the
//! server never waits on us; a caller that handles them reads every message
//! with [`AppServer::next`] instead and answers through a [`Replier`]. A
//! session starts with the `initialize` request and the `initialized`
//! notification.
//!
//! Every wait is bounded by a timeout, and the server's whole process group
//! is killed when the client is dropped: it is a helper, never left running.

use std::io::{BufRead, BufReader, Read};
use std::os::fd::OwnedFd;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::supervisor::TurnEnv;

/// How long one request may take before the server is given up on: starting
/// Codex and reading a thread's rollout takes well under a second; this only
/// stops a hung server from hanging a fork.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// How much of the server's stderr is kept to explain a failure.
const STDERR_TAIL: usize = 2_000;

/// What went wrong talking to the app-server, worded for the user.
#[derive(Debug, thiserror::Error)]
pub(crate) enum AppServerError {
    #[error("could not start `{program} app-server`: {source}")]
    Start {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("`codex app-server` did not answer `{method}` within {}s", .timeout.as_secs())]
    Timeout { method: String, timeout: Duration },
    #[error("`codex app-server` ended before answering `{method}`{}", stderr_suffix(.stderr))]
    Closed { method: String, stderr: String },
    #[error("`codex app-server` refused `{method}`: {message} (code {code}); this Codex may be too old for it")]
    Refused {
        method: String,
        code: i64,
        message: String,
    },
    #[error("sending `{method}` to `codex app-server` failed: {source}")]
    Write {
        method: String,
        #[source]
        source: std::io::Error,
    },
}

fn stderr_suffix(stderr: &str) -> String {
    let tail = stderr.trim();
    if tail.is_empty() {
        String::new()
    } else {
        format!(": {tail}")
    }
}

/// A running `codex app-server`, initialized.
pub(crate) struct AppServer {
    child: Child,
    replier: Replier,
    lines: Receiver<String>,
    stderr: Receiver<String>,
    timeout: Duration,
}

/// What writes to the server: shared, so threads waiting on the user can
/// answer the server's requests while the reader goes on.
#[derive(Clone)]
pub(crate) struct Replier {
    /// Our end of the socket that is the server's stdin. A socket, not a
    /// pipe, so a write after the server died fails with EPIPE instead of
    /// raising SIGPIPE (which `zwarm` leaves at its default: it would kill
    /// the whole command): see [`send_all`]. `None` once closed.
    stdin: Arc<Mutex<Option<OwnedFd>>>,
    next_id: Arc<AtomicU64>,
}

/// One message from the server, as [`AppServer::next`] reads them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Incoming {
    /// The answer to our request `id`: its result, or the server's error message.
    Response {
        id: u64,
        outcome: Result<Value, String>,
    },
    Notification {
        method: String,
        params: Value,
    },
    /// A request of the server's, to be answered with [`Replier::respond`].
    Request {
        id: Value,
        method: String,
        params: Value,
    },
}

impl AppServer {
    /// Starts `program app-server` in `cwd` with the agent environment `env`
    /// and initializes the session.
    pub(crate) fn start(
        program: &Path,
        cwd: &Path,
        env: &TurnEnv,
        timeout: Duration,
    ) -> Result<Self, AppServerError> {
        Self::start_with(program, &[], cwd, env, timeout)
    }

    /// [`Self::start`] with more options for `app-server` (`-c key=value`).
    pub(crate) fn start_with(
        program: &Path,
        options: &[String],
        cwd: &Path,
        env: &TurnEnv,
        timeout: Duration,
    ) -> Result<Self, AppServerError> {
        let mut command = Command::new(program);
        command.arg("app-server").args(options).current_dir(cwd);
        for name in &env.remove {
            command.env_remove(name);
        }
        for (name, value) in &env.set {
            command.env(name, value);
        }
        let mut server = Self::spawn(command, timeout).map_err(|source| AppServerError::Start {
            program: program.display().to_string(),
            source,
        })?;
        server.request(
            "initialize",
            json!({"clientInfo": {"name": "zwarm", "version": env!("CARGO_PKG_VERSION")}}),
        )?;
        server
            .replier
            .send("initialized", &json!({"method": "initialized"}))?;
        Ok(server)
    }

    /// Spawns `command` as the server, its stdio piped, in a process group
    /// of its own (so dropping the client can kill whatever it started).
    fn spawn(mut command: Command, timeout: Duration) -> std::io::Result<Self> {
        use std::os::unix::process::CommandExt;
        let (ours, theirs) = rustix::net::socketpair(
            rustix::net::AddressFamily::UNIX,
            rustix::net::SocketType::STREAM,
            rustix::net::SocketFlags::CLOEXEC,
            None,
        )?;
        command
            .stdin(Stdio::from(theirs))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        let mut child = command.spawn()?;
        let replier = Replier {
            stdin: Arc::new(Mutex::new(Some(ours))),
            next_id: Arc::new(AtomicU64::new(1)),
        };
        let lines = read_lines(child.stdout.take());
        let stderr = read_all(child.stderr.take());
        Ok(Self {
            child,
            replier,
            lines,
            stderr,
            timeout,
        })
    }

    /// What writes to the server, for other threads.
    pub(crate) fn replier(&self) -> Replier {
        self.replier.clone()
    }

    /// Sends request `method` without waiting: its answer comes through
    /// [`Self::next`] with the id returned.
    pub(crate) fn send_request(&mut self, method: &str, params: Value) -> Result<u64, AppServerError> {
        self.replier.request(method, params)
    }

    /// The next message from the server, however long it takes (a turn
    /// waits on the user); `Closed` once the server has ended.
    pub(crate) fn next(&mut self) -> Result<Incoming, AppServerError> {
        loop {
            let Ok(line) = self.lines.recv() else {
                return Err(AppServerError::Closed {
                    method: "the turn".into(),
                    stderr: self.stderr_tail(),
                });
            };
            if let Some(incoming) = parse_incoming(&line) {
                return Ok(incoming);
            }
        }
    }

    /// Sends request `method` and waits for its answer: the `result`, or the
    /// server's error.
    pub(crate) fn request(&mut self, method: &str, params: Value) -> Result<Value, AppServerError> {
        let id = self.replier.request(method, params)?;
        let deadline = Instant::now() + self.timeout;
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            let line = match self.lines.recv_timeout(wait) {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => {
                    return Err(AppServerError::Timeout {
                        method: method.into(),
                        timeout: self.timeout,
                    })
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(AppServerError::Closed {
                        method: method.into(),
                        stderr: self.stderr_tail(),
                    })
                }
            };
            // Not JSON (a stray print): not an answer either.
            match parse_incoming(&line) {
                Some(Incoming::Response { id: answered, outcome }) if answered == id => {
                    return outcome.map_err(|message| AppServerError::Refused {
                        method: method.into(),
                        code: error_code(&line),
                        message,
                    });
                }
                // A request of the server's (an approval, say): nobody here
                // can answer it, so refuse at once rather than let it wait.
                Some(Incoming::Request { id: their_id, .. }) => {
                    self.replier.refuse(&their_id)?;
                }
                _ => {}
            }
        }
    }

    /// The end of what the server wrote on stderr, once it has exited.
    fn stderr_tail(&mut self) -> String {
        let text = self
            .stderr
            .recv_timeout(Duration::from_secs(2))
            .unwrap_or_default();
        let start = text.len().saturating_sub(STDERR_TAIL);
        let start = (start..text.len())
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(text.len());
        text[start..].to_string()
    }
}

impl Replier {
    /// Sends request `method`; returns its id.
    pub(crate) fn request(&self, method: &str, params: Value) -> Result<u64, AppServerError> {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        self.send(
            method,
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        )?;
        Ok(id)
    }

    /// Answers the server's request `id` with `result`.
    pub(crate) fn respond(&self, id: &Value, result: Value) -> Result<(), AppServerError> {
        self.send("an answer", &json!({"id": id, "result": result}))
    }

    /// Refuses the server's request `id`: zwarm does not handle its kind.
    pub(crate) fn refuse(&self, id: &Value) -> Result<(), AppServerError> {
        let error = json!({"code": -32601, "message": "zwarm does not handle this request"});
        self.send("a refusal", &json!({"id": id, "error": error}))
    }

    fn send(&self, method: &str, message: &Value) -> Result<(), AppServerError> {
        let mut line = serde_json::to_vec(message)
            .map_err(std::io::Error::other)
            .map_err(|source| AppServerError::Write {
                method: method.into(),
                source,
            })?;
        line.push(b'\n');
        let stdin = match self.stdin.lock() {
            Ok(stdin) => stdin,
            Err(poisoned) => poisoned.into_inner(),
        };
        match stdin.as_ref() {
            Some(stdin) => send_all(stdin, &line).map_err(|source| AppServerError::Write {
                method: method.into(),
                source,
            }),
            None => Err(AppServerError::Closed {
                method: method.into(),
                stderr: String::new(),
            }),
        }
    }

    fn close(&self) {
        match self.stdin.lock() {
            Ok(mut stdin) => drop(stdin.take()),
            Err(poisoned) => drop(poisoned.into_inner().take()),
        }
    }
}

/// A line from the server as a message; `None` for what is not one (a stray print).
fn parse_incoming(line: &str) -> Option<Incoming> {
    let message = serde_json::from_str::<Value>(line).ok()?;
    let params = || message.get("params").cloned().unwrap_or(Value::Null);
    match (message.get("id"), message.get("method").and_then(Value::as_str)) {
        (Some(id), Some(method)) => Some(Incoming::Request {
            id: id.clone(),
            method: method.to_string(),
            params: params(),
        }),
        (None, Some(method)) => Some(Incoming::Notification {
            method: method.to_string(),
            params: params(),
        }),
        (Some(id), None) => {
            let outcome = match message.get("error") {
                Some(error) => Err(error
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("no message")
                    .to_string()),
                None => Ok(message.get("result").cloned().unwrap_or(Value::Null)),
            };
            Some(Incoming::Response {
                id: id.as_u64()?,
                outcome,
            })
        }
        (None, None) => None,
    }
}

/// The `error.code` of an answer line (0 when it has none).
fn error_code(line: &str) -> i64 {
    serde_json::from_str::<Value>(line)
        .ok()
        .and_then(|m| m.pointer("/error/code").and_then(Value::as_i64))
        .unwrap_or(0)
}

impl Drop for AppServer {
    /// Closes stdin (the server exits on EOF), then kills its process group
    /// and reaps it, whatever state it is in.
    fn drop(&mut self) {
        self.replier.close();
        if let Some(pid) = i32::try_from(self.child.id())
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes all of `bytes` to the server's stdin socket, without SIGPIPE.
fn send_all(stdin: &OwnedFd, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        match rustix::net::send(stdin, bytes, rustix::net::SendFlags::NOSIGNAL) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(sent) => bytes = &bytes[sent..],
            Err(rustix::io::Errno::INTR) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}

/// Lines of `pipe`, sent as they come; the channel closes at EOF.
fn read_lines(pipe: Option<impl Read + Send + 'static>) -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    if let Some(pipe) = pipe {
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
    }
    receiver
}

/// All of `pipe` as text, sent once at EOF.
fn read_all(pipe: Option<impl Read + Send + 'static>) -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    if let Some(mut pipe) = pipe {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            let _ = sender.send(String::from_utf8_lossy(&bytes).into_owned());
        });
    }
    receiver
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stub server in `sh`: answers each request line with `reply`, where
    /// `$id` is the request's id (read with sed), after printing a notification.
    fn stub(reply: &str) -> AppServer {
        let script = format!(
            r#"while IFS= read -r line; do
  id=$(printf '%s' "$line" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
  [ -z "$id" ] && continue
  printf '%s\n' '{{"method":"note/changed","params":{{}}}}'
  printf 'not json\n'
  printf '%s\n' "{reply}"
done"#
        );
        let mut command = Command::new("sh");
        command.arg("-c").arg(script);
        AppServer::spawn(command, Duration::from_secs(30)).unwrap()
    }

    #[test]
    fn answers_are_matched_by_id_past_notifications_and_noise() {
        let mut server = stub(r#"{\"id\":$id,\"result\":{\"echo\":$id}}"#);
        assert_eq!(server.request("a", json!({})).unwrap(), json!({"echo": 1}));
        assert_eq!(server.request("b", json!({})).unwrap(), json!({"echo": 2}));
    }

    #[test]
    fn an_error_answer_names_the_method_and_the_server_words() {
        let mut server =
            stub(r#"{\"id\":$id,\"error\":{\"code\":-32600,\"message\":\"no such thread\"}}"#);
        let error = server.request("thread/fork", json!({})).unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains("thread/fork") && text.contains("no such thread"),
            "{text}"
        );
    }

    #[test]
    fn a_server_that_exits_is_reported_with_its_stderr() {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg("read -r line; echo 'unknown subcommand' >&2; exit 2");
        let mut server = AppServer::spawn(command, Duration::from_secs(30)).unwrap();
        let error = server.request("initialize", json!({})).unwrap_err();
        assert!(matches!(error, AppServerError::Closed { .. }), "{error}");
        assert!(error.to_string().contains("unknown subcommand"), "{error}");
    }

    #[test]
    fn the_servers_requests_are_read_and_answered_from_another_thread() {
        let mut command = Command::new("sh");
        command.arg("-c").arg(
            r#"printf '%s\n' '{"id":"r1","method":"item/commandExecution/requestApproval","params":{"itemId":"c1"}}'
read -r line; printf '{"method":"echo","params":%s}\n' "$line""#,
        );
        let mut server = AppServer::spawn(command, Duration::from_secs(30)).unwrap();
        let Incoming::Request { id, method, params } = server.next().unwrap() else {
            panic!("a request comes first")
        };
        assert_eq!((method.as_str(), &params["itemId"]), ("item/commandExecution/requestApproval", &json!("c1")));
        let replier = server.replier();
        std::thread::spawn(move || replier.respond(&id, json!({"decision": "accept"})))
            .join()
            .unwrap()
            .unwrap();
        assert_eq!(
            server.next().unwrap(),
            Incoming::Notification {
                method: "echo".into(),
                params: json!({"id": "r1", "result": {"decision": "accept"}}),
            }
        );
        assert!(matches!(server.next(), Err(AppServerError::Closed { .. })));
    }

    #[test]
    fn a_silent_server_times_out() {
        let mut command = Command::new("sh");
        command.arg("-c").arg("while read -r line; do :; done");
        let mut server = AppServer::spawn(command, Duration::from_millis(200)).unwrap();
        let error = server.request("initialize", json!({})).unwrap_err();
        assert!(matches!(error, AppServerError::Timeout { .. }), "{error}");
    }
}
