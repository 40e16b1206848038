//! A read served by the connected server from its own tree (C2).

use super::Outcome;
use crate::tree::DataTree;
use crate::watches::{ReadKind, WatchManager};

/// A read served by the connected server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    /// Which read.
    pub kind: ReadKind,
    /// Path.
    pub path: String,
    /// Whether it leaves a watch (W1, W3).
    pub watch: bool,
}

impl Read {
    /// Serves the read from a server's `tree` for `session`, leaving the watch W3 allows
    /// (exists always, getData / getChildren only when the node exists).
    pub fn execute(&self, tree: &DataTree, session: u64, watches: &mut WatchManager) -> Outcome {
        let outcome = match self.kind {
            ReadKind::GetData => match tree.get_data(&self.path) {
                Ok((data, stat)) => Outcome::Data { data, stat },
                Err(e) => Outcome::Error(e),
            },
            ReadKind::Exists => Outcome::Exists(tree.exists(&self.path)),
            ReadKind::GetChildren => match tree.get_children(&self.path) {
                Ok(children) => Outcome::Children(children),
                Err(e) => Outcome::Error(e),
            },
        };
        if self.watch {
            let found = tree.exists(&self.path).is_some();
            watches.register_read(session, self.kind, &self.path, found);
        }
        outcome
    }
}
