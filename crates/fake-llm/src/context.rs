//! Per-request facts every protocol renderer needs: the model name to echo and
//! ids that never repeat. Ids carry a per-server nonce because clients keep
//! sessions on disk: Claude Code merges transcript lines by message id, so a
//! resumed session talking to a new server must not see old ids again.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{SystemTime, UNIX_EPOCH};

/// The model name used when a request names none.
pub(crate) const DEFAULT_MODEL: &str = "fake-model";

/// Facts about one request, used to render its answer.
#[derive(Clone, Debug)]
pub(crate) struct Ctx {
    /// The model the client asked for, echoed back.
    pub model: String,
    /// Unix seconds, for `created` / `created_at` fields.
    pub created: u64,
    nonce: String,
    seq: u64,
}

impl Ctx {
    pub(crate) fn new(model: Option<&str>, nonce: &str, seq: u64) -> Self {
        Ctx {
            model: model.unwrap_or(DEFAULT_MODEL).to_string(),
            created: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|elapsed| elapsed.as_secs())
                .unwrap_or(0),
            nonce: nonce.to_string(),
            seq,
        }
    }

    /// A unique id such as `call_3f2a9c1b0004_02` for part `index`.
    pub(crate) fn id(&self, prefix: &str, index: usize) -> String {
        format!("{prefix}_{}{:04}_{index:02}", self.nonce, self.seq)
    }

    /// The id of the answer itself (response, message, completion).
    pub(crate) fn answer_id(&self, prefix: &str) -> String {
        format!("{prefix}_{}{:04}", self.nonce, self.seq)
    }
}

/// A random hex string, different for every server started.
pub(crate) fn new_nonce() -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos())
            .unwrap_or(0),
    );
    hasher.write_u32(std::process::id());
    format!("{:08x}", hasher.finish() & 0xffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_by_part_request_and_server() {
        let a = Ctx::new(None, &new_nonce(), 1);
        let b = Ctx::new(Some("m"), &new_nonce(), 1);
        assert_ne!(a.id("call", 0), a.id("call", 1));
        assert_ne!(a.id("call", 0), b.id("call", 0));
        assert_eq!(a.model, DEFAULT_MODEL);
        assert_eq!(b.model, "m");
    }
}
