//! Client write requests, the replicated transactions the leader turns them into (C4), and
//! what applying a transaction yields.

use super::error::ErrorCode;
use super::stat::Stat;
use crate::digest::Digest;
use serde::{Deserialize, Serialize};

/// How a node is created (D4). TTL modes exist on the wire but need
/// `zookeeper.extendedTypesEnabled`, which is off by default, so they always fail with
/// UNIMPLEMENTED (D5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CreateMode {
    /// PERSISTENT (flag 0).
    Persistent,
    /// EPHEMERAL (flag 1): deleted when the creating session ends.
    Ephemeral,
    /// PERSISTENT_SEQUENTIAL (flag 2): the parent's counter is appended (D8).
    PersistentSequential,
    /// EPHEMERAL_SEQUENTIAL (flag 3).
    EphemeralSequential,
    /// CONTAINER (flag 4): deleted by the leader once empty (D7).
    Container,
    /// PERSISTENT_WITH_TTL (flag 5), with its TTL in ms.
    PersistentWithTtl(i64),
    /// PERSISTENT_SEQUENTIAL_WITH_TTL (flag 6), with its TTL in ms.
    PersistentSequentialWithTtl(i64),
}

impl CreateMode {
    /// The wire flag (D4).
    pub fn flag(self) -> i32 {
        match self {
            CreateMode::Persistent => 0,
            CreateMode::Ephemeral => 1,
            CreateMode::PersistentSequential => 2,
            CreateMode::EphemeralSequential => 3,
            CreateMode::Container => 4,
            CreateMode::PersistentWithTtl(_) => 5,
            CreateMode::PersistentSequentialWithTtl(_) => 6,
        }
    }

    /// The mode for a wire flag; any other flag is BADARGUMENTS (D4). TTL modes get `ttl_ms`.
    pub fn from_flag(flag: i32, ttl_ms: i64) -> Result<Self, ErrorCode> {
        Ok(match flag {
            0 => CreateMode::Persistent,
            1 => CreateMode::Ephemeral,
            2 => CreateMode::PersistentSequential,
            3 => CreateMode::EphemeralSequential,
            4 => CreateMode::Container,
            5 => CreateMode::PersistentWithTtl(ttl_ms),
            6 => CreateMode::PersistentSequentialWithTtl(ttl_ms),
            _ => return Err(ErrorCode::BadArguments),
        })
    }

    /// Whether the parent's counter is appended to the name (D8).
    pub fn is_sequential(self) -> bool {
        matches!(
            self,
            CreateMode::PersistentSequential
                | CreateMode::EphemeralSequential
                | CreateMode::PersistentSequentialWithTtl(_)
        )
    }

    /// Whether the node belongs to the creating session.
    pub fn is_ephemeral(self) -> bool {
        matches!(
            self,
            CreateMode::Ephemeral | CreateMode::EphemeralSequential
        )
    }

    /// Whether this is a TTL mode (D5).
    pub fn is_ttl(self) -> bool {
        matches!(
            self,
            CreateMode::PersistentWithTtl(_) | CreateMode::PersistentSequentialWithTtl(_)
        )
    }
}

/// One operation of a multi (D17); also the shape of the single-op write requests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// Create `path` (a prefix when sequential) with `data`.
    Create {
        /// Path, or prefix for sequential modes.
        path: String,
        /// Initial data.
        data: Vec<u8>,
        /// Create mode.
        mode: CreateMode,
    },
    /// Delete `path` if its data version is `version` (−1: any, D11).
    Delete {
        /// Path to delete.
        path: String,
        /// Expected data version, −1 for any.
        version: i32,
    },
    /// Replace the data of `path` if its version is `version` (−1: any, D11).
    SetData {
        /// Path to write.
        path: String,
        /// New data.
        data: Vec<u8>,
        /// Expected data version, −1 for any.
        version: i32,
    },
    /// Fail unless `path`'s data version is `version` (D11).
    Check {
        /// Path to check.
        path: String,
        /// Expected data version, −1 for any.
        version: i32,
    },
}

impl Op {
    /// The op's path (the prefix for sequential creates).
    pub fn path(&self) -> &str {
        match self {
            Op::Create { path, .. }
            | Op::Delete { path, .. }
            | Op::SetData { path, .. }
            | Op::Check { path, .. } => path,
        }
    }
}

/// A request that goes through the leader's write pipeline (C4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Create `path` (a prefix when sequential) with `data`.
    Create {
        /// Path, or prefix for sequential modes.
        path: String,
        /// Initial data.
        data: Vec<u8>,
        /// Create mode.
        mode: CreateMode,
    },
    /// Delete `path` if its data version is `version` (−1: any, D11).
    Delete {
        /// Path to delete.
        path: String,
        /// Expected data version, −1 for any.
        version: i32,
    },
    /// Replace the data of `path` if its version is `version` (−1: any, D11).
    SetData {
        /// Path to write.
        path: String,
        /// New data.
        data: Vec<u8>,
        /// Expected data version, −1 for any.
        version: i32,
    },
    /// Fail unless `path`'s data version is `version` (D11).
    Check {
        /// Path to check.
        path: String,
        /// Expected data version, −1 for any.
        version: i32,
    },
    /// An all-or-nothing batch (D17).
    Multi(Vec<Op>),
    /// Open a global session (its id is chosen by the server, S3).
    CreateSession {
        /// The new session's id.
        session_id: u64,
        /// The negotiated timeout (S2).
        timeout_ms: u32,
    },
    /// Close or expire a session; deletes its ephemerals (D10, S6).
    CloseSession {
        /// The session to close.
        session_id: u64,
    },
    /// The leader's ContainerManager deleting an empty container (D7).
    DeleteContainer {
        /// The container's path.
        path: String,
    },
}

impl From<Op> for Request {
    fn from(op: Op) -> Self {
        match op {
            Op::Create { path, data, mode } => Request::Create { path, data, mode },
            Op::Delete { path, version } => Request::Delete { path, version },
            Op::SetData {
                path,
                data,
                version,
            } => Request::SetData {
                path,
                data,
                version,
            },
            Op::Check { path, version } => Request::Check { path, version },
        }
    }
}

impl Request {
    /// A create request.
    pub fn create(path: impl Into<String>, data: impl Into<Vec<u8>>, mode: CreateMode) -> Self {
        Request::Create {
            path: path.into(),
            data: data.into(),
            mode,
        }
    }
    /// A delete request (`version` −1 for any).
    pub fn delete(path: impl Into<String>, version: i32) -> Self {
        Request::Delete {
            path: path.into(),
            version,
        }
    }
    /// A setData request (`version` −1 for any).
    pub fn set_data(path: impl Into<String>, data: impl Into<Vec<u8>>, version: i32) -> Self {
        Request::SetData {
            path: path.into(),
            data: data.into(),
            version,
        }
    }
    /// A check request.
    pub fn check(path: impl Into<String>, version: i32) -> Self {
        Request::Check {
            path: path.into(),
            version,
        }
    }
}

/// A replicated transaction: idempotent and fully resolved by the leader's prep (C4), so every
/// server applies it identically. Zxid, time and session travel beside it (the txn header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Txn {
    /// Create a node (`CreateTxn`); the path already carries any sequential suffix.
    Create {
        /// Final path.
        path: String,
        /// Data.
        data: Vec<u8>,
        /// Stored owner: 0, the session id, or the container marker (D6).
        ephemeral_owner: u64,
        /// The parent's stored cversion after this create (D8, D10).
        parent_cversion: i32,
    },
    /// Delete a node (`DeleteTxn`).
    Delete {
        /// Path.
        path: String,
    },
    /// Replace data (`SetDataTxn`).
    SetData {
        /// Path.
        path: String,
        /// New data.
        data: Vec<u8>,
        /// The new data version (D11).
        version: i32,
    },
    /// A passed version check inside a multi (`CheckVersionTxn`); changes nothing.
    Check {
        /// Path.
        path: String,
        /// The checked version plus one, as ZooKeeper records it.
        version: i32,
    },
    /// Register a session (`CreateSessionTxn`).
    CreateSession {
        /// Session id.
        session_id: u64,
        /// Negotiated timeout.
        timeout_ms: u32,
    },
    /// End a session and delete its ephemerals, all in this one txn (D10, `CloseSessionTxn`).
    CloseSession {
        /// Session id.
        session_id: u64,
        /// The ephemerals to delete, in deletion order.
        paths: Vec<String>,
    },
    /// A write that failed in prep: it still takes a zxid (D14). Inside a failed multi, the
    /// ops before the failing one are `Error(OK)`, the ones after `Error(RUNTIMEINCONSISTENCY)`
    /// (D17).
    Error {
        /// The error code returned to the client.
        code: ErrorCode,
    },
    /// A multi: all sub-txns share the zxid (D17).
    Multi(Vec<Txn>),
}

impl Txn {
    /// Feed the txn into `d`, field by field (each variant under a fixed number).
    pub fn digest(&self, d: Digest) -> Digest {
        match self {
            Txn::Create {
                path,
                data,
                ephemeral_owner,
                parent_cversion,
            } => d
                .u64(1)
                .str(path)
                .u64(data.len() as u64)
                .bytes(data)
                .u64(*ephemeral_owner)
                .u64(*parent_cversion as u64),
            Txn::Delete { path } => d.u64(2).str(path),
            Txn::SetData {
                path,
                data,
                version,
            } => d
                .u64(3)
                .str(path)
                .u64(data.len() as u64)
                .bytes(data)
                .u64(*version as u64),
            Txn::Check { path, version } => d.u64(4).str(path).u64(*version as u64),
            Txn::CreateSession {
                session_id,
                timeout_ms,
            } => d.u64(5).u64(*session_id).u64(*timeout_ms as u64),
            Txn::CloseSession { session_id, paths } => paths
                .iter()
                .fold(d.u64(6).u64(*session_id).u64(paths.len() as u64), |d, p| {
                    d.str(p)
                }),
            Txn::Error { code } => d.u64(7).u64(code.code() as u64),
            Txn::Multi(txns) => txns
                .iter()
                .fold(d.u64(8).u64(txns.len() as u64), |d, t| t.digest(d)),
        }
    }
}

/// A change to the tree, as `DataTree` reports it to the watch managers (W2).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Change {
    /// A node was created at this path.
    NodeCreated(String),
    /// The node at this path was deleted.
    NodeDeleted(String),
    /// The data of the node at this path was set.
    NodeDataChanged(String),
    /// The children of the node at this path changed (its child was created or deleted).
    NodeChildrenChanged(String),
}

/// The client-visible answer of an applied txn (`ProcessTxnResult`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    /// A node was created: its final path and stat.
    Created {
        /// Final path (with sequential suffix).
        path: String,
        /// The new node's stat.
        stat: Stat,
    },
    /// A node was deleted.
    Deleted,
    /// Data was set: the node's new stat.
    DataSet {
        /// Stat after the write.
        stat: Stat,
    },
    /// A check passed.
    Checked,
    /// A session was registered.
    SessionCreated,
    /// A session was closed.
    SessionClosed,
    /// One reply per op of a multi. In a failed multi every entry is an `Error`
    /// (OK / the code / RUNTIMEINCONSISTENCY, D17).
    Multi(Vec<Reply>),
    /// The txn failed with this code.
    Error(ErrorCode),
}

impl Reply {
    /// The error the client sees: a failed op's code, or a multi's first non-OK code (D17).
    pub fn error(&self) -> Option<ErrorCode> {
        match self {
            Reply::Error(ErrorCode::Ok) => None,
            Reply::Error(code) => Some(*code),
            Reply::Multi(results) => results.iter().find_map(Reply::error),
            _ => None,
        }
    }
}

/// What [`DataTree::apply`](super::DataTree::apply) returns: the reply for the client and the
/// changes for the watch managers, in the order ZooKeeper triggers them (W2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxnResult {
    /// The client-visible answer.
    pub reply: Reply,
    /// Tree changes, in trigger order.
    pub changes: Vec<Change>,
}
