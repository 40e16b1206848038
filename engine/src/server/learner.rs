//! The learner side of Zab (followers and observers): discovery (Z7), sync in the order of Z9,
//! broadcast (Z10, Z12) and leader failure detection (Z13).

use super::durable::{LogEntry, Snapshot};
use super::msg::Msg;
use super::{Bug, Note, Out, Role, Server, TimerKind};
use crate::ids::ServerId;
use crate::time::ms;
use crate::zxid::Zxid;

/// How often a learner retries FOLLOWERINFO while the leader has not answered.
const RECONNECT_INTERVAL: u64 = ms(200);
/// How often a learner tries to connect to a leader that refuses before it looks for another
/// (ZooKeeper's `Learner.connectToLeader` makes 5 tries; only a leader listens on the quorum
/// port, so a server that is not leading refuses).
const CONNECT_TRIES: u8 = 5;

/// Where a learner is in Zab.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    /// FOLLOWERINFO sent, waiting for LEADERINFO.
    Connecting,
    /// ACKEPOCH sent, waiting for the sync.
    EpochAcked,
    /// Receiving the sync: what must be installed at NEWLEADER.
    Syncing {
        snapshot: Option<Box<Snapshot>>,
        pending: Vec<LogEntry>,
        /// The highest COMMIT seen in the sync: what may be applied at UPTODATE.
        committed: Zxid,
    },
    /// NEWLEADER acked, waiting for UPTODATE. The synced history up to `synced` is logged and
    /// is applied at UPTODATE, once the leader has a quorum for it. `unpersisted` is only used by
    /// the [`Bug::AckBeforePersist`] variant.
    AwaitingUpToDate {
        synced: Zxid,
        unpersisted: Vec<LogEntry>,
    },
    /// Serving: proposals and commits flow.
    Broadcast,
}

/// The volatile state of a FOLLOWING or OBSERVING server.
#[derive(Clone, Debug)]
pub(super) struct Learner {
    pub leader: ServerId,
    pub observer: bool,
    phase: Phase,
    /// How many times the leader refused the connection so far.
    refused: u8,
}

impl Learner {
    pub(super) fn new(leader: ServerId, observer: bool) -> Self {
        Learner {
            leader,
            observer,
            phase: Phase::Connecting,
            refused: 0,
        }
    }

    /// The leader refused (closed) the connection: true if the learner tries again, false once
    /// it has tried [`CONNECT_TRIES`] times or is past connecting (a leader that went away).
    pub(super) fn try_again_after_refusal(&mut self) -> bool {
        if self.phase != Phase::Connecting {
            return false;
        }
        self.refused += 1;
        self.refused < CONNECT_TRIES
    }

    pub(super) fn is_up_to_date(&self) -> bool {
        self.phase == Phase::Broadcast
    }
}

impl Server {
    fn learner(&mut self) -> &mut Learner {
        match &mut self.role {
            Role::Learning(l) => l,
            _ => unreachable!("learner state asked for outside FOLLOWING/OBSERVING"),
        }
    }

    pub(super) fn start_learning(&mut self, out: &mut Out) {
        self.learner_reconnect(out);
        let init = self.cfg.tick * self.cfg.init_limit as u64;
        self.set_timer(TimerKind::LeaderSilent, init, out);
    }

    /// (Re)send FOLLOWERINFO until the leader answers: it may still be finishing its election.
    pub(super) fn learner_reconnect(&mut self, out: &mut Out) {
        let (leader, observer) = (self.learner().leader, self.learner().observer);
        if self.learner().phase != Phase::Connecting {
            return;
        }
        out.send(
            leader,
            Msg::FollowerInfo {
                accepted_epoch: self.durable.accepted_epoch,
                observer,
            },
        );
        self.set_timer(TimerKind::Reconnect, RECONNECT_INTERVAL, out);
    }

    pub(super) fn learner_on_message(&mut self, msg: Msg, out: &mut Out) {
        let generation = self.generation;
        self.learner_handle(msg, out);
        if self.generation != generation {
            return; // the message ended this role
        }
        // Z13: the read timeout is initLimit ticks during sync, syncLimit ticks after.
        let limit = if self.learner().phase == Phase::Broadcast {
            self.cfg.sync_limit
        } else {
            self.cfg.init_limit
        };
        self.set_timer(TimerKind::LeaderSilent, self.cfg.tick * limit as u64, out);
    }

    fn learner_handle(&mut self, msg: Msg, out: &mut Out) {
        let leader = self.learner().leader;
        match msg {
            Msg::LeaderInfo { new_epoch } => self.on_leader_info(leader, new_epoch, out),
            Msg::Diff { .. } => self.begin_sync(None),
            Msg::Trunc { to } => {
                self.durable.truncate_after(to);
                out.note(Note::Truncated(to));
                if self.state.applied > to {
                    // Only reachable if a committed txn is being truncated: the checkers flag it.
                    self.state = self.durable.replay(to);
                }
                self.begin_sync(None);
            }
            Msg::Snap { snapshot } => self.begin_sync(Some(snapshot)),
            Msg::Proposal { entry } => self.on_proposal(leader, entry, out),
            Msg::Commit { zxid } => self.on_commit(zxid, out),
            Msg::Inform { entry } => self.on_inform(entry, out),
            Msg::NewLeader { zxid } => self.on_new_leader(leader, zxid, out),
            Msg::UpToDate => self.on_up_to_date(out),
            Msg::Ping => {
                let touched = std::mem::take(&mut self.serving.touched)
                    .into_iter()
                    .collect();
                out.send(leader, Msg::PingReply { touched });
            }
            Msg::SyncDone { session, xid } => self.on_sync_done(session, xid, out),
            Msg::Revalidated { session, valid } => self.on_revalidated(session, valid, out),
            _ => {}
        }
    }

    /// Z7: accept a newer epoch (persisting it) and answer with our history.
    fn on_leader_info(&mut self, leader: ServerId, epoch: u32, out: &mut Out) {
        if self.learner().phase != Phase::Connecting {
            return;
        }
        let current = if epoch > self.durable.accepted_epoch {
            self.durable.accepted_epoch = epoch;
            Some(self.durable.current_epoch)
        } else if epoch == self.durable.accepted_epoch {
            None
        } else {
            return self.go_looking("leader proposed an epoch older than accepted", out);
        };
        self.learner().phase = Phase::EpochAcked;
        out.send(
            leader,
            Msg::AckEpoch {
                current_epoch: current,
                last_zxid: self.durable.last_zxid(),
                epoch_ends: self.durable.epoch_ends(),
            },
        );
    }

    fn begin_sync(&mut self, snapshot: Option<Box<Snapshot>>) {
        let l = self.learner();
        if l.phase == Phase::EpochAcked {
            let committed = snapshot.as_ref().map_or(Zxid(0), |s| s.zxid);
            l.phase = Phase::Syncing {
                snapshot,
                pending: Vec::new(),
                committed,
            };
        }
    }

    fn on_proposal(&mut self, leader: ServerId, entry: LogEntry, out: &mut Out) {
        match &mut self.learner().phase {
            Phase::Syncing { pending, .. } => pending.push(entry),
            Phase::AwaitingUpToDate { unpersisted, .. } if !unpersisted.is_empty() => {
                let zxid = entry.zxid; // the broken variant keeps buffering, and ACKs anyway
                unpersisted.push(entry);
                out.send(leader, Msg::Ack { zxid });
            }
            Phase::AwaitingUpToDate { .. } | Phase::Broadcast => {
                if !self.follows_log(entry.zxid) {
                    return self.go_looking("gap in the proposal stream", out);
                }
                let zxid = entry.zxid;
                if !self.cfg.has(Bug::AckWithoutLogging) {
                    self.durable.append(entry);
                    out.note(Note::Logged(zxid));
                }
                if !self.learner().observer {
                    out.send(leader, Msg::Ack { zxid });
                }
            }
            _ => {}
        }
    }

    /// True if `zxid` is the next txn after our log: the next counter of the same epoch, or the
    /// first of a newer epoch. Anything else means the FIFO stream lost a message.
    fn follows_log(&self, zxid: Zxid) -> bool {
        let last = self.durable.last_zxid();
        if zxid.epoch() == last.epoch() {
            zxid.counter() == last.counter() + 1
        } else {
            zxid.epoch() > last.epoch() && zxid.counter() == 1
        }
    }

    fn on_commit(&mut self, zxid: Zxid, out: &mut Out) {
        if let Phase::Syncing { committed, .. } = &mut self.learner().phase {
            *committed = (*committed).max(zxid);
            return;
        }
        match self.learner().phase {
            Phase::AwaitingUpToDate { .. } | Phase::Broadcast => {
                if zxid > self.durable.last_zxid() && !self.cfg.has(Bug::AckWithoutLogging) {
                    return self.go_looking("commit for a txn never received", out);
                }
                self.commit_upto(zxid, out);
            }
            _ => {}
        }
    }

    /// Z12: observers get committed txns whole.
    fn on_inform(&mut self, entry: LogEntry, out: &mut Out) {
        match &mut self.learner().phase {
            Phase::Syncing { pending, .. } => pending.push(entry),
            Phase::AwaitingUpToDate { .. } | Phase::Broadcast => {
                if !self.follows_log(entry.zxid) {
                    return self.go_looking("gap in the inform stream", out);
                }
                let zxid = entry.zxid;
                self.durable.append(entry);
                out.note(Note::Logged(zxid));
                self.commit_upto(zxid, out);
            }
            _ => {}
        }
    }

    /// Z9, in this order: (1) install the snapshot, (2) log the synced txns, (3) write
    /// currentEpoch, (4) ACK. The order is the fix for ZOOKEEPER-3911 and friends. The synced
    /// txns are applied at UPTODATE, when the leader has a quorum for its history; until then the
    /// learner serves nobody, so no client can tell the difference.
    fn on_new_leader(&mut self, leader: ServerId, zxid: Zxid, out: &mut Out) {
        let phase = std::mem::replace(&mut self.learner().phase, Phase::Broadcast);
        let Phase::Syncing {
            snapshot,
            pending,
            committed,
        } = phase
        else {
            self.learner().phase = phase;
            return;
        };
        if let Some(snap) = snapshot {
            self.durable.snapshot = (*snap).clone();
            self.durable.log.clear();
            self.state = snap.state;
            out.note(Note::SnapshotInstalled(self.state.applied));
        }
        let mut unpersisted = Vec::new();
        let synced = committed;
        // Proposals of the sync that no COMMIT covered yet: once logged they are ACKed like any
        // other (ZooKeeper logs them through the SyncRequestProcessor, whose ACKs are held back
        // until the NEWLEADER ACK is out). Without these ACKs a leader that needs this learner
        // for a quorum would wait for them for ever.
        let to_ack: Vec<Zxid> = if self.learner().observer {
            Vec::new()
        } else {
            pending
                .iter()
                .map(|e| e.zxid)
                .filter(|z| *z > committed)
                .collect()
        };
        if self.cfg.has(Bug::AckBeforePersist) && !pending.is_empty() {
            unpersisted = pending;
        } else {
            self.persist(pending, out);
        }
        // In the broken variant currentEpoch is written before the txns (ZOOKEEPER-4643).
        self.durable.current_epoch = zxid.epoch();
        self.current_vote.peer_epoch = zxid.epoch();
        out.send(leader, Msg::Ack { zxid });
        for z in to_ack {
            out.send(leader, Msg::Ack { zxid: z });
        }
        self.learner().phase = Phase::AwaitingUpToDate {
            synced,
            unpersisted,
        };
    }

    fn persist(&mut self, entries: Vec<LogEntry>, out: &mut Out) {
        for e in entries {
            out.note(Note::Logged(e.zxid));
            self.durable.append(e);
        }
    }

    fn on_up_to_date(&mut self, out: &mut Out) {
        let phase = std::mem::replace(&mut self.learner().phase, Phase::Broadcast);
        let Phase::AwaitingUpToDate {
            synced,
            unpersisted,
        } = phase
        else {
            self.learner().phase = phase;
            return;
        };
        if !unpersisted.is_empty() {
            // The broken variant persists only now: a crash before this lost what it ACKed.
            self.persist(unpersisted, out);
        }
        self.commit_upto(synced, out);
        out.note(Note::Text("UPTODATE: serving".into()));
    }
}
