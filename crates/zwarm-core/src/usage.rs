//! Token counts as the agent CLIs and LLM APIs report them, in one shape.
//!
//! Both CLIs report usage cumulatively across resumed turns (Codex per thread,
//! Claude per session), so per-turn figures are differences between snapshots:
//! see [`TokenUsage::saturating_sub`]. Field names are those of `zwarm parse --json`
//! (a public contract) and of Codex's `turn.completed.usage`.

use serde::{Deserialize, Serialize};

/// Tokens of one turn or one model call.
///
/// `input_tokens` follows OpenAI's convention: it already *includes* the
/// cached tokens counted in `cached_input_tokens`. Anthropic reports cache reads
/// and writes *beside* its input count; adapters convert to this convention
/// (`input = input + cache_read + cache_write`) so that costs are computed once,
/// one way, and cached tokens are never priced twice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TokenUsage {
    /// All prompt tokens, cached ones included.
    pub input_tokens: u64,
    /// Of `input_tokens`, those read from the provider's prompt cache.
    pub cached_input_tokens: u64,
    /// Of `input_tokens`, those written to the prompt cache (Anthropic bills them apart).
    pub cache_write_input_tokens: u64,
    /// Completion tokens, reasoning included.
    pub output_tokens: u64,
    /// Of `output_tokens`, those spent on reasoning.
    pub reasoning_output_tokens: u64,
}

impl TokenUsage {
    /// Input plus output, what "tokens" means in lists and totals.
    pub fn total(&self) -> u64 {
        self.input_tokens.saturating_add(self.output_tokens)
    }

    /// Prompt tokens that were neither read from nor written to the cache.
    pub fn uncached_input_tokens(&self) -> u64 {
        self.input_tokens
            .saturating_sub(self.cached_input_tokens)
            .saturating_sub(self.cache_write_input_tokens)
    }

    /// Field-wise sum.
    pub fn add(&self, other: &TokenUsage) -> TokenUsage {
        TokenUsage {
            input_tokens: self.input_tokens.saturating_add(other.input_tokens),
            cached_input_tokens: self
                .cached_input_tokens
                .saturating_add(other.cached_input_tokens),
            cache_write_input_tokens: self
                .cache_write_input_tokens
                .saturating_add(other.cache_write_input_tokens),
            output_tokens: self.output_tokens.saturating_add(other.output_tokens),
            reasoning_output_tokens: self
                .reasoning_output_tokens
                .saturating_add(other.reasoning_output_tokens),
        }
    }

    /// Field-wise difference, floored at zero: the usage of the latest turn when
    /// `self` and `earlier` are cumulative snapshots of the same thread.
    pub fn saturating_sub(&self, earlier: &TokenUsage) -> TokenUsage {
        TokenUsage {
            input_tokens: self.input_tokens.saturating_sub(earlier.input_tokens),
            cached_input_tokens: self
                .cached_input_tokens
                .saturating_sub(earlier.cached_input_tokens),
            cache_write_input_tokens: self
                .cache_write_input_tokens
                .saturating_sub(earlier.cache_write_input_tokens),
            output_tokens: self.output_tokens.saturating_sub(earlier.output_tokens),
            reasoning_output_tokens: self
                .reasoning_output_tokens
                .saturating_sub(earlier.reasoning_output_tokens),
        }
    }

    pub fn is_zero(&self) -> bool {
        *self == TokenUsage::default()
    }
}

/// The pilot's LLM clients report usage in the same convention (input
/// includes cached tokens); their crate cannot depend on this one.
impl From<zwarm_llm::TokenUsage> for TokenUsage {
    fn from(u: zwarm_llm::TokenUsage) -> Self {
        TokenUsage {
            input_tokens: u.input_tokens,
            cached_input_tokens: u.cached_input_tokens,
            cache_write_input_tokens: u.cache_write_input_tokens,
            output_tokens: u.output_tokens,
            reasoning_output_tokens: u.reasoning_output_tokens,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(input: u64, cached: u64, write: u64, output: u64) -> TokenUsage {
        TokenUsage {
            input_tokens: input,
            cached_input_tokens: cached,
            cache_write_input_tokens: write,
            output_tokens: output,
            reasoning_output_tokens: 0,
        }
    }

    #[test]
    fn per_turn_usage_is_the_difference_of_cumulative_snapshots() {
        let turn1 = usage(1000, 200, 0, 50);
        let after_turn2 = usage(2500, 1100, 0, 80);
        assert_eq!(after_turn2.saturating_sub(&turn1), usage(1500, 900, 0, 30));
        assert_eq!(turn1.saturating_sub(&after_turn2), TokenUsage::default());
    }

    #[test]
    fn uncached_input_excludes_cache_reads_and_writes() {
        let u = usage(1000, 600, 100, 10);
        assert_eq!(u.uncached_input_tokens(), 300);
        assert_eq!(u.total(), 1010);
        assert_eq!(u.add(&u).input_tokens, 2000);
    }
}
