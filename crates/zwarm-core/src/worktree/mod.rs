//! A git worktree per session: its own folder and branch, so parallel agents
//! never write over each other, and its work can be reviewed and brought
//! home (merged, or copied as a patch) or thrown away.
//!
//! Worktrees live under the workspace's `.zwarm/worktrees/<short id>-<slug>`
//! on branches `zwarm/<short id>-<slug>`, made from the current HEAD or a
//! chosen branch. zwarm only touches worktrees on its own branches. Merging
//! first commits what the agent left uncommitted in the worktree, then
//! fast-forwards the base branch or makes a merge commit, refusing (with the
//! files named) when the two conflict. A worktree with uncommitted changes is
//! removed only when the caller says so.

mod git;
mod merge;
mod review;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use git::Git;
pub use merge::{MergeMode, MergeOutcome};

/// Every branch zwarm makes for a session starts with this.
pub const BRANCH_PREFIX: &str = "zwarm/";

#[derive(Debug, thiserror::Error)]
pub enum WorktreeError {
    #[error("git is not installed; install git to give sessions their own worktrees")]
    GitMissing,
    #[error("{path} is not inside a git repository, so sessions run in the folder itself (a worktree needs git history to branch from)")]
    NotARepository { path: PathBuf },
    #[error("could not {doing}: {message}")]
    Git { doing: &'static str, message: String },
    #[error("could not {doing} {path}: {source}")]
    Io {
        doing: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the worktree {path} has uncommitted changes ({}); merge or copy them first, or confirm to remove it with them", .files.join(", "))]
    Dirty { path: PathBuf, files: Vec<String> },
    #[error("merging {branch} into {base} would conflict in {}; resolve them in the worktree and merge again", .files.join(", "))]
    Conflicts {
        branch: String,
        base: String,
        files: Vec<String>,
    },
    #[error("{branch} was made from a detached HEAD, so it has no base branch to merge into; merge it by hand or copy its patch")]
    NoBaseBranch { branch: String },
    #[error("{0} is not a worktree zwarm made (its branch does not start with `zwarm/`)")]
    NotOurs(PathBuf),
}

pub type WorktreeResult<T> = Result<T, WorktreeError>;

/// A session's worktree, as its `meta.json` records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorktreeRef {
    /// The worktree's folder (absolute).
    pub path: String,
    /// Its branch, `zwarm/<short id>-<slug>`.
    pub branch: String,
    /// The branch it was made from; `None` when HEAD was detached.
    pub base_branch: Option<String>,
    /// The commit it was made from: what its diff is taken against.
    pub base_commit: String,
}

/// A worktree zwarm made, as git lists it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorktreeStatus {
    pub path: String,
    pub branch: String,
    /// Files with uncommitted changes (added, changed, deleted, untracked).
    pub changed_files: Vec<String>,
    /// Bytes on disk (the checkout and whatever the agent wrote).
    pub size_bytes: u64,
    /// Seconds since the folder last changed, for pruning by age.
    pub idle_secs: u64,
}

/// The worktrees of one repository.
#[derive(Debug, Clone)]
pub struct Worktrees {
    /// The repository's main worktree (its top-level folder).
    repo: PathBuf,
    /// Where new worktrees go.
    folder: PathBuf,
}

impl Worktrees {
    /// The worktrees of the repository `workspace` lies in, made under
    /// `folder`. Fails with [`WorktreeError::NotARepository`] outside git.
    pub fn open(workspace: &Path, folder: impl Into<PathBuf>) -> WorktreeResult<Self> {
        let out = Git::in_dir(workspace).output(&["rev-parse", "--show-toplevel"])?;
        if !out.success {
            return Err(WorktreeError::NotARepository {
                path: workspace.to_path_buf(),
            });
        }
        let repo = PathBuf::from(out.stdout.trim());
        // A repository without a commit has nothing to branch from.
        if !Git::in_dir(&repo).output(&["rev-parse", "--verify", "--quiet", "HEAD"])?.success {
            return Err(WorktreeError::NotARepository {
                path: workspace.to_path_buf(),
            });
        }
        Ok(Self {
            repo,
            folder: folder.into(),
        })
    }

    /// The repository's top-level folder.
    pub fn repo(&self) -> &Path {
        &self.repo
    }

    fn git(&self) -> Git {
        Git::in_dir(&self.repo)
    }

    /// Makes a worktree for session `short_id` (titled `title`) on a new
    /// branch from `base` (a branch name), or from the current HEAD.
    pub fn create(&self, short_id: &str, title: &str, base: Option<&str>) -> WorktreeResult<WorktreeRef> {
        let git = self.git();
        let base_branch = match base {
            Some(name) => Some(name.to_string()),
            None => {
                let out = git.output(&["symbolic-ref", "--quiet", "--short", "HEAD"])?;
                out.success.then(|| out.stdout.trim().to_string())
            }
        };
        let spec = format!("{}^{{commit}}", base.unwrap_or("HEAD"));
        let base_commit = git
            .run("find the base commit", &["rev-parse", "--verify", &spec])?
            .trim()
            .to_string();
        let name = format!("{short_id}-{}", slug(title));
        let branch = format!("{BRANCH_PREFIX}{name}");
        let path = self.folder.join(&name);
        std::fs::create_dir_all(&self.folder).map_err(|source| WorktreeError::Io {
            doing: "create",
            path: self.folder.clone(),
            source,
        })?;
        let target = path.to_string_lossy().into_owned();
        git.run(
            "make the worktree",
            &["worktree", "add", "--quiet", "-b", &branch, &target, &base_commit],
        )?;
        Ok(WorktreeRef {
            path: target,
            branch,
            base_branch,
            base_commit,
        })
    }

    /// Every worktree on a `zwarm/` branch, with its changes and size.
    pub fn list(&self) -> WorktreeResult<Vec<WorktreeStatus>> {
        let porcelain = self.git().run("list the worktrees", &["worktree", "list", "--porcelain"])?;
        let mut found = Vec::new();
        for (path, branch) in parse_worktree_list(&porcelain) {
            let Some(branch) = branch.filter(|b| b.starts_with(BRANCH_PREFIX)) else {
                continue;
            };
            let dir = PathBuf::from(&path);
            found.push(WorktreeStatus {
                changed_files: changed_files(&dir).unwrap_or_default(),
                size_bytes: folder_size(&dir),
                idle_secs: idle_secs(&dir),
                path,
                branch,
            });
        }
        Ok(found)
    }

    /// Removes the worktree at `path` (one zwarm made). Refused while it
    /// has uncommitted changes unless `force`. Its branch is deleted too
    /// when it was merged; an unmerged branch is kept, so no commit is lost.
    pub fn remove(&self, path: &Path, force: bool) -> WorktreeResult<()> {
        let branch = self.branch_of(path)?;
        if !force {
            let files = changed_files(path)?;
            if !files.is_empty() {
                return Err(WorktreeError::Dirty {
                    path: path.to_path_buf(),
                    files,
                });
            }
        }
        let target = path.to_string_lossy().into_owned();
        let mut args = vec!["worktree", "remove"];
        if force {
            args.push("--force");
        }
        args.push(&target);
        self.git().run("remove the worktree", &args)?;
        let _ = self.git().output(&["branch", "--delete", &branch]);
        Ok(())
    }

    /// The diff of the worktree against its base commit, uncommitted work
    /// included, as a patch `git apply` takes.
    pub fn patch(&self, worktree: &WorktreeRef) -> WorktreeResult<String> {
        merge::patch(Path::new(&worktree.path), &worktree.base_commit)
    }

    /// The repository's local branches, zwarm's own left out.
    pub fn branches(&self) -> WorktreeResult<Vec<String>> {
        let out = self.git().run(
            "list the branches",
            &["for-each-ref", "--format=%(refname:short)", "refs/heads/"],
        )?;
        Ok(out
            .lines()
            .filter(|b| !b.is_empty() && !b.starts_with(BRANCH_PREFIX))
            .map(str::to_string)
            .collect())
    }

    /// The branch checked out in the main worktree; `None` when detached.
    pub fn current_branch(&self) -> WorktreeResult<Option<String>> {
        let out = self.git().output(&["symbolic-ref", "--quiet", "--short", "HEAD"])?;
        Ok(out.success.then(|| out.stdout.trim().to_string()).filter(|b| !b.is_empty()))
    }

    /// The same work as [`Worktrees::patch`], one diff per file.
    pub fn file_diffs(&self, worktree: &WorktreeRef) -> WorktreeResult<Vec<crate::diff::FileDiff>> {
        review::file_diffs(Path::new(&worktree.path), &worktree.base_commit)
    }

    /// The branch checked out in `path`, if it is one of ours.
    fn branch_of(&self, path: &Path) -> WorktreeResult<String> {
        let porcelain = self.git().run("list the worktrees", &["worktree", "list", "--porcelain"])?;
        let wanted = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        parse_worktree_list(&porcelain)
            .into_iter()
            .find(|(p, _)| std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p)) == wanted)
            .and_then(|(_, branch)| branch)
            .filter(|b| b.starts_with(BRANCH_PREFIX))
            .ok_or_else(|| WorktreeError::NotOurs(path.to_path_buf()))
    }
}

/// `(path, branch)` of each entry of `git worktree list --porcelain`.
fn parse_worktree_list(porcelain: &str) -> Vec<(String, Option<String>)> {
    let mut entries = Vec::new();
    for block in porcelain.split("\n\n") {
        let mut path = None;
        let mut branch = None;
        for line in block.lines() {
            if let Some(p) = line.strip_prefix("worktree ") {
                path = Some(p.to_string());
            } else if let Some(b) = line.strip_prefix("branch refs/heads/") {
                branch = Some(b.to_string());
            }
        }
        if let Some(path) = path {
            entries.push((path, branch));
        }
    }
    entries
}

/// Files with uncommitted changes in the worktree at `dir`.
pub fn changed_files(dir: &Path) -> WorktreeResult<Vec<String>> {
    let out = Git::in_dir(dir).run(
        "read the worktree's changes",
        &["status", "--porcelain=v1", "-z", "--untracked-files=all"],
    )?;
    let mut files = Vec::new();
    let mut fields = out.split('\0');
    while let Some(entry) = fields.next() {
        if entry.len() < 4 {
            continue;
        }
        let (status, name) = entry.split_at(3);
        files.push(name.to_string());
        // A rename names its source next; it is not a change of its own.
        if status.starts_with('R') || status.starts_with('C') {
            fields.next();
        }
    }
    Ok(files)
}

/// A branch name's part from a session title: lowercase words joined by `-`.
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .map(str::to_ascii_lowercase)
        .collect();
    let joined = words.join("-");
    let cut: String = joined.chars().take(40).collect();
    let cut = cut.trim_end_matches('-').to_string();
    if cut.is_empty() {
        "session".into()
    } else {
        cut
    }
}

fn folder_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => folder_size(&entry.path()),
            Ok(kind) if kind.is_file() => entry.metadata().map(|m| m.len()).unwrap_or(0),
            _ => 0,
        })
        .sum()
}

fn idle_secs(dir: &Path) -> u64 {
    std::fs::metadata(dir)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .map_or(0, |d| d.as_secs())
}
