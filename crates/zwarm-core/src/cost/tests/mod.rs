//! Cost tests. Figures come from the recorded CLI runs in the shared fixtures
//! (`fixtures/codex/turn{1,2}.jsonl` `turn.completed`, `fixtures/claude/turn{1,2}.jsonl`
//! `result`), copied here as numbers so the tests do not read files outside the repo.

mod compute;
mod pricing;

use crate::usage::TokenUsage;

fn usage(input: u64, cached: u64, cache_write: u64, output: u64, reasoning: u64) -> TokenUsage {
    TokenUsage {
        input_tokens: input,
        cached_input_tokens: cached,
        cache_write_input_tokens: cache_write,
        output_tokens: output,
        reasoning_output_tokens: reasoning,
    }
}

fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "got {actual}, expected {expected}"
    );
}
