//! The JSON of one listed session, as a slice of a shared text: the
//! sessions read from one index file all point into that file's mapping, so
//! loading 1,000 of them is one `mmap` and one UTF-8 check, not 1,000
//! copies (nor one 5 MB copy whose every page must first be faulted in).

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// Where the text of sessions lives: a string made in memory, or the
/// mapped index file (see `file.rs`).
pub(super) enum Source {
    Text(String),
    Mapped(memmap2::Mmap),
}

impl Source {
    fn bytes(&self) -> &[u8] {
        match self {
            Self::Text(text) => text.as_bytes(),
            Self::Mapped(map) => map,
        }
    }
}

/// Text of one session's JSON; derefs to `str`.
#[derive(Clone)]
pub struct JsonText {
    source: Arc<Source>,
    range: Range<usize>,
}

impl JsonText {
    /// `range` of `source`, if it lies within it and is UTF-8.
    pub(super) fn slice(source: &Arc<Source>, range: Range<usize>) -> Option<Self> {
        std::str::from_utf8(source.bytes().get(range.clone())?).ok()?;
        Some(Self {
            source: Arc::clone(source),
            range,
        })
    }

    /// The text as bytes (what printing and parsing need).
    pub fn as_bytes(&self) -> &[u8] {
        // Checked when made (`slice`, `from`): the range is always valid.
        self.source.bytes().get(self.range.clone()).unwrap_or_default()
    }
}

impl From<String> for JsonText {
    fn from(text: String) -> Self {
        let range = 0..text.len();
        Self {
            source: Arc::new(Source::Text(text)),
            range,
        }
    }
}

impl Deref for JsonText {
    type Target = str;

    fn deref(&self) -> &str {
        // UTF-8 was checked when made; checked again rather than trusted,
        // since a mapped file's bytes are only as immutable as the rule that
        // the index file is replaced, never written in place.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

impl AsRef<str> for JsonText {
    fn as_ref(&self) -> &str {
        self
    }
}

impl PartialEq for JsonText {
    fn eq(&self, other: &Self) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl fmt::Debug for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
