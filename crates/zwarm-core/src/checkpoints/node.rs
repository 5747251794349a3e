//! One checkpoint: what a finished pilot turn leaves behind.

use serde::{Deserialize, Serialize};
use zwarm_llm::Item;

use crate::store::{SessionStatus, Timestamp};
use crate::TokenUsage;

/// Why a node exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A pilot turn: the user's message and everything the pilot did about it.
    #[default]
    Turn,
    /// Recorded before files were restored, so the restore can be undone.
    Backup,
    /// One step of an orchestrator run.
    Step,
}

/// An executor session as it stood when the node was recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SessionSnapshot {
    pub id: String,
    pub status: SessionStatus,
    /// The session's turn at this node: where its agent stood.
    pub turn: u32,
    /// The id the pilot's conversation uses, when this branch realizes that
    /// session by a fork (`id`) made when the pilot travelled back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_as: Option<String>,
    /// The agent CLI's own conversation id at this node (Codex thread,
    /// Claude session).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_session_id: Option<String>,
}

impl SessionSnapshot {
    pub fn of(meta: &crate::store::SessionMeta) -> Self {
        Self {
            id: meta.id.clone(),
            status: meta.status,
            turn: meta.turn,
            known_as: None,
            agent_session_id: meta.agent_session_id.clone(),
        }
    }
}

/// A checkpoint of a pilot conversation.
///
/// A node stores only the conversation items its own turn added and points to
/// its parent: the conversation at a node is the items along the path from
/// the root. Nodes are never rewritten once recorded, so travelling back and
/// branching can never lose a later turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Node {
    pub id: String,
    /// `T1`, `T2`, ... in recording order, unique within the pilot.
    pub label: String,
    pub parent: Option<String>,
    #[serde(default)]
    pub kind: NodeKind,
    /// What the user sent (empty for a backup node).
    pub message: String,
    /// The pilot's final answer of the turn.
    pub reply: String,
    /// The items this turn added: the user message, reasoning, tool calls and
    /// results, the answer.
    pub items: Vec<Item>,
    /// Executor sessions of the pilot as they stood at the end of the turn.
    pub sessions: Vec<SessionSnapshot>,
    /// The pilot LLM's tokens in this turn.
    pub pilot_usage: TokenUsage,
    /// The pilot LLM's cost in this turn; `None` when its model is unpriced.
    pub pilot_cost_usd: Option<f64>,
    /// Tokens of the executor turns this pilot turn caused.
    pub executor_usage: TokenUsage,
    /// Cost of those executor turns; `None` when one of them is unpriced.
    pub executor_cost_usd: Option<f64>,
    /// The pilot's model as the API reported it.
    pub model: String,
    /// The size of the pilot's context after this turn, as the API reported it
    /// (input plus output tokens of the last call).
    #[serde(default)]
    pub context_tokens: u64,
    /// The user stopped the turn before the pilot answered.
    #[serde(default)]
    pub stopped: bool,
    /// What the watchers said after this step of an orchestrator run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interventions: Vec<super::run::Intervention>,
    /// The shadow-repository commit of the workspace's files, when the pilot
    /// records files with its checkpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_commit: Option<String>,
    pub started_at: Timestamp,
    pub ended_at: Timestamp,
}

impl Node {
    /// A node not yet recorded: a fresh id, no label (the store gives it
    /// one), started and ended now, nothing spent and nothing else recorded.
    /// Each kind of node sets what it records on top (`Node { .., ..Node::new(..) }`).
    pub fn new(kind: NodeKind, parent: Option<String>, message: impl Into<String>) -> Self {
        let now = Timestamp::now();
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            label: String::new(),
            parent,
            kind,
            message: message.into(),
            reply: String::new(),
            items: Vec::new(),
            sessions: Vec::new(),
            pilot_usage: TokenUsage::default(),
            pilot_cost_usd: Some(0.0),
            executor_usage: TokenUsage::default(),
            executor_cost_usd: Some(0.0),
            model: String::new(),
            context_tokens: 0,
            stopped: false,
            interventions: Vec::new(),
            files_commit: None,
            started_at: now,
            ended_at: now,
        }
    }
}
