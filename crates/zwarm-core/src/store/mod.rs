//! Session store: `<workspace>/.zwarm/sessions/<uuid>/` in zwarm's layout.
//!
//! ```text
//! sessions/<uuid>/meta.json           SessionMeta (zwarm's schema + our keys)
//! sessions/<uuid>/meta.lock           lock taken by every writer
//! sessions/<uuid>/turns/turn_N.jsonl  the CLI's stdout, verbatim (written by the supervisor)
//! sessions/<uuid>/turns/turn_N.stderr the CLI's stderr (zwarm mixed it into the jsonl)
//! ```
//!
//! Writers go through [`SessionStore::update`] (lock, re-read, change, atomic
//! write), so concurrent processes never lose an update. Readers never write
//! a session: zwarm's reads refreshed and rewrote meta.json, which raced with
//! writers (§10.7). A listing writes only its own cache, the listing index
//! (`listing_index`, `.zwarm/cache/listing-index.bin`).

mod append;
mod atomic;
mod error;
mod listing_index;
mod lock;
mod meta;
mod stamp;
mod status;
mod timestamp;
mod turn;

use std::path::{Path, PathBuf};

pub use append::append_lines;
pub use atomic::{write_atomic, TEMP_PREFIX};
pub use error::{StoreError, StoreResult};
pub use listing_index::{JsonListing, JsonText, ListingIndex, SessionJson, INDEX_FILE};
pub use lock::SessionLock;
pub use meta::{ForkMode, ForkOrigin, NewSession, SessionMessage, SessionMeta};
pub use stamp::{FileStamp, SETTLE};
pub use status::SessionStatus;
pub use timestamp::Timestamp;
pub use turn::{CopiedTurn, ResumeMode, TurnRecord};

/// Name of the sessions folder inside a workspace's state folder.
pub const SESSIONS_DIR: &str = "sessions";
/// Name of a session's metadata file.
pub const META_FILE: &str = "meta.json";
/// Name of the folder holding a session's turn logs.
pub const TURNS_DIR: &str = "turns";

/// The sessions of one workspace, and what could not be read.
#[derive(Debug, Default)]
pub struct SessionListing {
    /// Readable sessions, newest first.
    pub sessions: Vec<SessionMeta>,
    /// meta.json files that exist but could not be read or parsed, with why.
    pub broken: Vec<(PathBuf, StoreError)>,
    /// Sessions listed in `sessions` as they are on disk because bringing them
    /// up to date failed (their ended turn could not be finalized): id → why.
    /// One such session must not hide the others, so it is listed with its
    /// problem instead of failing the whole listing. Filled by the engine.
    pub problems: std::collections::BTreeMap<String, String>,
}

impl SessionListing {
    /// What went wrong bringing session `id` up to date, if anything.
    pub fn problem_of(&self, id: &str) -> Option<&str> {
        self.problems.get(id).map(String::as_str)
    }
}

/// Access to the sessions under one workspace's state folder.
#[derive(Debug, Clone)]
pub struct SessionStore {
    sessions_dir: PathBuf,
}

impl SessionStore {
    /// A store for `<state_dir>/sessions`, e.g. `Workspace::state_dir()`.
    /// Nothing is created until the first session is.
    pub fn new(state_dir: impl AsRef<Path>) -> Self {
        Self {
            sessions_dir: state_dir.as_ref().join(SESSIONS_DIR),
        }
    }

    /// `<state_dir>/sessions`.
    pub fn sessions_dir(&self) -> &Path {
        &self.sessions_dir
    }

    /// Folder of session `id` (not checked for existence).
    pub fn session_dir(&self, id: &str) -> StoreResult<PathBuf> {
        validate_id(id)?;
        Ok(self.sessions_dir.join(id))
    }

    /// Path of session `id`'s meta.json.
    pub fn meta_path(&self, id: &str) -> StoreResult<PathBuf> {
        Ok(self.session_dir(id)?.join(META_FILE))
    }

    /// `turns/`: the folder of session `id`'s turn files.
    pub fn turns_dir(&self, id: &str) -> StoreResult<PathBuf> {
        Ok(self.session_dir(id)?.join(TURNS_DIR))
    }

    /// `turns/turn_<n>.jsonl`: the CLI's stdout of turn `n`.
    pub fn turn_stdout_path(&self, id: &str, n: u32) -> StoreResult<PathBuf> {
        Ok(self
            .session_dir(id)?
            .join(TURNS_DIR)
            .join(format!("turn_{n}.jsonl")))
    }

    /// `turns/turn_<n>.stderr`: the CLI's stderr of turn `n`.
    pub fn turn_stderr_path(&self, id: &str, n: u32) -> StoreResult<PathBuf> {
        Ok(self
            .session_dir(id)?
            .join(TURNS_DIR)
            .join(format!("turn_{n}.stderr")))
    }

    /// Creates a pending session with a fresh uuid4, its folders and meta.json.
    /// All or nothing: when a step fails (a full disk, a read-only folder) the
    /// session folder is removed again, so no half-made session is left behind
    /// to show up as broken in every listing.
    pub fn create(&self, new: NewSession) -> StoreResult<SessionMeta> {
        let meta = SessionMeta::new(uuid::Uuid::new_v4().to_string(), new);
        let dir = self.session_dir(&meta.id)?;
        let turns = dir.join(TURNS_DIR);
        let made = std::fs::create_dir_all(&turns)
            .map_err(|e| StoreError::io("create", &turns, e))
            .and_then(|()| self.write(&meta));
        if let Err(error) = made {
            // The folder is ours alone (a fresh uuid): nobody else can be using it.
            // If even this fails there is nothing better to do than report the
            // first error, which says what went wrong.
            let _ = std::fs::remove_dir_all(&dir);
            return Err(error);
        }
        Ok(meta)
    }

    /// Reads session `id` (an exact id; see [`Self::resolve`] for prefixes).
    pub fn load(&self, id: &str) -> StoreResult<SessionMeta> {
        let path = self.meta_path(id)?;
        read_meta(&path).map_err(|err| match err {
            StoreError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                StoreError::NotFound {
                    prefix: id.to_string(),
                }
            }
            other => other,
        })
    }

    /// Changes session `id` safely against concurrent writers in any process:
    /// lock, re-read from disk, apply `f`, bump `updated_at`, write atomically,
    /// unlock. Returns the metadata as written.
    pub fn update(&self, id: &str, f: impl FnOnce(&mut SessionMeta)) -> StoreResult<SessionMeta> {
        self.try_update(id, |meta| {
            f(meta);
            Ok::<(), StoreError>(())
        })
    }

    /// Like [`Self::update`], but `f` may refuse the change (e.g. a follow-up to
    /// a running session); then nothing is written and its error is returned.
    pub fn try_update<E: From<StoreError>>(
        &self,
        id: &str,
        f: impl FnOnce(&mut SessionMeta) -> Result<(), E>,
    ) -> Result<SessionMeta, E> {
        let dir = self.session_dir(id)?;
        if !dir.is_dir() {
            return Err(StoreError::NotFound {
                prefix: id.to_string(),
            }
            .into());
        }
        let _lock = SessionLock::acquire(&dir, id)?;
        let mut meta = self.load(id)?;
        f(&mut meta)?;
        meta.updated_at = Timestamp::now();
        self.write(&meta)?;
        Ok(meta)
    }

    /// Every readable session, newest first, optionally only those in `status`.
    /// Unreadable meta.json files are reported in `broken`; folders without a
    /// meta.json (a session being created, or not a session) are skipped.
    pub fn list(&self, status: Option<SessionStatus>) -> StoreResult<SessionListing> {
        let mut listing = SessionListing::default();
        for dir in self.session_dirs()? {
            let path = dir.join(META_FILE);
            match read_meta(&path) {
                Ok(meta) if status.is_none_or(|s| s == meta.status) => listing.sessions.push(meta),
                Ok(_) => {}
                Err(StoreError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => listing.broken.push((path, err)),
            }
        }
        sort_newest_first(&mut listing.sessions);
        Ok(listing)
    }

    /// Removes session `id`'s folder with its turn logs. The caller stops the
    /// session's process first; the lock keeps a concurrent update from
    /// writing into a half-removed folder.
    pub fn delete(&self, id: &str) -> StoreResult<()> {
        self.delete_if(id, |_| true).map(|_| ())
    }

    /// Removes session `id` if `keep_going` approves its metadata as read
    /// under the lock, so a decision made from a listing cannot remove a
    /// session that changed since. Returns whether it was removed.
    fn delete_if(
        &self,
        id: &str,
        keep_going: impl FnOnce(&SessionMeta) -> bool,
    ) -> StoreResult<bool> {
        let dir = self.session_dir(id)?;
        if !dir.is_dir() {
            return Err(StoreError::NotFound {
                prefix: id.to_string(),
            });
        }
        let _lock = SessionLock::acquire(&dir, id)?;
        match self.load(id) {
            Ok(meta) if !keep_going(&meta) => return Ok(false),
            // A broken or half-created meta.json must not make a session undeletable.
            Ok(_) | Err(StoreError::Corrupt { .. }) | Err(StoreError::NotFound { .. }) => {}
            Err(other) => return Err(other),
        }
        std::fs::remove_dir_all(&dir).map_err(|e| StoreError::io("remove", &dir, e))?;
        Ok(true)
    }

    /// Removes ended (completed, failed, killed) sessions whose last activity
    /// (`updated_at`) is more than `older_than_days` days ago. Returns the ids
    /// removed. Running and pending sessions are never touched.
    pub fn cleanup(&self, older_than_days: u32) -> StoreResult<Vec<String>> {
        let cutoff = Timestamp::now().naive() - chrono::Duration::days(i64::from(older_than_days));
        self.cleanup_before(Timestamp::from_naive(cutoff))
    }

    /// Removes ended sessions last updated before `cutoff`; see [`Self::cleanup`].
    pub fn cleanup_before(&self, cutoff: Timestamp) -> StoreResult<Vec<String>> {
        let mut removed = Vec::new();
        for meta in self.list(None)?.sessions {
            let old_and_ended = |m: &SessionMeta| m.is_ended() && m.updated_at < cutoff;
            if old_and_ended(&meta) && self.delete_if(&meta.id, old_and_ended)? {
                removed.push(meta.id);
            }
        }
        Ok(removed)
    }

    /// Turns a user-typed id or id prefix into a session id. An exact id wins
    /// even if it is also the prefix of another; otherwise the prefix must match
    /// exactly one session.
    pub fn resolve(&self, prefix: &str) -> StoreResult<String> {
        let prefix = prefix.trim();
        if prefix.is_empty() {
            return Err(StoreError::EmptyPrefix);
        }
        validate_id(prefix)?;
        // A real folder only: a symbolic link would lead reads and writes out of `.zwarm/`.
        let exact = std::fs::symlink_metadata(self.sessions_dir.join(prefix));
        if exact.is_ok_and(|m| m.is_dir()) {
            return Ok(prefix.to_string());
        }
        let mut matches: Vec<String> = self
            .session_dirs()?
            .into_iter()
            .filter_map(|dir| dir.file_name().and_then(|n| n.to_str()).map(str::to_string))
            .filter(|name| name.starts_with(prefix))
            .collect();
        matches.sort();
        match matches.len() {
            0 => Err(StoreError::NotFound {
                prefix: prefix.to_string(),
            }),
            1 => Ok(matches.remove(0)),
            _ => Err(StoreError::Ambiguous {
                prefix: prefix.to_string(),
                matches,
            }),
        }
    }

    /// Resolves `prefix` and loads that session.
    pub fn find(&self, prefix: &str) -> StoreResult<SessionMeta> {
        self.load(&self.resolve(prefix)?)
    }

    /// Writes meta.json atomically (no lock: callers hold it or own the session).
    fn write(&self, meta: &SessionMeta) -> StoreResult<()> {
        let path = self.meta_path(&meta.id)?;
        let mut json = serde_json::to_vec_pretty(meta).map_err(|source| StoreError::Encode {
            id: meta.id.clone(),
            source,
        })?;
        json.push(b'\n');
        write_atomic(&path, &json).map_err(|e| StoreError::io("write", &path, e))
    }

    /// Session folders: visible subfolders of `sessions/` (none if it is missing).
    fn session_dirs(&self) -> StoreResult<Vec<PathBuf>> {
        let entries = match std::fs::read_dir(&self.sessions_dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::io("read", &self.sessions_dir, e)),
        };
        let mut dirs = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| StoreError::io("read", &self.sessions_dir, e))?;
            let name = entry.file_name();
            let visible = name.to_str().is_some_and(|n| !n.starts_with('.'));
            if visible && entry.file_type().is_ok_and(|t| t.is_dir()) {
                dirs.push(entry.path());
            }
        }
        Ok(dirs)
    }
}

/// A listing's order: newest first, ties by id.
fn sort_newest_first(sessions: &mut [SessionMeta]) {
    sessions.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// Reads and parses one meta.json.
fn read_meta(path: &Path) -> StoreResult<SessionMeta> {
    let bytes = std::fs::read(path).map_err(|e| StoreError::io("read", path, e))?;
    serde_json::from_slice(&bytes).map_err(|source| StoreError::Corrupt {
        path: path.to_path_buf(),
        source,
    })
}

/// Ids become folder names: refuse anything that could leave `sessions/`.
fn validate_id(id: &str) -> StoreResult<()> {
    let ok = !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(StoreError::InvalidId { id: id.to_string() })
    }
}
