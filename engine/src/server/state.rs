//! The replicated state machine: what every server applies, in zxid order, once a txn commits.

use super::durable::LogEntry;
use crate::zxid::Zxid;

/// What a transaction carries. The data tree's txns plug in here; `Opaque` is a payload with no
/// meaning to the state machine, used to drive the protocol on its own (benchmarks, soak tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    /// An opaque write identified by a tag.
    Opaque(u64),
}

/// The state a server has applied. Cloning it is how snapshots are taken.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReplicatedState {
    /// The last applied zxid.
    pub applied: Zxid,
    /// A running digest of every applied txn, cheap to compare across servers.
    pub digest: u64,
}

impl ReplicatedState {
    /// Apply one committed txn.
    pub fn apply(&mut self, entry: &LogEntry) {
        self.applied = entry.zxid;
        self.digest = mix(self.digest, entry.zxid.0 ^ entry.payload_hash());
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
