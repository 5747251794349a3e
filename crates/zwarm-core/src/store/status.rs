//! A session's (and each turn's) lifecycle status, in its own module because
//! both `meta.rs` (the session) and `turn.rs` (its turns) record one.

use serde::{Deserialize, Serialize};

/// Lifecycle of a session (and of each of its turns), as zwarm spells it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum SessionStatus {
    /// Created, no process yet.
    #[default]
    Pending,
    Running,
    Completed,
    Failed,
    /// Stopped by the user.
    Killed,
}

impl SessionStatus {
    /// Whether nothing runs any more: the states `cleanup` may remove.
    pub fn is_ended(self) -> bool {
        matches!(
            self,
            SessionStatus::Completed | SessionStatus::Failed | SessionStatus::Killed
        )
    }
}
