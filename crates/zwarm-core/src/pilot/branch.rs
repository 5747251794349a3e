//! The executor sessions of one branch of a pilot's graph.
//!
//! A node records, for every session of its branch, where that session stood
//! when the node was recorded (its turn). The sessions of a branch are exactly
//! those on its path: a turn sent from an earlier node sees the sessions as
//! they stood there, never the ones a later turn (on another branch) started,
//! and a session that moved on since that node is forked at its state there
//! (see `ToolBox::converse`), so the branch continues with the fork while the
//! original and its later turns stay as they were.
//!
//! The pilot's conversation names sessions by the ids it was told; a fork is
//! recorded as `known_as` that id, so the pilot keeps using it.

use std::sync::Mutex;

use crate::checkpoints::SessionSnapshot;
use crate::engine::Engine;

/// One session of the branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchSession {
    /// The id the pilot's conversation uses for it.
    pub known_as: String,
    /// The session that realizes it on this branch (a fork, or the same).
    pub id: String,
    /// Its turn as this branch knows it: at the node the turn continues
    /// from, or as this turn moved it on.
    pub turn: u32,
}

/// The sessions of the branch a pilot turn continues.
#[derive(Debug, Default)]
pub struct Branch {
    sessions: Mutex<Vec<BranchSession>>,
}

impl Branch {
    /// The branch as it stood at a node: its recorded sessions.
    pub fn at(snapshots: &[SessionSnapshot]) -> Self {
        let sessions = snapshots
            .iter()
            .map(|s| BranchSession {
                known_as: s.known_as.clone().unwrap_or_else(|| s.id.clone()),
                id: s.id.clone(),
                turn: s.turn,
            })
            .collect();
        Self {
            sessions: Mutex::new(sessions),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Vec<BranchSession>) -> T) -> T {
        match self.sessions.lock() {
            Ok(mut sessions) => f(&mut sessions),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// The session the pilot names `id_or_prefix` (its known id or the id
    /// realizing it, whole or a unique prefix); an error the pilot can read
    /// when it is not part of this branch.
    pub fn resolve(&self, id_or_prefix: &str) -> Result<BranchSession, String> {
        let wanted = id_or_prefix.trim();
        self.with(|sessions| {
            if let Some(exact) = sessions
                .iter()
                .find(|s| s.known_as == wanted || s.id == wanted)
            {
                return Ok(exact.clone());
            }
            let matches: Vec<&BranchSession> = sessions
                .iter()
                .filter(|s| !wanted.is_empty() && (s.known_as.starts_with(wanted) || s.id.starts_with(wanted)))
                .collect();
            match matches.as_slice() {
                [one] => Ok((*one).clone()),
                [] => Err(format!(
                    "session `{wanted}` is not part of this branch of the conversation (it may belong to a turn \
                     the user travelled back from); list_sessions shows this branch's sessions"
                )),
                _ => Err(format!("`{wanted}` matches several sessions of this branch; give more of the id")),
            }
        })
    }

    /// Records where a session of the branch stands now (started, moved on,
    /// or realized by a fork).
    pub fn set(&self, known_as: &str, id: &str, turn: u32) {
        self.with(
            |sessions| match sessions.iter_mut().find(|s| s.known_as == known_as) {
                Some(s) => {
                    s.id = id.to_string();
                    s.turn = turn;
                }
                None => sessions.push(BranchSession {
                    known_as: known_as.to_string(),
                    id: id.to_string(),
                    turn,
                }),
            },
        );
    }

    pub fn sessions(&self) -> Vec<BranchSession> {
        self.with(|sessions| sessions.clone())
    }

    /// The branch's sessions as they stand now, for the node this turn records.
    pub fn snapshots(&self, engine: &Engine) -> Vec<SessionSnapshot> {
        self.sessions()
            .into_iter()
            .map(|s| {
                let mut snapshot = match engine.refresh(&s.id) {
                    Ok(meta) if meta.turn == s.turn => SessionSnapshot::of(&meta),
                    // Moved on elsewhere since, or gone: as this branch knows it.
                    Ok(meta) => SessionSnapshot {
                        status: meta
                            .turns
                            .iter()
                            .find(|t| t.number == s.turn)
                            .map(|t| t.status)
                            .unwrap_or(meta.status),
                        turn: s.turn,
                        ..SessionSnapshot::of(&meta)
                    },
                    Err(_) => SessionSnapshot {
                        id: s.id.clone(),
                        status: crate::store::SessionStatus::Failed,
                        turn: s.turn,
                        known_as: None,
                        agent_session_id: None,
                    },
                };
                snapshot.known_as = (s.known_as != s.id).then(|| s.known_as.clone());
                snapshot
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SessionStatus;

    fn snap(id: &str, turn: u32, known_as: Option<&str>) -> SessionSnapshot {
        SessionSnapshot {
            id: id.into(),
            status: SessionStatus::Completed,
            turn,
            known_as: known_as.map(str::to_string),
            agent_session_id: None,
        }
    }

    #[test]
    fn sessions_resolve_by_known_id_fork_id_or_prefix_and_others_are_refused() {
        let branch = Branch::at(&[snap("aaaa-1", 2, None), snap("ffff-9", 3, Some("bbbb-2"))]);
        assert_eq!(branch.resolve("aaaa").unwrap().id, "aaaa-1");
        assert_eq!(
            branch.resolve("bbbb-2").unwrap().id,
            "ffff-9",
            "the fork realizes it"
        );
        assert_eq!(branch.resolve("ffff").unwrap().known_as, "bbbb-2");
        let err = branch.resolve("cccc").unwrap_err();
        assert!(err.contains("not part of this branch"), "{err}");
        branch.set("bbbb-2", "eeee-5", 4);
        assert_eq!(
            branch.resolve("bbbb-2").unwrap(),
            BranchSession {
                known_as: "bbbb-2".into(),
                id: "eeee-5".into(),
                turn: 4
            }
        );
        branch.set("dddd-4", "dddd-4", 1);
        assert_eq!(branch.sessions().len(), 3);
    }
}
