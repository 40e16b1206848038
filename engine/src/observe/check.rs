//! Invariant checkers (reference Z15), run after every step of the simulation. Each names what
//! broke. Every checker has a test that runs a deliberately broken protocol variant
//! ([`crate::server::Bug`]) and shows the checker catches it.

use crate::ids::ServerId;
use crate::server::durable::Durable;
use crate::time::Micros;
use crate::zxid::Zxid;
use std::collections::{BTreeMap, VecDeque};

/// Which invariant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Invariant {
    /// At most one established leader per epoch (Leadership1/2).
    OneLeaderPerEpoch,
    /// Every server applies the same txns in the same order (PrefixConsistency, TotalOrder,
    /// Agreement, Local/GlobalPrimaryOrder).
    CommittedPrefix,
    /// zxids strictly increase in each server's log.
    LogMonotonic,
    /// A committed txn is never lost: every new leader holds all of them and no sync truncates
    /// one (LeaderLogCompleteness, CommittedLogDurability).
    CommittedDurability,
}

impl Invariant {
    /// Its name, as printed.
    pub fn name(self) -> &'static str {
        match self {
            Invariant::OneLeaderPerEpoch => "one-leader-per-epoch",
            Invariant::CommittedPrefix => "committed-prefix",
            Invariant::LogMonotonic => "log-monotonic",
            Invariant::CommittedDurability => "committed-durability",
        }
    }
}

/// One broken invariant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// When it was detected.
    pub time: Micros,
    /// What broke.
    pub invariant: Invariant,
    /// Why, in words.
    pub detail: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.invariant.name(), self.detail)
    }
}

/// The checkers' memory of the run.
#[derive(Clone, Debug, Default)]
pub struct Checker {
    leaders: BTreeMap<u32, ServerId>,
    /// Every txn ever applied anywhere, by zxid, with its payload hash.
    committed: BTreeMap<Zxid, u64>,
    last_applied: BTreeMap<ServerId, Zxid>,
    last_logged: BTreeMap<ServerId, Zxid>,
    violations: Vec<Violation>,
    /// The newest committed zxid at each of the last thinnings, oldest first.
    marks: VecDeque<Zxid>,
    /// Committed txns at or below this were forgotten (a long run), and how many.
    floor: Zxid,
    forgotten: usize,
}

impl Checker {
    /// A long run's thinning: note the newest committed txn, and forget the committed txns
    /// noted `keep` thinnings ago. A server that applies one of those again is not compared.
    pub fn thin(&mut self, keep: usize) {
        let newest = self.committed.last_key_value().map(|(z, _)| *z);
        self.marks.push_back(newest.unwrap_or_default());
        while self.marks.len() > keep {
            let floor = self.marks.pop_front().unwrap_or_default();
            let newer = self.committed.split_off(&Zxid(floor.0 + 1));
            self.forgotten += self.committed.len();
            self.committed = newer;
            self.floor = self.floor.max(floor);
        }
    }

    /// Everything broken so far.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    fn flag(&mut self, time: Micros, invariant: Invariant, detail: String) -> Option<Violation> {
        let v = Violation {
            time,
            invariant,
            detail,
        };
        self.violations.push(v.clone());
        Some(v)
    }

    /// A server (re)started from its durable state, or installed a snapshot.
    pub fn reset_server(&mut self, s: ServerId, applied: Zxid, logged: Zxid) {
        self.last_applied.insert(s, applied);
        self.last_logged.insert(s, logged);
    }

    /// `s` established leadership of `epoch` holding `durable`.
    pub fn established(
        &mut self,
        t: Micros,
        s: ServerId,
        epoch: u32,
        d: &Durable,
    ) -> Vec<Violation> {
        let mut out = Vec::new();
        match self.leaders.get(&epoch) {
            Some(&other) if other != s => out.extend(self.flag(
                t,
                Invariant::OneLeaderPerEpoch,
                format!("{s} and {other} both established epoch {epoch}"),
            )),
            _ => {
                self.leaders.insert(epoch, s);
            }
        }
        let missing: Vec<Zxid> = self
            .committed
            .iter()
            .filter(|(z, h)| {
                **z > d.snapshot.zxid && d.entry(**z).is_none_or(|e| e.payload_hash() != **h)
            })
            .map(|(z, _)| *z)
            .collect();
        if let Some(z) = missing.first() {
            out.extend(self.flag(
                t,
                Invariant::CommittedDurability,
                format!("new leader {s} of epoch {epoch} lacks committed txn {z}"),
            ));
        }
        out
    }

    /// `s` appended `zxid` to its log.
    pub fn logged(&mut self, t: Micros, s: ServerId, zxid: Zxid) -> Option<Violation> {
        let last = self.last_logged.insert(s, zxid).unwrap_or_default();
        if zxid <= last {
            return self.flag(
                t,
                Invariant::LogMonotonic,
                format!("{s} logged {zxid} after {last}"),
            );
        }
        None
    }

    /// `s` truncated its log to `to`.
    pub fn truncated(&mut self, t: Micros, s: ServerId, to: Zxid) -> Option<Violation> {
        self.last_logged.insert(s, to);
        let applied = self.last_applied.get(&s).copied().unwrap_or_default();
        if applied > to {
            return self.flag(
                t,
                Invariant::CommittedDurability,
                format!("{s} truncated to {to} below its committed {applied}"),
            );
        }
        None
    }

    /// `s` applied the committed txn `zxid` whose payload hashes to `hash`.
    pub fn applied(&mut self, t: Micros, s: ServerId, zxid: Zxid, hash: u64) -> Option<Violation> {
        let prev = self.last_applied.insert(s, zxid).unwrap_or_default();
        if let Some(&h) = self.committed.get(&zxid) {
            if h != hash {
                return self.flag(
                    t,
                    Invariant::CommittedPrefix,
                    format!("{s} applied a different txn at {zxid}"),
                );
            }
        }
        if zxid <= prev {
            return self.flag(
                t,
                Invariant::CommittedPrefix,
                format!("{s} applied {zxid} after {prev}"),
            );
        }
        if let Some((skipped, _)) = self.committed.range(prev..zxid).find(|(z, _)| **z > prev) {
            let skipped = *skipped;
            return self.flag(
                t,
                Invariant::CommittedPrefix,
                format!("{s} applied {zxid} but skipped committed {skipped}"),
            );
        }
        if zxid <= self.floor {
            return None; // forgotten: too old to compare
        }
        if !self.committed.contains_key(&zxid) {
            if let Some((later, _)) = self.committed.range(zxid..).next() {
                let later = *later;
                self.committed.insert(zxid, hash);
                return self.flag(
                    t,
                    Invariant::CommittedPrefix,
                    format!("{s} committed {zxid} after {later} was committed elsewhere"),
                );
            }
            self.committed.insert(zxid, hash);
        }
        None
    }

    /// How many distinct txns have been committed so far.
    pub fn committed_count(&self) -> usize {
        self.forgotten + self.committed.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applied_flags_skips_reorders_and_conflicts() {
        let mut c = Checker::default();
        let (a, b) = (ServerId(1), ServerId(2));
        let z = |n| Zxid::new(1, n);
        assert!(c.applied(0, a, z(1), 10).is_none());
        assert!(c.applied(0, a, z(2), 20).is_none());
        assert!(c.applied(0, b, z(1), 10).is_none());
        // b skips z(2)
        let v = c.applied(0, b, z(3), 30).unwrap();
        assert!(v.detail.contains("skipped"), "{v}");
        // a different txn at an existing zxid
        c.reset_server(b, z(1), z(1));
        assert!(c.applied(0, b, z(2), 99).is_some());
        // two leaders for one epoch
        let d = Durable::default();
        let first = c.established(0, a, 5, &d);
        // an empty leader lacks the committed txns, but it is the epoch's only leader
        assert!(first
            .iter()
            .all(|v| v.invariant == Invariant::CommittedDurability));
        assert!(!first.is_empty());
        assert!(c
            .established(0, b, 5, &d)
            .iter()
            .any(|v| v.invariant == Invariant::OneLeaderPerEpoch));
    }
}
