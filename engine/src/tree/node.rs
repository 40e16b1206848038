//! One znode as the replicated state machine stores it (`DataNode` + `StatPersisted`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::rc::Rc;

use super::stat::{visible_cversion, Stat};

/// D6: the `ephemeralOwner` stored for container nodes (`Long.MIN_VALUE`). Clients see 0.
pub const CONTAINER_OWNER: u64 = 0x8000_0000_0000_0000;

/// The kind of node implied by its stored `ephemeralOwner` (`EphemeralType.get` with extended
/// types disabled, the default: TTL nodes cannot exist, D5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeKind {
    /// A persistent node (owner 0, `VOID`).
    Persistent,
    /// A session ephemeral (`NORMAL`), owned by this session id.
    Ephemeral(u64),
    /// A container node (D6, D7).
    Container,
}

impl NodeKind {
    /// The kind for a stored owner value.
    pub fn of_owner(owner: u64) -> Self {
        match owner {
            0 => NodeKind::Persistent,
            CONTAINER_OWNER => NodeKind::Container,
            session => NodeKind::Ephemeral(session),
        }
    }
}

/// The node's ACL, reduced to the two lists a fresh server uses. ACLs are not otherwise
/// modelled: every client is `world:anyone`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Acl {
    /// `OPEN_ACL_UNSAFE`: all permissions (what zkCli and the default clients create with).
    Open,
    /// `READ_ACL_UNSAFE`: read only. `/zookeeper/config` has it (ZOOKEEPER-2014), so writes to
    /// it and creates under it fail with NOAUTH.
    ReadOnly,
}

/// The permissions ZooKeeper checks in the write path (D12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Perm {
    /// READ, checked by `check`.
    Read,
    /// WRITE, checked by setData.
    Write,
    /// CREATE on the parent, checked by create.
    Create,
    /// DELETE on the parent, checked by delete.
    Delete,
}

impl Acl {
    /// Whether `world:anyone` holds `perm` under this ACL.
    pub fn allows(self, perm: Perm) -> bool {
        match self {
            Acl::Open => true,
            Acl::ReadOnly => perm == Perm::Read,
        }
    }
}

/// A znode: data, persisted stat and the names of its children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub(crate) data: Vec<u8>,
    pub(crate) acl: Acl,
    pub(crate) czxid: u64,
    pub(crate) mzxid: u64,
    pub(crate) pzxid: u64,
    pub(crate) ctime: u64,
    pub(crate) mtime: u64,
    pub(crate) version: i32,
    /// Stored cversion: the number of child creates ever made (D8, D9).
    pub(crate) cversion: i32,
    pub(crate) aversion: i32,
    /// Stored owner: 0, a session id or [`CONTAINER_OWNER`].
    pub(crate) ephemeral_owner: u64,
    /// Shared names: copying a node (the first change after a checkpoint) copies pointers.
    pub(crate) children: BTreeSet<Rc<str>>,
}

impl Node {
    /// A node as `DataTree.createStat` makes it (D10): every zxid = `zxid`, times = `time`,
    /// versions 0.
    pub(crate) fn new(data: Vec<u8>, zxid: u64, time: u64, ephemeral_owner: u64) -> Self {
        Node {
            data,
            acl: Acl::Open,
            czxid: zxid,
            mzxid: zxid,
            pzxid: zxid,
            ctime: time,
            mtime: time,
            version: 0,
            cversion: 0,
            aversion: 0,
            ephemeral_owner,
            children: BTreeSet::new(),
        }
    }

    /// The built-in nodes (`/`, `/zookeeper`, …) start with an all-zero `StatPersisted` (D3).
    pub(crate) fn builtin(acl: Acl) -> Self {
        Node {
            acl,
            ..Node::new(Vec::new(), 0, 0, 0)
        }
    }

    /// The node's data.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// The node's children's names, sorted.
    pub fn children(&self) -> &BTreeSet<Rc<str>> {
        &self.children
    }

    /// The stored cversion (creates of children ever made), the sequential counter of D8.
    pub fn stored_cversion(&self) -> i32 {
        self.cversion
    }

    /// What kind of node this is (persistent, session ephemeral, container).
    pub fn kind(&self) -> NodeKind {
        NodeKind::of_owner(self.ephemeral_owner)
    }

    /// The node's ACL.
    pub fn acl(&self) -> Acl {
        self.acl
    }

    /// The client-visible stat (`DataNode.copyStat`): visible cversion (D9) and owner 0 for
    /// containers (D6).
    pub fn stat(&self) -> Stat {
        let num_children = self.children.len() as i32;
        Stat {
            czxid: self.czxid,
            mzxid: self.mzxid,
            pzxid: self.pzxid,
            ctime: self.ctime,
            mtime: self.mtime,
            version: self.version,
            cversion: visible_cversion(self.cversion, num_children),
            aversion: self.aversion,
            ephemeral_owner: match self.kind() {
                NodeKind::Ephemeral(s) => s,
                _ => 0,
            },
            data_length: self.data.len() as i32,
            num_children,
        }
    }
}
