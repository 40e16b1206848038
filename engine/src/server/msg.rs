//! Messages between servers: Fast Leader Election notifications and the Zab quorum protocol
//! (reference Z4–Z13). Client traffic has its own module.

use super::durable::{LogEntry, Snapshot};
use crate::ids::ServerId;
use crate::tree::Request;
use crate::zxid::Zxid;
use std::fmt;

/// A server's vote in Fast Leader Election (Z4): whom it proposes, and the proposal's credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vote {
    /// The proposed leader.
    pub leader: ServerId,
    /// The proposed leader's last logged zxid.
    pub zxid: Zxid,
    /// The proposed leader's current epoch.
    pub peer_epoch: u32,
}

impl Vote {
    /// Z5's total order: peer epoch, then zxid, then server id. True iff `self` beats `other`.
    pub fn beats(&self, other: &Vote) -> bool {
        (self.peer_epoch, self.zxid, self.leader) > (other.peer_epoch, other.zxid, other.leader)
    }
}

/// The peer state a notification reports (Z1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeerState {
    /// Electing.
    Looking,
    /// Following the voted leader.
    Following,
    /// Leading.
    Leading,
    /// Observing the voted leader.
    Observing,
}

impl PeerState {
    /// Its name in a notification (Z1).
    pub fn name(self) -> &'static str {
        match self {
            PeerState::Looking => "LOOKING",
            PeerState::Following => "FOLLOWING",
            PeerState::Leading => "LEADING",
            PeerState::Observing => "OBSERVING",
        }
    }
}

/// One message between two servers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// FLE notification (Z4): the sender's vote, its election round and its state.
    Notification {
        /// The vote.
        vote: Vote,
        /// The sender's logical clock (election round).
        election_epoch: u64,
        /// The sender's state.
        state: PeerState,
    },
    /// Discovery: a learner introduces itself with its accepted epoch (Z7).
    FollowerInfo {
        /// The learner's acceptedEpoch.
        accepted_epoch: u32,
        /// True for an observer (OBSERVERINFO).
        observer: bool,
    },
    /// Discovery: the leader's proposed new epoch (Z7).
    LeaderInfo {
        /// The epoch the leader proposes.
        new_epoch: u32,
    },
    /// Discovery: the learner accepted the epoch (Z7). `current_epoch` is `None` when the learner
    /// had already accepted it (ZooKeeper sends −1: not counted).
    AckEpoch {
        /// The learner's currentEpoch, or None if not counted.
        current_epoch: Option<u32>,
        /// Its last logged zxid.
        last_zxid: Zxid,
        /// The last zxid of each epoch in its log, ascending: lets the leader find the exact
        /// point where the two histories part (what ZooKeeper infers from the log on disk).
        epoch_ends: Vec<Zxid>,
    },
    /// Sync (Z8): the learner's log is a prefix of the leader's; missing txns follow.
    Diff {
        /// The learner's last zxid the diff starts after.
        from: Zxid,
    },
    /// Sync (Z8): drop everything after `to`, then take what follows.
    Trunc {
        /// The zxid to truncate to.
        to: Zxid,
    },
    /// Sync (Z8): replace everything with the leader's snapshot.
    Snap {
        /// The snapshot.
        snapshot: Box<Snapshot>,
    },
    /// A proposal (broadcast, or part of a sync).
    Proposal {
        /// The txn and its zxid.
        entry: LogEntry,
    },
    /// Commit everything up to this zxid.
    Commit {
        /// The committed zxid.
        zxid: Zxid,
    },
    /// An already committed txn, for observers (Z12).
    Inform {
        /// The txn and its zxid.
        entry: LogEntry,
    },
    /// End of sync: the new epoch's first zxid `(e, 0)` (Z9).
    NewLeader {
        /// `(new_epoch, 0)`.
        zxid: Zxid,
    },
    /// A learner acknowledges a proposal or NEWLEADER, after persisting (Z9, Z10).
    Ack {
        /// The acknowledged zxid.
        zxid: Zxid,
    },
    /// The leader has a quorum and serves: the learner may serve clients too (Z9).
    UpToDate,
    /// Leader heartbeat (Z13); the learner answers with a ping of its own.
    Ping,
    /// A learner's ping answer, with the sessions its clients touched since the last one (S6).
    PingReply {
        /// Sessions touched.
        touched: Vec<u64>,
    },
    /// A follower forwards a client's write to the leader (C4).
    Request {
        /// The client's session.
        session: u64,
        /// The client's request number.
        xid: u64,
        /// The write.
        request: Request,
    },
    /// A follower forwards a client's sync to the leader (C6).
    Sync {
        /// The client's session.
        session: u64,
        /// The client's request number.
        xid: u64,
    },
    /// The leader's answer to a sync, sent after every txn proposed before it committed.
    SyncDone {
        /// The client's session.
        session: u64,
        /// The client's request number.
        xid: u64,
    },
    /// A client reconnects to a learner with an existing session: the learner asks the leader,
    /// whose session tracker decides (S8, `Learner#validateSession`).
    Revalidate {
        /// The session the client presents.
        session: u64,
    },
    /// The leader's verdict on a REVALIDATE: the session is live and not closing (it was
    /// touched), or it is expired.
    Revalidated {
        /// The session.
        session: u64,
        /// True if the client may go on with it.
        valid: bool,
    },
}

impl Msg {
    /// True for Zab traffic (the quorum port, 2888); false for FLE notifications (the election
    /// port, 3888). They travel on different TCP connections.
    pub fn is_quorum(&self) -> bool {
        !matches!(self, Msg::Notification { .. })
    }

    /// A short upper-case name, as ZooKeeper logs it; used in traces and for colours in the UI.
    pub fn name(&self) -> &'static str {
        match self {
            Msg::Notification { .. } => "NOTIFICATION",
            Msg::FollowerInfo {
                observer: false, ..
            } => "FOLLOWERINFO",
            Msg::FollowerInfo { observer: true, .. } => "OBSERVERINFO",
            Msg::LeaderInfo { .. } => "LEADERINFO",
            Msg::AckEpoch { .. } => "ACKEPOCH",
            Msg::Diff { .. } => "DIFF",
            Msg::Trunc { .. } => "TRUNC",
            Msg::Snap { .. } => "SNAP",
            Msg::Proposal { .. } => "PROPOSAL",
            Msg::Commit { .. } => "COMMIT",
            Msg::Inform { .. } => "INFORM",
            Msg::NewLeader { .. } => "NEWLEADER",
            Msg::Ack { .. } => "ACK",
            Msg::UpToDate => "UPTODATE",
            Msg::Ping => "PING",
            Msg::PingReply { .. } => "PING",
            Msg::Request { .. } => "REQUEST",
            Msg::Sync { .. } => "SYNC",
            Msg::SyncDone { .. } => "SYNC",
            Msg::Revalidate { .. } | Msg::Revalidated { .. } => "REVALIDATE",
        }
    }

    /// The message as one trace line fragment: name and the fields that matter.
    pub fn describe_to(&self, out: &mut impl fmt::Write) -> fmt::Result {
        match self {
            Msg::Notification {
                vote,
                election_epoch,
                state,
            } => write!(
                out,
                "NOTIFICATION leader={} zxid={} peerEpoch={} round={} {}",
                vote.leader,
                vote.zxid,
                vote.peer_epoch,
                election_epoch,
                state.name()
            ),
            Msg::FollowerInfo { accepted_epoch, .. } => {
                write!(out, "{} acceptedEpoch={accepted_epoch}", self.name())
            }
            Msg::LeaderInfo { new_epoch } => write!(out, "LEADERINFO epoch={new_epoch}"),
            Msg::AckEpoch {
                current_epoch,
                last_zxid,
                ..
            } => match current_epoch {
                Some(e) => write!(out, "ACKEPOCH currentEpoch={e} lastZxid={last_zxid}"),
                None => write!(out, "ACKEPOCH currentEpoch=-1 lastZxid={last_zxid}"),
            },
            Msg::Diff { from } => write!(out, "DIFF from={from}"),
            Msg::Trunc { to } => write!(out, "TRUNC to={to}"),
            Msg::Snap { snapshot } => write!(out, "SNAP zxid={}", snapshot.zxid),
            Msg::Proposal { entry } => write!(out, "PROPOSAL zxid={}", entry.zxid),
            Msg::Commit { zxid } => write!(out, "COMMIT zxid={zxid}"),
            Msg::Inform { entry } => write!(out, "INFORM zxid={}", entry.zxid),
            Msg::NewLeader { zxid } => write!(out, "NEWLEADER zxid={zxid}"),
            Msg::Ack { zxid } => write!(out, "ACK zxid={zxid}"),
            Msg::UpToDate => out.write_str("UPTODATE"),
            Msg::Ping => out.write_str("PING"),
            Msg::PingReply { touched } => write!(out, "PING reply touched={}", touched.len()),
            Msg::Request { session, xid, .. } => {
                write!(out, "REQUEST session={session:#x} xid={xid}")
            }
            Msg::Sync { session, xid } => write!(out, "SYNC session={session:#x} xid={xid}"),
            Msg::SyncDone { session, xid } => {
                write!(out, "SYNC done session={session:#x} xid={xid}")
            }
            Msg::Revalidate { session } => write!(out, "REVALIDATE session={session:#x}"),
            Msg::Revalidated { session, valid } => {
                write!(out, "REVALIDATE session={session:#x} valid={valid}")
            }
        }
    }
}
