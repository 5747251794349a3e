//! Claude Code (`claude -p --output-format stream-json --verbose`): one line →
//! an update of a [`TurnLog`].
//!
//! Each `assistant` line carries ONE content block; several lines share a
//! `message.id`. Each text block becomes its own `AgentMessage` entry (they
//! are not joined): an entry never changes once appended, except tool calls,
//! which their `tool_result` completes in place. The `usage` on assistant
//! lines is a placeholder and is ignored; only `result.usage` counts.
//!
//! Claude reports API failures as `subtype: "success"` with `is_error: true`,
//! so the terminal status looks at `is_error`, `subtype` and `terminal_reason`.
//! The synthetic assistant message it prints before such a result
//! (`is_api_error_message: true`) becomes an `Error` entry, not agent speech.

//! Lines are read into the typed, borrowed structs below (see
//! [`lenient`](super::lenient)): a field of an unexpected type degrades to
//! "absent", the large fields we do not need (the init line's tool list, the
//! result line's per-model usage) are skipped unbuilt, and strings borrow
//! from the line. Tool inputs and results are kept as `Value`s, since the UI
//! shows them whole.

mod tools;

use serde::Deserialize;
use serde_json::Value;

use super::json;
use super::lenient::{self, Bool, ErrorFlag, List, Obj, Str, TextOr, F64, U64};
use super::turn_log::{Change, Reported, Terminal, TurnLog};
use crate::events::AgentEvent;
use crate::usage::TokenUsage;
use tools::ToolResult;

/// Claude's stand-in model name on locally generated (error) messages.
const SYNTHETIC_MODEL: &str = "<synthetic>";

/// The fields of a Claude line that any line type uses.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Line<'a> {
    #[serde(rename = "type", borrow)]
    kind: Str<'a>,
    #[serde(borrow)]
    subtype: Str<'a>,
    #[serde(borrow)]
    session_id: Str<'a>,
    /// Assistant and user lines: the message's id in Claude's transcript.
    #[serde(borrow)]
    uuid: Str<'a>,
    /// `system/init`: the session's model.
    #[serde(borrow)]
    model: Str<'a>,
    /// An object on assistant and user lines, a string on permission notices.
    #[serde(borrow)]
    message: TextOr<'a, Obj<Message<'a>>>,
    is_api_error_message: Bool,
    tool_use_result: Option<Value>,
    #[serde(borrow)]
    tool_result_meta: List<Obj<ResultMeta<'a>>>,
    // `system` notices.
    #[serde(borrow)]
    tool_use_id: Str<'a>,
    #[serde(borrow)]
    tool_name: Str<'a>,
    attempt: U64,
    max_retries: U64,
    error: Option<Value>,
    error_status: U64,
    // `result`. Any value but `false` is an error (see `ErrorFlag`).
    is_error: ErrorFlag,
    #[serde(borrow)]
    result: Str<'a>,
    #[serde(borrow)]
    terminal_reason: Str<'a>,
    #[serde(borrow)]
    errors: List<Str<'a>>,
    usage: Obj<Usage>,
    total_cost_usd: F64,
    /// `result`: cost and tokens per model; read for the model's name when
    /// no init line named it.
    #[serde(rename = "modelUsage")]
    model_usage: Option<Value>,
    #[serde(borrow)]
    permission_denials: List<Obj<Denial<'a>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Message<'a> {
    #[serde(borrow)]
    model: Str<'a>,
    #[serde(borrow)]
    content: TextOr<'a, List<Obj<Block<'a>>>>,
}

/// One content block: text, thinking, tool_use or tool_result.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Block<'a> {
    #[serde(rename = "type", borrow)]
    kind: Str<'a>,
    #[serde(borrow)]
    text: Str<'a>,
    #[serde(borrow)]
    thinking: Str<'a>,
    #[serde(borrow)]
    id: Str<'a>,
    #[serde(borrow)]
    name: Str<'a>,
    input: Value,
    #[serde(borrow)]
    tool_use_id: Str<'a>,
    content: Value,
    is_error: ErrorFlag,
}

/// An entry of a user line's `tool_result_meta`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct ResultMeta<'a> {
    #[serde(borrow)]
    id: Str<'a>,
    #[serde(borrow)]
    permission_decision: Obj<Decision<'a>>,
    #[serde(borrow)]
    non_execution_kind: Str<'a>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Decision<'a> {
    #[serde(borrow)]
    decision: Str<'a>,
}

/// An entry of a result line's `permission_denials`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Denial<'a> {
    #[serde(borrow)]
    tool_use_id: Str<'a>,
}

/// A result line's `usage`, in Anthropic's convention.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Usage {
    input_tokens: U64,
    cache_read_input_tokens: U64,
    cache_creation_input_tokens: U64,
    output_tokens: U64,
    output_tokens_details: Obj<OutputDetails>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct OutputDetails {
    thinking_tokens: U64,
}

/// Reads one non-blank Claude line into `log`.
pub(crate) fn read_line(log: &mut TurnLog, text: &str, changes: &mut Vec<Change>) {
    if let Some(line) = lenient::read_object::<Line>(text) {
        apply(log, line, text, changes);
        return;
    }
    // Malformed, or an object the structs refuse (duplicate keys): counted, or kept verbatim.
    log.keep_verbatim(text, changes);
}

/// Applies one parsed Claude line to `log`.
fn apply(log: &mut TurnLog, line: Line, text: &str, changes: &mut Vec<Change>) {
    if !log.has_session_id() {
        if let Some(id) = line.session_id.as_str() {
            log.set_session_id(id, false);
        }
    }
    if matches!(line.kind.or_empty(), "assistant" | "user") {
        if let Some(uuid) = line.uuid.as_str() {
            log.set_last_message_uuid(uuid);
        }
    }
    match line.kind.or_empty() {
        "system" => system(log, line, text, changes),
        "assistant" => assistant(log, line, text, changes),
        "user" => user(log, line, text, changes),
        "result" => result(log, line, changes),
        _ => {
            log.append(
                AgentEvent::Unknown {
                    raw: json::reread(text, ""),
                },
                changes,
            );
        }
    }
}

fn system(log: &mut TurnLog, line: Line, text: &str, changes: &mut Vec<Change>) {
    match line.subtype.or_empty() {
        "init" => {
            if let Some(id) = line.session_id.as_str() {
                log.set_session_id(id, true);
            }
            if let Some(model) = line.model.as_str() {
                log.set_model(model, true);
            }
        }
        // A running estimate of hidden thinking: progress, not transcript.
        "thinking_tokens" => {}
        "api_retry" => {
            log.append(
                AgentEvent::Error {
                    message: retry_notice(&line),
                },
                changes,
            );
        }
        "permission_denied" => {
            if let Some(id) = line.tool_use_id.as_str() {
                log.update(id, changes, tools::deny);
            }
            let tool = line.tool_name.as_str().unwrap_or("a tool");
            let message = match &line.message {
                TextOr::Text(why) => format!("permission denied for {tool}: {why}"),
                _ => format!("permission denied for {tool}"),
            };
            log.append(AgentEvent::Error { message }, changes);
        }
        _ => {
            log.append(
                AgentEvent::Unknown {
                    raw: json::reread(text, ""),
                },
                changes,
            );
        }
    }
}

/// "API retry 2/10: overloaded_error (HTTP 529)", with whatever parts the line has.
fn retry_notice(line: &Line) -> String {
    let mut notice = String::from("API retry");
    if let Some(attempt) = line.attempt.0 {
        notice.push_str(&format!(" {attempt}"));
        if let Some(max) = line.max_retries.0 {
            notice.push_str(&format!("/{max}"));
        }
    }
    if let Some(error) = line.error.as_ref().and_then(json::message_text) {
        notice.push_str(&format!(": {error}"));
    }
    if let Some(status) = line.error_status.0 {
        notice.push_str(&format!(" (HTTP {status})"));
    }
    notice
}

/// Where block `index` of the line's message lives, to keep an unknown block verbatim.
fn block_pointer(index: usize) -> String {
    format!("/message/content/{index}")
}

fn assistant(log: &mut TurnLog, line: Line, text: &str, changes: &mut Vec<Change>) {
    // Claude's own rendering of an API failure, not the model speaking.
    let api_error = line.is_api_error_message.0;
    let TextOr::Container(Obj(Some(message))) = line.message else {
        return;
    };
    if !log.has_model() {
        if let Some(model) = message.model.as_str().filter(|m| *m != SYNTHETIC_MODEL) {
            log.set_model(model, false);
        }
    }
    let speech = |text: String| {
        if api_error {
            AgentEvent::Error { message: text }
        } else {
            AgentEvent::AgentMessage { text }
        }
    };
    let blocks = match message.content {
        TextOr::Container(List(blocks)) => blocks,
        TextOr::Text(text) => {
            log.append(speech(text.into_owned()), changes);
            return;
        }
        TextOr::Absent => return,
    };
    for (index, block) in blocks.into_iter().enumerate() {
        let Obj(Some(block)) = block else {
            continue;
        };
        match block.kind.or_empty() {
            "text" => {
                log.append(speech(block.text.into_string()), changes);
            }
            "thinking" => {
                let text = block.thinking.into_string();
                log.append(AgentEvent::Reasoning { text }, changes);
            }
            "tool_use" => {
                let event = tools::tool_use_event(block.name.or_empty(), block.input);
                match block.id.as_str() {
                    Some(id) => log.upsert(id, event, changes),
                    None => {
                        log.append(event, changes);
                    }
                }
            }
            _ => {
                let raw = json::reread(text, &block_pointer(index));
                log.append(AgentEvent::Unknown { raw }, changes);
            }
        }
    }
}

fn user(log: &mut TurnLog, line: Line, text: &str, changes: &mut Vec<Change>) {
    let TextOr::Container(Obj(Some(message))) = line.message else {
        return;
    };
    let blocks = match message.content {
        TextOr::Container(List(blocks)) => blocks,
        TextOr::Text(text) => {
            let text = text.into_owned();
            log.append(AgentEvent::UserMessage { text }, changes);
            return;
        }
        TextOr::Absent => return,
    };
    let results = blocks
        .iter()
        .filter(|b| matches!(b, Obj(Some(block)) if block.kind.as_str() == Some("tool_result")))
        .count();
    // `tool_use_result` describes the line's only result; with several it is ambiguous.
    let mut detail = if results == 1 {
        line.tool_use_result
    } else {
        None
    };
    for (index, block) in blocks.into_iter().enumerate() {
        let Obj(Some(block)) = block else {
            continue;
        };
        match block.kind.or_empty() {
            "text" => {
                let text = block.text.into_string();
                log.append(AgentEvent::UserMessage { text }, changes);
            }
            "tool_result" => {
                let id = block.tool_use_id.or_empty();
                let denied = is_rejected(&line.tool_result_meta, id);
                let result =
                    ToolResult::new(&block.content, block.is_error.0, detail.take(), denied);
                let mut pending = Some(result);
                let known = log.update(id, changes, |entry| match pending.take() {
                    Some(result) => tools::apply_result(entry, result),
                    None => false,
                });
                if !known {
                    if let Some(result) = pending {
                        log.append(tools::orphan_result(result), changes);
                    }
                }
            }
            _ => {
                let raw = json::reread(text, &block_pointer(index));
                log.append(AgentEvent::Unknown { raw }, changes);
            }
        }
    }
}

/// Whether `tool_result_meta` says the call `id` was refused rather than run.
fn is_rejected(metas: &List<Obj<ResultMeta>>, id: &str) -> bool {
    metas
        .0
        .iter()
        .filter_map(|meta| meta.0.as_ref())
        .filter(|meta| meta.id.as_str() == Some(id))
        .any(|meta| {
            let decision = meta
                .permission_decision
                .0
                .as_ref()
                .and_then(|d| d.decision.as_str());
            let kind = meta.non_execution_kind.or_empty();
            decision == Some("reject") || kind.contains("reject") || kind.contains("denied")
        })
}

fn result(log: &mut TurnLog, mut line: Line, changes: &mut Vec<Change>) {
    for denial in line
        .permission_denials
        .0
        .iter()
        .filter_map(|d| d.0.as_ref())
    {
        if let Some(id) = denial.tool_use_id.as_str() {
            log.update(id, changes, tools::deny);
        }
    }
    let usage = line.usage.0.take().map(TokenUsage::from);
    let reported_cost_usd = line.total_cost_usd.0;
    if usage.is_some() || reported_cost_usd.is_some() {
        log.set_reported(Reported {
            usage: usage.unwrap_or_default(),
            total_cost_usd: reported_cost_usd,
        });
    }
    if !log.has_model() {
        if let Some(model) = main_model(line.model_usage.as_ref()) {
            log.set_model(&model, false);
        }
    }
    match failure_message(&line) {
        None => {
            let usage = usage.unwrap_or_default();
            log.set_terminal(Terminal::Completed {
                usage,
                reported_cost_usd,
            });
            log.append(
                AgentEvent::TurnCompleted {
                    usage,
                    reported_cost_usd,
                },
                changes,
            );
        }
        Some(message) => {
            log.note_error(&message);
            log.set_terminal(Terminal::Failed {
                message: message.clone(),
            });
            log.append(AgentEvent::TurnFailed { message }, changes);
        }
    }
}

/// The model that cost the most in a result's `modelUsage` (Claude also runs
/// a small model for housekeeping; the main one dominates).
fn main_model(model_usage: Option<&Value>) -> Option<String> {
    let models = model_usage?.as_object()?;
    let cost = |v: &Value| v.get("costUSD").and_then(Value::as_f64).unwrap_or(0.0);
    models
        .iter()
        .max_by(|a, b| cost(a.1).total_cmp(&cost(b.1)))
        .map(|(name, _)| name.clone())
}

/// `None` when the result is a genuine success; else the CLI's own words.
fn failure_message(line: &Line) -> Option<String> {
    let subtype = line.subtype.as_str().unwrap_or("success");
    let reason = line.terminal_reason.as_str();
    if !line.is_error.0 && subtype == "success" && !reason.is_some_and(is_error_reason) {
        return None;
    }
    if let Some(text) = line.result.as_str().filter(|t| !t.trim().is_empty()) {
        return Some(text.to_string());
    }
    let errors: Vec<&str> = line.errors.0.iter().filter_map(Str::as_str).collect();
    let context = reason.unwrap_or(subtype);
    if errors.is_empty() {
        Some(context.to_string())
    } else {
        Some(format!("{context}: {}", errors.join("; ")))
    }
}

/// Terminal reasons that mean the turn did not finish normally ("completed" is the normal one).
fn is_error_reason(reason: &str) -> bool {
    reason == "error"
        || reason.ends_with("_error")
        || reason.starts_with("max_")
        || ["abort", "interrupt", "cancel", "kill", "timeout"]
            .iter()
            .any(|w| reason.contains(w))
}

/// Anthropic counts cache reads and writes beside `input_tokens`; [`TokenUsage`]
/// includes them in `input_tokens` (OpenAI convention).
impl From<Usage> for TokenUsage {
    fn from(usage: Usage) -> Self {
        let input = usage.input_tokens.0.unwrap_or(0);
        let cache_read = usage.cache_read_input_tokens.0.unwrap_or(0);
        let cache_write = usage.cache_creation_input_tokens.0.unwrap_or(0);
        let thinking = usage
            .output_tokens_details
            .0
            .and_then(|d| d.thinking_tokens.0)
            .unwrap_or(0);
        TokenUsage {
            input_tokens: input.saturating_add(cache_read).saturating_add(cache_write),
            cached_input_tokens: cache_read,
            cache_write_input_tokens: cache_write,
            output_tokens: usage.output_tokens.0.unwrap_or(0),
            reasoning_output_tokens: thinking,
        }
    }
}
