//! The checkpoint graph in memory: paths, conversations, children and tips.

use std::collections::{HashMap, HashSet};

use zwarm_llm::Item;

use super::node::Node;

/// A pilot's nodes in recording order, indexed by id.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    nodes: Vec<Node>,
    index: HashMap<String, usize>,
}

impl Graph {
    /// Builds the graph from nodes in recording order. A node whose id was
    /// already seen is dropped (an append repeated after a crash), and so is
    /// one whose parent is unknown: it cannot be placed anywhere.
    pub fn from_nodes(nodes: impl IntoIterator<Item = Node>) -> (Self, Vec<String>) {
        let mut graph = Graph::default();
        let mut dropped = Vec::new();
        for node in nodes {
            let parent_known = node
                .parent
                .as_ref()
                .is_none_or(|p| graph.index.contains_key(p));
            if graph.index.contains_key(&node.id) || !parent_known {
                dropped.push(node.id);
                continue;
            }
            graph.push(node);
        }
        (graph, dropped)
    }

    pub(super) fn push(&mut self, node: Node) {
        self.index.insert(node.id.clone(), self.nodes.len());
        self.nodes.push(node);
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    /// Finds a node by id, unique id prefix or label (`T3`).
    pub fn find(&self, key: &str) -> Result<&Node, Vec<String>> {
        if let Some(node) = self.get(key) {
            return Ok(node);
        }
        if let Some(node) = self
            .nodes
            .iter()
            .find(|n| n.label.eq_ignore_ascii_case(key))
        {
            return Ok(node);
        }
        let matches: Vec<&Node> = if key.is_empty() {
            Vec::new()
        } else {
            self.nodes
                .iter()
                .filter(|n| n.id.starts_with(key))
                .collect()
        };
        match matches.as_slice() {
            [one] => Ok(one),
            many => Err(many
                .iter()
                .map(|n| format!("{} ({})", n.label, n.id))
                .collect()),
        }
    }

    /// The label the next node gets: one more than the highest `T<n>` so far.
    pub fn next_label(&self) -> String {
        let highest = self
            .nodes
            .iter()
            .filter_map(|n| {
                n.label
                    .strip_prefix('T')
                    .and_then(|d| d.parse::<u64>().ok())
            })
            .max()
            .unwrap_or(0);
        format!("T{}", highest + 1)
    }

    /// The nodes from the root down to `id`, inclusive; empty when unknown.
    /// Parents always precede children in the file, so this cannot loop, but
    /// a visited set guards against a hand-edited file anyway.
    pub fn path_to(&self, id: &str) -> Vec<&Node> {
        let mut path = Vec::new();
        let mut seen = HashSet::new();
        let mut current = self.get(id);
        while let Some(node) = current {
            if !seen.insert(node.id.as_str()) {
                break;
            }
            path.push(node);
            current = node.parent.as_deref().and_then(|p| self.get(p));
        }
        path.reverse();
        path
    }

    /// The whole conversation as it stood at `id`: every item along the path.
    pub fn conversation_at(&self, id: &str) -> Vec<Item> {
        self.path_to(id)
            .into_iter()
            .flat_map(|n| n.items.iter().cloned())
            .collect()
    }

    pub fn children(&self, id: &str) -> Vec<&Node> {
        self.nodes
            .iter()
            .filter(|n| n.parent.as_deref() == Some(id))
            .collect()
    }

    /// Nodes without children: the ends of branches.
    pub fn tips(&self) -> Vec<&Node> {
        let parents: HashSet<&str> = self
            .nodes
            .iter()
            .filter_map(|n| n.parent.as_deref())
            .collect();
        self.nodes
            .iter()
            .filter(|n| !parents.contains(n.id.as_str()))
            .collect()
    }

    /// Whether `ancestor` lies on the path from the root to `id` (a node is its own ancestor).
    pub fn is_ancestor(&self, ancestor: &str, id: &str) -> bool {
        self.path_to(id).iter().any(|n| n.id == ancestor)
    }
}
