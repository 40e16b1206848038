//! Durable state (reference Z3): what survives a crash. acceptedEpoch, currentEpoch, the txn log
//! and the last snapshot. Everything else a server knows is volatile and lost on crash.

use super::state::{Payload, ReplicatedState};
use crate::zxid::Zxid;
use std::rc::Rc;

/// One logged transaction. The payload is shared: the log, each proposal sent, each
/// follower's log and every checkpoint of the simulation hold the same one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    /// Its zxid.
    pub zxid: Zxid,
    /// What it does.
    pub payload: Rc<Payload>,
}

impl LogEntry {
    /// A stable hash of the payload (for checkers comparing txns across servers).
    pub fn payload_hash(&self) -> u64 {
        self.payload.hash()
    }
}

/// A snapshot: the applied state at `zxid`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The last txn included.
    pub zxid: Zxid,
    /// The state.
    pub state: ReplicatedState,
    /// The last zxid of each epoch of the history the snapshot covers, ascending: the log is
    /// compacted away but the shape of the history is still needed to plan syncs.
    pub epoch_ends: Vec<Zxid>,
}

/// Everything a server keeps on disk.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Durable {
    /// The last epoch this server promised to a leader (LEADERINFO), the paper's f.p.
    pub accepted_epoch: u32,
    /// The last epoch whose NEWLEADER this server acknowledged, the paper's f.a.
    pub current_epoch: u32,
    /// The latest snapshot; the log holds the txns after it.
    pub snapshot: Snapshot,
    /// Txns after the snapshot, in zxid order.
    pub log: Vec<LogEntry>,
}

impl Durable {
    /// The last logged zxid (the snapshot's if the log is empty).
    pub fn last_zxid(&self) -> Zxid {
        self.log.last().map_or(self.snapshot.zxid, |e| e.zxid)
    }

    /// Append a txn. Callers guarantee increasing zxids; the checker verifies it.
    pub fn append(&mut self, entry: LogEntry) {
        self.log.push(entry);
    }

    /// Drop every txn after `zxid`.
    pub fn truncate_after(&mut self, zxid: Zxid) {
        let keep = self.log.partition_point(|e| e.zxid <= zxid);
        self.log.truncate(keep);
    }

    /// The logged txn with this zxid, if any.
    pub fn entry(&self, zxid: Zxid) -> Option<&LogEntry> {
        self.log
            .binary_search_by_key(&zxid, |e| e.zxid)
            .ok()
            .map(|i| &self.log[i])
    }

    /// Logged txns strictly after `zxid`.
    pub fn entries_after(&self, zxid: Zxid) -> &[LogEntry] {
        let from = self.log.partition_point(|e| e.zxid <= zxid);
        &self.log[from..]
    }

    /// The last zxid of each epoch present in the history (snapshot point, then log), ascending.
    pub fn epoch_ends(&self) -> Vec<Zxid> {
        let mut ends: Vec<Zxid> = self.snapshot.epoch_ends.clone();
        let all = std::iter::once(self.snapshot.zxid).chain(self.log.iter().map(|e| e.zxid));
        for z in all {
            match ends.last_mut() {
                Some(last) if last.epoch() == z.epoch() => *last = z,
                _ => ends.push(z),
            }
        }
        ends
    }

    /// [`Durable::epoch_ends`] of the history up to `zxid` only.
    pub fn epoch_ends_upto(&self, zxid: Zxid) -> Vec<Zxid> {
        let mut ends: Vec<Zxid> = self
            .epoch_ends()
            .into_iter()
            .filter(|z| *z < zxid)
            .collect();
        ends.retain(|z| z.epoch() != zxid.epoch());
        ends.push(zxid);
        ends
    }

    /// Rebuild the applied state from the snapshot and the log up to `upto` (recovery, Z3).
    pub fn replay(&self, upto: Zxid) -> ReplicatedState {
        let mut state = self.snapshot.state.clone();
        for e in self.log.iter().take_while(|e| e.zxid <= upto) {
            state.apply(e);
        }
        state
    }

    /// Take a snapshot of `state` and forget the log up to its zxid.
    pub fn snapshot(&mut self, state: &ReplicatedState) {
        let ends = self.epoch_ends_upto(state.applied);
        self.truncate_before(state.applied);
        self.snapshot = Snapshot {
            zxid: state.applied,
            state: state.clone(),
            epoch_ends: ends,
        };
    }

    fn truncate_before(&mut self, zxid: Zxid) {
        let from = self.log.partition_point(|e| e.zxid <= zxid);
        self.log.drain(..from);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(e: u32, c: u32) -> LogEntry {
        LogEntry {
            zxid: Zxid::new(e, c),
            payload: Rc::new(Payload::Opaque(c as u64)),
        }
    }

    #[test]
    fn epoch_ends_lists_the_last_zxid_of_each_epoch() {
        let mut d = Durable::default();
        for (e, c) in [(1, 1), (1, 2), (2, 1), (4, 1), (4, 2)] {
            d.append(entry(e, c));
        }
        assert_eq!(
            d.epoch_ends(),
            vec![Zxid(0), Zxid::new(1, 2), Zxid::new(2, 1), Zxid::new(4, 2)]
        );
        d.truncate_after(Zxid::new(2, 1));
        assert_eq!(d.last_zxid(), Zxid::new(2, 1));
        let s = d.replay(Zxid::new(1, 2));
        d.snapshot(&s);
        assert_eq!(d.log.len(), 1);
        assert_eq!(d.snapshot.zxid, Zxid::new(1, 2));
        assert_eq!(d.entries_after(Zxid::new(1, 2)).len(), 1);
    }
}
