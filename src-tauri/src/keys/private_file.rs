//! The fallback home of the pilot's API keys when no OS secret store runs (CI,
//! a bare X session, a server): one JSON object `{provider: key}` in a file
//! only its owner may read.
//!
//! The file is created with mode 0600 from the first byte (the temporary file
//! it is renamed from is, too: there is never a moment when others can read
//! it), and written atomically (temp, fsync, rename), so a full disk leaves the
//! previous keys whole. A file found with wider permissions is tightened.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file's name, in the app's data folder beside `settings.json`.
pub const KEYS_FILE: &str = "pilot-keys.json";

pub struct PrivateFile {
    path: PathBuf,
}

impl PrivateFile {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every saved key; none when the file does not exist yet.
    pub fn read(&self) -> Result<BTreeMap<String, String>, String> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
            Err(e) => return Err(format!("could not read the key file {} ({e})", self.path.display())),
        };
        tighten(&self.path);
        serde_json::from_slice(&bytes).map_err(|e| {
            format!(
                "the key file {} is not a JSON object of keys ({e}); fix it, or delete it and save your keys again",
                self.path.display()
            )
        })
    }

    pub fn get(&self, provider: &str) -> Result<Option<String>, String> {
        Ok(self.read()?.remove(provider))
    }

    /// Saves (`Some`) or removes (`None`) one provider's key.
    pub fn set(&self, provider: &str, key: Option<&str>) -> Result<(), String> {
        let mut keys = self.read()?;
        let changed = match key {
            Some(key) => keys.insert(provider.to_string(), key.to_string()).as_deref() != Some(key),
            None => keys.remove(provider).is_some(),
        };
        if !changed {
            return Ok(());
        }
        let mut json = serde_json::to_vec_pretty(&keys).map_err(|e| e.to_string())?;
        json.push(b'\n');
        write_private(&self.path, &json)
            .map_err(|e| format!("could not save the key file {} ({e}); the previous keys are unchanged", self.path.display()))
    }
}

/// Writes `contents` to `path` atomically through a temporary file created
/// with mode 0600 (so the key is never readable by others, not even briefly).
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".pilot-keys.").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

/// A key file someone made readable by others goes back to 0600.
fn tighten(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.permissions().mode() & 0o077 != 0 {
                tracing::warn!(path = %path.display(), "the key file was readable by others; making it private (0600)");
                let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn created_0600_and_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let file = PrivateFile::new(dir.path().join(KEYS_FILE));
        file.set("anthropic", Some("sk-ant-1")).unwrap();
        assert_eq!(mode(file.path()), 0o600);
        file.set("open_ai_responses", Some("sk-2")).unwrap();
        assert_eq!(mode(file.path()), 0o600);
        let again = PrivateFile::new(dir.path().join(KEYS_FILE));
        assert_eq!(again.get("anthropic").unwrap().as_deref(), Some("sk-ant-1"));
        assert_eq!(again.get("open_ai_responses").unwrap().as_deref(), Some("sk-2"));
        again.set("anthropic", None).unwrap();
        assert_eq!(again.get("anthropic").unwrap(), None);
        // Nothing but the file itself is left in the folder (no temp files).
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_readable_by_others_is_tightened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEYS_FILE);
        std::fs::write(&path, r#"{"anthropic":"sk"}"#).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(PrivateFile::new(path.clone()).get("anthropic").unwrap().as_deref(), Some("sk"));
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn a_corrupt_file_is_reported_and_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(KEYS_FILE);
        std::fs::write(&path, "not json").unwrap();
        let file = PrivateFile::new(path.clone());
        let error = file.set("anthropic", Some("sk")).unwrap_err();
        assert!(error.contains("delete it and save your keys again"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not json");
    }
}
