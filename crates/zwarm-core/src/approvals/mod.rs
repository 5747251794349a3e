//! Approvals: an agent in "Ask me" mode asks before it runs a command or
//! changes a file, and the user answers from the window or a terminal, even
//! when the app was closed while the agent asked.
//!
//! Everything goes through files, so the asking process (a child of the
//! detached turn) and whoever answers (the app, `zwarm approve`) need not
//! know each other, and nothing is lost when the app closes:
//!
//! ```text
//! .zwarm/sessions/<session>/approvals/<id>.json           the request (written once)
//! .zwarm/sessions/<session>/approvals/<id>.decision.json  the answer (written once: first wins)
//! .zwarm/approval-rules.json                              "always" rules of the workspace
//! ~/.config/zwarm/approval-seals.json                     what zwarm wrote there (only that applies)
//! ```
//!
//! The asking side is one of zwarm's own hidden helper processes (see
//! [`helper`]): the MCP server Claude's `--permission-prompt-tool` calls
//! ([`claude_mcp`]), or the host of `codex app-server` that runs an "Ask me"
//! Codex turn ([`codex_host`]). It checks the rules, writes the request, waits
//! for the decision file (inotify, with a slow re-check), answers its CLI and
//! removes both files. A request names the process waiting on it, so one whose
//! turn was killed is not offered (see [`ApprovalStore::pending`]), and the
//! turn's finalization removes what it left.
//!
//! Waiting has no time limit unless `[approvals] timeout_secs` sets one; a
//! request that times out is denied with that reason.

pub mod claude_mcp;
pub mod codex_host;
pub mod helper;
mod rules;
mod seals;
mod store;
pub mod turn;
mod wait;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::events::FileChangeKind;
use crate::store::Timestamp;

pub use rules::{ApprovalRule, ApprovalRules, RuleList, RulesError};
pub use store::{ApprovalError, ApprovalListing, ApprovalStore};

/// The name of a session folder's approvals folder.
pub const APPROVALS_DIR: &str = "approvals";

/// One request of an agent, waiting for the user's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Approval {
    /// Short random id (12 hex digits); `zwarm approve` takes a unique prefix.
    pub id: String,
    pub session_id: String,
    pub turn: u32,
    /// `codex` or `claude`.
    pub adapter: String,
    /// What the agent wants to do.
    pub action: ApprovalAction,
    /// The folder it would run in (the session's working folder).
    pub cwd: String,
    /// Why the agent asks, when its CLI says (Codex's `reason`).
    pub reason: Option<String>,
    pub requested_at: Timestamp,
    /// The helper process waiting for the answer: a request whose waiter is
    /// gone (the turn was killed) is not offered.
    pub waiter_pid: u32,
    pub waiter_start_time: u64,
}

/// What an agent asks to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ApprovalAction {
    /// Run a shell command (Claude's `Bash`, Codex's command execution).
    Command { command: String },
    /// Create, change or delete files.
    FileChange { changes: Vec<ProposedChange> },
    /// Call any other tool (Claude's `WebFetch`, an MCP tool, ...) with `input`.
    Tool { name: String, input: Value },
}

/// One file a [`ApprovalAction::FileChange`] would touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProposedChange {
    pub path: String,
    pub kind: FileChangeKind,
    /// The change as the CLI describes it: Codex's unified diff, or for
    /// Claude the replaced text as `-` lines and the new text as `+` lines.
    pub diff: String,
}

/// The user's answer to one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Decision {
    pub approved: bool,
    /// Approved for good: the same action in this workspace is approved
    /// without asking from now on (see [`ApprovalRules`]).
    #[serde(default)]
    pub always: bool,
    /// Why it was denied; the agent is told.
    #[serde(default)]
    pub reason: Option<String>,
    /// Claude only: the tool input to run instead of the one asked for.
    #[serde(default)]
    pub updated_input: Option<Value>,
    /// Who answered: `app`, `cli`, `rule` or `timeout`.
    pub by: String,
    pub decided_at: Timestamp,
}

/// What a front end sends to answer a request.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Answer {
    pub approved: bool,
    #[serde(default)]
    pub always: bool,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub updated_input: Option<Value>,
}

impl Answer {
    /// Approve once.
    pub fn approve() -> Self {
        Self {
            approved: true,
            ..Self::default()
        }
    }

    /// Deny, telling the agent `reason`.
    pub fn deny(reason: Option<String>) -> Self {
        Self {
            approved: false,
            reason,
            ..Self::default()
        }
    }
}

impl Decision {
    /// The decision `answer` stands for, made by `by` now.
    pub fn from_answer(answer: Answer, by: &str) -> Self {
        Self {
            approved: answer.approved,
            always: answer.approved && answer.always,
            reason: answer
                .reason
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty()),
            updated_input: answer.updated_input.filter(|_| answer.approved),
            by: by.to_string(),
            decided_at: Timestamp::now(),
        }
    }

    /// What the agent is told when denied: the user's reason, or a plain refusal.
    pub fn denial_message(&self) -> String {
        match &self.reason {
            Some(reason) => format!("The user denied this: {reason}"),
            None if self.by == "timeout" => "Nobody answered in time, so it was denied.".into(),
            None => "The user denied this.".into(),
        }
    }
}

impl ApprovalAction {
    /// One line for lists and notifications.
    pub fn summary(&self) -> String {
        match self {
            Self::Command { command } => command.lines().next().unwrap_or_default().to_string(),
            Self::FileChange { changes } => {
                let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
                format!("change {}", paths.join(", "))
            }
            Self::Tool { name, .. } => format!("use {name}"),
        }
    }
}
