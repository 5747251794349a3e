//! The workspace's files, recorded as snapshots: with each pilot checkpoint
//! (per pilot: `checkpoints::PilotMeta::track_files`; a node keeps the
//! commit in `checkpoints::Node::files_commit`) and around each session turn
//! (`engine::turn_files`; `TurnRecord::files_before`/`files_after`).
//!
//! # How
//!
//! Files go into a *shadow* repository, `<workspace>/.zwarm/shadow.git`, a
//! bare git repository driven through the `git` command with `GIT_DIR` set
//! to it, `GIT_WORK_TREE` set to the workspace and a private index
//! (`shadow.git/zwarm-index`). The user's own `.git` (HEAD, index, refs,
//! stash, config, hooks) is therefore never read or written; only its
//! `info/exclude` is read, for its patterns (see `excludes`). Git objects
//! make the recording binary-safe and deduplicated: a file that did not
//! change between turns, or two files with the same bytes, are stored once.
//!
//! * **What is recorded**: every file git would not ignore: the
//!   `.gitignore` files at every level, the user's `info/exclude`, and the
//!   `.gitignore` files above the workspace when it is a subfolder of a
//!   repository. `.zwarm/` and `.git` never are. A file tracked by an earlier
//!   snapshot that has since become ignored is dropped from the next one.
//!   Nested repositories (a folder with its own `.git` and commits) are
//!   recorded by their commit only, like git does, and never restored.
//! * **Snapshots** are commits on one ref, `refs/zwarm/snapshots`, each the
//!   parent of the next, so every snapshot ever returned stays reachable (git
//!   may garbage-collect the shadow safely). A snapshot whose tree equals the
//!   latest one returns the latest commit instead of a new one.
//! * **Restoring** first records the current files as a backup snapshot (its
//!   ref updated and flushed before any file is touched, so a crash half-way
//!   leaves the way back recorded), then deletes the files that the target
//!   does not have and writes the ones that differ. It never touches an
//!   ignored file, `.git/` or `.zwarm/`: a target file whose place is taken by
//!   an ignored file or folder is skipped and reported as such. The plan is
//!   worked out again at restore time, so a preview that went stale can do no
//!   harm.
//!
//! Operations on one shadow repository are serialized by an advisory lock
//! (`shadow.git/zwarm.lock`), so the app and the `zwarm` command can both
//! record files of one workspace.

mod compare;
mod error;
mod excludes;
mod git;
mod plan;
mod preview;
mod size_limit;
mod tree;

#[cfg(test)]
mod tests;

use std::ffi::{OsStr, OsString};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use error::{FilesError, FilesResult};
pub use git::GitProgram;
pub use plan::RestorePlan;
pub use preview::RestorePreview;
pub use size_limit::MAX_FILE_BYTES;

use error::io;
use git::Git;
use plan::RawPlan;

/// Name of the shadow repository inside the state folder.
pub const SHADOW_DIR_NAME: &str = "shadow.git";

/// The ref whose history holds every snapshot.
pub const SNAPSHOTS_REF: &str = "refs/zwarm/snapshots";

const INDEX_FILE: &str = "zwarm-index";
const RESTORE_INDEX_FILE: &str = "zwarm-restore-index";
const EXCLUDES_FILE: &str = "zwarm-excludes";
const LOCK_FILE: &str = "zwarm.lock";

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RestoreReport {
    /// The snapshot of the files as they were just before the restore: record
    /// it as a backup node so the restore can be undone.
    pub backup_commit: String,
    /// The full id of the commit that was restored.
    pub restored_commit: String,
    /// What was changed, created, deleted and left alone.
    pub plan: RestorePlan,
}

/// The recorded files of one workspace.
#[derive(Debug, Clone)]
pub struct FileCheckpoints {
    root: PathBuf,
    git: Git,
    /// The state folder relative to the workspace, as git path bytes, when
    /// it lies inside the workspace.
    state_rel: Option<Vec<u8>>,
}

/// Holds the shadow repository's lock until dropped.
struct ShadowLock(File);

impl Drop for ShadowLock {
    fn drop(&mut self) {
        // Closing the file releases the lock anyway.
        let _ = fs4::fs_std::FileExt::unlock(&self.0);
    }
}

impl FileCheckpoints {
    /// Opens the file checkpoints of the workspace at `root`, whose state
    /// folder is `state_dir` (normally `<root>/.zwarm`), creating the shadow
    /// repository on first use. Fails with [`FilesError::GitMissing`] when
    /// there is no `git` on `PATH`.
    pub fn open(root: impl AsRef<Path>, state_dir: impl AsRef<Path>) -> FilesResult<Self> {
        Self::open_with(root, state_dir, GitProgram::default())
    }

    /// [`FileCheckpoints::open`] with a chosen git program.
    pub fn open_with(
        root: impl AsRef<Path>,
        state_dir: impl AsRef<Path>,
        program: GitProgram,
    ) -> FilesResult<Self> {
        let root = root.as_ref();
        let root = std::fs::canonicalize(root).map_err(|e| io("open the workspace", root, e))?;
        if !root.is_dir() {
            return Err(io(
                "open the workspace",
                &root,
                std::io::Error::other("it is not a folder"),
            ));
        }
        let state = state_dir.as_ref();
        std::fs::create_dir_all(state).map_err(|e| io("create", state, e))?;
        let state = std::fs::canonicalize(state).map_err(|e| io("open", state, e))?;
        let shadow = state.join(SHADOW_DIR_NAME);
        let git = Git::new(program, shadow.clone(), root.clone());
        git.version()?;
        if !shadow.join("HEAD").is_file() {
            create_shadow(&git, &state, &shadow)?;
        }
        let state_rel = state
            .strip_prefix(&root)
            .ok()
            .filter(|rel| !rel.as_os_str().is_empty())
            .map(|rel| {
                rel.components()
                    .map(|c| tree::name_bytes(c.as_os_str()))
                    .collect::<Vec<_>>()
                    .join(&b'/')
            });
        Ok(Self {
            root,
            git,
            state_rel,
        })
    }

    /// The workspace folder, canonical.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The shadow repository (`<state>/shadow.git`).
    pub fn shadow_dir(&self) -> &Path {
        self.git.shadow()
    }

    /// The newest snapshot, if any was taken.
    pub fn latest(&self) -> FilesResult<Option<String>> {
        let _lock = self.lock()?;
        Ok(self.tip()?.map(|(commit, _)| commit))
    }

    /// Records the workspace's files and returns the snapshot's commit id.
    /// When nothing changed since the latest snapshot, that one is returned.
    pub fn snapshot(&self, message: &str) -> FilesResult<String> {
        let _lock = self.lock()?;
        self.snapshot_locked(message).map(|(commit, _)| commit)
    }

    /// What [`FileCheckpoints::restore`] would do now. Writes nothing to the
    /// workspace (only objects and the private index of the shadow).
    pub fn preview_restore(&self, commit: &str) -> FilesResult<RestorePlan> {
        let _lock = self.lock()?;
        let (_, target) = self.resolve(commit)?;
        let current = self.record_worktree()?;
        Ok(self.plan(&current, &target)?.display())
    }

    /// Makes the workspace's files (those not ignored) what they were at
    /// `commit`, after recording them as they are now in a backup snapshot.
    pub fn restore(&self, commit: &str) -> FilesResult<RestoreReport> {
        self.restore_then(commit, |_, _| Ok(()))
    }

    /// [`FileCheckpoints::restore`], calling `record_backup` with the backup
    /// commit and the plan after the backup is taken and before any file is
    /// touched, so the caller can record the backup node first. If it fails,
    /// nothing is changed and the error is [`FilesError::BackupNotRecorded`].
    pub fn restore_then(
        &self,
        commit: &str,
        record_backup: impl FnOnce(&str, &RestorePlan) -> Result<(), String>,
    ) -> FilesResult<RestoreReport> {
        let _lock = self.lock()?;
        let (restored_commit, target) = self.resolve(commit)?;
        let message = format!("zwarm: backup before restoring files of {restored_commit}");
        let (backup_commit, current) = self.snapshot_locked(&message)?;
        let raw = self.plan(&current, &target)?;
        let plan = raw.display();
        record_backup(&backup_commit, &plan).map_err(FilesError::BackupNotRecorded)?;
        let applied = plan::delete_removed(&self.root, &raw.removed)
            .and_then(|()| self.checkout(&target, &raw));
        if let Err(source) = applied {
            return Err(FilesError::RestoreIncomplete {
                backup_commit,
                source: Box::new(source),
            });
        }
        Ok(RestoreReport {
            backup_commit,
            restored_commit,
            plan,
        })
    }

    fn lock(&self) -> FilesResult<ShadowLock> {
        let path = self.git.shadow_file(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| io("open the lock file", &path, e))?;
        fs4::fs_std::FileExt::lock_exclusive(&file).map_err(|e| io("lock", &path, e))?;
        let lock = ShadowLock(file);
        self.prepare()?;
        Ok(lock)
    }

    /// Rewrites the files zwarm owns in the shadow: what is excluded and the
    /// attributes that keep bytes exact. Doing it on every use means that a
    /// changed `info/exclude` of the user, or a tampered shadow, is taken
    /// into account (or undone) at once.
    fn prepare(&self) -> FilesResult<()> {
        let info = self.git.shadow_file("info");
        std::fs::create_dir_all(&info).map_err(|e| io("create", &info, e))?;
        let mut exclude = excludes::ALWAYS_EXCLUDED.as_bytes().to_vec();
        if let Some(rel) = &self.state_rel {
            exclude.extend_from_slice(&excludes::literal_pattern(rel));
            exclude.push(b'\n');
        }
        write_if_changed(&info.join("exclude"), &exclude)?;
        write_if_changed(&info.join("attributes"), excludes::ATTRIBUTES.as_bytes())?;
        let repo = excludes::find_user_repo(&self.root);
        let user = excludes::user_excludes(&self.root, repo.as_ref());
        write_if_changed(&self.git.shadow_file(EXCLUDES_FILE), &user)
    }

    fn run(
        &self,
        args: &[&OsStr],
        stdin: Option<&[u8]>,
        doing: &'static str,
    ) -> FilesResult<Vec<u8>> {
        self.git.run(
            &self.git.shadow_file(INDEX_FILE),
            &self.git.shadow_file(EXCLUDES_FILE),
            args,
            stdin,
            doing,
        )
    }

    /// Records the work tree into the private index and writes it as a tree;
    /// returns the tree id. Entries that have become ignored are dropped first
    /// (an index keeps tracking a file even after a `.gitignore` names it).
    fn record_worktree(&self) -> FilesResult<String> {
        const DOING: &str = "recording the workspace's files";
        self.exclude_large_files(DOING)?;
        let ignored = self.run(
            &os(&[
                "ls-files",
                "-z",
                "--cached",
                "--ignored",
                "--exclude-standard",
            ]),
            None,
            DOING,
        )?;
        if !ignored.is_empty() {
            self.run(
                &os(&["update-index", "--force-remove", "-z", "--stdin"]),
                Some(&ignored),
                DOING,
            )?;
        }
        let mut args: Vec<OsString> = ["add", "--all", "--", ".", ":(exclude,glob)**/.zwarm/**"]
            .iter()
            .map(OsString::from)
            .collect();
        if let Some(rel) = &self.state_rel {
            // `**/` first: git reports an excluding pathspec that names an
            // ignored folder without a leading wildcard as an error. This
            // leaves out a folder of that name at any depth: more, not less.
            let mut glob = b"**/".to_vec();
            for &b in rel {
                if matches!(b, b'*' | b'?' | b'[' | b'\\') {
                    glob.push(b'\\');
                }
                glob.push(b);
            }
            glob.extend_from_slice(b"/**");
            let mut spec = OsString::from(":(exclude,glob)");
            spec.push(tree::to_fs_path(Path::new(""), &glob).as_os_str());
            args.push(spec);
        }
        let args: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
        self.run(&args, None, DOING)?;
        let out = self.run(&os(&["write-tree"]), None, DOING)?;
        object_id(&out, "write-tree")
    }

    /// Adds the files over [`size_limit::MAX_FILE_BYTES`] that would be
    /// recorded to the excludes `prepare` wrote, so git treats them as ignored
    /// in this snapshot (and drops them from the index if it had them).
    fn exclude_large_files(&self, doing: &'static str) -> FilesResult<()> {
        let candidates = self.run(
            &os(&[
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ]),
            None,
            doing,
        )?;
        let large = size_limit::large_files(&self.root, &candidates);
        if large.is_empty() {
            return Ok(());
        }
        let path = self.git.shadow_file(EXCLUDES_FILE);
        let mut excludes = std::fs::read(&path).map_err(|e| io("read", &path, e))?;
        if !excludes.is_empty() && !excludes.ends_with(b"\n") {
            excludes.push(b'\n');
        }
        excludes.extend_from_slice(b"# Larger than the checkpoint limit:\n");
        for rel in &large {
            excludes.extend_from_slice(&size_limit::file_pattern(rel));
        }
        write_if_changed(&path, &excludes)
    }

    /// The newest snapshot and its tree.
    fn tip(&self) -> FilesResult<Option<(String, String)>> {
        let out = self.run(
            &os(&[
                "for-each-ref",
                "--format=%(objectname) %(tree)",
                SNAPSHOTS_REF,
            ]),
            None,
            "reading the latest snapshot",
        )?;
        let text = String::from_utf8_lossy(&out);
        let Some(line) = text.lines().find(|l| !l.trim().is_empty()) else {
            return Ok(None);
        };
        match line.split_once(' ') {
            Some((commit, tree)) if is_object_id(commit) && is_object_id(tree) => {
                Ok(Some((commit.to_string(), tree.to_string())))
            }
            _ => Err(FilesError::Unexpected {
                what: "for-each-ref",
                detail: line.to_string(),
            }),
        }
    }

    fn snapshot_locked(&self, message: &str) -> FilesResult<(String, String)> {
        const DOING: &str = "recording a snapshot";
        let tree = self.record_worktree()?;
        let tip = self.tip()?;
        if let Some((commit, tip_tree)) = &tip {
            if *tip_tree == tree {
                return Ok((commit.clone(), tree));
            }
        }
        let message = if message.trim().is_empty() {
            "zwarm snapshot"
        } else {
            message
        };
        let mut args = vec!["commit-tree", tree.as_str(), "-m", message];
        if let Some((parent, _)) = &tip {
            args.extend(["-p", parent.as_str()]);
        }
        let out = self.run(&os(&args), None, DOING)?;
        let commit = object_id(&out, "commit-tree")?;
        // The ref moves only from the tip we built on: a writer that somehow
        // got past the lock makes this fail instead of orphaning a snapshot.
        let old = match &tip {
            Some((parent, _)) => parent.clone(),
            None => "0".repeat(commit.len()),
        };
        self.run(
            &os(&[
                "update-ref",
                "-m",
                "zwarm snapshot",
                SNAPSHOTS_REF,
                &commit,
                &old,
            ]),
            None,
            DOING,
        )?;
        Ok((commit, tree))
    }

    /// The full commit id and tree of a snapshot given by (a prefix of) its id.
    fn resolve(&self, commit: &str) -> FilesResult<(String, String)> {
        let key = commit.trim();
        let hex = (4..=64).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex {
            return Err(FilesError::UnknownCommit(commit.to_string()));
        }
        let mut ids = Vec::new();
        for kind in ["commit", "tree"] {
            let spec = format!("{key}^{{{kind}}}");
            let done = self.git.run_status(
                &self.git.shadow_file(INDEX_FILE),
                &self.git.shadow_file(EXCLUDES_FILE),
                &os(&["rev-parse", "--verify", "--quiet", &spec]),
                None,
            )?;
            if !done.status.success() {
                return Err(FilesError::UnknownCommit(commit.to_string()));
            }
            ids.push(object_id(&done.stdout, "rev-parse")?);
        }
        let tree = ids.pop().unwrap_or_default();
        let commit = ids.pop().unwrap_or_default();
        Ok((commit, tree))
    }

    fn plan(&self, current: &str, target: &str) -> FilesResult<RawPlan> {
        let changes = self.changes(current, target)?;
        self.plan_of(current, changes)
    }

    /// What differs from tree `current` to tree `target`, path by path.
    fn changes(&self, current: &str, target: &str) -> FilesResult<Vec<tree::DiffEntry>> {
        let diff = self.run(
            &os(&[
                "diff-tree",
                "-r",
                "-z",
                "--raw",
                "--no-renames",
                current,
                target,
            ]),
            None,
            "comparing the workspace with the checkpoint",
        )?;
        tree::parse_diff_raw(&diff).map_err(|detail| FilesError::Unexpected {
            what: "diff-tree",
            detail,
        })
    }

    /// The restore plan for `changes` from tree `current`.
    fn plan_of(&self, current: &str, changes: Vec<tree::DiffEntry>) -> FilesResult<RawPlan> {
        let listing = self.run(
            &os(&["ls-tree", "-r", "-z", "--full-tree", current]),
            None,
            "comparing the workspace with the checkpoint",
        )?;
        let entries = tree::parse_ls_tree(&listing).map_err(|detail| FilesError::Unexpected {
            what: "ls-tree",
            detail,
        })?;
        Ok(plan::compute(
            &self.root,
            &entries,
            changes,
            self.state_rel.as_deref(),
        ))
    }

    /// Writes the plan's changed and added files from `tree`, through an
    /// index of its own so the private index keeps its stat cache.
    fn checkout(&self, tree: &str, plan: &RawPlan) -> FilesResult<()> {
        const DOING: &str = "writing the checkpoint's files";
        let mut paths = Vec::new();
        for path in plan.changed.iter().chain(&plan.added) {
            paths.extend_from_slice(path);
            paths.push(0);
        }
        if paths.is_empty() {
            return Ok(());
        }
        let index = self.git.shadow_file(RESTORE_INDEX_FILE);
        let excludes = self.git.shadow_file(EXCLUDES_FILE);
        self.git
            .run(&index, &excludes, &os(&["read-tree", tree]), None, DOING)?;
        let written = self.git.run(
            &index,
            &excludes,
            &os(&["checkout-index", "-f", "-z", "--stdin"]),
            Some(&paths),
            DOING,
        );
        let _ = std::fs::remove_file(&index);
        written.map(drop)
    }
}

/// Creates the shadow repository in a temporary folder and renames it into
/// place, so a half-created repository is never seen. Another process that
/// got there first wins; its repository is used.
fn create_shadow(git: &Git, state: &Path, shadow: &Path) -> FilesResult<()> {
    let temp = tempfile::Builder::new()
        .prefix("shadow.git.tmp-")
        .tempdir_in(state)
        .map_err(|e| io("create a folder in", state, e))?;
    git.init_bare(temp.path())?;
    let info = temp.path().join("info");
    std::fs::create_dir_all(&info).map_err(|e| io("create", &info, e))?;
    match std::fs::rename(temp.path(), shadow) {
        Ok(()) => Ok(()),
        Err(_) if shadow.join("HEAD").is_file() => Ok(()),
        Err(e) => Err(io("create", shadow, e)),
    }
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> FilesResult<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    crate::store::write_atomic(path, bytes).map_err(|e| io("write", path, e))
}

fn os<'a>(args: &[&'a str]) -> Vec<&'a OsStr> {
    args.iter().map(|a| OsStr::new(*a)).collect()
}

fn is_object_id(text: &str) -> bool {
    matches!(text.len(), 40 | 64) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The one object id a git command printed.
fn object_id(out: &[u8], what: &'static str) -> FilesResult<String> {
    let text = String::from_utf8_lossy(out).trim().to_string();
    if is_object_id(&text) {
        Ok(text)
    } else {
        Err(FilesError::Unexpected { what, detail: text })
    }
}
