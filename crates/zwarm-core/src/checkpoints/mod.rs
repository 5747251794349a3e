//! Pilot checkpoints: every finished pilot turn is a node of a branching
//! graph that the user travels through and branches from, kept on disk
//! append-only so no branch is ever lost.

mod graph;
mod node;
mod run;
mod store;

pub use graph::Graph;
pub use node::{Node, NodeKind, SessionSnapshot};
pub use run::{Intervention, RunState, RunStatus, WatcherAction};
pub use store::{
    find_node, node_key, Pilot, PilotMeta, PilotModel, PilotStore, PilotStoreError,
    PilotStoreResult, ROOT_KEYWORD,
};

#[cfg(test)]
mod tests;
