//! One process slot for every kind of process: what the simulator keeps beside a machine (its
//! life, its clock, its pause, its pending timers), whatever the machine is. Timers are set on
//! the process's own clock, replace one another by kind, are voided by a crash, and move to
//! their new global instant when the clock's rate changes.

use super::clock::Clock;
use super::{Event, Simulation};
use crate::client::{self, Client};
use crate::ids::{ClientId, ProcessId, ServerId};
use crate::recipes::{Program, Purpose};
use crate::server::{self, Durable, Server};
use crate::time::Micros;
use std::collections::BTreeMap;

/// A process: its machine (`N`) and what the simulator keeps beside it.
#[derive(Clone, Debug)]
pub(super) struct Process<N> {
    /// The machine, or what is left of it.
    pub node: N,
    /// Life, clock, pause and timers.
    pub core: Core,
}

/// What every process has, whatever runs in it.
#[derive(Clone, Debug, Default)]
pub(super) struct Core {
    /// Bumped at every crash and restart: messages and timers of an older life are void.
    pub incarnation: u64,
    /// Its local clock (it may drift).
    pub clock: Clock,
    /// Until when a pause holds it (nothing happens to it before).
    pub paused_until: Micros,
    /// Pending timers by kind: at most one of each kind; setting one again replaces it.
    pub timers: BTreeMap<TimerKind, Armed>,
}

impl<N> Process<N> {
    /// A process alive from the first instant.
    pub fn new(node: N) -> Self {
        Process {
            node,
            core: Core {
                incarnation: 1,
                ..Core::default()
            },
        }
    }
}

/// A server process: running, or crashed with only its disk left.
#[derive(Clone, Debug)]
pub(super) enum ServerNode {
    Up(Box<Server>),
    Down(Durable),
}

/// A client process: the client library (gone once the process crashed), the recipe program
/// driving it if any, and what the simulator needs to name what it hears.
#[derive(Clone, Debug)]
pub(super) struct ClientNode {
    pub name: std::rc::Rc<str>,
    pub client: Option<Client>,
    /// Answer tags → the command name they answer (for output lines).
    pub tags: BTreeMap<u64, &'static str>,
    /// The session the client had last (kept after a crash, for `ephemeralOwner` names).
    pub session: u64,
    /// The recipe program the client runs, if any.
    pub program: Option<Program>,
    /// Answer tags of the program's ops → their purposes.
    pub purposes: BTreeMap<u64, Purpose>,
    /// When its current program started.
    pub since: crate::time::Micros,
    /// How many things its application has heard (answers, watch and session events).
    pub heard: usize,
}

/// A timer of any machine, as the simulator carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TimerId {
    Server(server::Timer),
    Client(client::Timer),
    /// A recipe program's timer.
    Program(crate::recipes::Timer),
}

/// What a timer replaces: every machine's timers replace their own kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum TimerKind {
    Server(server::TimerKind),
    Client(client::TimerKind),
    Program(crate::recipes::Timer),
}

impl TimerId {
    fn kind(&self) -> TimerKind {
        match self {
            TimerId::Server(t) => TimerKind::Server(t.kind),
            TimerId::Client(t) => TimerKind::Client(t.kind),
            TimerId::Program(t) => TimerKind::Program(*t),
        }
    }
}

/// A pending timer: its event's key in the queue (whose sequence number is the timer's
/// generation) and its deadline on the process's clock.
#[derive(Clone, Copy, Debug)]
pub(super) struct Armed {
    pub key: (Micros, u64),
    pub deadline: Micros,
    pub timer: TimerId,
}

impl Simulation {
    pub(super) fn server_slot(&self, id: ServerId) -> &Process<ServerNode> {
        &self.servers[id.0 as usize - 1]
    }

    pub(super) fn server_slot_mut(&mut self, id: ServerId) -> &mut Process<ServerNode> {
        &mut self.servers[id.0 as usize - 1]
    }

    pub(super) fn client_slot(&self, c: ClientId) -> &Process<ClientNode> {
        &self.clients[c.0 as usize]
    }

    pub(super) fn client_slot_mut(&mut self, c: ClientId) -> &mut Process<ClientNode> {
        &mut self.clients[c.0 as usize]
    }

    /// True if the simulation has process `p`.
    pub(super) fn exists(&self, p: ProcessId) -> bool {
        match p {
            ProcessId::Server(id) => id.0 >= 1 && (id.0 as usize) <= self.servers.len(),
            ProcessId::Client(c) => (c.0 as usize) < self.clients.len(),
        }
    }

    pub(super) fn core(&self, p: ProcessId) -> &Core {
        match p {
            ProcessId::Server(id) => &self.server_slot(id).core,
            ProcessId::Client(c) => &self.client_slot(c).core,
        }
    }

    pub(super) fn core_mut(&mut self, p: ProcessId) -> &mut Core {
        match p {
            ProcessId::Server(id) => &mut self.server_slot_mut(id).core,
            ProcessId::Client(c) => &mut self.client_slot_mut(c).core,
        }
    }

    /// True while process `p` runs (a server that has not crashed, a client whose process
    /// lives).
    pub(super) fn is_up(&self, p: ProcessId) -> bool {
        match p {
            ProcessId::Server(id) => matches!(self.server_slot(id).node, ServerNode::Up(_)),
            ProcessId::Client(c) => self.client_slot(c).node.client.is_some(),
        }
    }

    /// When a paused process wakes, if it is paused now.
    pub(super) fn paused_until(&self, p: ProcessId) -> Option<Micros> {
        let until = self.core(p).paused_until;
        (until > self.now).then_some(until)
    }

    /// Stop process `p` until `span` from now (a GC pause): what is for it waits.
    pub(super) fn pause(&mut self, p: ProcessId, span: Micros) {
        let now = self.now;
        let core = self.core_mut(p);
        core.paused_until = core.paused_until.max(now + span);
    }

    /// Process `p`'s clock reads now.
    pub(super) fn local_now(&self, p: ProcessId) -> Micros {
        self.core(p).clock.local(self.now)
    }

    /// Set `timer` on process `p`, to fire after `after` of its own clock (replacing a pending
    /// timer of the same kind).
    pub(super) fn set_timer(&mut self, p: ProcessId, timer: TimerId, after: Micros) {
        let now = self.now;
        let core = self.core(p);
        let at = now + core.clock.global_span(after);
        let deadline = core.clock.local(now) + after;
        let incarnation = core.incarnation;
        let kind = timer.kind();
        if let Some(old) = core.timers.get(&kind).map(|a| a.key) {
            self.queue.remove(&old);
        }
        self.seq += 1;
        let key = (at, self.seq);
        let event = Event::Timer {
            process: p,
            timer,
            generation: self.seq,
            incarnation,
        };
        self.queue.insert(key, event);
        let armed = Armed {
            key,
            deadline,
            timer,
        };
        self.core_mut(p).timers.insert(kind, armed);
    }

    /// Cancel every pending timer of process `p`.
    pub(super) fn clear_timers(&mut self, p: ProcessId) {
        self.cancel_timers(p, |_| true);
    }

    /// Cancel the pending timers of process `p` that `which` picks.
    pub(super) fn cancel_timers(&mut self, p: ProcessId, which: impl Fn(&TimerId) -> bool) {
        let core = self.core_mut(p);
        let gone: Vec<TimerKind> = core
            .timers
            .iter()
            .filter(|(_, a)| which(&a.timer))
            .map(|(k, _)| *k)
            .collect();
        for kind in gone {
            if let Some(armed) = self.core_mut(p).timers.remove(&kind) {
                self.queue.remove(&armed.key);
            }
        }
    }

    /// True if a timer event is still the one its process expects (same life, not replaced,
    /// not cancelled); it is then no longer pending.
    pub(super) fn timer_is_current(
        &mut self,
        p: ProcessId,
        timer: TimerId,
        generation: u64,
        incarnation: u64,
    ) -> bool {
        let core = self.core_mut(p);
        if core.incarnation != incarnation {
            return false;
        }
        let kind = timer.kind();
        if core.timers.get(&kind).map(|a| a.key.1) != Some(generation) {
            return false;
        }
        core.timers.remove(&kind);
        true
    }

    /// Change process `p`'s clock rate from now and move its pending timers to the global
    /// instants their local deadlines now fall on.
    pub(super) fn drift(&mut self, p: ProcessId, ppm: i64) {
        let now = self.now;
        let core = self.core_mut(p);
        let local_now = core.clock.local(now);
        core.clock.set_drift(now, ppm);
        let pending: Vec<Armed> = core.timers.values().copied().collect();
        for armed in pending {
            let after = armed.deadline.saturating_sub(local_now);
            self.set_timer(p, armed.timer, after);
        }
    }
}
