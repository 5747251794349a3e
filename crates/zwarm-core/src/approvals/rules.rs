//! "Approve always": rules kept per workspace in `.zwarm/approval-rules.json`,
//! each naming one exact action (a command's text, the set of files a change
//! touches, a tool with its input). A request matching a rule is approved
//! without asking; Settings lists the rules and removes them.
//!
//! Exact matches only, on purpose: a rule approves what the user saw, never
//! a family of commands they did not.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Approval, ApprovalAction};
use crate::store::{write_atomic, Timestamp};

const RULES_FILE: &str = "approval-rules.json";
const LOCK_FILE: &str = "approval-rules.lock";

/// One action approved for good in a workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ApprovalRule {
    /// Short random id, to remove the rule.
    pub id: String,
    /// `command`, `file_change` or `tool`.
    pub kind: String,
    /// What must match exactly: the command, the files (one per line), or
    /// the tool's name and input.
    pub subject: String,
    pub added_at: Timestamp,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct RulesFile {
    #[serde(default)]
    rules: Vec<ApprovalRule>,
}

#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not valid ({message}); fix it or delete it to start with no rules")]
    Invalid { path: PathBuf, message: String },
}

/// The "always" rules of one workspace.
#[derive(Debug, Clone)]
pub struct ApprovalRules {
    path: PathBuf,
    lock: PathBuf,
}

/// The `(kind, subject)` a rule for `action` has.
fn key_of(action: &ApprovalAction) -> (&'static str, String) {
    match action {
        ApprovalAction::Command { command } => ("command", command.clone()),
        ApprovalAction::FileChange { changes } => {
            let mut paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
            paths.sort_unstable();
            paths.dedup();
            ("file_change", paths.join("\n"))
        }
        ApprovalAction::Tool { name, input } => ("tool", format!("{name} {input}")),
    }
}

impl ApprovalRules {
    /// The rules of the workspace whose state folder is `state_dir`.
    pub fn in_state_dir(state_dir: &Path) -> Self {
        Self {
            path: state_dir.join(RULES_FILE),
            lock: state_dir.join(LOCK_FILE),
        }
    }

    /// Every rule, oldest first (none when the file does not exist).
    pub fn list(&self) -> Result<Vec<ApprovalRule>, RulesError> {
        Ok(self.read()?.rules)
    }

    /// The rule that approves `action`, if any. A broken rules file approves
    /// nothing: the user is asked instead.
    pub fn matching(&self, action: &ApprovalAction) -> Option<ApprovalRule> {
        let (kind, subject) = key_of(action);
        self.list()
            .ok()?
            .into_iter()
            .find(|rule| rule.kind == kind && rule.subject == subject)
    }

    /// Adds the rule approving `approval`'s action from now on (once).
    pub fn add_for(&self, approval: &Approval) -> Result<ApprovalRule, RulesError> {
        let (kind, subject) = key_of(&approval.action);
        self.edit(|file| {
            if let Some(rule) = file
                .rules
                .iter()
                .find(|r| r.kind == kind && r.subject == subject)
            {
                return rule.clone();
            }
            let id = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
            let rule = ApprovalRule {
                id,
                kind: kind.to_string(),
                subject,
                added_at: Timestamp::now(),
            };
            file.rules.push(rule.clone());
            rule
        })
    }

    /// Removes rule `id`; `false` when there was none.
    pub fn remove(&self, id: &str) -> Result<bool, RulesError> {
        self.edit(|file| {
            let before = file.rules.len();
            file.rules.retain(|r| r.id != id);
            file.rules.len() != before
        })
    }

    fn read(&self) -> Result<RulesFile, RulesError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| RulesError::Invalid {
                path: self.path.clone(),
                message: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(RulesFile::default()),
            Err(source) => Err(RulesError::Io {
                action: "read",
                path: self.path.clone(),
                source,
            }),
        }
    }

    /// Reads, changes and writes the file atomically under its lock, so two
    /// "always" answers at once both land.
    fn edit<T>(&self, change: impl FnOnce(&mut RulesFile) -> T) -> Result<T, RulesError> {
        let io = |action, path: &Path| {
            let path = path.to_path_buf();
            move |source| RulesError::Io {
                action,
                path,
                source,
            }
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io("create", dir))?;
        }
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&self.lock)
            .map_err(io("open", &self.lock))?;
        fs4::fs_std::FileExt::lock_exclusive(&lock).map_err(io("lock", &self.lock))?;
        let mut file = self.read()?;
        let out = change(&mut file);
        let bytes = serde_json::to_vec_pretty(&file)
            .map_err(|e| io("write", &self.path)(std::io::Error::other(e)))?;
        write_atomic(&self.path, &bytes).map_err(io("write", &self.path))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::approvals::ProposedChange;
    use crate::events::FileChangeKind;

    fn approval(action: ApprovalAction) -> Approval {
        Approval {
            id: "a1".into(),
            session_id: "s".into(),
            turn: 1,
            adapter: "claude".into(),
            action,
            cwd: "/ws".into(),
            reason: None,
            requested_at: Timestamp::now(),
            waiter_pid: 1,
            waiter_start_time: 0,
        }
    }

    fn command(text: &str) -> ApprovalAction {
        ApprovalAction::Command {
            command: text.into(),
        }
    }

    #[test]
    fn a_rule_matches_exactly_its_action_and_is_added_once() {
        let dir = tempfile::tempdir().unwrap();
        let rules = ApprovalRules::in_state_dir(dir.path());
        assert!(rules.list().unwrap().is_empty());
        let rule = rules.add_for(&approval(command("npm test"))).unwrap();
        let again = rules.add_for(&approval(command("npm test"))).unwrap();
        assert_eq!(rule, again);
        assert_eq!(rules.list().unwrap().len(), 1);
        assert_eq!(rules.matching(&command("npm test")), Some(rule.clone()));
        assert_eq!(rules.matching(&command("npm test; rm -rf /")), None);
        assert_eq!(rules.matching(&command("npm tes")), None);
        assert!(rules.remove(&rule.id).unwrap());
        assert!(!rules.remove(&rule.id).unwrap());
        assert_eq!(rules.matching(&command("npm test")), None);
    }

    #[test]
    fn file_rules_match_the_same_files_in_any_order() {
        let dir = tempfile::tempdir().unwrap();
        let rules = ApprovalRules::in_state_dir(dir.path());
        let change = |paths: &[&str]| ApprovalAction::FileChange {
            changes: paths
                .iter()
                .map(|p| ProposedChange {
                    path: p.to_string(),
                    kind: FileChangeKind::Update,
                    diff: String::new(),
                })
                .collect(),
        };
        rules.add_for(&approval(change(&["b", "a"]))).unwrap();
        assert!(rules.matching(&change(&["a", "b"])).is_some());
        assert!(rules.matching(&change(&["a"])).is_none());
        assert!(
            rules.matching(&command("a\nb")).is_none(),
            "kinds are apart"
        );
    }

    #[test]
    fn a_broken_file_approves_nothing_and_says_how_to_fix_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(RULES_FILE), "{not json").unwrap();
        let rules = ApprovalRules::in_state_dir(dir.path());
        assert_eq!(rules.matching(&command("ls")), None);
        let error = rules.list().unwrap_err().to_string();
        assert!(error.contains("approval-rules.json") && error.contains("delete it"), "{error}");
        assert!(rules.add_for(&approval(command("ls"))).is_err(), "never overwritten");
    }
}
