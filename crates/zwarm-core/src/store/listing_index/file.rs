//! The index file, `.zwarm/cache/listing-index.bin`: a one-line header
//! saying which format and which context wrote it and how long the array
//! after it is, the entries' stamps as one JSON array (each with the length
//! of its session's JSON), then the sessions' JSON (see `element_json`) one
//! after the other, newest session first (the order a listing prints them in). Only
//! the small array is parsed; the sessions' JSON is sliced out of the file
//! as it is.
//!
//! The file is mapped, not read: reading 5 MB (1,000 sessions) into fresh
//! memory costs a page fault per 4 KB, more than the rest of a
//! whole-process `zwarm sessions --json`; a mapping shares the page cache's
//! pages.
//!
//! It is replaced atomically (temp file, fsync, rename), so the app and a
//! `zwarm` command writing it at once leave one whole file: the last
//! writer's, which is as valid as the other's (entries are checked against
//! the files on every use anyway). Never being written in place is also
//! what makes mapping it sound: a mapping keeps the file it was made of,
//! whatever replaces it later.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::text::Source;
use super::{Entry, Input, JsonText, SessionJson};
use crate::store::stamp::FileStamp;
use crate::store::{write_atomic, SessionStatus, Timestamp};

/// Bumped whenever the layout changes.
const FORMAT: u32 = 3;

/// An entry without its session's JSON, which follows the array.
#[derive(Serialize, Deserialize)]
struct Head {
    id: String,
    meta_stamp: FileStamp,
    inputs: Vec<Input>,
    status: SessionStatus,
    created_at: Timestamp,
    /// Bytes of the session's JSON.
    len: usize,
}

/// The entries in `path`, if it is a whole index file of this format and
/// context.
pub(super) fn read(path: &Path, context: u64) -> Option<HashMap<String, Entry>> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: the index file is only ever replaced by a rename
    // (`write_atomic`), never written or truncated in place, so the mapped
    // bytes stay what they were for as long as the mapping lives. Every
    // slice taken of them is still bounds- and UTF-8-checked.
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    let bytes: &[u8] = &map;
    let after_header = bytes.strip_prefix(header_start(context).as_bytes())?;
    let line_end = memchr::memchr(b'\n', after_header)?;
    let heads_len = std::str::from_utf8(&after_header[..line_end]).ok()?;
    let heads_len = usize::from_str_radix(heads_len, 16).ok()?;
    let rest = &after_header[line_end + 1..];
    let heads: Vec<Head> = serde_json::from_slice(rest.get(..heads_len)?).ok()?;
    let mut at = bytes.len() - rest.len() + heads_len;
    let len = bytes.len();
    let source = Arc::new(Source::Mapped(map));
    let mut entries = HashMap::with_capacity(heads.len());
    for head in heads {
        let end = at.checked_add(head.len)?;
        let row = SessionJson {
            id: head.id.clone(),
            status: head.status,
            created_at: head.created_at,
            json: JsonText::slice(&source, at..end)?,
        };
        at = end;
        let entry = Entry {
            meta_stamp: head.meta_stamp,
            inputs: head.inputs,
            row,
            meta: None,
            seen: 0,
        };
        entries.insert(head.id, entry);
    }
    (at == len).then_some(entries)
}

/// Replaces `path` with `entries`.
pub(super) fn write(
    path: &Path,
    context: u64,
    entries: &HashMap<String, Entry>,
) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut ordered: Vec<(&String, &Entry)> = entries.iter().collect();
    ordered.sort_by(|(a_id, a), (b_id, b)| {
        b.row.created_at.cmp(&a.row.created_at).then_with(|| a_id.cmp(b_id))
    });
    let heads: Vec<Head> = ordered
        .iter()
        .map(|(id, entry)| Head {
            id: id.to_string(),
            meta_stamp: entry.meta_stamp,
            inputs: entry.inputs.clone(),
            status: entry.row.status,
            created_at: entry.row.created_at,
            len: entry.row.json.len(),
        })
        .collect();
    let heads = serde_json::to_vec(&heads).map_err(std::io::Error::other)?;
    let blobs: usize = ordered.iter().map(|(_, e)| e.row.json.len()).sum();
    let header = format!("{}{:x}\n", header_start(context), heads.len());
    let mut bytes = Vec::with_capacity(header.len() + heads.len() + blobs);
    bytes.extend_from_slice(header.as_bytes());
    bytes.extend_from_slice(&heads);
    for (_, entry) in &ordered {
        bytes.extend_from_slice(entry.row.json.as_bytes());
    }
    write_atomic(path, &bytes)
}

/// The header's first part: what the file is, its format and context.
fn header_start(context: u64) -> String {
    format!("zwarm listing index {FORMAT} {context:016x} ")
}
