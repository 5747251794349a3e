//! The hosted turn itself: one `codex app-server`, one thread, one turn.

use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{json, Value};

use super::translate::{Ended, Translator};
use super::HostedTurn;
use crate::approvals::{Approval, ApprovalAction, Decision};
use crate::codex_app_server::{AppServer, Incoming, Replier, REQUEST_TIMEOUT};
use crate::supervisor::TurnEnv;

/// Runs `turn` with `prompt`, writing exec lines to `out`; how it ended, or
/// why it could not run (the caller writes that as the turn's failure).
pub(super) fn run(turn: &HostedTurn, prompt: &str, out: &mut impl Write) -> Result<Ended, String> {
    let options: Vec<String> = turn
        .config
        .iter()
        .flat_map(|value| ["-c".to_string(), value.clone()])
        .collect();
    // The turn's environment is ours already (the supervisor set it up).
    let mut server = AppServer::start_with(
        &turn.codex,
        &options,
        &turn.approvals.cwd,
        &TurnEnv::default(),
        REQUEST_TIMEOUT,
    )
    .map_err(|e| e.to_string())?;
    let mut params = json!({
        "cwd": turn.approvals.cwd.display().to_string(),
        "approvalPolicy": "on-request",
        "sandbox": "workspace-write",
    });
    if let Some(model) = &turn.model {
        params["model"] = json!(model);
    }
    let started = match &turn.thread {
        Some(thread) => {
            params["threadId"] = json!(thread);
            server.request("thread/resume", params)
        }
        None => server.request("thread/start", params),
    }
    .map_err(|e| e.to_string())?;
    let thread = started
        .pointer("/thread/id")
        .and_then(Value::as_str)
        .ok_or("codex app-server answered without a thread id")?
        .to_string();
    emit(out, &json!({"type": "thread.started", "thread_id": thread}))?;

    let input = json!([{"type": "text", "text": prompt}]);
    let turn_request = server
        .send_request("turn/start", json!({"threadId": thread, "input": input}))
        .map_err(|e| e.to_string())?;
    let translator = Arc::new(Mutex::new(Translator::default()));
    loop {
        match server.next().map_err(|e| e.to_string())? {
            Incoming::Response {
                id,
                outcome: Err(message),
            } if id == turn_request => {
                return Err(format!("codex app-server refused the turn: {message}"))
            }
            Incoming::Response { .. } => {}
            Incoming::Notification { method, params } => {
                let lines = lock(&translator).notification(&method, &params);
                for line in lines {
                    emit(out, &line)?;
                }
                if let Some(ended) = lock(&translator).ended() {
                    return Ok(ended);
                }
            }
            Incoming::Request { id, method, params } => {
                let replier = server.replier();
                match ask_of(turn, &method, &params, &lock(&translator)) {
                    Some(ask) => ask.answer_in_background(id, replier, Arc::clone(&translator)),
                    None => replier.refuse(&id).map_err(|e| e.to_string())?,
                }
            }
        }
    }
}

/// One approval the server asked for, and where its answer goes.
struct Ask {
    approval: Approval,
    turn: HostedTurn,
    thread: String,
    turn_id: String,
    item: String,
}

/// The approval behind the server's request `method`, if it is one we put
/// to the user (others are refused: nobody here can answer them).
fn ask_of(turn: &HostedTurn, method: &str, params: &Value, translator: &Translator) -> Option<Ask> {
    let text = |key: &str| params[key].as_str().map(String::from);
    let item = text("itemId")?;
    let action = match method {
        "item/commandExecution/requestApproval" => ApprovalAction::Command {
            command: text("command").unwrap_or_default(),
        },
        "item/fileChange/requestApproval" => ApprovalAction::FileChange {
            changes: translator.proposed_changes(&item),
        },
        _ => return None,
    };
    let mut approval = turn.approvals.request("codex", action, text("reason"));
    if let Some(cwd) = text("cwd") {
        approval.cwd = cwd;
    }
    Some(Ask {
        approval,
        turn: turn.clone(),
        thread: text("threadId").unwrap_or_default(),
        turn_id: text("turnId").unwrap_or_default(),
        item,
    })
}

impl Ask {
    /// Waits for the user on a thread of its own (the server's other
    /// messages keep flowing meanwhile), then answers the server.
    fn answer_in_background(self, id: Value, replier: Replier, translator: Arc<Mutex<Translator>>) {
        let waiting = std::thread::Builder::new()
            .name("zwarm-approval".into())
            .spawn(move || self.answer(&id, &replier, &translator));
        if let Err(error) = waiting {
            eprintln!("zwarm: cannot wait for an approval ({error}); Codex keeps waiting");
        }
    }

    fn answer(&self, id: &Value, replier: &Replier, translator: &Mutex<Translator>) {
        let store = self.turn.approvals.store();
        let decision = store
            .ask(&self.approval, self.turn.approvals.timeout)
            .unwrap_or_else(|error| {
                let why = format!("zwarm could not ask the user ({error})");
                Decision::from_answer(crate::approvals::Answer::deny(Some(why)), "app")
            });
        if !decision.approved {
            lock(translator).note_denial(&self.item, decision.denial_message());
        }
        let verdict = if decision.approved {
            "accept"
        } else {
            "decline"
        };
        // The server may be gone (the turn killed): nobody left to tell.
        let _ = replier.respond(id, json!({"decision": verdict}));
        if let Some(words) = self.steer(&decision) {
            let input = json!([{"type": "text", "text": words}]);
            let _ = replier.request(
                "turn/steer",
                json!({"threadId": self.thread, "expectedTurnId": self.turn_id, "input": input}),
            );
        }
    }

    /// What the agent is told besides Codex's own "declined": the user's
    /// reason, or that nobody answered in time.
    fn steer(&self, decision: &Decision) -> Option<String> {
        if decision.approved || (decision.reason.is_none() && decision.by != "timeout") {
            return None;
        }
        Some(format!(
            "About `{}`: {}",
            self.approval.action.summary(),
            decision.denial_message()
        ))
    }
}

fn emit(out: &mut impl Write, line: &Value) -> Result<(), String> {
    writeln!(out, "{line}")
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write the turn file: {e}"))
}

fn lock(translator: &Mutex<Translator>) -> MutexGuard<'_, Translator> {
    match translator.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}
