//! The spend ledger: `.zwarm/spend.jsonl`, one JSON line per executor turn,
//! pilot turn and run step, appended when it is finalized and never rewritten.
//!
//! Money spent stays spent: deleting a session removes its folder, not its
//! lines here, so totals keep it. It is a plain file on purpose, readable by
//! zwarm 3.x users and by `jq`. Each record has a key (`session:<id>:<turn>`,
//! `pilot:<id>:<node>`); a key is written once, and a torn last line (a crash,
//! a full disk) is skipped by readers and never glued to the next one.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::store::{append_lines, SessionMeta};
use crate::TokenUsage;

/// Name of the ledger inside a workspace's state folder.
pub const LEDGER_FILE: &str = "spend.jsonl";

/// Whose tokens a record counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SpendKind {
    /// An agent CLI's turn.
    Executor,
    /// The pilot's (or an orchestrator's) own LLM calls in one of its turns.
    Pilot,
}

/// One turn's tokens and cost, with everything it can be grouped by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SpendRecord {
    pub kind: SpendKind,
    /// The local day the turn ended (or started, while it runs).
    pub day: NaiveDate,
    pub model: String,
    /// `codex`, `claude`, or the pilot's provider.
    pub adapter: String,
    pub session_id: Option<String>,
    pub turn: Option<u32>,
    /// The pilot whose turn this is, or that started the session.
    pub pilot_id: Option<String>,
    /// The pilot node (turn) this record belongs to: the pilot turn itself.
    pub node_id: Option<String>,
    /// The orchestrator run that started the session.
    pub orchestrator_run: Option<String>,
    pub usage: TokenUsage,
    /// The figure shown: the CLI's own where it reports one, else ours; `None` when unpriced.
    pub cost_usd: Option<f64>,
    /// Our figure from the price table, beside a reported one.
    pub estimated_cost_usd: Option<f64>,
    /// What the CLI reported itself (Claude).
    pub reported_cost_usd: Option<f64>,
    /// The session's title (its task's first line), kept so a deleted
    /// session's spend still says what it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl SpendRecord {
    /// Tokens with no price: counted and shown, never priced at $0.
    pub fn is_unpriced(&self) -> bool {
        self.cost_usd.is_none() && !self.usage.is_zero()
    }

    /// What the record counts, once: `session:<id>:<turn>` or `pilot:<id>:<node>`.
    pub fn key(&self) -> String {
        match self.kind {
            SpendKind::Executor => format!(
                "session:{}:{}",
                self.session_id.as_deref().unwrap_or_default(),
                self.turn.unwrap_or_default()
            ),
            SpendKind::Pilot => format!(
                "pilot:{}:{}",
                self.pilot_id.as_deref().unwrap_or_default(),
                self.node_id.as_deref().unwrap_or_default()
            ),
        }
    }
}

/// Splits `pilot:<id>` / `orchestrator:<id>` sources.
fn source_owner<'a>(source: &'a str, prefix: &str) -> Option<&'a str> {
    source
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix(':'))
        .filter(|id| !id.is_empty())
}

/// One record per turn of a session (running turns without usage included
/// at zero, so counts stay honest). Turns a fork copied from its original are
/// left out: their money is the original's, counted there (and in the
/// ledger under the original's key) once.
pub fn session_records(meta: &SessionMeta) -> Vec<SpendRecord> {
    let title = meta
        .task
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_string();
    meta.turns
        .iter()
        .filter(|turn| !turn.is_copied())
        .map(|turn| {
            let when = turn.ended_at.unwrap_or(turn.started_at);
            let model = turn
                .model
                .clone()
                .filter(|m| !m.is_empty())
                .or_else(|| Some(meta.model.clone()).filter(|m| !m.is_empty()))
                .unwrap_or_else(|| "(default model)".into());
            SpendRecord {
                kind: SpendKind::Executor,
                day: when.naive().date(),
                model,
                adapter: meta.adapter.clone(),
                session_id: Some(meta.id.clone()),
                turn: Some(turn.number),
                pilot_id: source_owner(&meta.source, "pilot").map(str::to_string),
                node_id: None,
                orchestrator_run: source_owner(&meta.source, "orchestrator").map(str::to_string),
                usage: turn.usage,
                cost_usd: turn.cost_usd,
                estimated_cost_usd: turn.estimated_cost_usd,
                reported_cost_usd: turn.reported_cost_usd,
                title: Some(title.clone()),
            }
        })
        .collect()
}

/// The records of `meta`'s finished turns: what belongs in the ledger.
pub fn ended_turn_records(meta: &SessionMeta) -> Vec<SpendRecord> {
    let ended: HashSet<u32> = meta
        .turns
        .iter()
        .filter(|t| t.ended_at.is_some())
        .map(|t| t.number)
        .collect();
    session_records(meta)
        .into_iter()
        .filter(|r| r.turn.is_some_and(|n| ended.contains(&n)))
        .collect()
}

/// What a ledger holds.
#[derive(Debug, Default)]
pub struct LedgerContents {
    /// One record per key, in the order written.
    pub records: Vec<SpendRecord>,
    /// Lines that could not be read (a torn last line, a hand edit).
    pub bad_lines: usize,
}

/// A workspace's spend ledger.
#[derive(Debug, Clone)]
pub struct Ledger {
    path: PathBuf,
}

impl Ledger {
    /// The ledger of the workspace whose state folder is `state_dir`.
    pub fn in_state_dir(state_dir: &Path) -> Self {
        Self {
            path: state_dir.join(LEDGER_FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends the records whose keys the ledger does not hold yet, under an
    /// exclusive lock on the file, so concurrent writers (the app, `zwarm`)
    /// neither lose nor double a record. Returns how many were written.
    pub fn append(&self, records: &[SpendRecord]) -> std::io::Result<usize> {
        if records.is_empty() {
            return Ok(0);
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&self.path)?;
        fs4::fs_std::FileExt::lock_exclusive(&lock)?;
        let held: HashSet<String> = self.read()?.records.iter().map(SpendRecord::key).collect();
        let mut lines = Vec::new();
        let mut written = 0;
        let mut seen = HashSet::new();
        for record in records {
            let key = record.key();
            if held.contains(&key) || !seen.insert(key) {
                continue;
            }
            serde_json::to_writer(&mut lines, record).map_err(std::io::Error::other)?;
            lines.push(b'\n');
            written += 1;
        }
        if written > 0 {
            append_lines(&self.path, &lines)?;
        }
        let _ = fs4::fs_std::FileExt::unlock(&lock);
        Ok(written)
    }

    /// Every readable record (the first of each key); a missing ledger is empty.
    pub fn read(&self) -> std::io::Result<LedgerContents> {
        let mut bytes = Vec::new();
        match std::fs::File::open(&self.path) {
            Ok(mut file) => {
                file.read_to_end(&mut bytes)?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut contents = LedgerContents::default();
        let mut keys = HashSet::new();
        for line in bytes.split(|b| *b == b'\n') {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<SpendRecord>(line) {
                Ok(record) => {
                    if keys.insert(record.key()) {
                        contents.records.push(record);
                    }
                }
                Err(_) => contents.bad_lines += 1,
            }
        }
        Ok(contents)
    }
}

#[cfg(test)]
mod tests;
