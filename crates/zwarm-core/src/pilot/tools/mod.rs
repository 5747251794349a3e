//! The pilot's tools: what the LLM is shown ([`tool_specs`]) and how its
//! calls are carried out against the session engine ([`ToolBox`]).

mod run;
mod specs;
mod trajectory;
mod truncate;

pub use run::{ToolBox, ToolOutcome, MAX_WAIT};
pub use specs::tool_specs;
pub use truncate::head_tail;
