//! Client processes in the simulator: adding one, stepping the client library, carrying out its
//! effects in order, crashing it, and the log of what each application heard (answers, watch
//! events, session events).

use super::links::Wire;
use super::process::{ClientNode, Process, TimerId};
use super::Simulation;
use crate::client::{self, Client, ClientEvent, ClientInput, ClientOut, Effect};
use crate::ids::{ClientId, ProcessId, ServerId};
use crate::observe::chunked::Chunked;
use crate::observe::ops::{OpKind, OpRecord};
use crate::observe::trace::Category;
use crate::proto::ClientOp;
use std::collections::BTreeMap;

/// One thing a client's application heard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientLine {
    /// When.
    pub time: crate::time::Micros,
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
        self.clients.push(Process::new(ClientNode {
            name: name.into(),
            client: Some(client),
            tags: BTreeMap::new(),
            session: 0,
            program: None,
            purposes: BTreeMap::new(),
            since: 0,
            heard: 0,
        }));
        self.client_effects(id, out);
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
        let Some(slot) = self.clients.get_mut(c.0 as usize) else {
            return;
        };
        slot.node.tags.insert(tag, cmd);
        let program = slot.node.purposes.contains_key(&tag);
        let at = self.ops.push(OpRecord {
            client: c,
            tag,
            cmd,
            kind: OpKind::of(&op),
            invoked: self.now,
            answered: None,
            outcome: None,
            server: None,
            program,
        });
        self.open_ops.insert(tag, at);
        self.step_client(c, ClientInput::Submit { tag, op });
    }

    /// A client process dies: its connection closes; its session is left to expire.
    pub(super) fn crash_client(&mut self, c: ClientId) {
        let p = ProcessId::Client(c);
        let Some(slot) = self.clients.get_mut(c.0 as usize) else {
            return;
        };
        let Some(client) = slot.node.client.take() else {
            return;
        };
        slot.core.incarnation += 1;
        let text = format!("{} DOWN", slot.node.name);
        self.clear_timers(p);
        self.trace.record(self.now, Category::Role, text);
        self.program_dies(c);
        self.links.forget_all_of(p);
        if let Some(server) = client.server() {
            self.close_connection(p, ProcessId::Server(server));
        }
    }

    /// Run one input through client `c`'s library.
    pub(super) fn step_client(&mut self, c: ClientId, input: ClientInput) {
        let mut out = ClientOut::default();
        let Some(slot) = self.clients.get_mut(c.0 as usize) else {
            return;
        };
        let Some(client) = slot.node.client.as_mut() else {
            return;
        };
        client.step(input, &mut out);
        slot.node.session = client.session();
        self.client_effects(c, out);
    }

    pub(super) fn fire_client_timer(&mut self, c: ClientId, timer: client::Timer) {
        self.step_client(c, ClientInput::Timer(timer));
    }

    /// Carry out what a client library asked for, in order.
    fn client_effects(&mut self, c: ClientId, out: ClientOut) {
        let me = ProcessId::Client(c);
        for effect in out {
            match effect {
                Effect::Send(server, msg) => {
                    self.send(me, ProcessId::Server(server), Wire::Request(msg))
                }
                Effect::SetTimer(timer, after) => self.set_timer(me, TimerId::Client(timer), after),
                Effect::Close(server) => self.close_connection(me, ProcessId::Server(server)),
                Effect::Tell(event) => self.hear(c, event),
            }
        }
    }

    /// Client `c`'s application hears `event`: log it, and give it to its program.
    fn hear(&mut self, c: ClientId, event: ClientEvent) {
        // an answer comes once: its tag's command name is not needed after it
        let node = &mut self.client_slot_mut(c).node;
        let (cmd, program) = match &event {
            ClientEvent::Answer { tag, .. } => {
                (node.tags.remove(tag), node.purposes.contains_key(tag))
            }
            _ => (None, false),
        };
        let node = &self.client_slot(c).node;
        let text = match &event {
            ClientEvent::Answer { outcome, .. } => {
                format!("{} gets {} {outcome}", node.name, cmd.unwrap_or("?"))
            }
            ClientEvent::Watch(ev) => format!("{} hears {} {}", node.name, ev.kind.name(), ev.path),
            ClientEvent::Session(ev) => format!("{} hears {}", node.name, ev.name()),
        };
        self.trace.record(self.now, Category::Client, text);
        if let ClientEvent::Answer { tag, outcome } = &event {
            if let Some(i) = self.open_ops.remove(tag) {
                let server = self.client(c).and_then(Client::server);
                if let Some(r) = self.ops.get_mut(i) {
                    r.answered = Some(self.now);
                    r.outcome = Some(outcome.clone());
                    r.server = server;
                }
            }
        }
        self.client_slot_mut(c).node.heard += 1;
        self.client_log.push(ClientLine {
            time: self.now,
            client: c,
            cmd,
            event: event.clone(),
            program,
        });
        self.program_hears(c, &event);
    }

    pub(super) fn client_paused(&self, c: ClientId) -> Option<crate::time::Micros> {
        self.paused_until(ProcessId::Client(c))
    }

    /// The clients connected (or connecting) to `server`.
    pub(super) fn clients_of(&self, server: ServerId) -> Vec<ClientId> {
        self.clients
            .iter()
            .enumerate()
            .filter(|(_, s)| s.node.client.as_ref().and_then(|c| c.server()) == Some(server))
            .map(|(i, _)| ClientId(i as u16))
            .collect()
    }

    // ---- read-only views ----

    /// A running client.
    pub fn client(&self, c: ClientId) -> Option<&Client> {
        self.clients.get(c.0 as usize)?.node.client.as_ref()
    }

    /// A client's name.
    pub fn client_name(&self, c: ClientId) -> &str {
        &self.client_slot(c).node.name
    }

    /// How many things client `c`'s application has heard so far: answers, watch and session
    /// events (what its transcript is made of; it changes exactly when the transcript grows).
    pub fn client_heard(&self, c: ClientId) -> usize {
        self.client_slot(c).node.heard
    }

    /// Every client id, in order.
    pub fn client_ids(&self) -> impl Iterator<Item = ClientId> {
        (0..self.clients.len()).map(|i| ClientId(i as u16))
    }

    /// The name of the client whose session is `session` (for `ephemeralOwner`).
    pub fn session_owner(&self, session: u64) -> Option<String> {
        self.clients
            .iter()
            .find(|s| s.node.session == session && session != 0)
            .map(|s| s.node.name.to_string())
    }

    /// Every operation every client's application asked for, in the order asked, with its
    /// answer once it came.
    pub fn client_ops(&self) -> &Chunked<OpRecord> {
        &self.ops
    }

    /// How many client operations still wait for their answer (those a long run forgot aside).
    pub fn open_op_count(&self) -> usize {
        self.open_ops.len()
    }

    /// Everything every client's application heard, in time order.
    pub fn client_lines(&self) -> &Chunked<ClientLine> {
        &self.client_log
    }
}
