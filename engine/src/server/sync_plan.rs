//! How a leader brings a learner up to date (reference Z8): DIFF, TRUNC or SNAP.
//!
//! ZooKeeper infers where the two histories part from the learner's last zxid and the leader's
//! logs. Here the learner also sends the last zxid of each epoch in its history, which pins the
//! parting point exactly: two servers' txns of one epoch are prefixes of the same sequence (one
//! leader per epoch proposed them), so histories agree up to the first epoch where they differ.

use super::durable::Durable;
use crate::zxid::Zxid;

/// The sync the leader chooses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncPlan {
    /// The learner's history is a prefix of the leader's: send the txns after `from`.
    Diff {
        /// The last txn the learner has in common with the leader.
        from: Zxid,
    },
    /// The learner has txns the leader lacks: truncate to `to`, then send the txns after it.
    Trunc {
        /// The last common txn.
        to: Zxid,
    },
    /// Replace the learner's state with the leader's snapshot, then send the txns after it.
    Snap,
}

/// The last zxid both histories contain and agree on up to. `leader_ends` / `learner_ends` are
/// ascending last-zxid-per-epoch lists ([`Durable::epoch_ends`]).
pub fn common_point(leader_ends: &[Zxid], learner_ends: &[Zxid]) -> Zxid {
    let mut common = Zxid(0);
    let (mut i, mut j) = (0, 0);
    while i < leader_ends.len() && j < learner_ends.len() {
        let (a, b) = (leader_ends[i], learner_ends[j]);
        if a.epoch() != b.epoch() {
            break; // one side has an epoch the other lacks: histories part here
        }
        common = a.min(b);
        if a != b {
            break; // same epoch, one went further
        }
        i += 1;
        j += 1;
    }
    common
}

/// Choose the sync for a learner whose history is summarised by `learner_last` and
/// `learner_ends`, as in `LearnerHandler#syncFollower` (Z8).
pub fn plan(leader: &Durable, learner_last: Zxid, learner_ends: &[Zxid]) -> SyncPlan {
    let leader_last = leader.last_zxid();
    if learner_last == leader_last {
        return SyncPlan::Diff { from: learner_last }; // empty DIFF
    }
    let common = common_point(&leader.epoch_ends(), learner_ends);
    if common < leader.snapshot.zxid {
        return SyncPlan::Snap; // the txns after `common` are no longer in the leader's log
    }
    if learner_last == common {
        return SyncPlan::Diff { from: common };
    }
    // The learner has a suffix the leader lacks. Past the leader's tail: TRUNC to it. Otherwise
    // a TRUNC may not cross an epoch boundary; ZooKeeper falls back to SNAP.
    if common == leader_last || learner_last.epoch() == common.epoch() {
        SyncPlan::Trunc { to: common }
    } else {
        SyncPlan::Snap
    }
}

#[cfg(test)]
mod tests {
    use super::super::durable::LogEntry;
    use super::super::state::Payload;
    use super::*;

    fn durable(zxids: &[(u32, u32)]) -> Durable {
        let mut d = Durable::default();
        for &(e, c) in zxids {
            d.append(LogEntry {
                zxid: Zxid::new(e, c),
                payload: std::rc::Rc::new(Payload::Opaque(c as u64)),
            });
        }
        d
    }

    fn plan_for(leader: &[(u32, u32)], learner: &[(u32, u32)]) -> SyncPlan {
        let (l, f) = (durable(leader), durable(learner));
        plan(&l, f.last_zxid(), &f.epoch_ends())
    }

    /// Z8: a learner equal to the leader gets an empty DIFF.
    #[test]
    fn z8_equal_learner_gets_empty_diff() {
        let h = [(1, 1), (1, 2)];
        assert_eq!(
            plan_for(&h, &h),
            SyncPlan::Diff {
                from: Zxid::new(1, 2)
            }
        );
    }

    /// Z8: a learner behind the leader, inside its log, gets a DIFF of the missing txns.
    #[test]
    fn z8_lagging_learner_gets_diff() {
        let p = plan_for(&[(1, 1), (1, 2), (2, 1)], &[(1, 1)]);
        assert_eq!(
            p,
            SyncPlan::Diff {
                from: Zxid::new(1, 1)
            }
        );
    }

    /// Z8: a learner past the leader's tail is truncated to it.
    #[test]
    fn z8_learner_past_leader_tail_gets_trunc() {
        let p = plan_for(&[(1, 1), (1, 2)], &[(1, 1), (1, 2), (1, 3)]);
        assert_eq!(
            p,
            SyncPlan::Trunc {
                to: Zxid::new(1, 2)
            }
        );
        // even when the extra txns are of a later epoch the leader never saw
        let p = plan_for(&[(1, 1), (1, 2)], &[(1, 1), (1, 2), (2, 1)]);
        assert_eq!(
            p,
            SyncPlan::Trunc {
                to: Zxid::new(1, 2)
            }
        );
    }

    /// Z8: a divergent same-epoch suffix is truncated, then the leader's txns follow.
    #[test]
    fn z8_same_epoch_divergence_gets_trunc_then_diff() {
        let p = plan_for(&[(1, 1), (1, 2), (2, 1)], &[(1, 1), (1, 2), (1, 3)]);
        assert_eq!(
            p,
            SyncPlan::Trunc {
                to: Zxid::new(1, 2)
            }
        );
    }

    /// Z8: a TRUNC never crosses an epoch, so a divergent suffix in another epoch means SNAP.
    #[test]
    fn z8_cross_epoch_divergence_falls_back_to_snap() {
        let p = plan_for(&[(1, 1), (1, 2), (3, 1)], &[(1, 1), (1, 2), (2, 1)]);
        assert_eq!(p, SyncPlan::Snap);
    }

    /// Z8: a learner older than the leader's log (compacted into a snapshot) gets SNAP.
    #[test]
    fn z8_learner_behind_the_snapshot_gets_snap() {
        let mut leader = durable(&[(1, 1), (1, 2), (1, 3)]);
        let state = leader.replay(Zxid::new(1, 2));
        leader.snapshot(&state);
        let learner = durable(&[(1, 1)]);
        assert_eq!(
            plan(&leader, learner.last_zxid(), &learner.epoch_ends()),
            SyncPlan::Snap
        );
        // a learner exactly at the snapshot point can still take a DIFF
        let learner = durable(&[(1, 1), (1, 2)]);
        assert_eq!(
            plan(&leader, learner.last_zxid(), &learner.epoch_ends()),
            SyncPlan::Diff {
                from: Zxid::new(1, 2)
            }
        );
    }
}
