//! `.zwarm/races/<id>.json`: one file per race, replaced atomically (temp,
//! fsync, rename) under an advisory lock of its own, so the app and the CLI
//! recording check results or a winner at the same time never lose one.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use super::{Race, RaceError};
use crate::store::write_atomic;

/// Name of the races folder inside a workspace's state folder.
pub const RACES_DIR: &str = "races";

/// The races of one workspace.
#[derive(Debug, Clone)]
pub struct RaceStore {
    dir: PathBuf,
}

type Result<T> = std::result::Result<T, RaceError>;

/// The readable races, and each unreadable file with why.
pub type RaceFiles = (Vec<Race>, Vec<(PathBuf, RaceError)>);

fn io(doing: &'static str, path: &Path, source: std::io::Error) -> RaceError {
    RaceError::Io {
        doing,
        path: path.to_path_buf(),
        source,
    }
}

impl RaceStore {
    /// The races under `<state_dir>/races`; nothing is created until the first race is.
    pub fn new(state_dir: impl AsRef<Path>) -> Self {
        Self {
            dir: state_dir.as_ref().join(RACES_DIR),
        }
    }

    fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// Writes a new race's file.
    pub fn create(&self, race: &Race) -> Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(|e| io("create", &self.dir, e))?;
        let _lock = self.lock(&race.id)?;
        self.write(race)
    }

    /// Race `id` (an exact id).
    pub fn load(&self, id: &str) -> Result<Race> {
        read(&self.path(id)).map_err(|error| match error {
            RaceError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => RaceError::NotFound {
                prefix: id.to_string(),
            },
            other => other,
        })
    }

    /// The race whose id is `prefix` or starts with it.
    pub fn find(&self, prefix: &str) -> Result<Race> {
        self.load(&self.resolve(prefix)?)
    }

    /// The full id of the one race whose id starts with `prefix`. Only the
    /// names found in the folder are ever used as paths, so a prefix cannot
    /// name a file elsewhere.
    pub fn resolve(&self, prefix: &str) -> Result<String> {
        let not_found = || RaceError::NotFound {
            prefix: prefix.to_string(),
        };
        if prefix.is_empty() {
            return Err(not_found());
        }
        let mut matches: Vec<String> = self.ids()?.into_iter().filter(|id| id.starts_with(prefix)).collect();
        if let Some(exact) = matches.iter().find(|id| id.as_str() == prefix) {
            return Ok(exact.clone());
        }
        match matches.len() {
            0 => Err(not_found()),
            1 => Ok(matches.remove(0)),
            _ => Err(RaceError::Ambiguous {
                prefix: prefix.to_string(),
                matches,
            }),
        }
    }

    /// Changes race `id` under its lock: read again, change, write atomically.
    pub fn update(&self, id: &str, change: impl FnOnce(&mut Race)) -> Result<Race> {
        let held = self.hold(id)?;
        let mut race = held.load()?;
        change(&mut race);
        held.save(&race)?;
        Ok(race)
    }

    /// Race `id`'s lock, held until the guard is dropped: for a change whose
    /// decision must not be overtaken between reading and writing (two
    /// windows keeping two winners). Another `update` of the race waits.
    pub fn hold(&self, id: &str) -> Result<HeldRace<'_>> {
        Ok(HeldRace {
            _lock: self.lock(id)?,
            store: self,
            id: id.to_string(),
        })
    }

    /// Removes race `id`'s file (a race none of whose entrants started).
    pub fn remove(&self, id: &str) -> Result<()> {
        let path = self.path(id);
        std::fs::remove_file(&path).map_err(|e| io("remove", &path, e))?;
        let _ = std::fs::remove_file(self.dir.join(format!("{id}.lock")));
        Ok(())
    }

    /// Every readable race, newest first, and the files that could not be
    /// read with why (one bad file never hides the others).
    pub fn list(&self) -> Result<RaceFiles> {
        let mut races = Vec::new();
        let mut broken = Vec::new();
        for id in self.ids()? {
            let path = self.path(&id);
            match read(&path) {
                Ok(race) => races.push(race),
                Err(error) => broken.push((path, error)),
            }
        }
        races.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.id.cmp(&b.id)));
        Ok((races, broken))
    }

    /// The ids of the race files in the folder.
    fn ids(&self) -> Result<Vec<String>> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io("read", &self.dir, e)),
        };
        let mut ids = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| io("read", &self.dir, e))?;
            let name = entry.file_name();
            let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".json")) else {
                continue;
            };
            // Leftovers of an interrupted atomic write start with a dot.
            if !id.starts_with('.') {
                ids.push(id.to_string());
            }
        }
        Ok(ids)
    }

    fn write(&self, race: &Race) -> Result<()> {
        let path = self.path(&race.id);
        let bytes = serde_json::to_vec_pretty(race).map_err(|source| RaceError::Corrupt {
            path: path.clone(),
            source,
        })?;
        write_atomic(&path, &bytes).map_err(|e| io("write", &path, e))
    }

    /// Holds race `id`'s lock (`<id>.lock`) until dropped; the OS releases
    /// it when the process dies.
    fn lock(&self, id: &str) -> Result<std::fs::File> {
        let path = self.dir.join(format!("{id}.lock"));
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| io("open the lock file", &path, e))?;
        fs4::fs_std::FileExt::lock_exclusive(&file).map_err(|e| io("lock", &path, e))?;
        Ok(file)
    }
}

/// A race whose lock this process holds.
pub struct HeldRace<'a> {
    _lock: std::fs::File,
    store: &'a RaceStore,
    id: String,
}

impl HeldRace<'_> {
    /// The race as its file has it now.
    pub fn load(&self) -> Result<Race> {
        self.store.load(&self.id)
    }

    /// Replaces the race's file atomically.
    pub fn save(&self, race: &Race) -> Result<()> {
        self.store.write(race)
    }
}

fn read(path: &Path) -> Result<Race> {
    let bytes = std::fs::read(path).map_err(|e| io("read", path, e))?;
    serde_json::from_slice(&bytes).map_err(|source| RaceError::Corrupt {
        path: path.to_path_buf(),
        source,
    })
}
