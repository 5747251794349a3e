//! Appending lines to a JSON-lines file that is only ever appended to.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

/// Appends `lines` (each ending in a newline) and flushes them to disk. A
/// previous write cut off by a crash or a full disk may have left a partial
/// line without its newline: start on a fresh line so the new one is not
/// glued to it (readers skip the torn line).
pub fn append_lines(path: &Path, lines: &[u8]) -> std::io::Result<()> {
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .read(true)
        .open(path)?;
    let len = file.metadata()?.len();
    if len > 0 && !ends_with_newline(&mut file, len)? {
        file.write_all(b"\n")?;
    }
    file.write_all(lines)?;
    file.sync_all()
}

fn ends_with_newline(file: &mut std::fs::File, len: u64) -> std::io::Result<bool> {
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}
