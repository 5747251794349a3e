//! What a list or a header shows about a session: small, typed for the UI,
//! with costs honest about what is unpriced.

use serde::Serialize;

use crate::store::{ForkOrigin, SessionListing, SessionMeta, SessionStatus};
use crate::usage::TokenUsage;

/// One row of a session list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SessionSummary {
    pub id: String,
    pub status: SessionStatus,
    pub adapter: String,
    pub model: String,
    /// The sandbox or permission mode.
    pub mode: Option<String>,
    /// The task's first line.
    pub title: String,
    pub task: String,
    pub turn: u32,
    pub usage: TokenUsage,
    /// Sum of the priced turns.
    pub cost_usd: f64,
    /// Whether any turn with tokens has no price (then `cost_usd` is a lower bound).
    pub unpriced: bool,
    /// `user`, `pilot:<id>` or `orchestrator:<id>`.
    pub source: String,
    pub created_at: String,
    pub updated_at: String,
    /// When the last turn ended (for "finished since you last looked").
    pub ended_at: Option<String>,
    pub error: Option<String>,
    pub working_dir: String,
    /// The agent CLI's own session id (Codex thread, Claude session).
    pub agent_session_id: Option<String>,
    /// Why this session could not be brought up to date (its ended turn could
    /// not be recorded): then the row is what was last saved, and this says
    /// why. `None` for a healthy session. Filled from a listing only.
    pub problem: Option<String>,
    /// The session and turn this one was forked from (a list shows it as a
    /// child of its original).
    pub forked_from: Option<ForkOrigin>,
    /// The race this session is an entrant of (a list shows a race's
    /// entrants as one group that opens their comparison).
    pub race: Option<String>,
    /// The git worktree the session runs in, when it has one of its own.
    pub worktree: Option<crate::worktree::WorktreeRef>,
}

impl SessionSummary {
    /// The rows of a listing, each with its problem, if any.
    pub fn of_listing(listing: &SessionListing) -> Vec<Self> {
        listing
            .sessions
            .iter()
            .map(|meta| Self {
                problem: listing.problem_of(&meta.id).map(str::to_string),
                ..Self::from(meta.as_ref())
            })
            .collect()
    }
}

impl From<&SessionMeta> for SessionSummary {
    fn from(meta: &SessionMeta) -> Self {
        let mut cost = 0.0;
        let mut unpriced = false;
        // A fork's copied turns are the original's spend, shown there.
        for turn in meta.turns.iter().filter(|t| !t.is_copied()) {
            match turn.cost_usd {
                Some(usd) => cost += usd,
                None if !turn.usage.is_zero() => unpriced = true,
                None => {}
            }
        }
        Self {
            id: meta.id.clone(),
            status: meta.status,
            adapter: meta.adapter.clone(),
            // What the last turn really used; the model asked for until one says.
            model: meta
                .turns
                .iter()
                .rev()
                .find_map(|t| t.model.clone())
                .unwrap_or_else(|| meta.model.clone()),
            // What the last turn really ran in; the mode asked for until one ran.
            mode: meta
                .turns
                .iter()
                .rev()
                .find_map(|t| t.mode.clone())
                .or_else(|| meta.sandbox.clone()),
            title: meta
                .task
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or_default()
                .trim()
                .to_string(),
            task: meta.task.clone(),
            turn: meta.turn,
            usage: meta.total_usage(),
            cost_usd: cost,
            unpriced,
            source: meta.source.clone(),
            created_at: meta.created_at.to_string(),
            updated_at: meta.updated_at.to_string(),
            ended_at: meta
                .current_turn()
                .and_then(|t| t.ended_at.as_ref())
                .map(|t| t.to_string()),
            error: meta.error.clone(),
            working_dir: meta.working_dir.clone(),
            agent_session_id: meta.agent_session_id.clone(),
            problem: None,
            forked_from: meta.forked_from.clone(),
            race: meta.race.clone(),
            worktree: meta.worktree.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewSession;

    #[test]
    fn unpriced_turns_are_flagged_not_counted_as_free() {
        let mut meta = SessionMeta::new(
            "id-1".into(),
            NewSession::new("fix the bug\nin detail", "."),
        );
        meta.turns[0].usage.input_tokens = 100;
        let summary = SessionSummary::from(&meta);
        assert!(summary.unpriced);
        assert_eq!(summary.title, "fix the bug");
        meta.turns[0].cost_usd = Some(0.25);
        let summary = SessionSummary::from(&meta);
        assert!(!summary.unpriced);
        assert_eq!(summary.cost_usd, 0.25);
    }
}
