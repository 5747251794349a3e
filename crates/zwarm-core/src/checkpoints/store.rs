//! Pilots on disk: `.zwarm/pilots/<pilot_id>/pilot.json` (name, model, the
//! current node, branch names) and `nodes.jsonl` (one checkpoint per line).
//!
//! zwarm kept checkpoints in memory and threw later turns away when the user
//! went back (§5 of the reference). Here nodes are only ever appended, each
//! line flushed to disk before the call returns, so travelling, branching and
//! crashes lose nothing. `pilot.json` is small and replaced atomically; both
//! files are written under the pilot's lock, so the app and the CLI can work
//! on one pilot at the same time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zwarm_llm::Provider;

use super::graph::Graph;
use super::node::Node;
use crate::store::{write_atomic, SessionLock, Timestamp};

const META_FILE: &str = "pilot.json";
const NODES_FILE: &str = "nodes.jsonl";

/// Why a pilot could not be created, read or written.
#[derive(Debug, thiserror::Error)]
pub enum PilotStoreError {
    #[error("could not {action} {path}: {source}; check that the folder exists and that you may write to it")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} is not a valid pilot file ({source}); fix it by hand or remove the pilot's folder"
    )]
    Corrupt {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("no pilot matches `{0}`; run `zwarm pilot list` to see this workspace's pilots")]
    NotFound(String),
    #[error("`{prefix}` matches several pilots ({}); type more characters", matches.join(", "))]
    Ambiguous {
        prefix: String,
        matches: Vec<String>,
    },
    #[error("pilot {pilot} has no node `{key}`{}", if matches.is_empty() { String::new() } else { format!(" (it could be {})", matches.join(", ")) })]
    NoSuchNode {
        pilot: String,
        key: String,
        matches: Vec<String>,
    },
    #[error("`{0}` is not a pilot id (ids are made of letters, digits, `-` and `_`)")]
    InvalidId(String),
    #[error("{0} is a symbolic link; zwarm does not follow links out of .zwarm/pilots: remove it")]
    Symlink(PathBuf),
}

pub type PilotStoreResult<T> = Result<T, PilotStoreError>;

fn io(action: &'static str, path: &Path, source: std::io::Error) -> PilotStoreError {
    PilotStoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Which model a pilot talks to. The API key is never part of it: keys come
/// from the environment or the app's key store (system keyring or a private
/// file), never from `.zwarm/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PilotModel {
    pub provider: Provider,
    pub model: String,
    /// `None` for the provider's usual URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
}

/// A pilot's own metadata (`pilot.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PilotMeta {
    pub id: String,
    pub name: String,
    pub model: PilotModel,
    /// The node the next message continues from; `None` before the first turn
    /// (or after travelling back to the start).
    pub head: Option<String>,
    /// Names the user gave to branches, keyed by a node of the branch.
    #[serde(default)]
    pub branch_names: BTreeMap<String, String>,
    /// Record the workspace's files with every checkpoint (opt-in).
    #[serde(default)]
    pub track_files: bool,
    /// Set for an orchestrator run: its task, limits and state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<super::run::RunState>,
    /// This pilot's budget in dollars (its own LLM plus its sessions); wins over `[budget] pilot_usd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_usd: Option<f64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A pilot as read from disk.
#[derive(Debug, Clone)]
pub struct Pilot {
    pub meta: PilotMeta,
    pub graph: Graph,
    /// Lines of `nodes.jsonl` that could not be read (a write cut off by a
    /// crash leaves at most one) or that repeat or orphan a node.
    pub skipped_lines: usize,
}

/// The pilots of one workspace.
#[derive(Debug, Clone)]
pub struct PilotStore {
    dir: PathBuf,
}

impl PilotStore {
    /// The store under a workspace's state folder (`<root>/.zwarm`).
    pub fn new(state_dir: impl AsRef<Path>) -> Self {
        Self {
            dir: state_dir.as_ref().join("pilots"),
        }
    }

    fn pilot_dir(&self, id: &str) -> PilotStoreResult<PathBuf> {
        let valid = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(PilotStoreError::InvalidId(id.to_string()));
        }
        // A link would put the pilot's files (and their writes) outside `.zwarm/`.
        let dir = self.dir.join(id);
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(PilotStoreError::Symlink(dir));
        }
        Ok(dir)
    }

    /// Creates a pilot with no nodes yet.
    pub fn create(
        &self,
        name: &str,
        model: PilotModel,
        track_files: bool,
    ) -> PilotStoreResult<PilotMeta> {
        let id = uuid::Uuid::new_v4().to_string();
        let dir = self.pilot_dir(&id)?;
        std::fs::create_dir_all(&dir).map_err(|e| io("create", &dir, e))?;
        let now = Timestamp::now();
        let name = if name.trim().is_empty() {
            format!("pilot {}", &id[..8])
        } else {
            name.trim().to_string()
        };
        let meta = PilotMeta {
            id,
            name,
            model,
            head: None,
            branch_names: BTreeMap::new(),
            track_files,
            budget_usd: None,
            run: None,
            created_at: now,
            updated_at: now,
        };
        write_meta(&dir, &meta)?;
        Ok(meta)
    }

    /// Every readable pilot, newest first, and `path: why` for the others.
    pub fn list(&self) -> PilotStoreResult<(Vec<PilotMeta>, Vec<String>)> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Vec::new(), Vec::new()))
            }
            Err(e) => return Err(io("read", &self.dir, e)),
        };
        let (mut pilots, mut broken) = (Vec::new(), Vec::new());
        for entry in entries.flatten() {
            let path = entry.path();
            // `.deleted-*`: a pilot being removed.
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if entry.file_type().is_ok_and(|t| t.is_symlink()) {
                broken.push(format!(
                    "{}: {}",
                    path.display(),
                    PilotStoreError::Symlink(path.clone())
                ));
                continue;
            }
            if !path.join(META_FILE).exists() {
                continue;
            }
            match read_meta(&path) {
                Ok(meta) => pilots.push(meta),
                Err(error) => broken.push(format!("{}: {error}", path.display())),
            }
        }
        pilots.sort_by_key(|p| std::cmp::Reverse(p.created_at));
        Ok((pilots, broken))
    }

    /// [`Self::list`] without the orchestrator's runs (stored the same way):
    /// the pilots a user chats with. Runs are listed by `orchestrate`.
    pub fn list_pilots(&self) -> PilotStoreResult<(Vec<PilotMeta>, Vec<String>)> {
        let (mut pilots, broken) = self.list()?;
        pilots.retain(|p| p.run.is_none());
        Ok((pilots, broken))
    }

    /// Removes a pilot's folder (its graph, nodes and files) under its lock.
    /// The caller keeps what must outlive it (its spend, in the ledger).
    pub fn remove(&self, pilot_id: &str) -> PilotStoreResult<()> {
        let dir = self.pilot_dir(pilot_id)?;
        if !dir.join(META_FILE).exists() {
            return Err(PilotStoreError::NotFound(pilot_id.to_string()));
        }
        let lock = self.lock(&dir, pilot_id)?;
        // Renamed away first, so no reader ever sees half a pilot.
        let doomed = self.dir.join(format!(".deleted-{pilot_id}"));
        std::fs::rename(&dir, &doomed).map_err(|e| io("remove", &dir, e))?;
        drop(lock);
        std::fs::remove_dir_all(&doomed).map_err(|e| io("remove", &doomed, e))
    }

    /// Resolves an id, a unique id prefix or an exact name.
    pub fn resolve(&self, key: &str) -> PilotStoreResult<String> {
        let (pilots, _) = self.list()?;
        if let Some(p) = pilots.iter().find(|p| p.id == key || p.name == key) {
            return Ok(p.id.clone());
        }
        let matches: Vec<&PilotMeta> = if key.is_empty() {
            Vec::new()
        } else {
            pilots.iter().filter(|p| p.id.starts_with(key)).collect()
        };
        match matches.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => Err(PilotStoreError::NotFound(key.to_string())),
            many => Err(PilotStoreError::Ambiguous {
                prefix: key.to_string(),
                matches: many
                    .iter()
                    .map(|p| format!("{} ({})", p.id, p.name))
                    .collect(),
            }),
        }
    }

    /// Reads a pilot and its whole graph.
    pub fn load(&self, id: &str) -> PilotStoreResult<Pilot> {
        let dir = self.pilot_dir(id)?;
        if !dir.join(META_FILE).exists() {
            return Err(PilotStoreError::NotFound(id.to_string()));
        }
        let meta = read_meta(&dir)?;
        let (nodes, bad) = read_nodes(&dir)?;
        let (graph, dropped) = Graph::from_nodes(nodes);
        Ok(Pilot {
            meta,
            graph,
            skipped_lines: bad + dropped.len(),
        })
    }

    /// Records a finished turn as a new node and makes it the head. The label
    /// is assigned here, under the lock, so two writers never pick the same.
    pub fn append(&self, pilot_id: &str, node: Node) -> PilotStoreResult<Node> {
        self.append_with(pilot_id, node, true)
    }

    /// Records a node; `make_head` moves the pilot's current node to it (a
    /// backup node, recorded beside the work, does not).
    pub fn append_with(
        &self,
        pilot_id: &str,
        mut node: Node,
        make_head: bool,
    ) -> PilotStoreResult<Node> {
        let dir = self.pilot_dir(pilot_id)?;
        let _lock = self.lock(&dir, pilot_id)?;
        let (nodes, _) = read_nodes(&dir)?;
        let (graph, _) = Graph::from_nodes(nodes);
        if let Some(parent) = &node.parent {
            if graph.get(parent).is_none() {
                return Err(PilotStoreError::NoSuchNode {
                    pilot: pilot_id.to_string(),
                    key: parent.clone(),
                    matches: Vec::new(),
                });
            }
        }
        node.label = graph.next_label();
        let mut line = serde_json::to_vec(&node).map_err(|source| PilotStoreError::Corrupt {
            path: dir.join(NODES_FILE),
            source,
        })?;
        line.push(b'\n');
        append_line(&dir.join(NODES_FILE), &line)?;
        let mut meta = read_meta(&dir)?;
        if make_head {
            meta.head = Some(node.id.clone());
        }
        meta.updated_at = Timestamp::now();
        write_meta(&dir, &meta)?;
        Ok(node)
    }

    /// Changes a pilot's metadata under its lock (travel, rename, branch names).
    pub fn update(
        &self,
        pilot_id: &str,
        change: impl FnOnce(&mut PilotMeta, &Graph) -> PilotStoreResult<()>,
    ) -> PilotStoreResult<PilotMeta> {
        let dir = self.pilot_dir(pilot_id)?;
        let _lock = self.lock(&dir, pilot_id)?;
        let mut meta = read_meta(&dir)?;
        let (nodes, _) = read_nodes(&dir)?;
        let (graph, _) = Graph::from_nodes(nodes);
        change(&mut meta, &graph)?;
        meta.updated_at = Timestamp::now();
        write_meta(&dir, &meta)?;
        Ok(meta)
    }

    /// Makes `node` (an id, id prefix or label; `None` or [`ROOT_KEYWORD`]
    /// for the start) the node the next message continues from. Nothing is
    /// deleted.
    pub fn travel(&self, pilot_id: &str, node: Option<&str>) -> PilotStoreResult<PilotMeta> {
        self.update(pilot_id, |meta, graph| {
            meta.head = match node.and_then(node_key) {
                None => None,
                Some(key) => Some(find_node(graph, pilot_id, key)?.id.clone()),
            };
            Ok(())
        })
    }

    /// Names (or, with an empty name, unnames) the branch through `node`.
    pub fn name_branch(
        &self,
        pilot_id: &str,
        node: &str,
        name: &str,
    ) -> PilotStoreResult<PilotMeta> {
        self.update(pilot_id, |meta, graph| {
            let id = find_node(graph, pilot_id, node)?.id.clone();
            if name.trim().is_empty() {
                meta.branch_names.remove(&id);
            } else {
                meta.branch_names.insert(id, name.trim().to_string());
            }
            Ok(())
        })
    }

    fn lock(&self, dir: &Path, id: &str) -> PilotStoreResult<SessionLock> {
        SessionLock::acquire(dir, id).map_err(|e| match e {
            crate::store::StoreError::NotFound { .. } => PilotStoreError::NotFound(id.to_string()),
            other => io("lock", dir, std::io::Error::other(other.to_string())),
        })
    }
}

/// The word that names a pilot's start, before its first turn, wherever a
/// node is named (`zwarm pilot go P root`, `--from root`, the app's travel
/// and send), in any case. No node can be named so: labels are `T<n>` and
/// ids are hexadecimal.
pub const ROOT_KEYWORD: &str = "root";

/// The node `key` names, or `None` when it is [`ROOT_KEYWORD`] (the start).
pub fn node_key(key: &str) -> Option<&str> {
    (!key.eq_ignore_ascii_case(ROOT_KEYWORD)).then_some(key)
}

/// Finds a node by id, prefix or label, with a helpful error.
pub fn find_node<'g>(
    graph: &'g Graph,
    pilot: &str,
    key: &str,
) -> PilotStoreResult<&'g super::Node> {
    graph
        .find(key)
        .map_err(|matches| PilotStoreError::NoSuchNode {
            pilot: pilot.to_string(),
            key: key.to_string(),
            matches,
        })
}

fn read_meta(dir: &Path) -> PilotStoreResult<PilotMeta> {
    let path = dir.join(META_FILE);
    let bytes = std::fs::read(&path).map_err(|e| io("read", &path, e))?;
    serde_json::from_slice(&bytes).map_err(|source| PilotStoreError::Corrupt { path, source })
}

fn write_meta(dir: &Path, meta: &PilotMeta) -> PilotStoreResult<()> {
    let path = dir.join(META_FILE);
    let bytes = serde_json::to_vec_pretty(meta).map_err(|source| PilotStoreError::Corrupt {
        path: path.clone(),
        source,
    })?;
    write_atomic(&path, &bytes).map_err(|e| io("write", &path, e))
}

/// Reads every node line; lines that do not parse are counted, not fatal.
fn read_nodes(dir: &Path) -> PilotStoreResult<(Vec<Node>, usize)> {
    let path = dir.join(NODES_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(io("read", &path, e)),
    };
    let mut nodes = Vec::new();
    let mut bad = 0;
    for line in bytes.split(|&b| b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Node>(line) {
            Ok(node) => nodes.push(node),
            Err(_) => bad += 1,
        }
    }
    Ok((nodes, bad))
}

/// Appends one line (see [`crate::store::append_lines`]).
fn append_line(path: &Path, line: &[u8]) -> PilotStoreResult<()> {
    crate::store::append_lines(path, line).map_err(|e| io("append to", path, e))
}
