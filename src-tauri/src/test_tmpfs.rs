//! Tests only: a small tmpfs of our own, to make a disk really full (the way
//! `crates/zwarm-core/tests/robust/tmpfs.rs` does). Mounting needs
//! CAP_SYS_ADMIN: as root it works; elsewhere the test is skipped with a note
//! on stderr, unless `ZWARM_TEST_REQUIRE_MOUNT=1` asks for a failure instead.

use std::io::Write;
use std::path::Path;
use std::process::Command;

pub struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// A tmpfs of `kib` KiB on a fresh folder; `None` (with a note) when this
    /// process may not mount.
    pub fn mount(test: &str, kib: u32) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status();
        if status.is_ok_and(|s| s.success()) {
            return Some(Self { dir });
        }
        let note = format!("{test}: cannot mount a tmpfs here (not root?)");
        if std::env::var_os("ZWARM_TEST_REQUIRE_MOUNT").is_some_and(|v| v == "1") {
            panic!("{note}");
        }
        eprintln!("skipped {note}");
        None
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes until the file system says it is full.
    pub fn fill(&self) {
        let mut file = std::fs::File::create(self.path().join("filler")).unwrap();
        let chunk = [0u8; 1024];
        loop {
            match file.write_all(&chunk) {
                Ok(()) => {}
                Err(e) if e.raw_os_error() == Some(28) => break, // ENOSPC
                Err(e) => panic!("filling the disk: {e}"),
            }
        }
        assert!(std::fs::write(self.path().join("probe"), [0u8; 4096]).is_err(), "the disk should be full now");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        // Lazy: a file of a failed test may still be open on it.
        let _ = Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}
