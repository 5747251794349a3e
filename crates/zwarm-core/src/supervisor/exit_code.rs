//! Reading the exit code the waiter recorded for a turn.
//!
//! The waiter (`WAITER` in `mod.rs`) records it in one of two forms, and a
//! third can be left by a waiter killed at the wrong moment; all three are
//! read here so a turn's exit code survives a full disk or a hard kill:
//!
//! 1. `turn_N.exit`, a regular file holding `143\n` (temp, fsync, rename);
//! 2. `turn_N.exit`, a symlink whose target is `143`, when the disk refused
//!    the data of a file (a symlink this short lives in its inode);
//! 3. `turn_N.exit.tmp` holding a whole line `143\n` when the waiter died
//!    between writing it and renaming it.

use std::path::{Path, PathBuf};

/// The exit code recorded for the turn whose exit file is `path`; `None`
/// while it runs, if it was killed before it could record one, or if what is
/// there is not a number.
pub fn read_exit_code(path: &Path) -> Option<i32> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = std::fs::read_link(path).ok()?;
            target.to_str()?.trim().parse().ok()
        }
        Ok(_) => std::fs::read_to_string(path).ok()?.trim().parse().ok(),
        Err(_) => read_complete_line(&tmp_of(path)),
    }
}

/// The number in a leftover temp file, only if its line is complete: a temp
/// cut short (`14` of `143`) must not pass for a code.
fn read_complete_line(path: &Path) -> Option<i32> {
    let text = std::fs::read_to_string(path).ok()?;
    text.strip_suffix('\n')?.trim().parse().ok()
}

/// `turn_N.exit.tmp`: where the waiter writes before renaming.
pub(super) fn tmp_of(exit: &Path) -> PathBuf {
    let mut name = exit.as_os_str().to_owned();
    name.push(".tmp");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_a_symlink_or_a_complete_leftover_temp() {
        let dir = tempfile::tempdir().unwrap();
        let exit = dir.path().join("turn_1.exit");
        assert_eq!(read_exit_code(&exit), None);

        std::fs::write(tmp_of(&exit), "14").unwrap();
        assert_eq!(read_exit_code(&exit), None, "a temp cut short is no code");
        std::fs::write(tmp_of(&exit), "143\n").unwrap();
        assert_eq!(read_exit_code(&exit), Some(143));

        std::os::unix::fs::symlink("7", &exit).unwrap();
        assert_eq!(read_exit_code(&exit), Some(7), "the final name wins");
        std::fs::remove_file(&exit).unwrap();

        std::fs::write(&exit, "0\n").unwrap();
        assert_eq!(read_exit_code(&exit), Some(0));
        std::fs::write(&exit, "garbage").unwrap();
        assert_eq!(read_exit_code(&exit), None);
    }
}
