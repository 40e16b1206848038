//! The replicated state machine's data: znodes, the ephemerals index and the sessions table
//! (`DataTree` + the sessions of `ZKDatabase`).

use std::collections::BTreeMap;
use std::rc::Rc;

use super::ephemerals::SessionEphemerals;
use super::error::ErrorCode;
use super::node::{Acl, Node};
use super::stat::Stat;

/// `/zookeeper`, the system node (D3).
pub const ZOOKEEPER: &str = "/zookeeper";
/// `/zookeeper/quota` (D3).
pub const QUOTA: &str = "/zookeeper/quota";
/// `/zookeeper/config` (D3), read-only for clients.
pub const CONFIG: &str = "/zookeeper/config";

/// D3: the four paths that always exist and cannot be deleted (`DataTree.isSpecialPath`).
pub fn is_special_path(path: &str) -> bool {
    matches!(path, "/" | ZOOKEEPER | QUOTA | CONFIG)
}

/// One server's tree. `Clone` so a leader can keep a "prep tree" (committed state with the
/// outstanding txns applied, C4); `PartialEq` so checkers can compare servers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataTree {
    /// Every node by absolute path (`/` included). Paths and nodes are shared, so a copy of
    /// the tree (a snapshot, the leader's prep view, each of the timeline's checkpoints) copies
    /// pointers, and a node is copied only when one of the trees changes it.
    pub(crate) nodes: BTreeMap<Rc<str>, Rc<Node>>,
    /// Session id → paths of its ephemerals (what closeSession deletes, D10).
    pub(crate) ephemerals: BTreeMap<u64, SessionEphemerals>,
    /// Session id → negotiated timeout in ms (created and removed by session txns).
    pub(crate) sessions: BTreeMap<u64, u32>,
    /// The highest zxid applied.
    pub(crate) last_zxid: u64,
}

impl Default for DataTree {
    fn default() -> Self {
        Self::new()
    }
}

impl DataTree {
    /// A fresh tree (D3): `/` with the single child `zookeeper`, which holds `quota` and
    /// `config`. All three start with an all-zero stat and attach their children without
    /// counting creates, so the root's visible cversion is −1 and `/zookeeper`'s is −2.
    /// `/zookeeper/config` is empty, as on a standalone server, and its aversion is −1: the
    /// server gives it READ_ACL_UNSAFE with `setACL(path, acl, -1)`, which stores the version
    /// argument as the aversion (recorded from 3.8.0: `special_paths.zk`).
    pub fn new() -> Self {
        let mut nodes = BTreeMap::new();
        let mut root = Node::builtin(Acl::Open);
        root.children.insert("zookeeper".into());
        let mut zk = Node::builtin(Acl::Open);
        zk.children.insert("quota".into());
        zk.children.insert("config".into());
        nodes.insert("/".into(), Rc::new(root));
        nodes.insert(ZOOKEEPER.into(), Rc::new(zk));
        nodes.insert(QUOTA.into(), Rc::new(Node::builtin(Acl::Open)));
        let mut config = Node::builtin(Acl::ReadOnly);
        config.aversion = -1;
        nodes.insert(CONFIG.into(), Rc::new(config));
        DataTree {
            nodes,
            ephemerals: BTreeMap::new(),
            sessions: BTreeMap::new(),
            last_zxid: 0,
        }
    }

    /// The node at `path`. ZooKeeper aliases `""` to the root (a top-level node's parent name),
    /// and so does this lookup.
    pub fn node(&self, path: &str) -> Option<&Node> {
        self.nodes
            .get(if path.is_empty() { "/" } else { path })
            .map(|n| &**n)
    }

    pub(crate) fn node_mut(&mut self, path: &str) -> Option<&mut Node> {
        self.nodes
            .get_mut(if path.is_empty() { "/" } else { path })
            .map(Rc::make_mut)
    }

    /// getData: the data and stat, or NONODE. Reads do not validate paths on the server.
    pub fn get_data(&self, path: &str) -> Result<(Vec<u8>, Stat), ErrorCode> {
        self.node(path)
            .map(|n| (n.data.clone(), n.stat()))
            .ok_or(ErrorCode::NoNode)
    }

    /// exists: the stat, or `None` when the node is missing.
    pub fn exists(&self, path: &str) -> Option<Stat> {
        self.node(path).map(Node::stat)
    }

    /// getChildren: the children's names, sorted, or NONODE.
    pub fn get_children(&self, path: &str) -> Result<Vec<String>, ErrorCode> {
        self.node(path)
            .map(|n| n.children.iter().map(|c| c.to_string()).collect())
            .ok_or(ErrorCode::NoNode)
    }

    /// Every node in path order, for inspectors and checkers.
    pub fn nodes(&self) -> impl Iterator<Item = (&str, &Node)> {
        self.nodes.iter().map(|(p, n)| (&**p, &**n))
    }

    /// Number of nodes, the root and the system nodes included.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The paths of `session`'s ephemerals, sorted.
    pub fn ephemerals(&self, session: u64) -> impl Iterator<Item = &str> {
        self.ephemerals
            .get(&session)
            .into_iter()
            .flat_map(SessionEphemerals::sorted)
    }

    /// `session`'s ephemerals in the order ZooKeeper's leader lists them in a closeSession txn
    /// (the iteration order of its Java `HashSet`, reproduced in `tree/ephemerals.rs`).
    pub fn close_session_order(&self, session: u64) -> Vec<String> {
        self.ephemerals
            .get(&session)
            .map(SessionEphemerals::java_order)
            .unwrap_or_default()
    }

    /// Whether `session` is registered (created and not yet closed).
    pub fn has_session(&self, session: u64) -> bool {
        self.sessions.contains_key(&session)
    }

    /// Registered sessions with their timeouts, by id.
    pub fn sessions(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.sessions.iter().map(|(s, t)| (*s, *t))
    }

    /// The highest zxid applied to this tree (0 for a fresh tree).
    pub fn last_zxid(&self) -> u64 {
        self.last_zxid
    }

    /// A cheap 64-bit fingerprint of the whole state (FNV-1a over every node's path, data and
    /// persisted stat, then the sessions). Equal trees have equal digests; for a definite
    /// answer compare the trees with `==`.
    pub fn digest(&self) -> u64 {
        let mut h = Fnv::new();
        for (path, n) in &self.nodes {
            h.bytes(path.as_bytes());
            h.bytes(&n.data);
            for v in [
                n.czxid,
                n.mzxid,
                n.pzxid,
                n.ctime,
                n.mtime,
                n.ephemeral_owner,
            ] {
                h.u64(v);
            }
            for v in [n.version, n.cversion, n.aversion, n.children.len() as i32] {
                h.u64(v as u32 as u64);
            }
        }
        for (s, t) in &self.sessions {
            h.u64(*s);
            h.u64(u64::from(*t));
        }
        h.0
    }
}

/// FNV-1a, 64 bits: tiny and deterministic across platforms.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fn bytes(&mut self, bs: &[u8]) {
        self.u64(bs.len() as u64);
        bs.iter().for_each(|b| self.byte(*b));
    }
    fn u64(&mut self, v: u64) {
        v.to_le_bytes().iter().for_each(|b| self.byte(*b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// D3 + D9: a fresh tree's system nodes and their stats.
    #[test]
    fn d3_fresh_tree() {
        let t = DataTree::new();
        assert_eq!(t.get_children("/").unwrap(), vec!["zookeeper"]);
        assert_eq!(t.get_children(ZOOKEEPER).unwrap(), vec!["config", "quota"]);
        let root = t.exists("/").unwrap();
        assert_eq!((root.num_children, root.cversion, root.czxid), (1, -1, 0));
        assert_eq!(t.exists(ZOOKEEPER).unwrap().cversion, -2);
        assert_eq!(
            t.exists(CONFIG).unwrap(),
            Stat {
                aversion: -1,
                ..Stat::default()
            }
        );
        assert_eq!(t.get_data("/nope"), Err(ErrorCode::NoNode));
        assert!(
            t.node("").is_some(),
            "\"\" aliases the root as in ZooKeeper"
        );
        assert!(is_special_path("/") && is_special_path(QUOTA) && !is_special_path("/a"));
        assert_eq!(t.digest(), DataTree::new().digest());
    }
}
