//! What a client sees as the answer to one operation.

use crate::tree::{ErrorCode, Reply, Stat};

/// What a client saw as the result of one statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `open`: the session is connected.
    Opened,
    /// `close`: the session is closed.
    Closed,
    /// create: the final path.
    Created(String),
    /// get: data and stat.
    Data {
        /// The node's data.
        data: Vec<u8>,
        /// The node's stat.
        stat: Stat,
    },
    /// stat (exists): the stat, or `None` for a missing node.
    Exists(Option<Stat>),
    /// ls: the children, sorted.
    Children(Vec<String>),
    /// set: the stat after the write.
    DataSet(Stat),
    /// delete succeeded.
    Deleted,
    /// sync completed.
    Synced,
    /// A standalone check passed (not a zkCli command, but a valid request).
    Checked,
    /// addWatch registered its watch.
    WatchAdded,
    /// multi: one reply per op (all `Reply::Error` when it failed, D17).
    Multi(Vec<Reply>),
    /// The command failed with this code.
    Error(ErrorCode),
}

impl Outcome {
    /// The outcome of a write whose txn was applied with this reply.
    pub fn from_reply(reply: &Reply) -> Outcome {
        match reply {
            Reply::Created { path, .. } => Outcome::Created(path.clone()),
            Reply::Deleted => Outcome::Deleted,
            Reply::DataSet { stat } => Outcome::DataSet(*stat),
            Reply::Checked => Outcome::Checked,
            Reply::SessionCreated => Outcome::Opened,
            Reply::SessionClosed => Outcome::Closed,
            Reply::Multi(results) => Outcome::Multi(results.clone()),
            Reply::Error(code) => Outcome::Error(*code),
        }
    }
}
