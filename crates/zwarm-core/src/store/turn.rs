//! One run of an agent CLI within a session: our per-turn record.
//!
//! zwarm keeps only the current turn's number and PID; everything here lives
//! under the `turns` key, which zwarm ignores, so both tools can share a folder.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::status::SessionStatus;
use super::timestamp::Timestamp;
use crate::usage::TokenUsage;

/// How a turn's prompt reached the agent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ResumeMode {
    /// The first turn of the session: the task itself.
    #[default]
    First,
    /// A follow-up through the CLI's own resume (`codex exec resume`, `claude --resume`).
    Native,
    /// A follow-up as a fresh run with the transcript replayed in the prompt, as zwarm does.
    Replay,
}

/// What we know about one turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TurnRecord {
    /// 1-based, matches `turns/turn_<number>.jsonl`.
    pub number: u32,
    /// The message sent in this turn (the task for turn 1), not the replayed transcript.
    #[serde(default)]
    pub prompt: String,
    pub started_at: Timestamp,
    #[serde(default)]
    pub ended_at: Option<Timestamp>,
    /// The CLI process's exit code (zwarm never records one).
    #[serde(default)]
    pub exit_code: Option<i32>,
    #[serde(default)]
    pub status: SessionStatus,
    #[serde(default)]
    pub pid: Option<u32>,
    /// Field 22 of `/proc/<pid>/stat` (start time in clock ticks since boot):
    /// with `pid` it identifies the process even after the PID is reused.
    #[serde(default)]
    pub pid_start_time: Option<u64>,
    /// The model this turn really used: the CLI's own word where it gives one,
    /// else what the flags and the CLI's config select (see `engine::model`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The value of `ZWARM_TURN` in the environment of every process of the
    /// turn: finds them after the waiter is gone. `None` for older turns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "specta", specta(skip))]
    pub process_marker: Option<String>,
    /// The sandbox or permission mode this turn really ran in, computed from
    /// its command line (see `engine::modes::effective_mode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Tokens of this turn alone.
    #[serde(default)]
    pub usage: TokenUsage,
    /// Tokens of the whole session up to and including this turn, for both
    /// CLIs. (Records written before it meant "as the CLI reported it".)
    #[serde(default)]
    pub cumulative_usage: Option<TokenUsage>,
    /// Usage as the CLI reported it: the whole thread for Codex, this run for
    /// Claude. The base a resumed Codex turn subtracts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_usage: Option<TokenUsage>,
    /// The cost of this turn: the CLI's own figure where it reports one,
    /// else our estimate from the price table; `None` when unpriced.
    #[serde(default)]
    pub cost_usd: Option<f64>,
    /// Our estimate from the price table, kept beside a reported figure.
    #[serde(default)]
    pub estimated_cost_usd: Option<f64>,
    /// Cost of this turn the CLI reported itself, when it does (Claude).
    #[serde(default)]
    pub reported_cost_usd: Option<f64>,
    /// The CLI's cumulative reported cost after this turn (Claude's
    /// `total_cost_usd` counts the whole session): the base for the next turn.
    #[serde(default)]
    pub reported_total_cost_usd: Option<f64>,
    /// Where `cost_usd` comes from (e.g. a price table version or "reported").
    #[serde(default)]
    pub cost_source: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub resume_mode: ResumeMode,
    /// Rebuilt from the turn file of a session the Python zwarm 3.x wrote
    /// (it keeps no per-turn records): its prompt and times are approximate.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adopted: bool,
    /// Set on the turns a fork copied from its original session: history to
    /// show, not spend of this session. Their figures stay (the next turn of
    /// the forked agent thread is differenced against them) but spend and
    /// totals skip them, so the money is counted once, in the original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copied_from: Option<CopiedTurn>,
    /// The cumulative reported cost (Claude's `total_cost_usd`) a forked
    /// agent session starts with: Claude carries the original session's
    /// latest total into a `--fork-session`, including turns the fork left
    /// out. This turn's reported cost is its total minus this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_cost_base_usd: Option<f64>,
    /// The workspace's files when the turn was started: a snapshot commit of
    /// the shadow repository (`files`), when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_before: Option<String>,
    /// The workspace's files when the turn was seen to have ended (when it
    /// was finalized: at once while the app or `zwarm` watches, else at the
    /// next look), when recorded. What "Branch from here" can restore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_after: Option<String>,
    /// How much the turn changed between `files_before` and `files_after`
    /// ("N files, +a −b" on its divider), worked out when it was finalized.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_changed: Option<crate::diff::DiffStat>,
    /// Keys written by a newer version, kept so a rewrite does not drop them.
    #[serde(flatten)]
    #[cfg_attr(feature = "specta", specta(skip))]
    pub extra: Map<String, Value>,
}

/// Where a copied turn came from: turn `turn` of session `session_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CopiedTurn {
    pub session_id: String,
    pub turn: u32,
}

impl TurnRecord {
    /// A turn that is about to start.
    pub fn new(number: u32, prompt: impl Into<String>, resume_mode: ResumeMode) -> Self {
        Self {
            number,
            prompt: prompt.into(),
            started_at: Timestamp::now(),
            ended_at: None,
            exit_code: None,
            status: SessionStatus::Pending,
            pid: None,
            pid_start_time: None,
            model: None,
            process_marker: None,
            mode: None,
            usage: TokenUsage::default(),
            cumulative_usage: None,
            reported_usage: None,
            cost_usd: None,
            estimated_cost_usd: None,
            reported_cost_usd: None,
            reported_total_cost_usd: None,
            cost_source: None,
            error: None,
            resume_mode,
            adopted: false,
            copied_from: None,
            reported_cost_base_usd: None,
            files_before: None,
            files_after: None,
            files_changed: None,
            extra: Map::new(),
        }
    }

    /// Whether the turn's process has finished one way or another.
    pub fn is_ended(&self) -> bool {
        self.status.is_ended()
    }

    /// Whether a fork copied this turn from its original (see [`Self::copied_from`]).
    pub fn is_copied(&self) -> bool {
        self.copied_from.is_some()
    }
}
