//! The index file, `.zwarm/cache/listing-index.bin`: a header saying which
//! format and which context wrote it, the entries' stamps as one JSON array
//! (each with the length of its session's JSON), then the sessions' compact
//! JSON one after the other. Reading it parses the small array only; the
//! sessions' JSON is sliced out as it is.
//!
//! It is replaced atomically (temp file, fsync, rename), so the app and a
//! `zwarm` command writing it at once leave one whole file: the last
//! writer's, which is as valid as the other's (entries are checked against
//! the files on every use anyway).

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Entry, Input, SessionJson};
use crate::store::stamp::FileStamp;
use crate::store::{write_atomic, SessionStatus, Timestamp};

/// The first bytes of an index file.
const MAGIC: &[u8; 8] = b"zwarmLIX";
/// Bumped whenever the layout changes.
const FORMAT: u32 = 1;

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
    let bytes = std::fs::read(path).ok()?;
    let rest = bytes
        .strip_prefix(MAGIC)?
        .strip_prefix(&header(context)[..])?;
    let (heads_len, rest) = rest.split_first_chunk::<8>()?;
    let heads_len = usize::try_from(u64::from_le_bytes(*heads_len)).ok()?;
    let heads: Vec<Head> = serde_json::from_slice(rest.get(..heads_len)?).ok()?;
    let mut blobs = rest.get(heads_len..)?;
    let mut entries = HashMap::with_capacity(heads.len());
    for head in heads {
        let (json, next) = blobs.split_at_checked(head.len)?;
        blobs = next;
        let row = SessionJson {
            id: head.id.clone(),
            status: head.status,
            created_at: head.created_at,
            json: std::str::from_utf8(json).ok()?.into(),
        };
        let entry = Entry {
            meta_stamp: head.meta_stamp,
            inputs: head.inputs,
            row,
            meta: None,
        };
        entries.insert(head.id, entry);
    }
    blobs.is_empty().then_some(entries)
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
    let mut bytes = Vec::with_capacity(MAGIC.len() + 20 + heads.len() + blobs);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&header(context));
    bytes.extend_from_slice(&(heads.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&heads);
    for (_, entry) in &ordered {
        bytes.extend_from_slice(entry.row.json.as_bytes());
    }
    write_atomic(path, &bytes)
}

/// Format and context, little-endian.
fn header(context: u64) -> [u8; 12] {
    let mut header = [0; 12];
    header[..4].copy_from_slice(&FORMAT.to_le_bytes());
    header[4..].copy_from_slice(&context.to_le_bytes());
    header
}
