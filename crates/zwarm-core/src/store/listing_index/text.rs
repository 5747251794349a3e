//! The compact JSON of one listed session, as a slice of a shared text: the
//! sessions read from one index file all point into that file's text, so
//! loading 1,000 of them is one read and one UTF-8 check, not 1,000 copies.

use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// Text of one session's JSON; derefs to `str`.
#[derive(Clone)]
pub struct JsonText {
    shared: Arc<String>,
    range: Range<usize>,
}

impl JsonText {
    /// `range` of `shared`, if it lies on character boundaries within it.
    pub(super) fn slice(shared: &Arc<String>, range: Range<usize>) -> Option<Self> {
        shared.get(range.clone())?;
        Some(Self {
            shared: Arc::clone(shared),
            range,
        })
    }
}

impl From<String> for JsonText {
    fn from(text: String) -> Self {
        let range = 0..text.len();
        Self {
            shared: Arc::new(text),
            range,
        }
    }
}

impl Deref for JsonText {
    type Target = str;

    fn deref(&self) -> &str {
        // Checked when made (`slice`, `from`): the range is always valid.
        self.shared.get(self.range.clone()).unwrap_or_default()
    }
}

impl AsRef<str> for JsonText {
    fn as_ref(&self) -> &str {
        self
    }
}

impl PartialEq for JsonText {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl fmt::Debug for JsonText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}
