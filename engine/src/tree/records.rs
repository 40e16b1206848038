//! Prep's view of the tree: the tree plus the pending changes of the request being prepped
//! (ZooKeeper's `ChangeRecord`s), so that each op of a multi is validated against the state
//! the earlier ops leave (D17) without touching the tree.

use std::collections::BTreeMap;

use super::data_tree::DataTree;
use super::error::ErrorCode;
use super::node::{Acl, NodeKind};

/// What prep needs to know about a node (`ChangeRecord`: stat, child count, ACL).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Record {
    /// Data version.
    pub version: i32,
    /// Stored cversion (creates of children ever made, D8).
    pub cversion: i32,
    /// Stored ephemeral owner.
    pub ephemeral_owner: u64,
    /// Number of children.
    pub child_count: usize,
    /// ACL.
    pub acl: Acl,
}

impl Record {
    /// The node's kind (D13 refuses children only under session ephemerals).
    pub fn kind(&self) -> NodeKind {
        NodeKind::of_owner(self.ephemeral_owner)
    }
}

/// The tree seen through pending changes (`getRecordForPath` over `outstandingChanges`).
pub(crate) struct Records<'a> {
    tree: &'a DataTree,
    /// Path → pending record; `None` marks a pending delete.
    pending: BTreeMap<String, Option<Record>>,
}

/// `""` is ZooKeeper's name for a top-level node's parent; it is the root.
fn key(path: &str) -> &str {
    if path.is_empty() {
        "/"
    } else {
        path
    }
}

impl<'a> Records<'a> {
    /// A view with no pending change.
    pub fn new(tree: &'a DataTree) -> Self {
        Records {
            tree,
            pending: BTreeMap::new(),
        }
    }

    /// The tree underneath.
    pub fn tree(&self) -> &'a DataTree {
        self.tree
    }

    /// The current record for `path`, or NONODE.
    pub fn get(&self, path: &str) -> Result<Record, ErrorCode> {
        let path = key(path);
        match self.pending.get(path) {
            Some(Some(r)) => Ok(*r),
            Some(None) => Err(ErrorCode::NoNode),
            None => self
                .tree
                .node(path)
                .map(|n| Record {
                    version: n.version,
                    cversion: n.cversion,
                    ephemeral_owner: n.ephemeral_owner,
                    child_count: n.children.len(),
                    acl: n.acl,
                })
                .ok_or(ErrorCode::NoNode),
        }
    }

    /// Records a pending change (`addChangeRecord`); `None` for a delete.
    pub fn put(&mut self, path: &str, record: Option<Record>) {
        self.pending.insert(key(path).to_string(), record);
    }
}
