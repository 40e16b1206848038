//! The leader side of Zab: discovery (Z7), synchronization (Z8, Z9), broadcast (Z10) and
//! failure detection (Z13).

use super::msg::Msg;
use super::sessions::SessionTracker;
use super::state::{ClientTxn, Payload};
use super::sync_plan::{self, SyncPlan};
use super::{Bug, LogEntry, Note, Out, Role, Server, TimerKind};
use crate::ids::ServerId;
use crate::time::Micros;
use crate::zxid::Zxid;
use std::collections::{BTreeMap, BTreeSet};

/// `znode.container.checkIntervalMs` (D7).
const CONTAINER_CHECK_INTERVAL: Micros = crate::time::secs(60);

/// Where a learner is, as its handler on the leader sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum HandlerPhase {
    /// FOLLOWERINFO received.
    Connected,
    /// Sync and NEWLEADER sent; proposals are forwarded from now on.
    Syncing,
    /// NEWLEADER acked and UPTODATE sent.
    UpToDate,
}

/// The leader's view of one learner (`LearnerHandler`).
#[derive(Clone, Debug)]
struct Handler {
    observer: bool,
    phase: HandlerPhase,
    /// ACKEPOCH received: its history summary, for planning the sync.
    acked_epoch: Option<(Zxid, Vec<Zxid>)>,
    /// Local time after which the learner counts as gone (Z13).
    deadline: Micros,
}

/// The volatile state of a LEADING server.
#[derive(Clone, Debug)]
pub(super) struct Leader {
    pub established: bool,
    new_epoch: Option<u32>,
    max_accepted: u32,
    connecting: BTreeSet<ServerId>,
    epoch_acks: BTreeSet<ServerId>,
    newleader_acks: BTreeSet<ServerId>,
    handlers: BTreeMap<ServerId, Handler>,
    /// Proposals waiting for a quorum, with who has acked them.
    outstanding: BTreeMap<Zxid, BTreeSet<ServerId>>,
    counter: u32,
    half_tick: bool,
    /// The tree as it will be once every outstanding proposal commits: requests are turned into
    /// txns against it (C4, `outstandingChanges`).
    prep: Option<crate::tree::DataTree>,
    /// Syncs waiting for a proposal to commit: (zxid, origin, session, xid).
    syncs: Vec<(Zxid, ServerId, u64, u64)>,
    /// Session expiry (S6).
    pub sessions: SessionTracker,
    /// When the container reaper runs next (D7).
    next_container_check: Micros,
}

impl Leader {
    /// Every learner with a connection to this leader.
    pub(super) fn learners(&self) -> impl Iterator<Item = ServerId> + '_ {
        self.handlers.keys().copied()
    }

    /// True if `s` has a connection to this leader.
    pub(super) fn has_learner(&self, s: ServerId) -> bool {
        self.handlers.contains_key(&s)
    }

    pub(super) fn new() -> Self {
        Leader {
            established: false,
            new_epoch: None,
            max_accepted: 0,
            connecting: BTreeSet::new(),
            epoch_acks: BTreeSet::new(),
            newleader_acks: BTreeSet::new(),
            handlers: BTreeMap::new(),
            outstanding: BTreeMap::new(),
            counter: 0,
            half_tick: false,
            prep: None,
            syncs: Vec::new(),
            sessions: SessionTracker::default(),
            next_container_check: 0,
        }
    }
}

impl Server {
    fn lead(&mut self) -> &mut Leader {
        match &mut self.role {
            Role::Leading(l) => l,
            _ => unreachable!("leader state asked for outside LEADING"),
        }
    }

    pub(super) fn start_leading(&mut self, out: &mut Out) {
        let (id, accepted) = (self.id, self.durable.accepted_epoch);
        let l = self.lead();
        l.connecting.insert(id);
        l.max_accepted = accepted;
        let init = self.cfg.tick * self.cfg.init_limit as u64;
        self.set_timer(TimerKind::SetupDeadline, init, out);
        self.maybe_propose_epoch(out);
    }

    pub(super) fn leader_setup_deadline(&mut self, out: &mut Out) {
        if !self.lead().established {
            self.go_looking("no quorum of followers within initLimit", out);
        }
    }

    pub(super) fn leader_on_message(&mut self, from: ServerId, msg: Msg, out: &mut Out) {
        let deadline = self.now + self.cfg.tick * self.cfg.sync_limit as u64;
        if let Some(h) = self.lead().handlers.get_mut(&from) {
            h.deadline = deadline;
        }
        match msg {
            Msg::FollowerInfo {
                accepted_epoch,
                observer,
            } => self.on_follower_info(from, accepted_epoch, observer, out),
            Msg::AckEpoch {
                current_epoch,
                last_zxid,
                epoch_ends,
            } => self.on_ack_epoch(from, current_epoch, last_zxid, epoch_ends, out),
            Msg::Ack { zxid } => self.on_ack(from, zxid, out),
            Msg::PingReply { touched } => {
                let (now, tick) = (self.now, self.cfg.tick);
                for s in touched {
                    self.lead().sessions.touch(s, now, tick);
                }
            }
            Msg::Request {
                session,
                xid,
                request,
            } => self.leader_submit(Some(from), session, xid, request, out),
            Msg::Sync { session, xid } => self.leader_sync(from, session, xid, out),
            Msg::Revalidate { session } => {
                let valid = self.revalidate(session, from);
                out.send(from, Msg::Revalidated { session, valid });
            }
            _ => {}
        }
    }

    fn on_follower_info(&mut self, from: ServerId, accepted: u32, observer: bool, out: &mut Out) {
        let deadline =
            self.now + self.cfg.tick * (self.cfg.init_limit + self.cfg.sync_limit) as u64;
        let voter = self.cfg.is_voter(from);
        let l = self.lead();
        // A learner that reconnects gets a fresh handler, as a new socket would.
        l.handlers.insert(
            from,
            Handler {
                observer,
                phase: HandlerPhase::Connected,
                acked_epoch: None,
                deadline,
            },
        );
        l.epoch_acks.remove(&from);
        l.newleader_acks.remove(&from);
        match l.new_epoch {
            Some(epoch) => out.send(from, Msg::LeaderInfo { new_epoch: epoch }),
            None => {
                if voter {
                    l.connecting.insert(from);
                    l.max_accepted = l.max_accepted.max(accepted);
                }
                self.maybe_propose_epoch(out);
            }
        }
    }

    /// Z7: with a quorum connected, the new epoch is one past every accepted epoch seen.
    fn maybe_propose_epoch(&mut self, out: &mut Out) {
        let cfg = self.cfg.clone();
        let l = self.lead();
        if l.new_epoch.is_some() || !cfg.is_quorum(&l.connecting) {
            return;
        }
        let epoch = l.max_accepted + 1;
        l.new_epoch = Some(epoch);
        let to: Vec<ServerId> = l.handlers.keys().copied().collect();
        self.durable.accepted_epoch = epoch;
        out.note(Note::Text(format!("proposes epoch {epoch}")));
        for s in to {
            out.send(s, Msg::LeaderInfo { new_epoch: epoch });
        }
        let id = self.id;
        self.lead().epoch_acks.insert(id);
        self.maybe_start_sync(out);
    }

    fn on_ack_epoch(
        &mut self,
        from: ServerId,
        current: Option<u32>,
        last: Zxid,
        ends: Vec<Zxid>,
        out: &mut Out,
    ) {
        // Z7: a learner whose history is newer than the leader's means this leader must not lead.
        if let Some(c) = current {
            if (c, last) > (self.durable.current_epoch, self.durable.last_zxid()) {
                return self.go_looking(&format!("{from} is ahead of the leader"), out);
            }
        }
        let voter = self.cfg.is_voter(from);
        let current_epoch = self.durable.current_epoch;
        let l = self.lead();
        let Some(h) = l.handlers.get_mut(&from) else {
            return;
        };
        h.acked_epoch = Some((last, ends));
        if voter && current.is_some() {
            l.epoch_acks.insert(from);
        }
        let syncing = l.established || Some(current_epoch) == l.new_epoch;
        if syncing {
            self.sync_learner(from, out); // sync already under way: this one joins it
        } else {
            self.maybe_start_sync(out);
        }
    }

    /// Z7→Z8: with a quorum of epoch acks the leader takes the epoch and syncs every learner.
    fn maybe_start_sync(&mut self, out: &mut Out) {
        let cfg = self.cfg.clone();
        let current_epoch = self.durable.current_epoch;
        let l = self.lead();
        let Some(epoch) = l.new_epoch else { return };
        if !cfg.is_quorum(&l.epoch_acks) || current_epoch == epoch {
            return;
        }
        self.durable.current_epoch = epoch;
        let acked: Vec<ServerId> = self
            .lead()
            .handlers
            .iter()
            .filter(|(_, h)| h.acked_epoch.is_some())
            .map(|(s, _)| *s)
            .collect();
        for s in acked {
            self.sync_learner(s, out);
        }
        let id = self.id;
        self.lead().newleader_acks.insert(id);
        self.maybe_establish(out);
    }

    /// Z8: send DIFF / TRUNC / SNAP, the txns that follow, then NEWLEADER.
    fn sync_learner(&mut self, to: ServerId, out: &mut Out) {
        let Some(epoch) = self.lead().new_epoch else {
            return;
        };
        let Some(h) = self.lead().handlers.get(&to) else {
            return;
        };
        let Some((last, ends)) = h.acked_epoch.clone() else {
            return;
        };
        if h.phase != HandlerPhase::Connected {
            return;
        }
        let mut plan = sync_plan::plan(&self.durable, last, &ends);
        if self.cfg.has(Bug::FullDiff) {
            plan = SyncPlan::Diff { from: Zxid(0) };
        }
        if self.cfg.has(Bug::SkipTrunc) {
            if let SyncPlan::Trunc { to } = plan {
                plan = SyncPlan::Diff { from: to };
            }
        }
        let from = match &plan {
            SyncPlan::Diff { from } => {
                out.send(to, Msg::Diff { from: *from });
                *from
            }
            SyncPlan::Trunc { to: t } => {
                out.send(to, Msg::Trunc { to: *t });
                *t
            }
            SyncPlan::Snap => {
                let snapshot = super::durable::Snapshot {
                    zxid: self.state.applied,
                    state: self.state.clone(),
                    epoch_ends: self.durable.epoch_ends_upto(self.state.applied),
                };
                out.send(
                    to,
                    Msg::Snap {
                        snapshot: Box::new(snapshot),
                    },
                );
                self.state.applied
            }
        };
        let kind = match plan {
            SyncPlan::Diff { .. } => "DIFF",
            SyncPlan::Trunc { .. } => "TRUNC",
            SyncPlan::Snap => "SNAP",
        };
        out.note(Note::Sync(to, kind));
        // Before the leader is established its whole log is the history it will commit; after,
        // only what is committed gets a COMMIT here: outstanding proposals get theirs later.
        // The first COMMIT says how much of what the learner already holds is committed.
        let established = self.lead().established;
        let committed = self.state.applied;
        let held = if established {
            from.min(committed)
        } else {
            from
        };
        out.send(to, Msg::Commit { zxid: held });
        for entry in self.durable.entries_after(from).to_vec() {
            let commit = !established || entry.zxid <= committed;
            out.send(
                to,
                Msg::Proposal {
                    entry: entry.clone(),
                },
            );
            if commit {
                out.send(to, Msg::Commit { zxid: entry.zxid });
            }
        }
        out.send(
            to,
            Msg::NewLeader {
                zxid: Zxid::new(epoch, 0),
            },
        );
        if let Some(h) = self.lead().handlers.get_mut(&to) {
            h.phase = HandlerPhase::Syncing;
        }
    }

    fn on_ack(&mut self, from: ServerId, zxid: Zxid, out: &mut Out) {
        let voter = self.cfg.is_voter(from);
        let Some(epoch) = self.lead().new_epoch else {
            return;
        };
        if zxid == Zxid::new(epoch, 0) {
            let l = self.lead();
            if l.established {
                if let Some(h) = l.handlers.get_mut(&from) {
                    h.phase = HandlerPhase::UpToDate;
                    out.send(from, Msg::UpToDate);
                }
            } else {
                if voter {
                    l.newleader_acks.insert(from);
                }
                self.maybe_establish(out);
            }
            return;
        }
        if !voter {
            return;
        }
        // Z10: learners log and ACK in order over FIFO, so an ACK for z covers everything before.
        for (_, acks) in self.lead().outstanding.range_mut(..=zxid) {
            acks.insert(from);
        }
        self.try_commit(out);
    }

    /// Z9: a quorum acked NEWLEADER: the epoch is established, the history committed.
    fn maybe_establish(&mut self, out: &mut Out) {
        let cfg = self.cfg.clone();
        let l = self.lead();
        if l.established || !cfg.is_quorum(&l.newleader_acks) {
            return;
        }
        l.established = true;
        let epoch = l.new_epoch.unwrap_or(0);
        let acked = l.newleader_acks.clone();
        for (s, h) in l.handlers.iter_mut() {
            if acked.contains(s) || (h.observer && h.phase == HandlerPhase::Syncing) {
                h.phase = HandlerPhase::UpToDate;
                out.send(*s, Msg::UpToDate);
            }
        }
        out.note(Note::Established(epoch));
        // Votes name the leader and its epoch: from now on, the new one (ZOOKEEPER-1732).
        self.current_vote.peer_epoch = epoch;
        let last = self.durable.last_zxid();
        self.commit_upto(last, out);
        // S7: every session gets a full timeout from now; the election's time is not held
        // against anyone.
        let (now, tick) = (self.now, self.cfg.tick);
        let sessions: Vec<(u64, u32)> = self.state.tree.sessions().collect();
        let prep = self.state.tree.clone();
        let l = self.lead();
        for (s, t) in sessions {
            l.sessions.add(s, t as u64, now, tick);
        }
        l.prep = Some(prep);
        l.next_container_check = now + CONTAINER_CHECK_INTERVAL;
        self.set_timer(TimerKind::LeaderTick, self.cfg.tick / 2, out);
    }

    /// Z10: propose a write to every forwarding follower.
    pub(super) fn lead_propose(&mut self, payload: Payload, out: &mut Out) -> Option<Zxid> {
        let id = self.id;
        let l = self.lead();
        if !l.established {
            return None;
        }
        if l.counter >= u32::MAX - 1 {
            // Z2 (ZOOKEEPER-1277): the next zxid's counter would be 0xFFFFFFFF. The leader
            // gives up (XidRolloverException); the election that follows starts a new epoch,
            // whose counter starts again at 0.
            self.go_looking("zxid counter would roll over: new epoch needed", out);
            return None;
        }
        let l = self.lead();
        l.counter += 1;
        let zxid = Zxid::new(l.new_epoch.unwrap_or(0), l.counter);
        l.outstanding.insert(zxid, BTreeSet::from([id]));
        let to: Vec<ServerId> = l
            .handlers
            .iter()
            .filter(|(_, h)| !h.observer && h.phase >= HandlerPhase::Syncing)
            .map(|(s, _)| *s)
            .collect();
        let entry = LogEntry {
            zxid,
            payload: std::rc::Rc::new(payload),
        };
        self.durable.append(entry.clone());
        out.note(Note::Logged(zxid));
        for s in to {
            out.send(
                s,
                Msg::Proposal {
                    entry: entry.clone(),
                },
            );
        }
        if let (Payload::Client(c), Some(prep)) = (&*entry.payload, &mut self.lead().prep) {
            prep.apply(zxid.0, c.time_ms, c.session, &c.txn);
        }
        self.try_commit(out);
        Some(zxid)
    }

    /// C4: turn a client request into a txn against the future state and propose it. D12: a
    /// session that is closing or unknown gets SESSIONEXPIRED (as an error txn, D14).
    pub(super) fn leader_submit(
        &mut self,
        origin: Option<ServerId>,
        session: u64,
        xid: u64,
        request: crate::tree::Request,
        out: &mut Out,
    ) {
        let time_ms = 1_700_000_000_000 + self.now / 1000;
        let l = self.lead();
        let Some(prep) = &l.prep else { return };
        // The session's own create and close pass; anything else from a session that is
        // closing (or unknown) fails.
        let exempt = matches!(
            request,
            crate::tree::Request::CreateSession { .. }
                | crate::tree::Request::CloseSession { .. }
                | crate::tree::Request::DeleteContainer { .. }
        );
        if let (crate::tree::Request::CreateSession { session_id, .. }, Some(o)) =
            (&request, origin)
        {
            l.sessions.set_owner(*session_id, o);
        }
        let txn = if !exempt && (l.sessions.is_closing(session) || !l.sessions.knows(session)) {
            crate::tree::Txn::Error {
                code: crate::tree::ErrorCode::SessionExpired,
            }
        } else if !exempt && origin.is_some_and(|o| !l.sessions.check_owner(session, o)) {
            // S11: the client has moved to another server since it sent this through `origin`.
            crate::tree::Txn::Error {
                code: crate::tree::ErrorCode::SessionMoved,
            }
        } else {
            crate::tree::prep(prep, session, &request)
        };
        if matches!(request, crate::tree::Request::CloseSession { .. }) {
            l.sessions.mark_closing(session);
        }
        let payload = Payload::Client(Box::new(ClientTxn {
            origin,
            session,
            xid,
            time_ms,
            txn,
        }));
        self.lead_propose(payload, out);
    }

    /// D7: every check interval the leader deletes each empty container that once had a child
    /// (stored cversion > 0). The delete is a `deleteContainer` txn: it fails with NOTEMPTY if a
    /// child appeared meanwhile.
    fn reap_containers(&mut self, out: &mut Out) {
        let now = self.now;
        if now < self.lead().next_container_check {
            return;
        }
        self.lead().next_container_check = now + CONTAINER_CHECK_INTERVAL;
        let empty: Vec<String> = self
            .state
            .tree
            .nodes()
            .filter(|(_, n)| {
                n.kind() == crate::tree::NodeKind::Container
                    && n.children().is_empty()
                    && n.stored_cversion() > 0
            })
            .map(|(p, _)| p.to_string())
            .collect();
        for path in empty {
            let req = crate::tree::Request::DeleteContainer { path };
            self.leader_submit(None, 0, 0, req, out);
        }
    }

    /// C6: answer a sync once everything proposed before it has committed.
    pub(super) fn leader_sync(&mut self, origin: ServerId, session: u64, xid: u64, out: &mut Out) {
        let last = self.lead().outstanding.last_key_value().map(|(z, _)| *z);
        match last {
            Some(z) => self.lead().syncs.push((z, origin, session, xid)),
            None => self.sync_done(origin, session, xid, out),
        }
    }

    fn sync_done(&mut self, origin: ServerId, session: u64, xid: u64, out: &mut Out) {
        if origin == self.id {
            self.on_sync_done(session, xid, out);
        } else {
            out.send(origin, Msg::SyncDone { session, xid });
        }
    }

    /// Z10: commit in zxid order while the lowest outstanding proposal has a quorum.
    fn try_commit(&mut self, out: &mut Out) {
        let cfg = self.cfg.clone();
        loop {
            let l = self.lead();
            let Some((&zxid, acks)) = l.outstanding.first_key_value() else {
                break;
            };
            if !cfg.is_quorum(acks) && !cfg.has(Bug::CommitWithoutQuorum) {
                break;
            }
            l.outstanding.remove(&zxid);
            let (voters, observers): (Vec<_>, Vec<_>) = l
                .handlers
                .iter()
                .filter(|(_, h)| h.phase >= HandlerPhase::Syncing)
                .partition(|(_, h)| !h.observer);
            let voters: Vec<ServerId> = voters.into_iter().map(|(s, _)| *s).collect();
            let observers: Vec<ServerId> = observers.into_iter().map(|(s, _)| *s).collect();
            self.commit_upto(zxid, out);
            for s in voters {
                out.send(s, Msg::Commit { zxid });
            }
            if let Some(entry) = self.durable.entry(zxid).cloned() {
                for s in observers {
                    out.send(
                        s,
                        Msg::Inform {
                            entry: entry.clone(),
                        },
                    );
                }
            }
            let l = self.lead();
            let (done, waiting): (Vec<_>, Vec<_>) = l.syncs.drain(..).partition(|s| s.0 <= zxid);
            l.syncs = waiting;
            for (_, origin, session, xid) in done {
                self.sync_done(origin, session, xid, out);
            }
        }
    }

    pub(super) fn leader_drop_learner(&mut self, peer: ServerId) {
        self.lead().handlers.remove(&peer);
    }

    /// Z13: ping every tick/2; every tick, step down unless a quorum is in touch.
    pub(super) fn leader_tick(&mut self, out: &mut Out) {
        let (now, cfg) = (self.now, self.cfg.clone());
        let id = self.id;
        let l = self.lead();
        l.handlers.retain(|_, h| h.deadline >= now);
        for s in l.handlers.keys() {
            out.send(*s, Msg::Ping);
        }
        l.half_tick = !l.half_tick;
        let expired = l.sessions.expire(now);
        for session in expired {
            let req = crate::tree::Request::CloseSession {
                session_id: session,
            };
            out.note(super::Note::Text(format!("expires session {session:#x}")));
            self.leader_submit(None, session, 0, req, out);
        }
        self.reap_containers(out);
        let l = self.lead();
        if !l.half_tick {
            let mut in_touch: BTreeSet<ServerId> = l
                .handlers
                .iter()
                .filter(|(_, h)| h.phase == HandlerPhase::UpToDate)
                .map(|(s, _)| *s)
                .collect();
            in_touch.insert(id);
            if !cfg.is_quorum(&in_touch) {
                return self.go_looking("not sufficient followers synced", out);
            }
        }
        self.set_timer(TimerKind::LeaderTick, cfg.tick / 2, out);
    }
}

#[cfg(test)]
impl Server {
    /// Move a leader's zxid counter on, as if it had proposed that many txns (tests of Z2).
    pub(crate) fn set_zxid_counter(&mut self, counter: u32) {
        self.lead().counter = counter;
    }
}
