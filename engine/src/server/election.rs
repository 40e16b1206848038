//! Fast Leader Election (reference Z4–Z6), event-driven: `FastLeaderElection#lookForLeader`'s
//! loop turned inside out, one notification or timer at a time.

use super::msg::{Msg, PeerState, Vote};
use super::{Leader, Learner, Note, Out, Role, Server, TimerKind};
use crate::ids::ServerId;
use crate::time::Micros;
use std::collections::{BTreeMap, BTreeSet};

/// A vote as received: the vote, the sender's round and state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Received {
    vote: Vote,
    round: u64,
    state: PeerState,
}

/// The volatile state of a LOOKING server.
#[derive(Clone, Debug, Default)]
pub(super) struct Election {
    /// This server's current proposal.
    pub proposal: Vote,
    /// Votes of this round (`recvset`).
    received: BTreeMap<ServerId, Received>,
    /// Votes of servers that already ended their election (`outofelection`).
    out_of_election: BTreeMap<ServerId, Received>,
    /// The notification timeout (200 ms doubling to 60 s, Z6).
    timeout: Micros,
    /// A quorum agreed and finalizeWait is running.
    finalizing: bool,
}

impl Default for Vote {
    fn default() -> Self {
        Vote {
            leader: ServerId(0),
            zxid: Default::default(),
            peer_epoch: 0,
        }
    }
}

impl Server {
    /// Leave whatever role this is and start a new election round.
    pub(super) fn go_looking(&mut self, why: &str, out: &mut Out) {
        self.logical_clock += 1;
        let proposal = self.initial_vote();
        let election = Election {
            proposal,
            timeout: self.cfg.finalize_wait,
            ..Election::default()
        };
        self.set_role(Role::Looking(election), why, out);
        self.record_own_vote();
        self.send_notifications(out);
        self.set_timer(TimerKind::ElectionTimeout, self.cfg.finalize_wait, out);
        self.check_round_quorum(out); // a lone server is its own quorum
    }

    /// Z4: vote for yourself with your last logged zxid and current epoch; observers vote for
    /// nobody (`ServerId(0)`), which never wins.
    fn initial_vote(&self) -> Vote {
        if !self.cfg.is_voter(self.id) {
            return Vote::default();
        }
        Vote {
            leader: self.id,
            zxid: self.durable.last_zxid(),
            peer_epoch: self.durable.current_epoch,
        }
    }

    /// Z5: `new` beats `cur` by (peerEpoch, zxid, sid), and only voters can win.
    fn better(&self, new: &Vote, cur: &Vote) -> bool {
        self.cfg.is_voter(new.leader) && (!self.cfg.is_voter(cur.leader) || new.beats(cur))
    }

    fn election(&mut self) -> &mut Election {
        match &mut self.role {
            Role::Looking(e) => e,
            _ => unreachable!("election state asked for outside LOOKING"),
        }
    }

    fn record_own_vote(&mut self) {
        let (id, round, voter) = (self.id, self.logical_clock, self.cfg.is_voter(self.id));
        let e = self.election();
        if voter {
            let vote = e.proposal;
            e.received.insert(
                id,
                Received {
                    vote,
                    round,
                    state: PeerState::Looking,
                },
            );
        }
    }

    fn send_notifications(&mut self, out: &mut Out) {
        let msg = Msg::Notification {
            vote: self.vote(),
            election_epoch: self.logical_clock,
            state: self.peer_state(),
        };
        for to in self.cfg.voters.iter().copied().filter(|s| *s != self.id) {
            out.send(to, msg.clone());
        }
    }

    fn reply_vote(&self, to: ServerId, out: &mut Out) {
        out.send(
            to,
            Msg::Notification {
                vote: self.vote(),
                election_epoch: self.logical_clock,
                state: self.peer_state(),
            },
        );
    }

    /// Z6: no message for a while: re-send the vote, double the timeout up to the ceiling.
    pub(super) fn election_timeout(&mut self, out: &mut Out) {
        self.send_notifications(out);
        let max = self.cfg.max_notification_timeout;
        let e = self.election();
        e.timeout = (e.timeout * 2).min(max);
        let t = e.timeout;
        self.set_timer(TimerKind::ElectionTimeout, t, out);
    }

    /// Z6: finalizeWait passed with no better vote: the proposal wins.
    pub(super) fn election_finalize(&mut self, out: &mut Out) {
        let e = self.election();
        if e.finalizing {
            let vote = e.proposal;
            self.decide(vote, out);
        }
    }

    pub(super) fn on_notification(
        &mut self,
        from: ServerId,
        vote: Vote,
        round: u64,
        state: PeerState,
        out: &mut Out,
    ) {
        if !matches!(self.role, Role::Looking(_)) {
            // Z6: a server that ended its election answers LOOKING peers with its vote.
            if state == PeerState::Looking {
                self.reply_vote(from, out);
            }
            return;
        }
        if !self.cfg.is_voter(from) {
            // Observers' notifications are not counted; they get our vote back (Z12).
            self.reply_vote(from, out);
            return;
        }
        let timeout = self.election().timeout;
        self.set_timer(TimerKind::ElectionTimeout, timeout, out);
        let received = Received { vote, round, state };
        match state {
            PeerState::Looking => self.on_looking_vote(from, received, out),
            _ => self.on_decided_vote(from, received, out),
        }
    }

    /// Z5: a vote from a peer that is still electing.
    fn on_looking_vote(&mut self, from: ServerId, r: Received, out: &mut Out) {
        if r.round < self.logical_clock {
            self.reply_vote(from, out); // bring the laggard into this round
            return;
        }
        let initial = self.initial_vote();
        if r.round > self.logical_clock {
            self.logical_clock = r.round;
            let proposal = if self.better(&r.vote, &initial) {
                r.vote
            } else {
                initial
            };
            let e = self.election();
            e.received.clear();
            e.finalizing = false;
            e.proposal = proposal;
            self.record_own_vote();
            self.send_notifications(out);
        } else {
            let proposal = self.election().proposal;
            if self.better(&r.vote, &proposal) {
                self.election().proposal = r.vote;
                self.election().finalizing = false;
                self.record_own_vote();
                self.send_notifications(out);
            } else if self.election().finalizing {
                return; // finalizeWait consumes votes that are no better
            }
        }
        self.election().received.insert(from, r);
        self.check_round_quorum(out);
    }

    /// A quorum of this round's votes equals our proposal: wait finalizeWait for a better one.
    fn check_round_quorum(&mut self, out: &mut Out) {
        let round = self.logical_clock;
        let e = self.election();
        if e.finalizing {
            return;
        }
        let proposal = e.proposal;
        let agreeing: BTreeSet<ServerId> = e
            .received
            .iter()
            .filter(|(_, r)| r.vote == proposal && r.round == round)
            .map(|(s, _)| *s)
            .collect();
        if self.cfg.is_quorum(&agreeing) {
            self.election().finalizing = true;
            self.set_timer(TimerKind::Finalize, self.cfg.finalize_wait, out);
        }
    }

    /// Z6: a vote from a peer that follows or leads: join an established leader once a quorum
    /// names it and the leader itself says LEADING (`checkLeader`).
    fn on_decided_vote(&mut self, from: ServerId, r: Received, out: &mut Out) {
        let round = self.logical_clock;
        if r.round == round {
            self.election().received.insert(from, r);
            if self.decided_quorum(true, &r) {
                return self.decide(r.vote, out);
            }
        }
        self.election().out_of_election.insert(from, r);
        if self.decided_quorum(false, &r) {
            self.logical_clock = r.round;
            self.decide(r.vote, out);
        }
    }

    fn decided_quorum(&mut self, this_round: bool, r: &Received) -> bool {
        let (id, clock) = (self.id, self.logical_clock);
        let e = self.election();
        let votes = if this_round {
            &e.received
        } else {
            &e.out_of_election
        };
        let naming: BTreeSet<ServerId> = votes
            .iter()
            .filter(|(_, v)| {
                v.vote.leader == r.vote.leader && v.vote.peer_epoch == r.vote.peer_epoch
            })
            .map(|(s, _)| *s)
            .collect();
        let leader_says_leading = if r.vote.leader == id {
            clock == r.round
        } else {
            votes
                .get(&r.vote.leader)
                .is_some_and(|v| v.state == PeerState::Leading)
        };
        self.cfg.is_quorum(&naming) && leader_says_leading
    }

    /// The election is over: lead, follow or observe.
    fn decide(&mut self, vote: Vote, out: &mut Out) {
        self.current_vote = vote;
        out.note(Note::Text(format!(
            "elected {} (round {})",
            vote.leader, self.logical_clock
        )));
        if vote.leader == self.id {
            self.set_role(Role::Leading(Box::default()), "", out);
            self.start_leading(out);
        } else {
            let observer = !self.cfg.is_voter(self.id);
            self.set_role(Role::Learning(Learner::new(vote.leader, observer)), "", out);
            self.start_learning(out);
        }
    }
}

impl Default for Leader {
    fn default() -> Self {
        Leader::new()
    }
}
