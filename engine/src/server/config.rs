//! Ensemble configuration shared by every server (reference S1, P5), and deliberate bugs.

use crate::ids::ServerId;
use crate::time::{ms, Micros};
use std::collections::BTreeSet;

/// A deliberately broken protocol variant. Checker tests turn one on to prove the checker that
/// exists for it catches it; nothing else ever does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bug {
    /// A learner ACKs NEWLEADER before persisting the synced txns (ZOOKEEPER-3911).
    AckBeforePersist,
    /// The leader commits a proposal as soon as it is proposed, without a quorum of ACKs.
    CommitWithoutQuorum,
    /// The leader sends DIFF where TRUNC is needed, leaving a divergent suffix on the learner.
    SkipTrunc,
    /// A follower ACKs a proposal without logging it.
    AckWithoutLogging,
    /// The leader always syncs with its whole log, as if the learner had nothing.
    FullDiff,
    /// Any non-empty set counts as a quorum: elections and commits need no majority.
    SplitBrain,
}

/// Static configuration of an ensemble.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Voting members.
    pub voters: BTreeSet<ServerId>,
    /// Non-voting observers (Z12).
    pub observers: BTreeSet<ServerId>,
    /// tickTime (S1).
    pub tick: Micros,
    /// initLimit, in ticks (Z7, Z9).
    pub init_limit: u32,
    /// syncLimit, in ticks (Z13).
    pub sync_limit: u32,
    /// FLE's finalizeWait (Z6).
    pub finalize_wait: Micros,
    /// FLE's ceiling for the doubling notification timeout (Z6).
    pub max_notification_timeout: Micros,
    /// How many applied txns between snapshots (Z3's snapCount, scaled down for a simulation).
    pub snap_count: u32,
    /// Deliberate bugs, for checker tests only.
    pub bugs: BTreeSet<Bug>,
}

impl Config {
    /// `servers` voters and `observers` observers (`s1`…), with ZooKeeper's sample timing.
    pub fn new(servers: u8, observers: u8) -> Self {
        Config {
            voters: (1..=servers).map(ServerId).collect(),
            observers: (servers + 1..=servers + observers).map(ServerId).collect(),
            tick: ms(2000),
            init_limit: 10,
            sync_limit: 5,
            finalize_wait: ms(200),
            max_notification_timeout: ms(60_000),
            snap_count: 1000,
            bugs: BTreeSet::new(),
        }
    }

    /// Every server, voters and observers, in id order.
    pub fn all(&self) -> impl Iterator<Item = ServerId> + '_ {
        self.voters.union(&self.observers).copied()
    }

    /// True if `set` holds a strict majority of the voters (Z11).
    pub fn is_quorum(&self, set: &BTreeSet<ServerId>) -> bool {
        if self.has(Bug::SplitBrain) {
            return !set.is_empty();
        }
        set.iter().filter(|s| self.voters.contains(s)).count() * 2 > self.voters.len()
    }

    /// True if `id` votes.
    pub fn is_voter(&self, id: ServerId) -> bool {
        self.voters.contains(&id)
    }

    /// True if the bug is switched on.
    pub fn has(&self, bug: Bug) -> bool {
        self.bugs.contains(&bug)
    }
}
