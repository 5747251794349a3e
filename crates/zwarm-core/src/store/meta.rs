//! `meta.json`: a session's metadata, in zwarm's schema plus our own keys.
//!
//! zwarm 3.2.1 and 3.10.6 read and write this file too, so every zwarm key
//! keeps its name, JSON type and meaning (reference §2.2). Our additions live
//! under keys zwarm ignores, and keys we do not know (a newer zwarm's, or a newer
//! zwarm-desktop's) are kept in [`SessionMeta::extra`] and written back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::status::SessionStatus;
use super::timestamp::Timestamp;
use super::turn::{ResumeMode, TurnRecord};
use crate::usage::TokenUsage;

/// One entry of zwarm's `messages` list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SessionMessage {
    /// `user`, `assistant`, `tool` or `system`; kept as text so a role we do
    /// not know does not make the whole session unreadable.
    pub role: String,
    pub content: String,
    /// Naive local ISO-8601 as zwarm writes it; kept as text, never parsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    #[serde(default)]
    pub metadata: Map<String, Value>,
}

impl SessionMessage {
    /// A message stamped now.
    pub fn new(role: &str, content: impl Into<String>) -> Self {
        Self {
            role: role.to_string(),
            content: content.into(),
            timestamp: Some(Timestamp::now().to_string()),
            metadata: Map::new(),
        }
    }
}

fn default_adapter() -> String {
    "codex".to_string()
}

fn default_source() -> String {
    "user".to_string()
}

fn default_turn() -> u32 {
    1
}

/// The content of a session's `meta.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SessionMeta {
    /// uuid4, also the folder's name.
    pub id: String,
    /// The original task text.
    #[serde(default)]
    pub task: String,
    pub status: SessionStatus,
    /// Path as given when the session started (may be relative).
    #[serde(default)]
    pub working_dir: String,
    pub created_at: Timestamp,
    /// Bumped by every write through [`super::SessionStore::update`].
    pub updated_at: Timestamp,
    /// PID of the current turn's process.
    #[serde(default)]
    pub pid: Option<u32>,
    /// Exit code of the current turn's process (zwarm declares but never sets it).
    #[serde(default)]
    pub exit_code: Option<i32>,
    /// zwarm 3.10.6 loads a missing model as "".
    #[serde(default)]
    pub model: String,
    /// 1-based number of the current turn.
    #[serde(default = "default_turn")]
    pub turn: u32,
    /// Transcript: the user prompt and the final assistant reply of every turn,
    /// appended (zwarm replaced it each turn and lost history, §10.1).
    #[serde(default)]
    pub messages: Vec<SessionMessage>,
    /// zwarm's raw usage keys (`input_tokens`, `output_tokens`, `total_tokens`, …).
    #[serde(default)]
    pub token_usage: BTreeMap<String, u64>,
    #[serde(default)]
    pub error: Option<String>,
    /// `user`, `orchestrator:<id>` (zwarm) or `pilot:<id>` (ours).
    #[serde(default = "default_source")]
    pub source: String,
    /// `codex` or `claude`; missing means `codex` (zwarm 3.2.1 files).
    #[serde(default = "default_adapter")]
    pub adapter: String,

    /// The CLI's own id for the conversation (Codex thread_id, Claude
    /// session_id), needed for native resume.
    #[serde(default)]
    pub agent_session_id: Option<String>,
    /// Sandbox mode the session was started with.
    #[serde(default)]
    pub sandbox: Option<String>,
    /// Extra command-line arguments passed to the CLI on every turn.
    #[serde(default)]
    pub extra_args: Vec<String>,
    /// One record per turn, oldest first.
    #[serde(default)]
    pub turns: Vec<TurnRecord>,
    /// Set when this session was forked from another one (see
    /// `engine::fork`): a key zwarm 3.x ignores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forked_from: Option<ForkOrigin>,
    /// The git worktree this session runs in, when it was started isolated
    /// (see `crate::worktree`); its `working_dir` lies inside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worktree: Option<crate::worktree::WorktreeRef>,
    /// The race this session is an entrant of (see `crate::race`): the id
    /// of its `.zwarm/races/<id>.json`. A key zwarm 3.x ignores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub race: Option<String>,

    /// Keys this version does not know, written back unchanged.
    #[serde(flatten)]
    #[cfg_attr(feature = "specta", specta(skip))]
    pub extra: Map<String, Value>,
}

/// How a fork continues its agent's conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ForkMode {
    /// Through the CLI's own fork (Codex `thread/fork`, Claude `--fork-session`).
    Native,
    /// The transcript of the copied turns is replayed into a fresh agent session.
    Replayed,
}

/// The session and turn a fork branched from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ForkOrigin {
    pub session_id: String,
    /// The last turn of the original the fork kept.
    pub turn: u32,
    pub fork_mode: ForkMode,
    /// Claude forks lazily: the first follow-up runs `--resume SESSION
    /// --fork-session --resume-session-at MESSAGE`; these are SESSION (the
    /// original's agent session of that turn) and MESSAGE (the `uuid` of the
    /// last message line of the turn). Unused once the fork has an agent
    /// session of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_session: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resume_at_message: Option<String>,
    /// Why the fork replays instead of forking natively.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When the fork also put the workspace's files back as they were after
    /// `turn`: the snapshot of the files just before, which undoes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_backup: Option<String>,
}

/// What the caller chooses when creating a session; the store fills in the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub task: String,
    pub working_dir: String,
    /// `codex` or `claude`.
    pub adapter: String,
    pub model: String,
    /// `user`, `orchestrator:<id>` or `pilot:<id>`.
    pub source: String,
    pub sandbox: Option<String>,
    pub extra_args: Vec<String>,
    /// The race it is an entrant of, if any.
    pub race: Option<String>,
}

impl NewSession {
    /// A user-started Codex session with the CLI's default model.
    pub fn new(task: impl Into<String>, working_dir: impl Into<String>) -> Self {
        Self {
            task: task.into(),
            working_dir: working_dir.into(),
            adapter: default_adapter(),
            model: String::new(),
            source: default_source(),
            sandbox: None,
            extra_args: Vec::new(),
            race: None,
        }
    }
}

impl SessionMeta {
    /// A pending session whose first turn (the task) is recorded but not started.
    pub fn new(id: String, new: NewSession) -> Self {
        let now = Timestamp::now();
        let mut first = TurnRecord::new(1, new.task.clone(), ResumeMode::First);
        first.started_at = now;
        Self {
            id,
            messages: vec![SessionMessage::new("user", new.task.clone())],
            task: new.task,
            status: SessionStatus::Pending,
            working_dir: new.working_dir,
            created_at: now,
            updated_at: now,
            pid: None,
            exit_code: None,
            model: new.model,
            turn: 1,
            token_usage: BTreeMap::new(),
            error: None,
            source: new.source,
            adapter: new.adapter,
            agent_session_id: None,
            sandbox: new.sandbox,
            extra_args: new.extra_args,
            turns: vec![first],
            forked_from: None,
            worktree: None,
            race: new.race,
            extra: Map::new(),
        }
    }

    /// First 8 characters of the id, as zwarm displays it.
    pub fn short_id(&self) -> &str {
        self.id.get(..8).unwrap_or(&self.id)
    }

    pub fn is_ended(&self) -> bool {
        self.status.is_ended()
    }

    /// The record of the current turn, if we wrote one (zwarm-made sessions have none).
    pub fn current_turn(&self) -> Option<&TurnRecord> {
        self.turns.iter().rev().find(|t| t.number == self.turn)
    }

    pub fn current_turn_mut(&mut self) -> Option<&mut TurnRecord> {
        let turn = self.turn;
        self.turns.iter_mut().rev().find(|t| t.number == turn)
    }

    /// Starts a follow-up turn: bumps `turn`, appends the user's message to the
    /// transcript and a pending turn record, and clears the previous turn's
    /// process fields. Returns the new record for the caller to fill in.
    pub fn begin_follow_up(
        &mut self,
        prompt: impl Into<String>,
        mode: ResumeMode,
    ) -> &mut TurnRecord {
        let prompt = prompt.into();
        let number = self
            .turns
            .iter()
            .map(|t| t.number)
            .max()
            .unwrap_or(0)
            .max(self.turn)
            + 1;
        self.turn = number;
        self.status = SessionStatus::Pending;
        self.pid = None;
        self.exit_code = None;
        self.error = None;
        self.messages
            .push(SessionMessage::new("user", prompt.clone()));
        self.turns.push(TurnRecord::new(number, prompt, mode));
        let last = self.turns.len() - 1;
        &mut self.turns[last]
    }

    /// Appends the final assistant reply of the current turn to the transcript.
    pub fn push_reply(&mut self, text: impl Into<String>) {
        self.messages.push(SessionMessage::new("assistant", text));
    }

    /// Tokens this session spent: all turns but the ones a fork copied.
    pub fn total_usage(&self) -> TokenUsage {
        self.turns
            .iter()
            .filter(|t| !t.is_copied())
            .fold(TokenUsage::default(), |sum, t| sum.add(&t.usage))
    }

    /// Writes [`Self::total_usage`] into zwarm's `token_usage` with the keys the
    /// session's CLI uses, so zwarm shows totals over all turns (it showed only
    /// the last turn's, §10.3).
    pub fn sync_token_usage(&mut self) {
        let u = self.total_usage();
        let mut keys = BTreeMap::new();
        if self.adapter == "claude" {
            keys.insert("input_tokens".to_string(), u.uncached_input_tokens());
            keys.insert("cache_read_input_tokens".to_string(), u.cached_input_tokens);
            keys.insert(
                "cache_creation_input_tokens".to_string(),
                u.cache_write_input_tokens,
            );
        } else {
            keys.insert("input_tokens".to_string(), u.input_tokens);
            keys.insert("cached_input_tokens".to_string(), u.cached_input_tokens);
        }
        keys.insert("output_tokens".to_string(), u.output_tokens);
        keys.insert("total_tokens".to_string(), u.total());
        self.token_usage = keys;
    }
}
