//! The client-visible `Stat` structure (reference D9).

use serde::{Deserialize, Serialize};

/// What a client sees of a znode's metadata (D9). Zxids are raw 64-bit values
/// (`epoch << 32 | counter`, Z2); times are milliseconds stamped by the leader into the txn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stat {
    /// Zxid of the txn that created the node.
    pub czxid: u64,
    /// Zxid of the txn that last changed the node's data (create or setData, D10).
    pub mzxid: u64,
    /// Zxid of the txn that last added or removed a child (D10).
    pub pzxid: u64,
    /// Time of the creating txn, ms.
    pub ctime: u64,
    /// Time of the last data change, ms.
    pub mtime: u64,
    /// Data version: number of setData calls (D10, D11).
    pub version: i32,
    /// Client-visible child version, `2·stored − numChildren` = child creates + deletes (D9).
    pub cversion: i32,
    /// ACL version.
    pub aversion: i32,
    /// Owning session id for session ephemerals, 0 otherwise (containers and TTL nodes show 0, D6).
    pub ephemeral_owner: u64,
    /// Length of the data in bytes.
    pub data_length: i32,
    /// Number of children.
    pub num_children: i32,
}

/// D9: the client-visible cversion from the stored one. ZooKeeper stores the number of child
/// creates ever made and derives creates + deletes as `2·stored − numChildren` in Java `int`
/// arithmetic, hence the wrapping operations.
pub fn visible_cversion(stored: i32, num_children: i32) -> i32 {
    stored.wrapping_mul(2).wrapping_sub(num_children)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// D9: creates + deletes, and the fresh root's −1 (one child, no create counted).
    #[test]
    fn d9_visible_cversion() {
        // three creates, one delete: stored 3, two children left → 4 = 3 creates + 1 delete
        assert_eq!(visible_cversion(3, 2), 4);
        assert_eq!(visible_cversion(0, 0), 0);
        // the root of a fresh tree: /zookeeper was attached without counting a create
        assert_eq!(visible_cversion(0, 1), -1);
    }
}
