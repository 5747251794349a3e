//! Bringing a worktree's work home: its uncommitted changes committed on its
//! branch, then the base branch fast-forwarded or given a merge commit. A
//! conflict is found before anything moves (`git merge-tree`), and reported
//! with the files it touches.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::git::Git;
use super::{parse_worktree_list, WorktreeError, WorktreeRef, WorktreeResult, Worktrees};

/// How to merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MergeMode {
    /// Fast-forward when the base has not moved, else a merge commit.
    Auto,
    /// Only a fast-forward; refused when the base has moved.
    FastForward,
    /// Always a merge commit.
    MergeCommit,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MergeOutcome {
    pub base_branch: String,
    /// The base branch's commit after the merge.
    pub commit: String,
    pub fast_forward: bool,
    /// The commit made of the worktree's uncommitted changes, if there were any.
    pub committed_changes: Option<String>,
}

impl Worktrees {
    /// Commits what the worktree has uncommitted (as zwarm), then merges its
    /// branch into the branch it was made from.
    pub fn merge(&self, worktree: &WorktreeRef, mode: MergeMode, message: &str) -> WorktreeResult<MergeOutcome> {
        let base = worktree.base_branch.clone().ok_or_else(|| WorktreeError::NoBaseBranch {
            branch: worktree.branch.clone(),
        })?;
        let committed_changes = commit_all(Path::new(&worktree.path), message)?;
        let git = self.git();
        let branch = worktree.branch.as_str();
        let probe = git.output(&["merge-tree", "--write-tree", "--name-only", "--no-messages", &base, branch])?;
        let mut lines = probe.stdout.lines();
        let tree = lines.next().unwrap_or_default().trim().to_string();
        if !probe.success {
            let files: Vec<String> = lines.map(str::to_string).filter(|l| !l.is_empty()).collect();
            if files.is_empty() {
                return Err(WorktreeError::Git {
                    doing: "compare the branches",
                    message: probe.stderr,
                });
            }
            return Err(WorktreeError::Conflicts {
                branch: branch.to_string(),
                base,
                files,
            });
        }
        let can_fast_forward = git.output(&["merge-base", "--is-ancestor", &base, branch])?.success;
        let fast_forward = match mode {
            MergeMode::FastForward if !can_fast_forward => {
                return Err(WorktreeError::Git {
                    doing: "fast-forward",
                    message: format!("{base} has commits {branch} does not have; merge with a merge commit instead"),
                })
            }
            MergeMode::MergeCommit => false,
            _ => can_fast_forward,
        };
        let base_tip = git.run("read the base branch", &["rev-parse", &base])?.trim().to_string();
        let branch_tip = git.run("read the branch", &["rev-parse", branch])?.trim().to_string();
        let checked_out = self.checked_out_at(&base)?;
        let commit = match checked_out {
            // The base is someone's checkout: let git move it and its files.
            Some(dir) => {
                let there = Git::in_dir(&dir);
                let args: Vec<&str> = if fast_forward {
                    vec!["merge", "--ff-only", branch]
                } else {
                    vec!["merge", "--no-ff", "--no-edit", "-m", message, branch]
                };
                let out = there.output(&args)?;
                if !out.success {
                    let _ = there.output(&["merge", "--abort"]);
                    return Err(WorktreeError::Git {
                        doing: "merge into the checked-out base branch",
                        message: out.stderr,
                    });
                }
                there.run("read the merged branch", &["rev-parse", "HEAD"])?.trim().to_string()
            }
            // Nobody has it checked out: move the branch itself.
            None => {
                let new_tip = if fast_forward {
                    branch_tip
                } else {
                    git.run(
                        "make the merge commit",
                        &["commit-tree", &tree, "-p", &base_tip, "-p", &branch_tip, "-m", message],
                    )?
                    .trim()
                    .to_string()
                };
                let reference = format!("refs/heads/{base}");
                git.run("move the base branch", &["update-ref", &reference, &new_tip, &base_tip])?;
                new_tip
            }
        };
        Ok(MergeOutcome {
            base_branch: base,
            commit,
            fast_forward,
            committed_changes,
        })
    }

    /// The worktree that has `branch` checked out, if any.
    fn checked_out_at(&self, branch: &str) -> WorktreeResult<Option<std::path::PathBuf>> {
        let porcelain = self.git().run("list the worktrees", &["worktree", "list", "--porcelain"])?;
        Ok(parse_worktree_list(&porcelain)
            .into_iter()
            .find(|(_, b)| b.as_deref() == Some(branch))
            .map(|(path, _)| path.into()))
    }
}

/// Commits every change in the worktree at `dir`; the new commit, or `None`
/// when there was nothing to commit.
pub fn commit_all(dir: &Path, message: &str) -> WorktreeResult<Option<String>> {
    let git = Git::in_dir(dir);
    git.run("stage the worktree's changes", &["add", "--all"])?;
    if git.output(&["diff", "--cached", "--quiet"])?.success {
        return Ok(None);
    }
    git.run("commit the worktree's changes", &["commit", "--quiet", "--no-verify", "-m", message])?;
    Ok(Some(git.run("read the commit", &["rev-parse", "HEAD"])?.trim().to_string()))
}

/// The worktree's state (committed or not) against `base`, as a patch; the
/// worktree's own index is left as it was (a private one is used).
pub(super) fn patch(dir: &Path, base: &str) -> WorktreeResult<String> {
    let scratch = tempfile::tempdir().map_err(|source| WorktreeError::Io {
        doing: "make a temporary folder in",
        path: std::env::temp_dir(),
        source,
    })?;
    let git = Git::in_dir(dir).with_index(scratch.path().join("index"));
    git.run("read the worktree's commit", &["read-tree", "HEAD"])?;
    git.run("stage the worktree's changes", &["add", "--all"])?;
    git.run("diff the worktree", &["diff", "--cached", "--binary", base])
}
