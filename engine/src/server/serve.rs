//! Serving clients: connections, the single-system-image check (S8), per-session FIFO with reads
//! answered locally and writes sent to the leader (C2–C4), replies after the txn is applied, and
//! watches fired before any reply that shows their change (W5).

use super::msg::Msg;
use super::state::ClientTxn;
use super::{Out, Role, Server};
use crate::ids::{ClientId, ServerId};
use crate::proto::Outcome;
use crate::proto::{ClientOp, ToClient, ToServer};
use crate::tree::{Request, TxnResult};
use crate::watches::WatchManager;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::rc::Rc;

/// The request number of a session's own createSession (it has no client xid).
pub(super) const CONNECT_XID: u64 = 0;

/// A session's request in its FIFO. The op is shared: a checkpoint copies a pointer per queued
/// request.
#[derive(Clone, Debug)]
struct Queued {
    xid: u64,
    op: Rc<ClientOp>,
    submitted: bool,
}

/// A server's client-facing volatile state.
#[derive(Clone, Debug, Default)]
pub(super) struct Serving {
    /// Connected clients and their sessions.
    conns: BTreeMap<ClientId, u64>,
    /// Session → the connection it uses here.
    by_session: BTreeMap<u64, ClientId>,
    /// New sessions whose createSession is in the pipeline.
    connecting: BTreeMap<u64, ClientId>,
    /// Reconnecting sessions a learner asked the leader about (REVALIDATE, S8): session →
    /// the connection waiting and the timeout it asked for.
    revalidating: BTreeMap<u64, (ClientId, u64)>,
    /// Per-session FIFO of requests (C3).
    queues: BTreeMap<u64, VecDeque<Queued>>,
    /// Watches of the sessions connected here (W1).
    pub watches: WatchManager,
    /// Sessions touched since the last report to the leader (S6).
    pub touched: BTreeSet<u64>,
    /// The next session id this server hands out (S3).
    pub next_session: u64,
}

impl Serving {
    /// Every connected client and its session, for views.
    pub(super) fn connections(&self) -> impl Iterator<Item = (ClientId, u64)> + '_ {
        self.conns.iter().map(|(c, s)| (*c, *s))
    }
}

impl Server {
    /// A message from a client.
    pub(super) fn on_client(&mut self, from: ClientId, msg: ToServer, out: &mut Out) {
        if !self.is_serving() {
            out.answer(from, ToClient::Bye("server not serving"));
            return;
        }
        let session = self.serving.conns.get(&from).copied();
        match (msg, session) {
            (
                ToServer::Connect {
                    session,
                    timeout_ms,
                    last_zxid,
                },
                _,
            ) => self.on_connect(from, session, timeout_ms, last_zxid, out),
            (ToServer::SetWatches(sw), Some(s)) => {
                let events = self.serving.watches.set_watches(&self.state.tree, s, &sw);
                for ev in events {
                    out.answer(from, ToClient::Event(ev));
                }
            }
            (
                ToServer::Request {
                    op: ClientOp::Write(req),
                    ..
                },
                Some(_),
            ) if crate::tree::packet::check_request_size(&req).is_err() => {
                // D15: a packet over jute.maxbuffer makes the server drop the connection ("Len
                // error"); everything outstanding on it fails with CONNECTIONLOSS.
                self.drop_connection(from);
                out.answer(from, ToClient::Bye("packet too large (jute.maxbuffer)"));
            }
            (ToServer::Request { xid, op }, Some(s)) => {
                self.touch(s);
                let q = self.serving.queues.entry(s).or_default();
                q.push_back(Queued {
                    xid,
                    op: Rc::new(op),
                    submitted: false,
                });
                self.process_queue(s, out);
            }
            (ToServer::Ping, Some(s)) => {
                self.touch(s);
                out.answer(from, ToClient::Pong);
            }
            _ => {} // not connected: nothing to answer on
        }
    }

    fn on_connect(
        &mut self,
        from: ClientId,
        session: u64,
        timeout_ms: u64,
        last_zxid: crate::zxid::Zxid,
        out: &mut Out,
    ) {
        // S8: never let a client see an older view than it already has.
        if last_zxid > self.state.applied {
            out.answer(from, ToClient::Bye("server behind client: try another"));
            return;
        }
        self.drop_connection(from);
        // S2: clamp the timeout to [2, 20] ticks.
        let tick_ms = self.cfg.tick / 1000;
        let t = timeout_ms.clamp(2 * tick_ms, 20 * tick_ms);
        if session == 0 {
            let id = self.serving.next_session;
            self.serving.next_session += 1;
            self.serving.connecting.insert(id, from);
            let req = Request::CreateSession {
                session_id: id,
                timeout_ms: t as u32,
            };
            self.submit_write(id, CONNECT_XID, req, out);
        } else if let Role::Learning(l) = &self.role {
            // S8: only the leader's session tracker knows whether the session is alive.
            let leader = l.leader;
            self.serving.revalidating.insert(session, (from, t));
            out.send(leader, Msg::Revalidate { session });
        } else {
            let valid = self.revalidate(session, self.id);
            self.finish_session_init(from, session, t, valid, out);
        }
    }

    /// The leader's session tracker checks a session reconnecting through server `via`: live
    /// and not closing (`SessionTrackerImpl#touchSession`); if so it is touched, and `via`
    /// becomes its owner (S11).
    pub(super) fn revalidate(&mut self, session: u64, via: ServerId) -> bool {
        let valid = match &mut self.role {
            Role::Leading(l) => {
                let valid = l.sessions.knows(session) && !l.sessions.is_closing(session);
                if valid {
                    l.sessions.set_owner(session, via);
                }
                valid
            }
            _ => false,
        };
        if valid {
            self.touch(session);
        }
        valid
    }

    /// The leader answered a REVALIDATE this learner sent for a reconnecting client.
    pub(super) fn on_revalidated(&mut self, session: u64, valid: bool, out: &mut Out) {
        if let Some((client, t)) = self.serving.revalidating.remove(&session) {
            self.finish_session_init(client, session, t, valid, out);
        }
    }

    /// Answer a reconnect: the session goes on over this connection, or it is expired
    /// (`ServerCnxn#finishSessionInit`: a ConnectResponse with timeout 0).
    fn finish_session_init(
        &mut self,
        from: ClientId,
        session: u64,
        asked_ms: u64,
        valid: bool,
        out: &mut Out,
    ) {
        if !valid {
            out.answer(from, ToClient::Expired);
            return;
        }
        let t = self
            .state
            .tree
            .sessions()
            .find(|(s, _)| *s == session)
            .map_or(asked_ms, |(_, t)| t as u64);
        self.attach(from, session);
        self.touch(session);
        out.answer(
            from,
            ToClient::Connected {
                session,
                timeout_ms: t,
            },
        );
    }

    fn attach(&mut self, client: ClientId, session: u64) {
        self.serving.conns.insert(client, session);
        self.serving.by_session.insert(session, client);
    }

    /// The client's connection closed: its watches go with it (they live on the connection);
    /// its session lives on until it expires.
    pub(super) fn drop_connection(&mut self, client: ClientId) {
        if let Some(s) = self.serving.conns.remove(&client) {
            self.serving.by_session.remove(&s);
            self.serving.queues.remove(&s);
            self.serving.watches.remove_session(s);
        }
        self.serving.connecting.retain(|_, c| *c != client);
        self.serving.revalidating.retain(|_, (c, _)| *c != client);
    }

    /// Stop serving: close every client connection (ZooKeeper shuts its server down when the
    /// peer leaves the broadcast phase).
    pub(super) fn close_all_clients(&mut self, out: &mut Out) {
        let next = self.serving.next_session;
        let clients: BTreeSet<ClientId> = self
            .serving
            .conns
            .keys()
            .chain(self.serving.connecting.values())
            .chain(self.serving.revalidating.values().map(|(c, _)| c))
            .copied()
            .collect();
        for c in clients {
            out.answer(c, ToClient::Bye("server stopped serving"));
        }
        self.serving = Serving {
            next_session: next,
            ..Serving::default()
        };
    }

    fn touch(&mut self, session: u64) {
        let now = self.now;
        let tick = self.cfg.tick;
        match &mut self.role {
            Role::Leading(l) => l.sessions.touch(session, now, tick),
            _ => {
                self.serving.touched.insert(session);
            }
        }
    }

    /// Answer what can be answered at the head of a session's queue (C3: a read waits behind
    /// the same session's earlier writes).
    fn process_queue(&mut self, session: u64, out: &mut Out) {
        loop {
            let Some(head) = self
                .serving
                .queues
                .get_mut(&session)
                .and_then(|q| q.front_mut())
            else {
                return;
            };
            if head.submitted {
                return;
            }
            let (xid, op) = (head.xid, (*head.op).clone());
            match op {
                ClientOp::Read(read) => {
                    let outcome =
                        read.execute(&self.state.tree, session, &mut self.serving.watches);
                    self.pop_and_reply(session, xid, outcome, out);
                }
                ClientOp::AddWatch { path, mode } => {
                    // W7: served by this server, no txn and no path check.
                    self.serving.watches.add_watch(session, &path, mode);
                    self.pop_and_reply(session, xid, Outcome::WatchAdded, out);
                }
                ClientOp::Write(req) => {
                    head.submitted = true;
                    self.submit_write(session, xid, req, out);
                }
                ClientOp::CloseSession => {
                    head.submitted = true;
                    let req = Request::CloseSession {
                        session_id: session,
                    };
                    self.submit_write(session, xid, req, out);
                }
                ClientOp::Sync(_) => {
                    head.submitted = true;
                    match self.leader() {
                        Some(l) if l == self.id => self.leader_sync(self.id, session, xid, out),
                        Some(l) => out.send(l, Msg::Sync { session, xid }),
                        None => {}
                    }
                }
            }
        }
    }

    fn pop_and_reply(&mut self, session: u64, xid: u64, outcome: Outcome, out: &mut Out) {
        if let Some(q) = self.serving.queues.get_mut(&session) {
            q.pop_front();
        }
        if let Some(&client) = self.serving.by_session.get(&session) {
            let zxid = self.state.applied;
            out.answer(client, ToClient::Reply { xid, zxid, outcome });
        }
    }

    fn submit_write(&mut self, session: u64, xid: u64, request: Request, out: &mut Out) {
        match self.leader() {
            Some(l) if l == self.id => {
                self.leader_submit(Some(self.id), session, xid, request, out)
            }
            Some(l) => out.send(
                l,
                Msg::Request {
                    session,
                    xid,
                    request,
                },
            ),
            None => {}
        }
    }

    /// The leader answered a sync: everything before it is applied here by now (FIFO).
    pub(super) fn on_sync_done(&mut self, session: u64, xid: u64, out: &mut Out) {
        let head = self
            .serving
            .queues
            .get(&session)
            .and_then(|q| q.front())
            .map(|q| q.xid);
        if head == Some(xid) {
            self.pop_and_reply(session, xid, Outcome::Synced, out);
            self.process_queue(session, out);
        }
    }

    /// A client txn was applied here: fire watches first (W5), then answer if it came from a
    /// client of this server.
    pub(super) fn after_apply(&mut self, meta: &ClientTxn, result: &TxnResult, out: &mut Out) {
        // A closing session still hears of its own ephemerals going: the close is applied while
        // its connection is open (as recorded from ZooKeeper 3.8: ephemeral.zk).
        for (s, ev) in self.serving.watches.trigger(&result.changes) {
            if let Some(&c) = self.serving.by_session.get(&s) {
                out.answer(c, ToClient::Event(ev));
            }
        }
        if let crate::tree::Txn::CreateSession { session_id, .. } = &meta.txn {
            if let Some(c) = self.serving.connecting.remove(session_id) {
                let t = self
                    .state
                    .tree
                    .sessions()
                    .find(|(s, _)| s == session_id)
                    .map_or(0, |(_, t)| t as u64);
                self.attach(c, *session_id);
                out.answer(
                    c,
                    ToClient::Connected {
                        session: *session_id,
                        timeout_ms: t,
                    },
                );
            }
            return;
        }
        let moved = crate::tree::Txn::Error {
            code: crate::tree::ErrorCode::SessionMoved,
        };
        if meta.origin == Some(self.id) && meta.txn == moved {
            // S11: a connection-level error (ZOOKEEPER-710): no answer, the connection the
            // request came on closes (if the client has not left it already).
            if let Some(c) = self.serving.by_session.get(&meta.session).copied() {
                out.answer(c, ToClient::Bye("session moved"));
                self.drop_connection(c);
            }
            return;
        }
        if meta.origin == Some(self.id) {
            let head = self
                .serving
                .queues
                .get(&meta.session)
                .and_then(|q| q.front())
                .map(|q| (q.xid, q.submitted));
            if head == Some((meta.xid, true)) {
                let outcome = Outcome::from_reply(&result.reply);
                self.pop_and_reply(meta.session, meta.xid, outcome, out);
                self.process_queue(meta.session, out);
            }
        }
        if let crate::tree::Txn::CloseSession { session_id, .. } = &meta.txn {
            // The session is over: its connection here closes (an expired client learns it
            // when it reconnects, S8).
            if let Some(c) = self.serving.by_session.get(session_id).copied() {
                if meta.origin != Some(self.id) {
                    out.answer(c, ToClient::Bye("session expired"));
                }
                self.drop_connection(c);
            }
        }
    }
}
