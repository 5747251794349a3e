//! The app's own settings file (`settings.json` in the app's data folder):
//! the recent workspaces, and whatever keys a newer or older app wrote there.
//!
//! Why not tauri-plugin-store: it rewrote the file in place, so a full disk
//! cut it short and every recent workspace (and, then, every key) was lost
//! without a word. Here every save is atomic (temp file, fsync, rename: the
//! old file stays whole when the write fails), and a file that cannot be read
//! is never overwritten: it is renamed aside to
//! `settings.json.unreadable-<timestamp>` and the UI is told where it went.
//! API keys never live here (see `keys`); keys an older version left here are
//! handed over once by `app_data` and removed.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{Map, Value};

/// The file's name, as tauri-plugin-store named it, so existing settings load.
pub const SETTINGS_FILE: &str = "settings.json";
const RECENT_KEY: &str = "recent_workspaces";
/// Where tauri-plugin-store versions of the app kept API keys (migrated away).
pub const LEGACY_KEYS: &str = "pilot_keys";
const RECENT_MAX: usize = 12;

/// The settings of this app, loaded once and saved on every change.
pub struct Settings {
    path: PathBuf,
    values: Mutex<Map<String, Value>>,
    /// What happened to an unreadable file, for the UI to show.
    notice: Option<String>,
    /// Set when an unreadable file could not be moved aside: then nothing is
    /// saved over it, and saving says so.
    blocked: Option<String>,
}

impl Settings {
    /// Loads `path`. A missing file is an empty one; an unreadable one is
    /// renamed aside (never overwritten) and reported by `notice`.
    pub fn open(path: &Path) -> Self {
        let empty = |notice, blocked| Self {
            path: path.to_path_buf(),
            values: Mutex::new(Map::new()),
            notice,
            blocked,
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return empty(None, None),
            Err(e) => {
                let why = format!(
                    "The app's settings file {} could not be read ({e}); changes to settings will not be saved until it can be.",
                    path.display()
                );
                tracing::warn!("{why}");
                return empty(Some(why.clone()), Some(why));
            }
        };
        match parse(&bytes) {
            Ok(values) => Self { path: path.to_path_buf(), values: Mutex::new(values), notice: None, blocked: None },
            Err(problem) => {
                let (notice, blocked) = keep_aside(path, &problem);
                tracing::warn!("{notice}");
                empty(Some(notice), blocked)
            }
        }
    }

    /// Said once to the user when the file could not be read: where it was kept.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Recently opened folders, newest first, as saved (missing ones included).
    pub fn recent_workspaces(&self) -> Vec<String> {
        self.read(|values| match values.get(RECENT_KEY) {
            Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
            _ => Vec::new(),
        })
    }

    /// Puts `root` first in the recent list and saves.
    pub fn remember_workspace(&self, root: &str) -> std::io::Result<()> {
        let mut list = self.recent_workspaces();
        list.retain(|p| p != root);
        list.insert(0, root.to_string());
        list.truncate(RECENT_MAX);
        self.update(|values| {
            values.insert(RECENT_KEY.into(), Value::from(list));
        })
    }

    /// The keys an older version saved here, by provider name (the caller
    /// moves them to the key store, then calls `forget_legacy_keys`).
    pub fn legacy_keys(&self) -> Vec<(String, String)> {
        self.read(|values| match values.get(LEGACY_KEYS) {
            Some(Value::Object(keys)) => {
                keys.iter().filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string()))).collect()
            }
            _ => Vec::new(),
        })
    }

    /// Whether the file still has the old keys' entry (even an empty one).
    pub fn has_legacy_keys(&self) -> bool {
        self.read(|values| values.contains_key(LEGACY_KEYS))
    }

    /// Removes the old keys from the file, and saves it without them.
    pub fn forget_legacy_keys(&self) -> std::io::Result<()> {
        self.update(|values| {
            values.remove(LEGACY_KEYS);
        })
    }

    fn read<T>(&self, f: impl FnOnce(&Map<String, Value>) -> T) -> T {
        match self.values.lock() {
            Ok(values) => f(&values),
            Err(poisoned) => f(&poisoned.into_inner()),
        }
    }

    /// Changes the values and writes the whole file atomically. When the write
    /// fails the old file is intact and the change is not kept in memory
    /// either, so what the app shows is what is on disk.
    fn update(&self, change: impl FnOnce(&mut Map<String, Value>)) -> std::io::Result<()> {
        if let Some(why) = &self.blocked {
            return Err(std::io::Error::other(why.clone()));
        }
        let mut values = self.values.lock().unwrap_or_else(|p| p.into_inner());
        let mut next = values.clone();
        change(&mut next);
        let mut json = serde_json::to_vec_pretty(&next).map_err(std::io::Error::other)?;
        json.push(b'\n');
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        zwarm_core::store::write_atomic(&self.path, &json).map_err(|e| {
            std::io::Error::new(
                e.kind(),
                format!("could not save the app's settings to {} ({e}); the previous file is unchanged. Free some disk space and try again.", self.path.display()),
            )
        })?;
        *values = next;
        Ok(())
    }
}

/// The file must be UTF-8 JSON holding an object.
fn parse(bytes: &[u8]) -> Result<Map<String, Value>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("it is not UTF-8 text ({e})"))?;
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(values)) => Ok(values),
        Ok(_) => Err("it holds JSON but not an object".into()),
        Err(e) => Err(format!("it is not valid JSON ({e})")),
    }
}

/// Renames an unreadable file to `<name>.unreadable-<unix seconds>` (with a
/// counter if taken). Returns the notice, and why saving is blocked if the
/// rename failed.
fn keep_aside(path: &Path, problem: &str) -> (String, Option<String>) {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| SETTINGS_FILE.into());
    let mut aside = path.with_file_name(format!("{name}.unreadable-{stamp}"));
    let mut n = 1;
    while aside.exists() {
        aside = path.with_file_name(format!("{name}.unreadable-{stamp}-{n}"));
        n += 1;
    }
    match std::fs::rename(path, &aside) {
        Ok(()) => (
            format!(
                "The app's settings file could not be read: {problem}. It was kept as {} and the app started with fresh settings (recent workspaces are empty). Copy anything you need from the kept file.",
                aside.display()
            ),
            None,
        ),
        Err(e) => {
            let why = format!(
                "The app's settings file {} could not be read: {problem}, and could not be moved aside ({e}). It is left untouched and settings will not be saved; move or fix it, then restart the app.",
                path.display()
            );
            (why.clone(), Some(why))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_workspaces_round_trip_and_keep_other_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SETTINGS_FILE);
        std::fs::write(&path, r#"{"recent_workspaces":["/a"],"layout":{"sidebar":240}}"#).unwrap();
        let settings = Settings::open(&path);
        assert!(settings.notice().is_none());
        settings.remember_workspace("/b").unwrap();
        settings.remember_workspace("/a").unwrap();
        let again = Settings::open(&path);
        assert_eq!(again.recent_workspaces(), vec!["/a".to_string(), "/b".to_string()]);
        let raw: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(raw["layout"]["sidebar"], 240, "keys this version does not know are kept");
    }

    #[test]
    fn a_missing_file_is_empty_and_created_on_first_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested").join(SETTINGS_FILE);
        let settings = Settings::open(&path);
        assert!(settings.recent_workspaces().is_empty() && settings.notice().is_none());
        settings.remember_workspace("/w").unwrap();
        assert_eq!(Settings::open(&path).recent_workspaces(), vec!["/w".to_string()]);
    }

    fn kept_aside(dir: &Path) -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("settings.json.unreadable-"))
            .collect()
    }

    #[test]
    fn a_corrupt_file_is_kept_aside_reported_and_never_overwritten() {
        for bad in [&b"{\"recent_workspaces\": [\"/a\""[..], &[0xff, 0xfe, b'{', b'}'][..], &b"[1,2]"[..]] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(SETTINGS_FILE);
            std::fs::write(&path, bad).unwrap();
            let settings = Settings::open(&path);
            let aside = kept_aside(dir.path());
            assert_eq!(aside.len(), 1, "the unreadable file is renamed aside");
            assert_eq!(std::fs::read(&aside[0]).unwrap(), bad, "byte for byte");
            let notice = settings.notice().expect("the UI is told");
            assert!(notice.contains(&aside[0].display().to_string()), "{notice}");
            // Saving now writes a fresh file; the kept one is untouched.
            settings.remember_workspace("/new").unwrap();
            assert_eq!(std::fs::read(&aside[0]).unwrap(), bad);
            assert_eq!(Settings::open(&path).recent_workspaces(), vec!["/new".to_string()]);
        }
    }

    #[test]
    fn legacy_keys_are_read_then_removed_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SETTINGS_FILE);
        std::fs::write(&path, r#"{"pilot_keys":{"anthropic":"sk-ant-old"},"recent_workspaces":["/a"]}"#).unwrap();
        let settings = Settings::open(&path);
        assert_eq!(settings.legacy_keys(), vec![("anthropic".to_string(), "sk-ant-old".to_string())]);
        settings.forget_legacy_keys().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("sk-ant-old") && !text.contains(LEGACY_KEYS), "{text}");
        assert_eq!(Settings::open(&path).recent_workspaces(), vec!["/a".to_string()]);
    }

    #[test]
    fn a_full_disk_leaves_the_old_file_whole() {
        let Some(disk) = crate::test_tmpfs::Tmpfs::mount("a_full_disk_leaves_the_old_file_whole", 16) else { return };
        let path = disk.path().join(SETTINGS_FILE);
        let settings = Settings::open(&path);
        // Long names: the file is several KiB, larger than what a cut write keeps.
        let long = |i: usize| format!("/home/dev/projects/{}/workspace-{i}", "x".repeat(300));
        for i in 0..RECENT_MAX {
            settings.remember_workspace(&long(i)).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        assert!(before.len() > 3_000, "{}", before.len());
        disk.fill();
        let error = settings.remember_workspace("/one/more").unwrap_err();
        assert!(error.to_string().contains("previous file is unchanged"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "the old file is intact");
        let reopened = Settings::open(&path);
        assert!(reopened.notice().is_none());
        assert_eq!(reopened.recent_workspaces().len(), RECENT_MAX);
        assert_eq!(settings.recent_workspaces()[0], long(RECENT_MAX - 1), "memory matches the disk");
    }
}
