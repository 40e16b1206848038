//! The replicated state machine: what every server applies, in zxid order, once a txn commits.

use super::durable::LogEntry;
use crate::digest::Digest;
use crate::ids::ServerId;
use crate::tree::{DataTree, Txn, TxnResult};
use crate::zxid::Zxid;

/// A client txn as the leader proposed it: the txn and where its answer goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientTxn {
    /// The server whose client asked for it (None for the leader's own session expiries).
    pub origin: Option<ServerId>,
    /// The session it belongs to.
    pub session: u64,
    /// The client's request number.
    pub xid: u64,
    /// The leader's clock when it was prepared (the txn header time, D9).
    pub time_ms: u64,
    /// The txn itself.
    pub txn: Txn,
}

/// What a transaction carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    /// An opaque write identified by a tag: drives the protocol on its own (benchmarks, tests).
    Opaque(u64),
    /// A client's write against the data tree.
    Client(Box<ClientTxn>),
}

impl Payload {
    /// A stable hash of the payload, for checkers comparing txns across servers.
    pub fn hash(&self) -> u64 {
        match self {
            Payload::Opaque(tag) => mix(1, *tag),
            Payload::Client(c) => {
                let d = Digest::default()
                    .u64(2)
                    .u64(c.origin.map_or(0, |s| s.0 as u64))
                    .u64(c.session)
                    .u64(c.xid)
                    .u64(c.time_ms);
                c.txn.digest(d).finish()
            }
        }
    }
}

/// The state a server has applied. Cloning it is how snapshots are taken.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicatedState {
    /// The last applied zxid.
    pub applied: Zxid,
    /// A running digest of every applied txn, cheap to compare across servers.
    pub digest: u64,
    /// The data tree (with its sessions and their ephemerals).
    pub tree: DataTree,
}

impl ReplicatedState {
    /// Apply one committed txn; for a client txn, also return what it did.
    pub fn apply(&mut self, entry: &LogEntry) -> Option<TxnResult> {
        self.applied = entry.zxid;
        self.digest = mix(self.digest, entry.zxid.0 ^ entry.payload.hash());
        match &*entry.payload {
            Payload::Opaque(_) => None,
            Payload::Client(c) => Some(self.tree.apply(entry.zxid.0, c.time_ms, c.session, &c.txn)),
        }
    }
}

/// FNV-style mixing of one 64-bit word into a digest.
pub(crate) fn mix(digest: u64, word: u64) -> u64 {
    let mut h = digest ^ 0xcbf2_9ce4_8422_2325;
    for b in word.to_le_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}
