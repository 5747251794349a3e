//! The approval files of a workspace: requests written by the asking helper,
//! decisions written by whoever answers first.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::rules::{ApprovalRules, RulesError};
use super::{Answer, Approval, Decision, APPROVALS_DIR};
use crate::store::{write_atomic, SESSIONS_DIR, TEMP_PREFIX};
use crate::supervisor::is_alive;

const DECISION_SUFFIX: &str = ".decision.json";

/// Why an approval could not be read or answered, worded for the user.
#[derive(Debug, thiserror::Error)]
pub enum ApprovalError {
    #[error("no pending approval has an id starting with {0:?}; `zwarm approvals` lists them")]
    NotFound(String),
    #[error("{prefix:?} names several pending approvals ({}); give more of the id", .matches.join(", "))]
    Ambiguous {
        prefix: String,
        matches: Vec<String>,
    },
    #[error("approval {0} was already answered")]
    AlreadyDecided(String),
    #[error("the agent that asked for approval {0} is no longer running; nothing to answer")]
    Gone(String),
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Rules(#[from] RulesError),
}

impl ApprovalError {
    fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Pending approvals, oldest first, and the files that could not be read.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApprovalListing {
    pub approvals: Vec<Approval>,
    /// `path: why` for each unreadable request (shown, never dropped silently).
    pub problems: Vec<String>,
}

/// The approvals under one workspace's `.zwarm/`.
#[derive(Debug, Clone)]
pub struct ApprovalStore {
    state_dir: PathBuf,
    /// Where the rules' seals are kept when not in the user's config folder (tests).
    seals: Option<PathBuf>,
}

impl ApprovalStore {
    /// The approvals of the workspace whose state folder is `state_dir` (`<root>/.zwarm`).
    pub fn new(state_dir: impl Into<PathBuf>) -> Self {
        Self {
            state_dir: state_dir.into(),
            seals: None,
        }
    }

    /// The same store, its rules sealed in `seals_file` rather than the user's folder.
    #[cfg(test)]
    pub(crate) fn with_seals(mut self, seals_file: PathBuf) -> Self {
        self.seals = Some(seals_file);
        self
    }

    fn sessions_dir(&self) -> PathBuf {
        self.state_dir.join(SESSIONS_DIR)
    }

    /// The approvals folder of session `session_id`.
    pub fn dir_of(&self, session_id: &str) -> PathBuf {
        self.sessions_dir().join(session_id).join(APPROVALS_DIR)
    }

    /// The workspace's "always" rules.
    pub fn rules(&self) -> ApprovalRules {
        match &self.seals {
            Some(file) => ApprovalRules::with_seals(&self.state_dir, file.clone()),
            None => ApprovalRules::in_state_dir(&self.state_dir),
        }
    }

    fn request_path(&self, session_id: &str, id: &str) -> PathBuf {
        self.dir_of(session_id).join(format!("{id}.json"))
    }

    fn decision_path(&self, session_id: &str, id: &str) -> PathBuf {
        self.dir_of(session_id)
            .join(format!("{id}{DECISION_SUFFIX}"))
    }

    /// Writes a new request (atomically: a reader never sees half of one).
    pub fn submit(&self, approval: &Approval) -> Result<(), ApprovalError> {
        let dir = self.dir_of(&approval.session_id);
        std::fs::create_dir_all(&dir).map_err(|e| ApprovalError::io("create", &dir, e))?;
        let path = self.request_path(&approval.session_id, &approval.id);
        let json = serde_json::to_vec_pretty(approval).map_err(std::io::Error::other);
        json.and_then(|bytes| write_atomic(&path, &bytes))
            .map_err(|e| ApprovalError::io("write", &path, e))
    }

    /// Every pending approval of the workspace.
    pub fn pending(&self) -> ApprovalListing {
        let mut listing = ApprovalListing::default();
        let Ok(sessions) = std::fs::read_dir(self.sessions_dir()) else {
            return listing;
        };
        for session in sessions.flatten() {
            if let Some(id) = session.file_name().to_str() {
                self.collect(id, &mut listing);
            }
        }
        listing.approvals.sort_by_key(|a| a.requested_at);
        listing
    }

    /// The pending approvals of one session.
    pub fn pending_of(&self, session_id: &str) -> ApprovalListing {
        let mut listing = ApprovalListing::default();
        self.collect(session_id, &mut listing);
        listing.approvals.sort_by_key(|a| a.requested_at);
        listing
    }

    /// Adds the pending requests of `session_id` to `listing`: those with no
    /// decision yet whose waiting process still runs.
    fn collect(&self, session_id: &str, listing: &mut ApprovalListing) {
        let dir = self.dir_of(session_id);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(id) = name.strip_suffix(".json") else {
                continue;
            };
            if name.ends_with(DECISION_SUFFIX) || name.starts_with(TEMP_PREFIX) {
                continue;
            }
            let path = entry.path();
            match read_json::<Approval>(&path) {
                Ok(approval) if approval.id != id || approval.session_id != session_id => {
                    listing.problems.push(format!(
                        "{}: its id or session does not match its place",
                        path.display()
                    ))
                }
                Ok(approval) => {
                    if self.decision_path(session_id, id).exists() || !waiter_lives(&approval) {
                        continue;
                    }
                    listing.approvals.push(approval);
                }
                // Removed since it was listed: answered and consumed.
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => listing
                    .problems
                    .push(format!("{}: {error}", path.display())),
            }
        }
    }

    /// The pending approval whose id starts with `prefix`.
    pub fn find(&self, prefix: &str) -> Result<Approval, ApprovalError> {
        let prefix = prefix.trim();
        if prefix.is_empty() {
            return Err(ApprovalError::NotFound(prefix.to_string()));
        }
        let mut matches: Vec<Approval> = self
            .pending()
            .approvals
            .into_iter()
            .filter(|a| a.id.starts_with(prefix))
            .collect();
        match matches.len() {
            0 => Err(ApprovalError::NotFound(prefix.to_string())),
            1 => Ok(matches.remove(0)),
            _ => Err(ApprovalError::Ambiguous {
                prefix: prefix.to_string(),
                matches: matches.into_iter().map(|a| a.id).collect(),
            }),
        }
    }

    /// Answers the pending approval whose id starts with `prefix`, as `by`
    /// (`app`, `cli`). The first answer wins; an "always" approval also adds
    /// its rule to the workspace.
    pub fn decide(
        &self,
        prefix: &str,
        answer: Answer,
        by: &str,
    ) -> Result<(Approval, Decision), ApprovalError> {
        let approval = self.find(prefix)?;
        let decision = Decision::from_answer(answer, by);
        if decision.always {
            self.rules().add_for(&approval)?;
        }
        self.record(&approval, &decision)?;
        Ok((approval, decision))
    }

    /// Writes `decision` for `approval` unless one exists: the file is made
    /// complete under a temporary name, then hard-linked to its place, which
    /// fails when another answer got there first.
    pub fn record(&self, approval: &Approval, decision: &Decision) -> Result<(), ApprovalError> {
        if !waiter_lives(approval) {
            return Err(ApprovalError::Gone(approval.id.clone()));
        }
        let dir = self.dir_of(&approval.session_id);
        let target = self.decision_path(&approval.session_id, &approval.id);
        let bytes = serde_json::to_vec_pretty(decision)
            .map_err(|e| ApprovalError::io("write", &target, std::io::Error::other(e)))?;
        let mut temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(&dir)
            .map_err(|e| ApprovalError::io("write in", &dir, e))?;
        temp.write_all(&bytes)
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|e| ApprovalError::io("write", temp.path(), e))?;
        match std::fs::hard_link(temp.path(), &target) {
            Ok(()) => {
                if let Ok(folder) = std::fs::File::open(&dir) {
                    let _ = folder.sync_all();
                }
                Ok(())
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(ApprovalError::AlreadyDecided(approval.id.clone()))
            }
            Err(e) => Err(ApprovalError::io("write", &target, e)),
        }
    }

    /// The decision on `approval`, once there is one. An unreadable decision
    /// file (never written by us: ours appear whole) denies, saying why.
    pub fn decision(&self, approval: &Approval) -> Option<Decision> {
        let path = self.decision_path(&approval.session_id, &approval.id);
        match read_json::<Decision>(&path) {
            Ok(decision) => Some(decision),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => Some(Decision::from_answer(
                Answer::deny(Some(format!("the answer could not be read ({error})"))),
                "app",
            )),
        }
    }

    /// Removes a request and its decision, once the agent has its answer (or
    /// the asking process gives up).
    pub fn withdraw(&self, approval: &Approval) {
        let _ = std::fs::remove_file(self.request_path(&approval.session_id, &approval.id));
        let _ = std::fs::remove_file(self.decision_path(&approval.session_id, &approval.id));
    }

    /// Removes whatever turn `turn` of `session_id` left (its helper was
    /// killed before it could clean up): called when the turn is finalized.
    pub fn clear_turn(&self, session_id: &str, turn: u32) {
        let dir = self.dir_of(session_id);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let is_request = name.to_str().is_some_and(|n| {
                n.ends_with(".json") && !n.ends_with(DECISION_SUFFIX) && !n.starts_with(TEMP_PREFIX)
            });
            if !is_request {
                continue;
            }
            if let Ok(approval) = read_json::<Approval>(&path) {
                if approval.turn == turn && !waiter_lives(&approval) {
                    self.withdraw(&approval);
                }
            }
        }
    }
}

fn waiter_lives(approval: &Approval) -> bool {
    is_alive(approval.waiter_pid, approval.waiter_start_time)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> std::io::Result<T> {
    let bytes = std::fs::read(path)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
