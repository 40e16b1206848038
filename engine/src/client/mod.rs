//! The client library as a sans-IO state machine (reference S4, S8–S10, C4, W6, W9): connect to
//! a server, heartbeat, notice a dead connection, move to another server, keep requests in FIFO
//! order, and tell the application what happened.

use crate::ids::ServerId;
use crate::machine::{Effects, Machine};
use crate::proto::Outcome;
use crate::proto::{ClientOp, ToClient, ToServer};
use crate::rng::Rng;
use crate::time::{ms, Micros};
use crate::tree::ErrorCode;
use crate::watches::{ReadKind, SetWatches, WatchEvent};
use crate::zxid::Zxid;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// The states of a ZooKeeper handle (S9), as ZooScope shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientState {
    /// Looking for a server (or waiting for its ConnectResponse).
    Connecting,
    /// Connected, session open.
    Connected,
    /// Final: the session is closed or expired.
    Closed,
}

impl ClientState {
    /// The name in the CLI summary.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientState::Connecting => "CONNECTING",
            ClientState::Connected => "CONNECTED",
            ClientState::Closed => "CLOSED",
        }
    }
}

/// Session events (W9: KeeperState of an EventType None event).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEvent {
    /// The connection to the server is lost; the session may live on.
    Disconnected,
    /// Connected (or reconnected) with the session alive.
    SyncConnected,
    /// The session expired: the handle is dead.
    Expired,
    /// The application closed the session.
    Closed,
}

impl SessionEvent {
    /// ZooKeeper's name for it (a `KeeperState`, W9).
    pub fn name(self) -> &'static str {
        match self {
            SessionEvent::Disconnected => "Disconnected",
            SessionEvent::SyncConnected => "SyncConnected",
            SessionEvent::Expired => "Expired",
            SessionEvent::Closed => "Closed",
        }
    }
}

/// Something the client library tells the application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientEvent {
    /// The answer to the request the application tagged `tag`.
    Answer {
        /// The application's tag.
        tag: u64,
        /// The result.
        outcome: Outcome,
    },
    /// A watch fired.
    Watch(WatchEvent),
    /// The session changed state.
    Session(SessionEvent),
}

/// Client timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimerKind {
    /// Time to send a heartbeat (about T/3, S4).
    Ping,
    /// Nothing heard from the server for 2T/3: the connection is dead (S4).
    ReadTimeout,
    /// No ConnectResponse within T / #servers.
    ConnectTimeout,
    /// Wait before trying the next server.
    Reconnect,
}

/// What happens to a client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientInput {
    /// The application asks for `op`, tagging the answer `tag`.
    Submit {
        /// The application's tag for the answer.
        tag: u64,
        /// The operation.
        op: ClientOp,
    },
    /// A message from a server.
    Message(ServerId, ToClient),
    /// The TCP connection to this server closed.
    ConnectionClosed(ServerId),
    /// A timer fired.
    Timer(Timer),
}

/// A timer instance: its kind and the connection generation that set it (a timer of an
/// earlier connection is stale and ignored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timer {
    /// What it is for.
    pub kind: TimerKind,
    /// The connection generation it belongs to.
    pub generation: u64,
}

/// What a client library asks the simulator to do, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Send a message to a server.
    Send(ServerId, ToServer),
    /// (Re)set a timer, with its delay on the client's clock.
    SetTimer(Timer, Micros),
    /// Close the connection to this server.
    Close(ServerId),
    /// Tell the application something.
    Tell(ClientEvent),
}

/// The effects of one client step.
pub type ClientOut = Effects<Effect>;

/// A request awaiting its answer. The op is shared: a checkpoint of the simulation copies a
/// pointer per pending request, not its path and data.
#[derive(Clone, Debug)]
struct Pending {
    tag: u64,
    op: Rc<ClientOp>,
}

/// One ZooKeeper client handle.
#[derive(Clone, Debug)]
pub struct Client {
    servers: Vec<ServerId>,
    next_server: usize,
    state: ClientState,
    server: Option<ServerId>,
    /// True once a ConnectResponse arrived on the current connection.
    handshaken: bool,
    session: u64,
    requested_timeout_ms: u64,
    timeout_ms: u64,
    last_zxid: Zxid,
    next_xid: u64,
    /// Sent, awaiting their reply, in xid order.
    in_flight: BTreeMap<u64, Pending>,
    /// Submitted while not connected.
    queued: Vec<Pending>,
    /// Client-side watch registrations, re-sent on reconnect (W6).
    data_watches: BTreeSet<String>,
    exist_watches: BTreeSet<String>,
    child_watches: BTreeSet<String>,
    /// Persistent watches (W7): re-armed on reconnect, with no catch-up.
    persistent: BTreeSet<String>,
    persistent_recursive: BTreeSet<String>,
    generation: u64,
    closing: bool,
    rng: Rng,
}

impl Client {
    /// A handle that will try `servers` in order (the first is the one it prefers), asking for a
    /// `timeout_ms` session. It starts connecting at once.
    pub fn new(servers: Vec<ServerId>, timeout_ms: u64, seed: u64, out: &mut ClientOut) -> Self {
        let mut c = Client {
            servers,
            next_server: 0,
            state: ClientState::Connecting,
            server: None,
            handshaken: false,
            session: 0,
            requested_timeout_ms: timeout_ms,
            timeout_ms,
            last_zxid: Zxid(0),
            next_xid: 1,
            in_flight: BTreeMap::new(),
            queued: Vec::new(),
            data_watches: BTreeSet::new(),
            exist_watches: BTreeSet::new(),
            child_watches: BTreeSet::new(),
            persistent: BTreeSet::new(),
            persistent_recursive: BTreeSet::new(),
            generation: 0,
            closing: false,
            rng: Rng::new(seed),
        };
        c.connect(out);
        c
    }

    /// Handle one input.
    pub fn step(&mut self, input: ClientInput, out: &mut ClientOut) {
        self.handle(0, input, out)
    }
}

impl Machine for Client {
    type Input = ClientInput;
    type Effect = Effect;

    /// The client library reads no clock: `now` is unused (its timers carry time).
    fn handle(&mut self, _now: Micros, input: ClientInput, out: &mut ClientOut) {
        match input {
            ClientInput::Submit { tag, op } => self.submit(tag, op, out),
            ClientInput::Message(from, msg) if Some(from) == self.server => {
                self.on_message(msg, out)
            }
            ClientInput::Message(..) => {}
            ClientInput::ConnectionClosed(from) if Some(from) == self.server => {
                self.connection_lost("connection closed", out)
            }
            ClientInput::ConnectionClosed(_) => {}
            ClientInput::Timer(t) if t.generation == self.generation => self.on_timer(t.kind, out),
            ClientInput::Timer(..) => {}
        }
    }
}

impl Client {
    fn set_timer(&self, kind: TimerKind, after: Micros, out: &mut ClientOut) {
        let generation = self.generation;
        out.push(Effect::SetTimer(Timer { kind, generation }, after));
    }

    fn connect(&mut self, out: &mut ClientOut) {
        self.generation += 1;
        let server = self.servers[self.next_server % self.servers.len()];
        self.next_server += 1;
        self.server = Some(server);
        self.handshaken = false;
        out.push(Effect::Send(
            server,
            ToServer::Connect {
                session: self.session,
                timeout_ms: self.requested_timeout_ms,
                last_zxid: self.last_zxid,
            },
        ));
        let connect_timeout = ms(self.timeout_ms) / self.servers.len().max(1) as u64;
        self.set_timer(TimerKind::ConnectTimeout, connect_timeout, out);
    }

    fn on_timer(&mut self, kind: TimerKind, out: &mut ClientOut) {
        match kind {
            TimerKind::Ping if self.state == ClientState::Connected => {
                if let Some(s) = self.server {
                    out.push(Effect::Send(s, ToServer::Ping));
                }
                self.set_timer(TimerKind::Ping, ms(self.timeout_ms) / 3, out);
            }
            TimerKind::ReadTimeout => self.connection_lost("read timeout", out),
            TimerKind::ConnectTimeout if !self.handshaken => {
                self.connection_lost("connect timeout", out)
            }
            TimerKind::Reconnect if self.state == ClientState::Connecting => self.connect(out),
            _ => {}
        }
    }

    /// S4, S10: the connection died. Everything in flight or queued fails with CONNECTIONLOSS;
    /// after a short random wait, try the next server.
    fn connection_lost(&mut self, _why: &str, out: &mut ClientOut) {
        if self.state == ClientState::Closed {
            return;
        }
        if let Some(s) = self.server.take() {
            out.push(Effect::Close(s));
        }
        if self.state == ClientState::Connected {
            out.push(Effect::Tell(ClientEvent::Session(
                SessionEvent::Disconnected,
            )));
        }
        self.state = ClientState::Connecting;
        self.fail_all(ErrorCode::ConnectionLoss, out);
        self.generation += 1;
        let wait = ms(self.rng.range(0, 1000));
        self.set_timer(TimerKind::Reconnect, wait, out);
    }

    fn fail_all(&mut self, code: ErrorCode, out: &mut ClientOut) {
        let failed: Vec<Pending> = std::mem::take(&mut self.in_flight)
            .into_values()
            .chain(std::mem::take(&mut self.queued))
            .collect();
        for p in failed {
            out.push(Effect::Tell(ClientEvent::Answer {
                tag: p.tag,
                outcome: Outcome::Error(code),
            }));
        }
    }

    fn submit(&mut self, tag: u64, op: ClientOp, out: &mut ClientOut) {
        match self.state {
            ClientState::Closed => out.push(Effect::Tell(ClientEvent::Answer {
                tag,
                outcome: Outcome::Error(ErrorCode::SessionExpired),
            })),
            ClientState::Connecting => self.queued.push(Pending {
                tag,
                op: Rc::new(op),
            }),
            ClientState::Connected => self.send_request(
                Pending {
                    tag,
                    op: Rc::new(op),
                },
                out,
            ),
        }
    }

    fn send_request(&mut self, p: Pending, out: &mut ClientOut) {
        let Some(server) = self.server else { return };
        if *p.op == ClientOp::CloseSession {
            self.closing = true;
        }
        let xid = self.next_xid;
        self.next_xid += 1;
        out.push(Effect::Send(
            server,
            ToServer::Request {
                xid,
                op: (*p.op).clone(),
            },
        ));
        self.in_flight.insert(xid, p);
    }

    fn on_message(&mut self, msg: ToClient, out: &mut ClientOut) {
        if self.state != ClientState::Closed && self.handshaken {
            let read_timeout = ms(self.timeout_ms) * 2 / 3;
            self.set_timer(TimerKind::ReadTimeout, read_timeout, out);
        }
        match msg {
            ToClient::Connected {
                session,
                timeout_ms,
            } => self.on_connected(session, timeout_ms, out),
            ToClient::Expired => self.expire(out),
            ToClient::Reply { xid, zxid, outcome } => self.on_reply(xid, zxid, outcome, out),
            ToClient::Event(ev) => {
                // One-time watches (W4): the registration is spent.
                self.data_watches.remove(&ev.path);
                self.exist_watches.remove(&ev.path);
                if matches!(
                    ev.kind,
                    crate::watches::EventType::NodeChildrenChanged
                        | crate::watches::EventType::NodeDeleted
                ) {
                    self.child_watches.remove(&ev.path);
                }
                out.push(Effect::Tell(ClientEvent::Watch(ev)));
            }
            ToClient::Pong => {}
            ToClient::Bye(why) => self.connection_lost(why, out),
        }
    }

    fn on_connected(&mut self, session: u64, timeout_ms: u64, out: &mut ClientOut) {
        self.handshaken = true;
        self.session = session;
        self.timeout_ms = timeout_ms;
        self.state = ClientState::Connected;
        self.generation += 1;
        self.next_server = self
            .servers
            .iter()
            .position(|s| Some(*s) == self.server)
            .unwrap_or(0);
        out.push(Effect::Tell(ClientEvent::Session(
            SessionEvent::SyncConnected,
        )));
        let server = self.server.expect("connected to a server");
        if !(self.data_watches.is_empty()
            && self.exist_watches.is_empty()
            && self.child_watches.is_empty()
            && self.persistent.is_empty()
            && self.persistent_recursive.is_empty())
        {
            out.push(Effect::Send(
                server,
                ToServer::SetWatches(SetWatches {
                    relative_zxid: self.last_zxid.0,
                    data: self.data_watches.iter().cloned().collect(),
                    exist: self.exist_watches.iter().cloned().collect(),
                    child: self.child_watches.iter().cloned().collect(),
                    persistent: self.persistent.iter().cloned().collect(),
                    persistent_recursive: self.persistent_recursive.iter().cloned().collect(),
                }),
            ));
        }
        for p in std::mem::take(&mut self.queued) {
            self.send_request(p, out);
        }
        self.set_timer(TimerKind::Ping, ms(timeout_ms) / 3, out);
        self.set_timer(TimerKind::ReadTimeout, ms(timeout_ms) * 2 / 3, out);
    }

    /// S8/S9: the session is gone; the handle is dead for good.
    fn expire(&mut self, out: &mut ClientOut) {
        self.state = ClientState::Closed;
        self.generation += 1;
        if let Some(s) = self.server.take() {
            out.push(Effect::Close(s));
        }
        out.push(Effect::Tell(ClientEvent::Session(SessionEvent::Expired)));
        self.fail_all(ErrorCode::SessionExpired, out);
    }

    fn on_reply(&mut self, xid: u64, zxid: Zxid, outcome: Outcome, out: &mut ClientOut) {
        let Some(p) = self.in_flight.remove(&xid) else {
            return;
        };
        self.last_zxid = self.last_zxid.max(zxid);
        match &*p.op {
            ClientOp::Read(read) if read.watch => {
                self.register_watch(read.kind, &read.path, &outcome)
            }
            ClientOp::AddWatch { path, mode } if outcome == Outcome::WatchAdded => {
                match mode {
                    crate::watches::AddWatchMode::Persistent => &mut self.persistent,
                    crate::watches::AddWatchMode::PersistentRecursive => {
                        &mut self.persistent_recursive
                    }
                }
                .insert(path.clone());
            }
            _ => {}
        }
        let closed = *p.op == ClientOp::CloseSession;
        out.push(Effect::Tell(ClientEvent::Answer {
            tag: p.tag,
            outcome,
        }));
        if closed {
            self.state = ClientState::Closed;
            self.generation += 1;
            if let Some(s) = self.server.take() {
                out.push(Effect::Close(s));
            }
            out.push(Effect::Tell(ClientEvent::Session(SessionEvent::Closed)));
            self.fail_all(ErrorCode::SessionExpired, out);
        }
    }

    /// W3: exists registers even on a missing node; getData / getChildren only on success.
    fn register_watch(&mut self, kind: ReadKind, path: &str, outcome: &Outcome) {
        let path = path.to_string();
        match (kind, outcome) {
            (ReadKind::Exists, Outcome::Exists(Some(_))) => {
                self.data_watches.insert(path);
            }
            (ReadKind::Exists, Outcome::Exists(None)) => {
                self.exist_watches.insert(path);
            }
            (ReadKind::GetData, Outcome::Data { .. }) => {
                self.data_watches.insert(path);
            }
            (ReadKind::GetChildren, Outcome::Children(_)) => {
                self.child_watches.insert(path);
            }
            _ => {}
        }
    }

    // ---- read-only accessors ----

    /// Its state.
    pub fn state(&self) -> ClientState {
        self.state
    }
    /// The server it is connected (or connecting) to.
    pub fn server(&self) -> Option<ServerId> {
        self.server
    }
    /// Its session id (0 before the first connect).
    pub fn session(&self) -> u64 {
        self.session
    }
    /// The negotiated session timeout.
    pub fn timeout_ms(&self) -> u64 {
        self.timeout_ms
    }
    /// The last zxid it has seen.
    pub fn last_zxid(&self) -> Zxid {
        self.last_zxid
    }
    /// How many requests await an answer (sent or queued).
    pub fn pending(&self) -> usize {
        self.in_flight.len() + self.queued.len()
    }
    /// The requests awaiting an answer, for inspectors: `(xid, tag, op)` for those sent, in xid
    /// order, then those queued while not connected (no xid yet).
    pub fn pending_requests(&self) -> impl Iterator<Item = (Option<u64>, u64, &ClientOp)> + '_ {
        let sent = self
            .in_flight
            .iter()
            .map(|(x, p)| (Some(*x), p.tag, &*p.op));
        let queued = self.queued.iter().map(|p| (None, p.tag, &*p.op));
        sent.chain(queued)
    }
}
