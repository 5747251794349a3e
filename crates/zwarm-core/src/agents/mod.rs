//! Agent CLI adapters: which CLI a session runs, and how its output is read.
//!
//! Each CLI prints one JSON object per line. [`turn_log::TurnLog`] folds the
//! lines of one invocation (one turn file) into normalized
//! [`AgentEvent`](crate::events::AgentEvent)s; the per-CLI modules only know
//! how one line of their CLI maps onto that fold.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub mod claude;
pub mod codex;
mod json;
mod lenient;
pub mod turn_log;

pub use turn_log::{Change, ChangeKind, MalformedLine, Reported, Terminal, TurnLog, TurnOutcome};

/// The agent CLI a session drives. Serialized as `"codex"` / `"claude"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Adapter {
    /// OpenAI Codex CLI, `codex exec --json`.
    Codex,
    /// Anthropic Claude Code, `claude -p --output-format stream-json --verbose`.
    Claude,
}

impl Adapter {
    /// The name used in configuration, on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Adapter::Codex => "codex",
            Adapter::Claude => "claude",
        }
    }
}

impl fmt::Display for Adapter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of the known adapters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown agent adapter {0:?} (expected \"codex\" or \"claude\")")]
pub struct UnknownAdapter(pub String);

impl FromStr for Adapter {
    type Err = UnknownAdapter;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "codex" => Ok(Adapter::Codex),
            "claude" => Ok(Adapter::Claude),
            other => Err(UnknownAdapter(other.to_string())),
        }
    }
}

/// Reads one line of `adapter`'s output into `log`: each CLI's parser is
/// picked here, above both, so the turn log (which the parsers build on)
/// never names them.
fn read_line(adapter: Adapter, log: &mut TurnLog, text: &str, changes: &mut Vec<Change>) {
    match adapter {
        Adapter::Codex => codex::read_line(log, text, changes),
        Adapter::Claude => claude::read_line(log, text, changes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adapter_names_round_trip_through_str_and_json() {
        for adapter in [Adapter::Codex, Adapter::Claude] {
            assert_eq!(adapter.to_string().parse::<Adapter>(), Ok(adapter));
            let json = serde_json::to_string(&adapter).unwrap();
            assert_eq!(json, format!("\"{adapter}\""));
        }
        assert!("gemini".parse::<Adapter>().is_err());
    }
}
