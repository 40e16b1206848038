//! The link model, one for every connection: server to server (Zab) and client to server.
//!
//! A message goes on its link (the network decides: it arrives at some time, is lost, or the
//! link is cut) and is in flight until it lands. Quorum and client connections are TCP
//! streams: one that lost a message cannot skip it, so the connection is dead, and both ends
//! learn it when the link is next used (the sender at once, the receiver when the reset reaches
//! it) or, if neither end sends again, when a cut heals and the retransmission finds it broken.
//! Closing a connection sends a FIN down the link like a message (FIFO, so it never overtakes
//! what was sent before it); a FIN a cut swallowed is retransmitted when the cut heals. Fast
//! Leader Election notifications travel on connections made on demand: losing one breaks
//! nothing (Z4–Z6, Z13; S3, W6 for clients).

use super::net::Fate;
use super::{Event, Simulation};
use crate::client::ClientInput;
use crate::ids::ProcessId;
use crate::observe::trace::{Category, Who, WireLine};
use crate::observe::{Flight, FlightClass, MessageRecord};
use crate::proto::{ToClient, ToServer};
use crate::server::msg::Msg;
use crate::server::Input;
use crate::time::Micros;
use std::collections::BTreeSet;
use std::rc::Rc;

/// What travels on a link.
#[derive(Clone, Debug)]
pub(super) enum Wire {
    /// Server to server: an election notification or a Zab message.
    Peer(Msg),
    /// Client to server.
    Request(ToServer),
    /// Server to client.
    Reply(ToClient),
}

impl Wire {
    /// True if it travels on a connection that a lost message breaks.
    fn on_connection(&self) -> bool {
        match self {
            Wire::Peer(msg) => msg.is_quorum(),
            Wire::Request(_) | Wire::Reply(_) => true,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Wire::Peer(m) => m.name(),
            Wire::Request(m) => m.name(),
            Wire::Reply(m) => m.name(),
        }
    }

    fn class(&self) -> FlightClass {
        match self {
            Wire::Peer(m) => FlightClass::of_server_msg(m),
            Wire::Request(m) => FlightClass::of_request(m),
            Wire::Reply(m) => FlightClass::of_answer(m),
        }
    }

    /// The message as its trace lines name it (`PROPOSAL zxid=0x100000001`), written into
    /// `buf` (cleared first) and shared: one allocation a message.
    pub(super) fn describe(&self, buf: &mut String) -> Rc<str> {
        buf.clear();
        // Writing into a String cannot fail unless a Display impl does.
        let _ = match self {
            Wire::Peer(m) => m.describe_to(buf),
            Wire::Request(m) => m.describe_to(buf),
            Wire::Reply(m) => m.describe_to(buf),
        };
        let text = Rc::from(buf.as_str());
        buf.clear();
        text
    }

    /// True for heartbeats between servers.
    pub(super) fn is_server_ping(&self) -> bool {
        matches!(self, Wire::Peer(Msg::Ping | Msg::PingReply { .. }))
    }

    /// True for any heartbeat, between servers or with a client.
    pub(super) fn is_heartbeat(&self) -> bool {
        self.is_server_ping()
            || matches!(
                self,
                Wire::Request(ToServer::Ping) | Wire::Reply(ToClient::Pong)
            )
    }
}

/// A message on its link.
#[derive(Clone, Debug)]
pub(super) struct Parcel {
    /// Its id, unique in the run.
    pub id: u64,
    pub from: ProcessId,
    pub to: ProcessId,
    /// Both ends' incarnations when it was sent: a message of an older life is void.
    pub lives: (u64, u64),
    pub wire: Wire,
    /// The message as the trace shows it, described once when sent.
    pub text: Rc<str>,
}

/// The connections that are broken, and the FINs waiting for a cut to heal.
#[derive(Clone, Debug, Default)]
pub(super) struct Links {
    /// Directed links whose connection lost a message.
    broken: BTreeSet<(ProcessId, ProcessId)>,
    /// FINs a cut swallowed: (from, to, to's incarnation).
    lost_fins: BTreeSet<(ProcessId, ProcessId, u64)>,
}

impl Links {
    /// The connection between `a` and `b` is gone (closed, reset, or one end died): whatever
    /// it lost no longer matters.
    fn forget(&mut self, a: ProcessId, b: ProcessId) {
        self.broken.remove(&(a, b));
        self.broken.remove(&(b, a));
    }

    /// Message `(from, to)` was lost: the connection is dead until both ends learn it.
    pub(super) fn lost(&mut self, from: ProcessId, to: ProcessId) {
        self.broken.insert((from, to));
    }

    /// Process `p` died: its connections died with it.
    pub(super) fn forget_all_of(&mut self, p: ProcessId) {
        self.broken.retain(|(a, b)| *a != p && *b != p);
    }
}

impl Simulation {
    /// A process's name as the scenario writes it (`s2`, `alice`), to format or keep without
    /// allocating.
    pub(super) fn name_of(&self, p: ProcessId) -> Who {
        match p {
            ProcessId::Server(s) => Who::Server(s),
            ProcessId::Client(c) => Who::Client(self.clients[c.0 as usize].node.name.clone()),
        }
    }

    /// Record a message's trace line, `from -> to TEXT` with `(why)` after it if given, from
    /// the text it was described by once when sent (kept as its parts: nothing is written).
    fn record_wire(
        &mut self,
        category: Category,
        (from, to): (ProcessId, ProcessId),
        text: &Rc<str>,
        why: Option<&'static str>,
    ) {
        let wire = WireLine {
            from: self.name_of(from),
            to: self.name_of(to),
            msg: text.clone(),
            why,
        };
        self.trace.record_wire(self.now, category, wire);
    }

    /// Put a message on its link: it is lost, refused by a connection an earlier loss broke,
    /// or on its way (in flight until it lands).
    pub(super) fn send(&mut self, from: ProcessId, to: ProcessId, wire: Wire) {
        let fate = self.net.send(&mut self.rng, self.now, from, to);
        let text = wire.describe(&mut self.scratch);
        let connected = wire.on_connection();
        match fate {
            Fate::Arrives(at) if connected && self.links.broken.contains(&(from, to)) => {
                // The stream lost a message earlier: this write finds the connection dead.
                let why = Some("connection broken");
                self.record_wire(Category::Drop, (from, to), &text, why);
                let now = self.now;
                self.reset(from, to, now, at);
            }
            Fate::Arrives(at) => {
                self.record_wire(Category::Send, (from, to), &text, None);
                let id = self.launch(from, to, at, &wire, text.clone());
                let lives = (self.core(from).incarnation, self.core(to).incarnation);
                let parcel = Parcel {
                    id,
                    from,
                    to,
                    lives,
                    wire,
                    text,
                };
                self.push(at, Event::Deliver(parcel));
            }
            Fate::Cut | Fate::Lost => {
                if connected {
                    self.links.lost(from, to);
                }
                let why = if fate == Fate::Cut { "cut" } else { "lost" };
                self.record_wire(Category::Drop, (from, to), &text, Some(why));
            }
        }
    }

    /// A message reaches the end of its link: delivered, unless the link was cut meanwhile
    /// (the connection then broke) or an end died or restarted since it was sent.
    pub(super) fn deliver(&mut self, parcel: Parcel) {
        let Parcel {
            id,
            from,
            to,
            lives,
            wire,
            text,
        } = parcel;
        let alive =
            lives == (self.core(from).incarnation, self.core(to).incarnation) && self.is_up(to);
        let cut = self.net.is_cut(from, to);
        self.land(id, alive && !cut);
        if !alive || cut {
            if alive && wire.on_connection() {
                self.links.lost(from, to);
            }
            let why = if cut { "cut" } else { "connection gone" };
            self.record_wire(Category::Drop, (from, to), &text, Some(why));
            // A dead server's host answers a client's segment with a reset.
            if let (ProcessId::Client(_), ProcessId::Server(_)) = (from, to) {
                if !cut && !self.is_up(to) && lives.0 == self.core(from).incarnation {
                    self.close_connection(to, from);
                }
            }
            return;
        }
        self.record_wire(Category::Deliver, (from, to), &text, None);
        match (from, to, wire) {
            (ProcessId::Server(from), ProcessId::Server(to), Wire::Peer(msg)) => {
                self.step_server(to, Input::Message { from, msg })
            }
            (ProcessId::Client(from), ProcessId::Server(to), Wire::Request(msg)) => {
                self.step_server(to, Input::Client { from, msg })
            }
            (ProcessId::Server(from), ProcessId::Client(to), Wire::Reply(msg)) => {
                self.step_client(to, ClientInput::Message(from, msg))
            }
            _ => {} // no such link
        }
    }

    /// The message is in flight until [`Simulation::land`] takes it off its link.
    fn launch(
        &mut self,
        from: ProcessId,
        to: ProcessId,
        arrives: Micros,
        wire: &Wire,
        text: Rc<str>,
    ) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        let flight = Flight {
            id,
            from,
            to,
            sent: self.now,
            arrives,
            kind: wire.name(),
            class: wire.class(),
            text,
        };
        self.in_flight.insert(flight);
        id
    }

    /// A message's flight ends, delivered or not: it moves to the history.
    pub(super) fn land(&mut self, id: u64, delivered: bool) {
        if let Some(f) = self.in_flight.remove(id) {
            self.history.messages.push(MessageRecord {
                id,
                from: f.from,
                to: f.to,
                sent: f.sent,
                ended: self.now,
                kind: f.kind,
                class: f.class,
                delivered,
            });
        }
    }

    /// `from` closes its connection to `to`: the FIN travels the link like a message and is
    /// lost (to be retransmitted at the heal) if the link is cut.
    pub(super) fn close_connection(&mut self, from: ProcessId, to: ProcessId) {
        self.links.forget(from, to);
        let incarnation = self.core(to).incarnation;
        match self.net.send(&mut self.rng, self.now, from, to) {
            Fate::Arrives(at) => self.push(
                at,
                Event::Closed {
                    from,
                    to,
                    incarnation,
                },
            ),
            _ => {
                self.links.lost_fins.insert((from, to, incarnation));
            }
        }
    }

    /// Both ends of a broken connection learn it is closed: the receiver when the reset
    /// reaches it, the sender at `sender_hears`.
    fn reset(
        &mut self,
        from: ProcessId,
        to: ProcessId,
        sender_hears: Micros,
        receiver_hears: Micros,
    ) {
        self.links.forget(from, to);
        let text = format!(
            "{} -> {} connection broken: a message was lost, reset",
            self.name_of(from),
            self.name_of(to)
        );
        self.trace.record(self.now, Category::Drop, text);
        let (inc_from, inc_to) = (self.core(from).incarnation, self.core(to).incarnation);
        self.push(
            receiver_hears,
            Event::Closed {
                from,
                to,
                incarnation: inc_to,
            },
        );
        self.push(
            sender_hears,
            Event::Closed {
                from: to,
                to: from,
                incarnation: inc_from,
            },
        );
    }

    /// `to` hears that its connection with `from` closed (a FIN or a reset).
    pub(super) fn closed(&mut self, from: ProcessId, to: ProcessId, incarnation: u64) {
        if self.core(to).incarnation != incarnation {
            return;
        }
        match (from, to) {
            (ProcessId::Server(from), ProcessId::Server(to)) => {
                let text = format!("{from} -x {to} connection closed");
                self.trace.record(self.now, Category::Deliver, text);
                self.step_server(to, Input::PeerClosed(from));
            }
            (ProcessId::Client(c), ProcessId::Server(s)) => {
                self.step_server(s, Input::ClientClosed(c))
            }
            (ProcessId::Server(s), ProcessId::Client(c)) => {
                self.step_client(c, ClientInput::ConnectionClosed(s))
            }
            _ => {}
        }
    }

    /// The network healed. A TCP sender keeps retransmitting a lost segment until the peer
    /// acknowledges it; here the stream cannot recover what it lost, so the first
    /// retransmission that crosses a healed link finds the connection broken and resets it:
    /// the receiver learns it when that retransmission arrives, the sender when the reset comes
    /// back, even if neither has anything more to send (a learner waiting for UPTODATE, a
    /// client waiting for the answer that was lost). A FIN the cut swallowed is retransmitted
    /// too: the peer of a process that crashed (or left its role) during the partition hears of
    /// it now rather than at its next timeout.
    pub(super) fn reset_healed_connections(&mut self) {
        let fins: Vec<(ProcessId, ProcessId, u64)> = self
            .links
            .lost_fins
            .iter()
            .copied()
            .filter(|(a, b, _)| !self.net.is_cut(*a, *b))
            .collect();
        for (from, to, incarnation) in fins {
            if self.core(to).incarnation != incarnation {
                self.links.lost_fins.remove(&(from, to, incarnation));
                continue; // the peer restarted since: that connection is gone anyway
            }
            if let Fate::Arrives(at) = self.net.send(&mut self.rng, self.now, from, to) {
                self.links.lost_fins.remove(&(from, to, incarnation));
                let event = Event::Closed {
                    from,
                    to,
                    incarnation,
                };
                self.push(at, event);
            }
        }
        // A connection with a dead end is gone already: the living end hears of the crash by
        // its FIN or its timeout, and a restarted process makes new connections.
        let broken = std::mem::take(&mut self.links.broken);
        self.links.broken = broken
            .into_iter()
            .filter(|(a, b)| self.is_up(*a) && self.is_up(*b))
            .collect();
        let healed: Vec<(ProcessId, ProcessId)> = self
            .links
            .broken
            .iter()
            .copied()
            .filter(|(a, b)| !self.net.is_cut(*a, *b))
            .collect();
        for (from, to) in healed {
            if !self.links.broken.contains(&(from, to)) {
                continue; // the other direction's reset already closed this connection
            }
            let Fate::Arrives(at) = self.net.send(&mut self.rng, self.now, from, to) else {
                continue; // the retransmission was lost too: a later one will find it
            };
            let back = match self.net.send(&mut self.rng, at, to, from) {
                Fate::Arrives(back) => back,
                _ => at,
            };
            self.reset(from, to, back, at);
        }
    }
}
