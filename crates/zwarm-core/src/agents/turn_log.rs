//! The folded state of one turn file: one CLI invocation's stdout.
//!
//! A turn file is read twice in zwarm's life: live, chunk by chunk while the
//! CLI runs (a subscriber upserts the [`Change`]s into the UI), and later in
//! one go from disk. Both paths go through [`TurnLog::push_bytes`], so they
//! produce the same entries whatever the chunking.
//!
//! The status of a turn is decided honestly: only the CLI's own terminal
//! success event makes it [`TurnOutcome::Completed`]. A process that exits 0
//! without one (Claude on SIGINT) is not completed.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::json::Object;
use super::Adapter;
use crate::events::AgentEvent;
use crate::usage::TokenUsage;

/// How many malformed lines are kept verbatim-ish for reporting.
const MALFORMED_SAMPLES: usize = 5;
/// Reasons are clipped so a huge broken line does not bloat the report.
const MALFORMED_REASON_MAX: usize = 200;

/// What a pushed line did to [`TurnLog::entries`], for a live subscriber to upsert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub index: usize,
    pub kind: ChangeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new entry at `index` (always the current last index).
    Appended,
    /// The entry at `index` was updated in place (an item progressed).
    Replaced,
}

/// The CLI's own terminal event, as seen in the stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Terminal {
    Completed {
        usage: TokenUsage,
        reported_cost_usd: Option<f64>,
    },
    Failed {
        message: String,
    },
}

/// The usage (and, for Claude, the cost) the CLI reported at the end of a run,
/// whatever its outcome: a failed or interrupted Claude run reports what it
/// spent too, and that money is spent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Reported {
    /// As the CLI counts it: the whole thread for Codex, this run for Claude.
    pub usage: TokenUsage,
    /// Claude's `total_cost_usd`: the whole session so far.
    pub total_cost_usd: Option<f64>,
}

/// The honest status of a turn, from its terminal event and the process exit code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum TurnOutcome {
    /// The CLI emitted its terminal success event.
    Completed,
    /// The CLI reported a failure, or exited non-zero without finishing.
    Failed { message: String },
    /// Still running, or ended (exit 0, killed) without a terminal event.
    Incomplete,
}

/// A line that was not a JSON object, kept for the parse report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MalformedLine {
    /// 1-based line number in the turn file (blank lines count).
    pub line: u64,
    pub reason: String,
}

/// Incremental fold of one turn file into normalized events.
#[derive(Debug, Clone, PartialEq)]
pub struct TurnLog {
    adapter: Adapter,
    entries: Vec<AgentEvent>,
    /// CLI item id (Codex `item.id`, Claude `tool_use.id`) → index in `entries`.
    item_index: HashMap<String, usize>,
    agent_session_id: Option<String>,
    /// Claude: the `uuid` of the last assistant or user line, the point a
    /// fork resumes at (`--resume-session-at`).
    last_message_uuid: Option<String>,
    model: Option<String>,
    terminal: Option<Terminal>,
    reported: Option<Reported>,
    malformed_lines: u64,
    malformed_samples: Vec<MalformedLine>,
    last_error: Option<String>,
    /// Lines seen so far, blank ones included (for malformed line numbers).
    lines_seen: u64,
    /// Bytes of an unfinished line, waiting for its newline.
    pending: Vec<u8>,
}

impl TurnLog {
    pub fn new(adapter: Adapter) -> Self {
        TurnLog {
            adapter,
            entries: Vec::new(),
            item_index: HashMap::new(),
            agent_session_id: None,
            last_message_uuid: None,
            model: None,
            terminal: None,
            reported: None,
            malformed_lines: 0,
            malformed_samples: Vec::new(),
            last_error: None,
            lines_seen: 0,
            pending: Vec::new(),
        }
    }

    pub fn adapter(&self) -> Adapter {
        self.adapter
    }

    /// The normalized transcript so far, in first-seen order.
    pub fn entries(&self) -> &[AgentEvent] {
        &self.entries
    }

    /// Codex thread id or Claude session id: what `resume` needs.
    pub fn agent_session_id(&self) -> Option<&str> {
        self.agent_session_id.as_deref()
    }

    /// Claude: the `uuid` of the last message line (assistant or user) seen,
    /// which `claude --resume-session-at` accepts; `None` for Codex.
    pub fn last_message_uuid(&self) -> Option<&str> {
        self.last_message_uuid.as_deref()
    }

    /// Model the CLI reported (Claude only; Codex does not print it).
    pub fn model(&self) -> Option<&str> {
        self.model.as_deref()
    }

    pub fn terminal(&self) -> Option<&Terminal> {
        self.terminal.as_ref()
    }

    /// What the CLI said the run used and cost, success or not.
    pub fn reported(&self) -> Option<&Reported> {
        self.reported.as_ref()
    }

    /// Count of lines that were not JSON objects.
    pub fn malformed_lines(&self) -> u64 {
        self.malformed_lines
    }

    /// The first few malformed lines, for a parse report.
    pub fn malformed_samples(&self) -> &[MalformedLine] {
        &self.malformed_samples
    }

    /// The latest error or retry notice, used to explain a turn that died without a terminal event.
    pub fn last_error(&self) -> Option<&str> {
        self.last_error.as_deref()
    }

    /// Feeds one complete line (without or with its trailing newline).
    ///
    /// Do not mix with [`push_bytes`](Self::push_bytes) while a partial line
    /// is buffered: the partial line would be read after this one.
    pub fn push_line(&mut self, line: &[u8]) -> Vec<Change> {
        let mut changes = Vec::new();
        self.read_line(line, &mut changes);
        changes
    }

    /// Feeds a chunk of the stream, split anywhere. Complete lines are read
    /// now; an unterminated tail waits for the next chunk or [`finish`](Self::finish).
    pub fn push_bytes(&mut self, chunk: &[u8]) -> Vec<Change> {
        let mut changes = Vec::new();
        self.read_lines(chunk, &mut changes);
        dedupe(&mut changes);
        changes
    }

    /// Reads the complete lines of `chunk`, recording changes as they come
    /// (not yet de-duplicated); the unterminated tail waits in `pending`.
    fn read_lines(&mut self, chunk: &[u8], changes: &mut Vec<Change>) {
        let mut rest = chunk;
        while let Some(newline) = memchr::memchr(b'\n', rest) {
            let (line, tail) = rest.split_at(newline);
            if self.pending.is_empty() {
                self.read_line(line, changes);
            } else {
                let mut joined = std::mem::take(&mut self.pending);
                joined.extend_from_slice(line);
                self.read_line(&joined, changes);
                joined.clear();
                self.pending = joined;
            }
            rest = &tail[1..];
        }
        self.pending.extend_from_slice(rest);
    }

    /// Reads a final line that had no newline (the CLI was killed mid-write, or
    /// simply did not end its output with one).
    pub fn finish(&mut self) -> Vec<Change> {
        let mut changes = Vec::new();
        if !self.pending.is_empty() {
            let line = std::mem::take(&mut self.pending);
            self.read_line(&line, &mut changes);
        }
        dedupe(&mut changes);
        changes
    }

    /// Reads a whole turn file at once. Nobody listens for changes here, so
    /// they are not sorted into a report.
    pub fn parse_all(adapter: Adapter, bytes: &[u8]) -> Self {
        let mut log = TurnLog::new(adapter);
        log.read_lines(bytes, &mut Vec::new());
        log.finish();
        log
    }

    /// The turn's status given the process exit code (`None`: still running or unknown).
    pub fn outcome(&self, exit_code: Option<i32>) -> TurnOutcome {
        match (&self.terminal, exit_code) {
            (Some(Terminal::Completed { .. }), _) => TurnOutcome::Completed,
            (Some(Terminal::Failed { message }), _) => TurnOutcome::Failed {
                message: message.clone(),
            },
            (None, None) | (None, Some(0)) => TurnOutcome::Incomplete,
            (None, Some(code)) => TurnOutcome::Failed {
                message: match &self.last_error {
                    Some(error) => error.clone(),
                    None => format!("exited with code {code} without finishing the turn"),
                },
            },
        }
    }

    fn read_line(&mut self, line: &[u8], changes: &mut Vec<Change>) {
        self.lines_seen += 1;
        let line = line.trim_ascii();
        if line.is_empty() {
            return;
        }
        // UTF-8 is checked once per line. A line with invalid UTF-8 (a CLI
        // that cut a character in two, a tool's binary output echoed inside a
        // string) is decoded with U+FFFD in place of the bad bytes: everything
        // else it says still counts (its usage, its terminal event), where a
        // strict decode would drop the whole line.
        match std::str::from_utf8(line) {
            Ok(text) => self.read_text(text, changes),
            Err(_) => self.read_text(&String::from_utf8_lossy(line), changes),
        }
    }

    fn read_text(&mut self, text: &str, changes: &mut Vec<Change>) {
        super::read_line(self.adapter, self, text, changes)
    }

    /// Keeps a line the typed line structs refused: a JSON object (one with
    /// a duplicate key, say) becomes an `Unknown` entry; anything else is
    /// counted malformed.
    pub(crate) fn keep_verbatim(&mut self, line: &str, changes: &mut Vec<Change>) {
        if let Some(obj) = self.parse_object(line) {
            self.append(
                AgentEvent::Unknown {
                    raw: Value::Object(obj),
                },
                changes,
            );
        }
    }

    /// Parses a line as a JSON object; counts it malformed (and returns `None`) when it is not one.
    fn parse_object(&mut self, line: &str) -> Option<Object> {
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) => Some(obj),
            Ok(other) => {
                self.note_malformed(format!("not a JSON object but {}", json_kind(&other)));
                None
            }
            Err(error) => {
                self.note_malformed(format!("invalid JSON: {error}"));
                None
            }
        }
    }

    fn note_malformed(&mut self, mut reason: String) {
        self.malformed_lines += 1;
        if self.malformed_samples.len() < MALFORMED_SAMPLES {
            if reason.len() > MALFORMED_REASON_MAX {
                let mut cut = MALFORMED_REASON_MAX;
                while !reason.is_char_boundary(cut) {
                    cut -= 1;
                }
                reason.truncate(cut);
            }
            self.malformed_samples.push(MalformedLine {
                line: self.lines_seen,
                reason,
            });
        }
    }

    // ---- Used by the per-CLI parsers -------------------------------------

    /// Adds a new entry at the end.
    pub(crate) fn append(&mut self, event: AgentEvent, changes: &mut Vec<Change>) -> usize {
        if let AgentEvent::Error { message } = &event {
            self.last_error = Some(message.clone());
        }
        self.entries.push(event);
        let index = self.entries.len() - 1;
        record(changes, index, ChangeKind::Appended);
        index
    }

    /// Replaces the entry of item `id` in place, or appends it when the id is new.
    pub(crate) fn upsert(&mut self, id: &str, event: AgentEvent, changes: &mut Vec<Change>) {
        match self.item_index.get(id) {
            Some(&index) => {
                if let AgentEvent::Error { message } = &event {
                    self.last_error = Some(message.clone());
                }
                self.entries[index] = event;
                record(changes, index, ChangeKind::Replaced);
            }
            None => {
                let index = self.append(event, changes);
                self.item_index.insert(id.to_string(), index);
            }
        }
    }

    /// Edits the entry of item `id` in place; `edit` returns whether it changed anything.
    /// Returns `false` when the id is unknown.
    pub(crate) fn update(
        &mut self,
        id: &str,
        changes: &mut Vec<Change>,
        edit: impl FnOnce(&mut AgentEvent) -> bool,
    ) -> bool {
        let Some(&index) = self.item_index.get(id) else {
            return false;
        };
        if edit(&mut self.entries[index]) {
            record(changes, index, ChangeKind::Replaced);
        }
        true
    }

    pub(crate) fn set_session_id(&mut self, id: &str, overwrite: bool) {
        set_text(&mut self.agent_session_id, id, overwrite);
    }

    pub(crate) fn set_last_message_uuid(&mut self, uuid: &str) {
        set_text(&mut self.last_message_uuid, uuid, true);
    }

    pub(crate) fn set_model(&mut self, model: &str, overwrite: bool) {
        set_text(&mut self.model, model, overwrite);
    }

    pub(crate) fn has_model(&self) -> bool {
        self.model.is_some()
    }

    pub(crate) fn has_session_id(&self) -> bool {
        self.agent_session_id.is_some()
    }

    /// Records the CLI's terminal event; a later one (there should be none) wins.
    pub(crate) fn set_terminal(&mut self, terminal: Terminal) {
        self.terminal = Some(terminal);
    }

    pub(crate) fn set_reported(&mut self, reported: Reported) {
        self.reported = Some(reported);
    }

    pub(crate) fn note_error(&mut self, message: &str) {
        self.last_error = Some(message.to_string());
    }
}

/// Sets `slot` to `value` when it is empty or `overwrite` says so, reusing
/// its buffer: every Codex invocation and every Claude line repeat the id.
fn set_text(slot: &mut Option<String>, value: &str, overwrite: bool) {
    match slot {
        Some(current) if overwrite => {
            if current != value {
                current.clear();
                current.push_str(value);
            }
        }
        Some(_) => {}
        None => *slot = Some(value.to_string()),
    }
}

/// Adds a change; [`dedupe`] later keeps one per index (an append then a replace stays an append).
fn record(changes: &mut Vec<Change>, index: usize, kind: ChangeKind) {
    changes.push(Change { index, kind });
}

/// One change per entry, in index order. Recording pushes blindly (a search
/// per record made reading a whole 50,000-item file quadratic); the first
/// record of an index wins, so an entry appended in this batch stays `Appended`.
fn dedupe(changes: &mut Vec<Change>) {
    changes.sort_by_key(|c| c.index);
    changes.dedup_by_key(|c| c.index);
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
