//! The replicated state machine's data: ZooKeeper's `DataTree`, the leader's request
//! preparation (`PrepRequestProcessor`, C4) and txn application (`DataTree.processTxn`).
//!
//! The flow of a write: the leader calls [`prep`] on its prep tree (committed state plus
//! outstanding txns) to get a [`Txn`]; the txn is replicated; every server then calls
//! [`DataTree::apply`] with the txn's zxid, time and session, gets the client's [`Reply`] and
//! the [`Change`]s to feed to its [`WatchManager`](crate::watches::WatchManager).

mod apply;
mod data_tree;
mod ephemerals;
pub mod error;
mod node;
pub mod packet;
pub mod path;
mod prep;
mod quota;
mod records;
pub mod stat;
pub mod txn;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_multi;

pub use data_tree::{is_special_path, DataTree, CONFIG, QUOTA, ZOOKEEPER};
pub use ephemerals::java_string_hash;
pub use error::ErrorCode;
pub use node::{Acl, Node, NodeKind, Perm, CONTAINER_OWNER};
pub use prep::prep;
pub use stat::Stat;
pub use txn::{Change, CreateMode, Op, Reply, Request, Txn, TxnResult};
