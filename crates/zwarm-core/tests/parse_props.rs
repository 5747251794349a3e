//! Property tests: the parser never panics, and the way bytes are chunked
//! never changes what is read.

// A test target: its helpers may unwrap too (clippy.toml covers only `#[test]` fns).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use zwarm_core::agents::{Adapter, TurnLog};

const FIXTURES: &[(Adapter, &str)] = &[
    (Adapter::Codex, "turn1"),
    (Adapter::Codex, "turn2"),
    (Adapter::Codex, "cmd_nonzero"),
    (Adapter::Codex, "sandbox_workspace_write"),
    (Adapter::Codex, "fail500"),
    (Adapter::Codex, "fail401"),
    (Adapter::Claude, "turn1"),
    (Adapter::Claude, "turn2"),
    (Adapter::Claude, "cmd_nonzero"),
    (Adapter::Claude, "permission_denied"),
    (Adapter::Claude, "fail500"),
    (Adapter::Claude, "fail401"),
    (Adapter::Claude, "failstream_hard"),
    (Adapter::Claude, "interrupted_sigint"),
];

fn fixture(index: usize) -> (Adapter, Vec<u8>) {
    let (adapter, name) = FIXTURES[index % FIXTURES.len()];
    let path = format!(
        "{}/tests/fixtures/{adapter}/{name}.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    (adapter, std::fs::read(path).unwrap())
}

fn adapter(codex: bool) -> Adapter {
    if codex {
        Adapter::Codex
    } else {
        Adapter::Claude
    }
}

/// Feeds `bytes` cut at the given (sorted, clamped) positions.
fn chunked(adapter: Adapter, bytes: &[u8], cuts: &[usize]) -> TurnLog {
    let mut positions: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    positions.sort_unstable();
    let mut log = TurnLog::new(adapter);
    let mut start = 0;
    for cut in positions {
        log.push_bytes(&bytes[start..cut]);
        start = cut;
    }
    log.push_bytes(&bytes[start..]);
    log.finish();
    log
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), codex in any::<bool>()) {
        let log = TurnLog::parse_all(adapter(codex), &bytes);
        let _ = log.outcome(Some(1));
    }

    #[test]
    fn json_like_noise_never_panics(lines in proptest::collection::vec("[{}\\[\\]\":,a-z0-9 .\\-]{0,60}", 0..40), codex in any::<bool>()) {
        let text = lines.join("\n");
        let log = TurnLog::parse_all(adapter(codex), text.as_bytes());
        let _ = log.outcome(None);
    }

    #[test]
    fn truncated_fixtures_never_panic_and_never_complete_early(index in 0..FIXTURES.len(), cut in any::<usize>()) {
        let (adapter, bytes) = fixture(index);
        let whole = TurnLog::parse_all(adapter, &bytes);
        let cut = cut % (bytes.len() + 1);
        let log = TurnLog::parse_all(adapter, &bytes[..cut]);
        let _ = log.outcome(Some(0));
        // A cut before the last line never invents a completion the whole file lacks.
        if whole.terminal().is_none() {
            prop_assert!(log.terminal().is_none());
        }
    }

    #[test]
    fn chunked_parsing_equals_whole_file_parsing(index in 0..FIXTURES.len(), cuts in proptest::collection::vec(any::<usize>(), 0..30)) {
        let (adapter, bytes) = fixture(index);
        let whole = TurnLog::parse_all(adapter, &bytes);
        let pieces = chunked(adapter, &bytes, &cuts);
        prop_assert_eq!(pieces, whole);
    }

    #[test]
    fn chunked_truncated_parsing_equals_whole_truncated_parsing(index in 0..FIXTURES.len(), cut in any::<usize>(), cuts in proptest::collection::vec(any::<usize>(), 0..10)) {
        let (adapter, bytes) = fixture(index);
        let bytes = &bytes[..cut % (bytes.len() + 1)];
        prop_assert_eq!(chunked(adapter, bytes, &cuts), TurnLog::parse_all(adapter, bytes));
    }
}
