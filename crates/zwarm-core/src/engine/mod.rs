//! The session engine: starts, continues, kills and finalizes agent turns,
//! over the store (`store`), the command lines (`launch`), the detached
//! processes (`supervisor`), the parsers (`agents`) and the prices (`cost`).
//!
//! Status is derived from evidence only: the CLI's terminal event, its exit
//! code and whether its process is still alive. Reading never writes; a
//! finished turn is finalized once, under the session's lock, by whichever
//! reader notices first (the app, the CLI, a watcher).

mod agent_config;
mod agent_env;
mod config;
mod config_edit;
mod error;
mod finalize;
mod fork;
mod isolation;
mod kill;
mod legacy;
mod listing;
mod live;
mod liveness;
mod model;
pub mod modes;
mod removal;
mod review;
pub mod search;
mod settings;
mod spawn;
mod summary;
mod transcript;
mod turn_files;
mod turn_index;
mod turn_usage;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub use agent_config::{agent_configs, save_agent_config, AgentConfig, AgentConfigs, AgentEdit, AgentEditError};
pub use agent_env::EnvRules;
pub(crate) use spawn::{agent_environment_for, codex_provider_key_for};
pub use config::{config_path, ConfigError};
pub use config_edit::set_table_values;
pub use error::EngineError;
pub use isolation::{Isolation, KeptWorktree, WorktreePrune, WorktreeSupport};
pub use kill::KillResult;
pub use review::{DiffBase, ReviewDiff};
pub use live::{EngineEvent, LiveWatcher};
pub use settings::EngineSettings;
pub use summary::SessionSummary;
pub use transcript::{EventPage, SessionEvent};

use crate::agents::Adapter;
use crate::cost::PriceTable;
use crate::discovery::DiscoveryEnv;
use crate::store::{
    FileStamp, JsonListing, ListingIndex, NewSession, ResumeMode, SessionListing, SessionMeta,
    SessionStatus, SessionStore, Timestamp,
};
use crate::workspace::Workspace;
use spawn::AgentResume;

/// What to start: one new agent session.
#[derive(Debug, Clone)]
pub struct StartRequest {
    pub task: String,
    pub adapter: Adapter,
    /// `None`: the CLI's own default model.
    pub model: Option<String>,
    /// Sandbox or permission mode name (see [`modes`]); `None`: the
    /// workspace's `[codex]`/`[claude] mode`, else the safe default.
    pub mode: Option<String>,
    /// Folder to run in; `None`: the workspace root. Must lie inside the workspace.
    pub working_dir: Option<PathBuf>,
    /// Who started it: `user`, `pilot:<id>` or `orchestrator:<id>`.
    pub source: String,
    /// Where it runs; `None`: the workspace's `[sessions] isolation`.
    pub isolation: Option<Isolation>,
}

/// One workspace's sessions.
pub struct Engine {
    workspace: Workspace,
    store: SessionStore,
    settings: EngineSettings,
    /// Re-read when the user edits prices, so new turns use them at once.
    prices: std::sync::RwLock<Prices>,
    discovery_env: DiscoveryEnv,
    /// The paging index of the turn files read so far.
    turns: Mutex<turn_index::TurnIndex>,
    legacy_facts: Mutex<legacy::FactsCache>,
    listing_index: Mutex<ListingIndex>,
}

/// The price table in force, and the stamp `.zwarm/pricing.toml` had when it
/// was read (`None`: there was none; `Err`: it could not be looked at).
/// Rebuilt records of zwarm 3.x turns are priced with it, so a listing keeps
/// them only while the file is still the one the table came from.
struct Prices {
    table: PriceTable,
    file: Result<Option<FileStamp>, ()>,
}

impl Prices {
    /// Stamps the override file before reading it: a write in between makes
    /// the stamp newer than the table, never the other way round.
    fn load(workspace: &Workspace) -> EngineResult<Self> {
        let file = FileStamp::read(&crate::cost::pricing::override_path(workspace)).map_err(|_| ());
        let table = PriceTable::for_workspace(workspace)?;
        Ok(Self { table, file })
    }
}

pub type EngineResult<T> = Result<T, EngineError>;

impl Engine {
    pub fn open(workspace: Workspace, settings: EngineSettings) -> EngineResult<Self> {
        let prices = Prices::load(&workspace)?;
        let store = SessionStore::new(workspace.state_dir());
        let listing_index = ListingIndex::new(&workspace.state_dir(), listing::index_context());
        Ok(Self {
            workspace,
            store,
            settings,
            prices: std::sync::RwLock::new(prices),
            discovery_env: DiscoveryEnv::from_process(),
            turns: Mutex::new(turn_index::TurnIndex::default()),
            legacy_facts: Mutex::new(legacy::FactsCache::default()),
            listing_index: Mutex::new(listing_index),
        })
    }

    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    pub fn store(&self) -> &SessionStore {
        &self.store
    }

    /// The settings the engine was opened with.
    pub fn settings(&self) -> &EngineSettings {
        &self.settings
    }

    /// The price table in force (built-in plus `.zwarm/pricing.toml`).
    pub fn prices(&self) -> PriceTable {
        match self.prices.read() {
            Ok(prices) => prices.table.clone(),
            Err(poisoned) => poisoned.into_inner().table.clone(),
        }
    }

    /// Re-reads `.zwarm/pricing.toml` after it changed.
    pub fn reload_prices(&self) -> EngineResult<()> {
        let prices = Prices::load(&self.workspace)?;
        match self.prices.write() {
            Ok(mut current) => *current = prices,
            Err(poisoned) => *poisoned.into_inner() = prices,
        }
        Ok(())
    }

    /// The stamp `.zwarm/pricing.toml` had when the prices in force were read.
    fn prices_file(&self) -> Result<Option<FileStamp>, ()> {
        match self.prices.read() {
            Ok(prices) => prices.file,
            Err(poisoned) => poisoned.into_inner().file,
        }
    }

    /// Starts a session and its first turn. A blank task is refused: the
    /// agent would be started with nothing to do.
    pub fn start(&self, request: StartRequest) -> EngineResult<SessionMeta> {
        if request.task.trim().is_empty() {
            return Err(EngineError::EmptyTask);
        }
        self.start_in_race(request, None)
    }

    /// [`Self::start`], the session recorded as an entrant of `race` from
    /// its first write (see `crate::race`).
    pub(crate) fn start_in_race(&self, request: StartRequest, race: Option<&str>) -> EngineResult<SessionMeta> {
        let working_dir = match request.working_dir.as_deref() {
            Some(dir) => self.path_inside(dir)?,
            None => self.workspace.root().to_path_buf(),
        };
        let mode = request
            .mode
            .clone()
            .unwrap_or_else(|| self.settings.default_mode(request.adapter).to_string());
        match request.adapter {
            Adapter::Codex => modes::codex_sandbox(Some(&mode)).map(|_| ())?,
            Adapter::Claude => modes::claude_permissions(Some(&mode)).map(|_| ())?,
        }
        if modes::asks(Some(&mode)) && self.settings.helper.is_none() {
            return Err(EngineError::NoHelper);
        }
        let program = self.find_cli(request.adapter)?;
        let mut new = NewSession::new(request.task.clone(), working_dir.display().to_string());
        new.adapter = request.adapter.to_string();
        new.model = request.model.clone().unwrap_or_default();
        new.source = request.source.clone();
        new.race = race.map(str::to_string);
        new.sandbox = Some(mode);
        let mut meta = self.store.create(new)?;
        let isolation = request.isolation.clone().unwrap_or_else(|| self.settings.isolation.clone());
        if let Isolation::Worktree { base } = isolation {
            let made = self.make_worktree(&meta, base.as_deref(), &working_dir).and_then(|(worktree, dir)| {
                self.update_session(&meta.id, |m| {
                    m.working_dir = dir.display().to_string();
                    m.worktree = Some(worktree);
                })
            });
            meta = match made {
                Ok(meta) => meta,
                Err(error) => {
                    // No session without the worktree it was asked to run in.
                    if let Ok(dir) = self.store.session_dir(&meta.id) {
                        let _ = std::fs::remove_dir_all(dir);
                    }
                    return Err(error);
                }
            };
        }
        self.launch_turn(&meta, &program, 1, &request.task, AgentResume::New)
    }

    /// Sends a follow-up message: resumes the agent's own session when the CLI
    /// reported one, else replays the whole transcript into a new one.
    /// Refused while anything of the previous turn still runs: two turns on
    /// one agent thread at once would interleave.
    pub fn continue_session(&self, id_or_prefix: &str, message: &str) -> EngineResult<SessionMeta> {
        if message.trim().is_empty() {
            return Err(EngineError::EmptyMessage);
        }
        let meta = self.refresh(id_or_prefix)?;
        let busy = meta.status == SessionStatus::Running
            || meta.status == SessionStatus::Pending
            || meta
                .current_turn()
                .is_some_and(|turn| liveness::anything_alive(self, &meta, turn));
        if busy {
            return Err(EngineError::Busy {
                id: meta.id.clone(),
            });
        }
        let adapter = adapter_of(&meta)?;
        let program = self.find_cli(adapter)?;
        let pending_fork = fork::pending_claude_fork(&meta);
        let (mode, resume, prompt) = match (&meta.agent_session_id, pending_fork) {
            (Some(agent_id), _) => (
                ResumeMode::Native,
                AgentResume::Session(agent_id.clone()),
                message.to_string(),
            ),
            (None, Some(fork)) => (ResumeMode::Native, fork, message.to_string()),
            (None, None) => (
                ResumeMode::Replay,
                AgentResume::New,
                self.replay_prompt(&meta, message),
            ),
        };
        let cost_base = match &resume {
            AgentResume::ClaudeFork { .. } => fork::carried_cost(self, &meta),
            _ => None,
        };
        let meta = self.update_session(&meta.id, |m| {
            m.begin_follow_up(message, mode).reported_cost_base_usd = cost_base;
        })?;
        let number = meta.turn;
        self.launch_turn(&meta, &program, number, &prompt, resume)
    }

    /// Deletes a session's folder, killing its turn first if it runs. A
    /// session whose metadata is corrupt or cannot be finalized is deleted
    /// too. Its spend goes into the ledger first, so the money stays counted.
    pub fn delete(&self, id_or_prefix: &str) -> EngineResult<String> {
        removal::delete(self, id_or_prefix)
    }

    /// The approvals of the workspace's "Ask me" sessions.
    pub fn approvals(&self) -> crate::approvals::ApprovalStore {
        crate::approvals::ApprovalStore::new(self.workspace.state_dir())
    }

    /// The workspace's spend ledger (`.zwarm/spend.jsonl`).
    pub fn ledger(&self) -> crate::ledger::Ledger {
        crate::ledger::Ledger::in_state_dir(&self.workspace.state_dir())
    }

    /// Removes ended sessions not touched for `days` days.
    pub fn cleanup(&self, days: u32) -> EngineResult<Vec<String>> {
        self.list(None)?;
        Ok(self.store.cleanup(days)?)
    }

    /// One session, with a finished turn finalized if it just ended.
    pub fn refresh(&self, id_or_prefix: &str) -> EngineResult<SessionMeta> {
        let meta = self.find_session(id_or_prefix)?;
        if meta.status != SessionStatus::Running {
            return Ok(meta);
        }
        finalize::finalize_if_ended(self, meta)
    }

    /// Every session (optionally of one status), running ones brought up to
    /// date. Sessions whose files did not change since the last listing come
    /// from the listing index (see [`ListingIndex`]). A session that cannot
    /// be brought up to date is listed as it is on disk, with why in
    /// [`SessionListing::problems`].
    pub fn list(&self, status: Option<SessionStatus>) -> EngineResult<SessionListing> {
        let mut listing = {
            let mut index = self.lock_listing_index();
            self.store
                .list_indexed(&mut index, |meta| listing::adopt_for_listing(self, meta))?
        };
        let problems = listing::refresh_running(self, &mut listing.sessions);
        listing
            .sessions
            .retain(|meta| status.is_none_or(|s| s == meta.status));
        Ok(listing::with_problems(listing, problems))
    }

    /// [`Self::list`] with each session as the JSON `zwarm sessions --json`
    /// prints (see [`crate::store::element_json`]): the sessions the
    /// listing index holds are not parsed at all.
    pub fn list_json(&self, status: Option<SessionStatus>) -> EngineResult<JsonListing> {
        let mut listing = {
            let mut index = self.lock_listing_index();
            self.store
                .list_indexed_json(&mut index, |meta| listing::adopt_for_listing(self, meta))?
        };
        let mut problems = listing::refresh_running_json(self, &mut listing.sessions);
        listing
            .sessions
            .retain(|row| status.is_none_or(|s| s == row.status));
        problems.retain(|id, _| listing.sessions.iter().any(|row| &row.id == id));
        listing.problems = problems;
        Ok(listing)
    }

    fn lock_listing_index(&self) -> std::sync::MutexGuard<'_, ListingIndex> {
        match self.listing_index.lock() {
            Ok(index) => index,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Session `id` as stored, with records rebuilt for turns zwarm 3.x ran
    /// (see [`legacy`]). Every read of a session goes through here or
    /// [`Self::find_session`].
    pub(crate) fn load_session(&self, id: &str) -> EngineResult<SessionMeta> {
        let mut meta = self.store.load(id)?;
        self.adopt(&mut meta);
        Ok(meta)
    }

    /// Like [`Self::load_session`], by id or unique prefix.
    fn find_session(&self, id_or_prefix: &str) -> EngineResult<SessionMeta> {
        let mut meta = self.store.find(id_or_prefix)?;
        self.adopt(&mut meta);
        Ok(meta)
    }

    /// [`SessionStore::update`] on the session with its rebuilt turn records,
    /// so a write keeps every turn zwarm 3.x ran.
    fn update_session(
        &self,
        id: &str,
        f: impl FnOnce(&mut SessionMeta),
    ) -> EngineResult<SessionMeta> {
        Ok(self.store.update(id, |m| {
            self.adopt(m);
            f(m);
        })?)
    }

    /// Rebuilds the turn records zwarm 3.x did not write (see [`legacy`]);
    /// nothing to do, and nothing looked at, for the sessions we wrote.
    fn adopt(&self, meta: &mut SessionMeta) {
        if !legacy::may_lack_records(meta) {
            return;
        }
        if let Ok(dir) = self.store.turns_dir(&meta.id) {
            legacy::adopt_turns(meta, &dir, &self.prices(), &self.legacy_facts);
        }
    }

    /// The prompt that replays the conversation so far into a fresh agent
    /// session: every turn's message and the agent's last reply, read from
    /// the turn files (zwarm 3.x kept only the last turn's messages).
    fn replay_prompt(&self, meta: &SessionMeta, message: &str) -> String {
        let Ok(adapter) = adapter_of(meta) else {
            return transcript::replay_from_messages(meta, message);
        };
        let mut history = Vec::new();
        for turn in &meta.turns {
            let Ok(path) = self.store.turn_stdout_path(&meta.id, turn.number) else {
                continue;
            };
            if turn.prompt != legacy::LOST_PROMPT {
                history.push((true, turn.prompt.clone()));
            }
            if let Some(reply) = legacy::facts_of(adapter, &path, &self.legacy_facts).reply {
                history.push((false, reply));
            }
        }
        if history.iter().all(|(user, _)| *user) {
            return transcript::replay_from_messages(meta, message);
        }
        transcript::replay_from_history(history, message)
    }

    /// A page of a session's transcript: `limit` events from `offset`, over all turns.
    pub fn events(
        &self,
        id_or_prefix: &str,
        offset: usize,
        limit: usize,
    ) -> EngineResult<EventPage> {
        let meta = self.refresh(id_or_prefix)?;
        transcript::page(self, &meta, offset, limit)
    }

    /// The raw JSON lines of one turn, as the CLI printed them (for debugging views).
    pub fn raw_turn(&self, id_or_prefix: &str, turn: u32) -> EngineResult<String> {
        let id = self.store.resolve(id_or_prefix)?;
        let path = self.store.turn_stdout_path(&id, turn)?;
        std::fs::read(&path)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .map_err(|source| EngineError::Io { path, source })
    }

    /// `requested` (absolute, or relative to the workspace) made canonical, and
    /// refused unless it lies inside the workspace: every path that comes from
    /// a front end goes through here.
    pub fn path_inside(&self, requested: &Path) -> EngineResult<PathBuf> {
        let root = self.workspace.root();
        let joined = if requested.is_absolute() {
            requested.to_path_buf()
        } else {
            root.join(requested)
        };
        let canonical = std::fs::canonicalize(&joined).map_err(|source| EngineError::Io {
            path: joined.clone(),
            source,
        })?;
        if !canonical.starts_with(root) {
            return Err(EngineError::OutsideWorkspace {
                dir: canonical,
                workspace: root.to_path_buf(),
            });
        }
        Ok(canonical)
    }

    fn launch_turn(
        &self,
        meta: &SessionMeta,
        program: &Path,
        number: u32,
        prompt: &str,
        resume: AgentResume,
    ) -> EngineResult<SessionMeta> {
        let files_before = self.snapshot_turn_files(meta, number, "before");
        match spawn::spawn(self, meta, program, number, prompt, resume) {
            Ok((spawned, model, mode)) => Ok(self.update_session(&meta.id, |m| {
                m.status = SessionStatus::Running;
                m.pid = Some(spawned.pid);
                if let Some(t) = m.current_turn_mut() {
                    t.status = SessionStatus::Running;
                    t.pid = Some(spawned.pid);
                    t.pid_start_time = Some(spawned.start_time);
                    t.model = model;
                    t.mode = Some(mode);
                    t.process_marker = spawned.marker.clone();
                    t.files_before = files_before.clone();
                    t.started_at = Timestamp::now();
                }
            })?),
            Err(error) => {
                let message = error.to_string();
                self.update_session(&meta.id, |m| {
                    m.status = SessionStatus::Failed;
                    m.error = Some(message.clone());
                    if let Some(t) = m.current_turn_mut() {
                        t.status = SessionStatus::Failed;
                        t.error = Some(message.clone());
                        t.ended_at = Some(Timestamp::now());
                    }
                })?;
                Err(error)
            }
        }
    }

    /// Where Codex keeps its config and rollouts for the turns we start.
    fn codex_home(&self) -> Option<PathBuf> {
        model::codex_home(&self.settings.env, self.discovery_env.home.as_deref())
    }

    /// Also where `start` and `continue` stop while the workspace's config
    /// file is broken: it may name the CLI and its options.
    pub(crate) fn find_cli(&self, adapter: Adapter) -> EngineResult<PathBuf> {
        if let Some(error) = &self.settings.config_error {
            return Err(error.clone().into());
        }
        if let Some(untrusted) = &self.settings.untrusted {
            return Err(EngineError::Untrusted(Box::new(untrusted.clone())));
        }
        let spec = match adapter {
            Adapter::Codex => crate::discovery::CODEX,
            Adapter::Claude => crate::discovery::CLAUDE,
        };
        let configured = self.settings.configured_path(adapter).map(PathBuf::as_path);
        let found = crate::discovery::locate(spec, configured, &self.discovery_env);
        Ok(found.require()?.to_path_buf())
    }
}

/// The adapter a stored session uses (zwarm 3.2.1 wrote none: codex).
fn adapter_of(meta: &SessionMeta) -> EngineResult<Adapter> {
    meta.adapter
        .parse()
        .map_err(|_| EngineError::UnknownAdapter {
            id: meta.id.clone(),
            adapter: meta.adapter.clone(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_from_front_ends_must_stay_inside_the_workspace() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("ws");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        let engine =
            Engine::open(Workspace::open(&root).unwrap(), EngineSettings::default()).unwrap();
        let inside = engine.path_inside(Path::new("sub")).unwrap();
        assert!(inside.ends_with("ws/sub"));
        assert!(matches!(
            engine.path_inside(Path::new("sub/../..")),
            Err(EngineError::OutsideWorkspace { .. })
        ));
        assert!(matches!(
            engine.path_inside(outer.path()),
            Err(EngineError::OutsideWorkspace { .. })
        ));
        assert!(matches!(
            engine.path_inside(Path::new("missing")),
            Err(EngineError::Io { .. })
        ));
    }
}
