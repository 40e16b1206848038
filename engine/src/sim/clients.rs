//! Client processes in the simulator: their slots, their traffic to and from servers, their
//! timers, and the log of what each application heard (answers, watch events, session events).

use super::{Clock, Event, Simulation};
use crate::client::{Client, ClientEvent, ClientInput, ClientOut, ClientTimer};
use crate::ids::{ClientId, ProcessId, ServerId};
use crate::observe::trace::Category;
use crate::observe::FlightClass;
use crate::proto::{ClientOp, ToClient, ToServer};
use crate::recipes::Program;
use crate::server::Input;
use crate::sim::net::Fate;
use crate::time::Micros;
use std::collections::BTreeMap;

/// A client process: running, or crashed.
#[derive(Clone, Debug)]
pub(super) struct ClientSlot {
    pub name: String,
    pub proc: Option<Client>,
    pub incarnation: u64,
    pub clock: Clock,
    pub paused_until: Micros,
    timers: BTreeMap<ClientTimer, (Micros, u64)>,
    /// Answer tags → the command name they answer (for output lines).
    tags: BTreeMap<u64, &'static str>,
    /// The session the client had last (kept after a crash, for `ephemeralOwner` names).
    pub session: u64,
    /// The recipe program the client runs, if any.
    pub program: Option<Program>,
    /// Answer tags of the program's ops → their purposes.
    pub purposes: BTreeMap<u64, u64>,
}

/// One thing a client's application heard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientLine {
    /// When.
    pub time: Micros,
    /// Which client.
    pub client: ClientId,
    /// The command it answers (`None` for watch and session events).
    pub cmd: Option<&'static str>,
    /// What was heard.
    pub event: ClientEvent,
    /// True for the answer to an operation of the client's recipe program (not a command of
    /// the scenario or the user).
    pub program: bool,
}

impl Simulation {
    /// Add a client named `name` that connects now, trying `servers` in order, asking for a
    /// `timeout_ms` session.
    pub fn add_client(&mut self, name: &str, servers: Vec<ServerId>, timeout_ms: u64) -> ClientId {
        let id = ClientId(self.clients.len() as u16);
        let seed = self.rng.next_u64();
        let mut out = ClientOut::default();
        let client = Client::new(servers, timeout_ms, seed, &mut out);
        self.clients.push(ClientSlot {
            name: name.to_string(),
            proc: Some(client),
            incarnation: 1,
            clock: Clock::default(),
            paused_until: 0,
            timers: BTreeMap::new(),
            tags: BTreeMap::new(),
            session: 0,
            program: None,
            purposes: BTreeMap::new(),
        });
        self.handle_client_out(id, out);
        id
    }

    /// The application of client `c` issues `op` (answered as command `cmd`); returns the tag
    /// its answer will carry.
    pub fn client_submit(&mut self, c: ClientId, cmd: &'static str, op: ClientOp) -> u64 {
        self.next_tag += 1;
        let tag = self.next_tag;
        self.submit_tagged(c, tag, cmd, op);
        tag
    }

    /// Submit `op` under a tag already chosen.
    pub(super) fn submit_tagged(&mut self, c: ClientId, tag: u64, cmd: &'static str, op: ClientOp) {
        if let Some(slot) = self.clients.get_mut(c.0 as usize) {
            slot.tags.insert(tag, cmd);
        }
        self.step_client(c, ClientInput::Submit { tag, op });
    }

    /// A client process dies: its connection closes; its session is left to expire.
    pub(super) fn crash_client(&mut self, c: ClientId) {
        let Some(slot) = self.clients.get_mut(c.0 as usize) else {
            return;
        };
        let Some(client) = slot.proc.take() else {
            return;
        };
        slot.incarnation += 1;
        slot.timers.clear();
        let text = format!("{} DOWN", slot.name);
        self.trace.record(self.now, Category::Role, text);
        self.program_dies(c);
        self.forget_client_links_of(ProcessId::Client(c));
        if let Some(server) = client.server() {
            self.client_closes(c, server);
        }
    }

    pub(super) fn client_paused(&self, c: ClientId) -> Option<Micros> {
        self.paused_until(ProcessId::Client(c))
    }

    fn step_client(&mut self, c: ClientId, input: ClientInput) {
        let mut out = ClientOut::default();
        let Some(slot) = self.clients.get_mut(c.0 as usize) else {
            return;
        };
        let Some(client) = slot.proc.as_mut() else {
            return;
        };
        client.step(input, &mut out);
        slot.session = client.session();
        self.handle_client_out(c, out);
    }

    fn handle_client_out(&mut self, c: ClientId, out: ClientOut) {
        for server in out.close {
            self.client_closes(c, server);
        }
        for (server, msg) in out.sends {
            self.send_to_server(c, server, msg);
        }
        for (kind, generation, after) in out.timers {
            self.set_client_timer(c, kind, generation, after);
        }
        let now = self.now;
        for event in out.events {
            let slot = &self.clients[c.0 as usize];
            let (cmd, program) = match &event {
                ClientEvent::Answer { tag, .. } => {
                    (slot.tags.get(tag).copied(), slot.purposes.contains_key(tag))
                }
                _ => (None, false),
            };
            let text = format!("{} hears {event:?}", slot.name);
            self.trace.record(now, Category::Client, text);
            self.client_log.push(ClientLine {
                time: now,
                client: c,
                cmd,
                event: event.clone(),
                program,
            });
            self.program_hears(c, &event);
        }
    }

    fn set_client_timer(&mut self, c: ClientId, kind: ClientTimer, generation: u64, after: Micros) {
        let now = self.now;
        let slot = &self.clients[c.0 as usize];
        let at = now + slot.clock.global_span(after);
        let incarnation = slot.incarnation;
        if let Some(old) = slot.timers.get(&kind).copied() {
            self.queue.remove(&old);
        }
        self.seq += 1;
        let key = (at, self.seq);
        self.queue.insert(
            key,
            Event::ClientTimer {
                client: c,
                kind,
                generation,
                incarnation,
            },
        );
        self.clients[c.0 as usize].timers.insert(kind, key);
    }

    pub(super) fn fire_client_timer(
        &mut self,
        c: ClientId,
        kind: ClientTimer,
        generation: u64,
        incarnation: u64,
    ) {
        if self.clients[c.0 as usize].incarnation != incarnation {
            return;
        }
        self.clients[c.0 as usize].timers.remove(&kind);
        self.step_client(c, ClientInput::Timer(kind, generation));
    }

    fn send_to_server(&mut self, c: ClientId, server: ServerId, msg: ToServer) {
        let (a, b) = (ProcessId::Client(c), ProcessId::Server(server));
        let name = self.clients[c.0 as usize].name.clone();
        let text = format!("{name} -> {server} {}", msg.describe());
        let kind = (msg.name(), FlightClass::of_request(&msg));
        let Some((id, at)) = self.put_on_client_link((a, b), text, kind, msg.describe()) else {
            return;
        };
        let lives = (
            self.clients[c.0 as usize].incarnation,
            self.slot(server).incarnation,
        );
        let event = Event::ToServer {
            id,
            from: c,
            to: server,
            lives,
            msg,
        };
        self.push(at, event);
    }

    pub(super) fn send_to_client(&mut self, server: ServerId, c: ClientId, msg: ToClient) {
        if c.0 as usize >= self.clients.len() {
            return;
        }
        let (a, b) = (ProcessId::Server(server), ProcessId::Client(c));
        let name = self.clients[c.0 as usize].name.clone();
        let text = format!("{server} -> {name} {}", msg.describe());
        let kind = (msg.name(), FlightClass::of_answer(&msg));
        let Some((id, at)) = self.put_on_client_link((a, b), text, kind, msg.describe()) else {
            return;
        };
        let lives = (
            self.slot(server).incarnation,
            self.clients[c.0 as usize].incarnation,
        );
        let event = Event::ToClient {
            id,
            from: server,
            to: c,
            lives,
            msg,
        };
        self.push(at, event);
    }

    /// Send one message on a client link: lost (the connection breaks), refused by a connection
    /// an earlier loss broke, or on its way; then its id for views and when it arrives.
    fn put_on_client_link(
        &mut self,
        (a, b): (ProcessId, ProcessId),
        text: String,
        kind: (&'static str, FlightClass),
        describe: String,
    ) -> Option<(u64, Micros)> {
        match self.net.send(&mut self.rng, self.now, a, b) {
            Fate::Arrives(at) if self.client_link_breaks_on_send(a, b, at, &text) => None,
            Fate::Arrives(at) => {
                self.trace.record(self.now, Category::Send, text);
                Some((self.launch((a, b), at, kind, describe), at))
            }
            _ => {
                self.client_link_lost(a, b);
                self.trace.record(self.now, Category::Drop, text);
                None
            }
        }
    }

    pub(super) fn deliver_to_server(
        &mut self,
        id: u64,
        from: ClientId,
        to: ServerId,
        lives: (u64, u64),
        msg: ToServer,
    ) {
        let alive = lives
            == (
                self.clients[from.0 as usize].incarnation,
                self.slot(to).incarnation,
            );
        let name = self.clients[from.0 as usize].name.clone();
        let text = format!("{name} -> {to} {}", msg.describe());
        let cut = self
            .net
            .is_cut(ProcessId::Client(from), ProcessId::Server(to));
        self.land(id, alive && !cut);
        if alive && cut {
            self.client_link_lost(ProcessId::Client(from), ProcessId::Server(to));
        }
        if !alive || cut {
            self.trace.record(self.now, Category::Drop, text);
            // A dead server's host answers with a reset: the client hears it one latency later.
            let server_down = matches!(self.slot(to).proc, super::Proc::Down(_));
            if server_down && !cut && lives.0 == self.clients[from.0 as usize].incarnation {
                self.server_closes(to, from);
            }
            return;
        }
        self.trace.record(self.now, Category::Deliver, text);
        self.step_server(to, Input::Client { from, msg });
    }

    pub(super) fn deliver_to_client(
        &mut self,
        id: u64,
        from: ServerId,
        to: ClientId,
        lives: (u64, u64),
        msg: ToClient,
    ) {
        let alive = lives
            == (
                self.slot(from).incarnation,
                self.clients[to.0 as usize].incarnation,
            );
        let name = self.clients[to.0 as usize].name.clone();
        let text = format!("{from} -> {name} {}", msg.describe());
        let cut = self
            .net
            .is_cut(ProcessId::Server(from), ProcessId::Client(to));
        self.land(id, alive && !cut);
        if alive && cut {
            self.client_link_lost(ProcessId::Server(from), ProcessId::Client(to));
        }
        if !alive || cut {
            return self.trace.record(self.now, Category::Drop, text);
        }
        self.trace.record(self.now, Category::Deliver, text);
        self.step_client(to, ClientInput::Message(from, msg));
    }

    /// A client closes its connection to a server: the server hears the FIN one latency later.
    pub(super) fn client_closes(&mut self, c: ClientId, server: ServerId) {
        self.forget_client_link(c, server);
        let (a, b) = (ProcessId::Client(c), ProcessId::Server(server));
        if let Fate::Arrives(at) = self.net.send(&mut self.rng, self.now, a, b) {
            let incarnation = self.slot(server).incarnation;
            self.push(
                at,
                Event::ServerHearsClose {
                    client: c,
                    server,
                    incarnation,
                },
            );
        }
    }

    /// A server's connection to a client closed (the server died): the client hears the FIN.
    pub(super) fn server_closes(&mut self, server: ServerId, c: ClientId) {
        self.forget_client_link(c, server);
        let (a, b) = (ProcessId::Server(server), ProcessId::Client(c));
        if let Fate::Arrives(at) = self.net.send(&mut self.rng, self.now, a, b) {
            let incarnation = self.clients[c.0 as usize].incarnation;
            self.push(
                at,
                Event::ClientHearsClose {
                    server,
                    client: c,
                    incarnation,
                },
            );
        }
    }

    pub(super) fn server_hears_close(&mut self, c: ClientId, server: ServerId, inc: u64) {
        if self.slot(server).incarnation != inc {
            return;
        }
        self.step_server(server, Input::ClientClosed(c));
    }

    pub(super) fn client_hears_close(&mut self, server: ServerId, c: ClientId, inc: u64) {
        if self.clients[c.0 as usize].incarnation != inc {
            return;
        }
        self.step_client(c, ClientInput::ConnectionClosed(server));
    }

    /// The clients connected (or connecting) to `server`.
    pub(super) fn clients_of(&self, server: ServerId) -> Vec<ClientId> {
        self.clients
            .iter()
            .enumerate()
            .filter(|(_, s)| s.proc.as_ref().and_then(|c| c.server()) == Some(server))
            .map(|(i, _)| ClientId(i as u16))
            .collect()
    }

    // ---- read-only views ----

    /// A running client.
    pub fn client(&self, c: ClientId) -> Option<&Client> {
        self.clients.get(c.0 as usize)?.proc.as_ref()
    }

    /// A client's name.
    pub fn client_name(&self, c: ClientId) -> &str {
        &self.clients[c.0 as usize].name
    }

    /// Every client id, in order.
    pub fn client_ids(&self) -> impl Iterator<Item = ClientId> {
        (0..self.clients.len()).map(|i| ClientId(i as u16))
    }

    /// The name of the client whose session is `session` (for `ephemeralOwner`).
    pub fn session_owner(&self, session: u64) -> Option<String> {
        self.clients
            .iter()
            .find(|s| s.session == session && session != 0)
            .map(|s| s.name.clone())
    }

    /// Everything every client's application heard, in time order.
    pub fn client_lines(&self) -> &[ClientLine] {
        &self.client_log
    }
}
