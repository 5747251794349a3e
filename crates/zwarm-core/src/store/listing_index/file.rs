//! The index file, `.zwarm/cache/listing-index.bin`: a one-line header
//! saying which format and which context wrote it and how long the array
//! after it is, the entries' stamps as one JSON array (each with the length
//! of its session's JSON), then the sessions' compact JSON one after the
//! other. All of it is UTF-8, so reading it is one read and one check;
//! only the small array is parsed, and the sessions' JSON is sliced out of
//! the file's text as it is.
//!
//! It is replaced atomically (temp file, fsync, rename), so the app and a
//! `zwarm` command writing it at once leave one whole file: the last
//! writer's, which is as valid as the other's (entries are checked against
//! the files on every use anyway).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Entry, Input, JsonText, SessionJson};
use crate::store::stamp::FileStamp;
use crate::store::{write_atomic, SessionStatus, Timestamp};

/// Bumped whenever the layout changes.
const FORMAT: u32 = 2;

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
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    let after_header = text.strip_prefix(&header_start(context))?;
    let (heads_len, rest) = after_header.split_once('\n')?;
    let heads_len = usize::from_str_radix(heads_len, 16).ok()?;
    let heads: Vec<Head> = serde_json::from_str(rest.get(..heads_len)?).ok()?;
    let mut at = text.len() - rest.len() + heads_len;
    let shared = Arc::new(text);
    let mut entries = HashMap::with_capacity(heads.len());
    for head in heads {
        let end = at.checked_add(head.len)?;
        let row = SessionJson {
            id: head.id.clone(),
            status: head.status,
            created_at: head.created_at,
            json: JsonText::slice(&shared, at..end)?,
        };
        at = end;
        let entry = Entry {
            meta_stamp: head.meta_stamp,
            inputs: head.inputs,
            row,
            meta: None,
        };
        entries.insert(head.id, entry);
    }
    (at == shared.len()).then_some(entries)
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
    let ordered: Vec<(&String, &Entry)> = entries.iter().collect();
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
