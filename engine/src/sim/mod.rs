//! The simulator: virtual time, one event queue, one PRNG, the network, and the processes.
//!
//! It is the only thing that delivers messages and fires timers. Events at the same instant are
//! ordered by the sequence number they were scheduled with, so a run is a pure function of
//! (configuration, seed, faults).

pub mod chaos;
mod client_links;
mod clients;
mod clock;
pub mod fault;
pub mod net;

mod inspect;
mod programs;
mod quorum_links;
mod tamper;
pub mod timeline;

use crate::client::ClientTimer;
use crate::ids::{ClientId, ProcessId, ServerId};
use crate::observe::check::{Checker, Violation};
use crate::observe::history::{History, MarkerKind};
use crate::observe::trace::{Category, Trace};
use crate::observe::{Flight, FlightClass, MessageRecord};
use crate::proto::{ToClient, ToServer};
use crate::rng::Rng;
use crate::server::durable::Durable;
use crate::server::msg::Msg;
use crate::server::{Config, Input, Note, Out, Server, Timer, TimerKind};
use crate::sim::net::{Fate, Network};
use crate::time::{ms, Micros};
pub use clients::ClientLine;
use clients::ClientSlot;
pub use clock::Clock;
pub use fault::{Fault, Target};
pub use programs::{ProgramNote, ResourceLine};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Everything that fixes a simulation before any fault is injected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimConfig {
    /// The PRNG seed.
    pub seed: u64,
    /// The ensemble.
    pub ensemble: Config,
    /// Smallest one-way link latency.
    pub latency_min: Micros,
    /// Largest one-way link latency.
    pub latency_max: Micros,
    /// Message loss, parts per million.
    pub loss_ppm: u32,
}

impl SimConfig {
    /// `servers` voters with ZooKeeper's sample timing and 5–15 ms links.
    pub fn new(servers: u8, seed: u64) -> Self {
        SimConfig {
            seed,
            ensemble: Config::new(servers, 0),
            latency_min: ms(5),
            latency_max: ms(15),
            loss_ppm: 0,
        }
    }
}

/// A server process: running, or crashed with only its disk left.
#[derive(Clone, Debug)]
enum Proc {
    Up(Box<Server>),
    Down(Durable),
}

#[derive(Clone, Debug)]
struct Slot {
    proc: Proc,
    /// Bumped at every crash and restart: messages and timers of an older life are void.
    incarnation: u64,
    clock: Clock,
    paused_until: Micros,
    /// Pending timers: their key in the event queue (whose sequence number is the timer's
    /// generation) and local deadline. Re-setting a timer removes its old event.
    timers: BTreeMap<TimerKind, ((Micros, u64), Micros, Timer)>,
}

#[derive(Clone, Debug)]
enum Event {
    Deliver {
        id: u64,
        from: ServerId,
        to: ServerId,
        lives: (u64, u64),
        msg: Msg,
    },
    Timer {
        server: ServerId,
        timer: Timer,
        generation: u64,
        incarnation: u64,
    },
    Fault(Fault),
    ToServer {
        id: u64,
        from: ClientId,
        to: ServerId,
        lives: (u64, u64),
        msg: ToServer,
    },
    ToClient {
        id: u64,
        from: ServerId,
        to: ClientId,
        lives: (u64, u64),
        msg: ToClient,
    },
    ClientTimer {
        client: ClientId,
        kind: ClientTimer,
        generation: u64,
        incarnation: u64,
    },
    ServerHearsClose {
        client: ClientId,
        server: ServerId,
        incarnation: u64,
    },
    ClientHearsClose {
        server: ServerId,
        client: ClientId,
        incarnation: u64,
    },
    /// A recipe program's timer.
    ProgramTimer {
        client: ClientId,
        id: u64,
        incarnation: u64,
    },
    /// A crashed process's TCP connection to `to` closes (FIN/RST reaches the peer).
    Closed {
        from: ServerId,
        to: ServerId,
        incarnation: u64,
    },
}

impl Event {
    /// The process the event happens to (faults act on the world, not on one process).
    fn target(&self) -> Option<ProcessId> {
        match self {
            Event::Deliver { to, .. } | Event::Closed { to, .. } | Event::ToServer { to, .. } => {
                Some(ProcessId::Server(*to))
            }
            Event::Timer { server, .. } | Event::ServerHearsClose { server, .. } => {
                Some(ProcessId::Server(*server))
            }
            Event::ToClient { to, .. } => Some(ProcessId::Client(*to)),
            Event::ClientTimer { client, .. }
            | Event::ClientHearsClose { client, .. }
            | Event::ProgramTimer { client, .. } => Some(ProcessId::Client(*client)),
            Event::Fault(_) => None,
        }
    }
}

/// A running simulation. Cloning it is a checkpoint.
#[derive(Clone, Debug)]
pub struct Simulation {
    cfg: Arc<Config>,
    now: Micros,
    seq: u64,
    queue: BTreeMap<(Micros, u64), Event>,
    rng: Rng,
    net: Network,
    slots: Vec<Slot>,
    trace: Trace,
    checker: Checker,
    next_id: u64,
    in_flight: BTreeMap<u64, Flight>,
    write_tag: u64,
    seed: u64,
    /// Quorum (Zab) connections that lost a message: a TCP stream cannot skip a message, so
    /// the connection is dead, and both ends learn it when the link is next used.
    broken: BTreeSet<(ServerId, ServerId)>,
    /// FINs of closed quorum connections that a cut swallowed: (from, to, to's incarnation).
    /// TCP retransmits a FIN like data, so the peer hears of the close once the cut heals.
    lost_fins: BTreeSet<(ServerId, ServerId, u64)>,
    /// Directed client links (client → server or server → client) whose connection lost a
    /// message; see `client_links`.
    broken_client_links: BTreeSet<(ProcessId, ProcessId)>,
    clients: Vec<ClientSlot>,
    client_log: Vec<ClientLine>,
    next_tag: u64,
    recipes: programs::Recipes,
    history: History,
}

impl Simulation {
    /// A simulation of `cfg` at time zero, every server booting.
    pub fn new(cfg: SimConfig) -> Self {
        let ensemble = Arc::new(cfg.ensemble);
        let slots = ensemble
            .all()
            .map(|_| Slot {
                proc: Proc::Down(Durable::default()),
                incarnation: 0,
                clock: Clock::default(),
                paused_until: 0,
                timers: BTreeMap::new(),
            })
            .collect();
        let mut sim = Simulation {
            cfg: ensemble.clone(),
            now: 0,
            seq: 0,
            queue: BTreeMap::new(),
            rng: Rng::new(cfg.seed),
            net: Network::new(cfg.latency_min, cfg.latency_max, cfg.loss_ppm),
            slots,
            trace: Trace::default(),
            checker: Checker::default(),
            next_id: 0,
            in_flight: BTreeMap::new(),
            write_tag: 0,
            seed: cfg.seed,
            broken: BTreeSet::new(),
            lost_fins: BTreeSet::new(),
            broken_client_links: BTreeSet::new(),
            clients: Vec::new(),
            client_log: Vec::new(),
            next_tag: 0,
            recipes: programs::Recipes::default(),
            history: History::default(),
        };
        for slot in &mut sim.slots {
            slot.incarnation = 1; // everyone is alive from the first instant
        }
        for id in ensemble.all() {
            sim.start(id);
        }
        sim
    }

    /// An ensemble of `servers` voters with default settings and seed 1.
    pub fn with_servers(servers: u8) -> Self {
        Simulation::new(SimConfig::new(servers, 1))
    }

    /// The current simulated time.
    pub fn now(&self) -> Micros {
        self.now
    }

    /// The seed the run started from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The ensemble's configuration.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Schedule a fault (or write) at simulated time `at` (now, if `at` is in the past).
    pub fn schedule(&mut self, at: Micros, fault: Fault) {
        self.push(at.max(self.now), Event::Fault(fault));
    }

    /// Simulate every event up to and including `time`, then set the clock to `time`.
    pub fn run_until(&mut self, time: Micros) {
        while let Some((&(at, _), _)) = self.queue.first_key_value() {
            if at > time {
                break;
            }
            self.step();
        }
        self.now = self.now.max(time);
    }

    /// Process the next event, whenever it is. Returns false if nothing is left to do.
    pub fn step(&mut self) -> bool {
        let Some(((at, _), event)) = self.queue.pop_first() else {
            return false;
        };
        self.now = at;
        // A paused process does nothing: whatever is for it waits until it wakes, in order.
        if let Some(until) = event.target().and_then(|p| self.paused_until(p)) {
            self.push(until, event);
            return true;
        }
        match event {
            Event::Deliver {
                id,
                from,
                to,
                lives,
                msg,
            } => self.deliver(id, from, to, lives, msg),
            Event::Timer {
                server,
                timer,
                generation,
                incarnation,
            } => self.fire(server, timer, generation, incarnation),
            Event::Fault(f) => self.apply_fault(f),
            Event::Closed {
                from,
                to,
                incarnation,
            } => self.closed(from, to, incarnation),
            Event::ToServer {
                id,
                from,
                to,
                lives,
                msg,
            } => self.deliver_to_server(id, from, to, lives, msg),
            Event::ToClient {
                id,
                from,
                to,
                lives,
                msg,
            } => self.deliver_to_client(id, from, to, lives, msg),
            Event::ClientTimer {
                client,
                kind,
                generation,
                incarnation,
            } => self.fire_client_timer(client, kind, generation, incarnation),
            Event::ServerHearsClose {
                client,
                server,
                incarnation,
            } => self.server_hears_close(client, server, incarnation),
            Event::ClientHearsClose {
                server,
                client,
                incarnation,
            } => self.client_hears_close(server, client, incarnation),
            Event::ProgramTimer {
                client,
                id,
                incarnation,
            } => self.fire_program_timer(client, id, incarnation),
        }
        true
    }

    /// Forget every fault and action scheduled after now (for [`timeline::Timeline::fork`]).
    pub fn drop_future_faults(&mut self) {
        self.drop_faults_after(self.now);
    }

    /// Forget every fault and action scheduled after `t`.
    pub fn drop_faults_after(&mut self, t: Micros) {
        self.queue
            .retain(|(at, _), e| !(matches!(e, Event::Fault(_)) && *at > t));
    }

    /// True while a message between a client and a server is on its way.
    pub fn client_traffic_in_flight(&self) -> bool {
        self.queue.values().any(|e| {
            matches!(
                e,
                Event::ToServer { .. } | Event::ToClient { .. } | Event::Deliver { .. }
            ) && !matches!(e, Event::Deliver { msg, .. } if matches!(msg, Msg::Ping | Msg::PingReply { .. }))
        })
    }

    /// The time of the next event, if any.
    pub fn next_event_time(&self) -> Option<Micros> {
        self.queue.first_key_value().map(|(&(t, _), _)| t)
    }

    fn push(&mut self, at: Micros, event: Event) {
        self.seq += 1;
        self.queue.insert((at, self.seq), event);
    }

    fn slot(&self, id: ServerId) -> &Slot {
        &self.slots[id.0 as usize - 1]
    }

    fn slot_mut(&mut self, id: ServerId) -> &mut Slot {
        &mut self.slots[id.0 as usize - 1]
    }

    fn is_paused(&self, id: ServerId) -> Option<Micros> {
        self.paused_until(ProcessId::Server(id))
    }

    /// When a paused process wakes, if it is paused now.
    fn paused_until(&self, p: ProcessId) -> Option<Micros> {
        let until = match p {
            ProcessId::Server(id) => self.slot(id).paused_until,
            ProcessId::Client(c) => self.clients[c.0 as usize].paused_until,
        };
        (until > self.now).then_some(until)
    }

    /// Put a message on its link: it is in flight until [`Simulation::land`] takes it off.
    fn launch(
        &mut self,
        (from, to): (ProcessId, ProcessId),
        arrives: Micros,
        (kind, class): (&'static str, FlightClass),
        text: String,
    ) -> u64 {
        self.next_id += 1;
        let id = self.next_id;
        let flight = Flight {
            id,
            from,
            to,
            sent: self.now,
            arrives,
            kind,
            class,
            text,
        };
        self.in_flight.insert(id, flight);
        id
    }

    /// A message's flight ends, delivered or not: it moves to the history.
    fn land(&mut self, id: u64, delivered: bool) {
        if let Some(f) = self.in_flight.remove(&id) {
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

    fn deliver(&mut self, id: u64, from: ServerId, to: ServerId, lives: (u64, u64), msg: Msg) {
        let alive = lives == (self.slot(from).incarnation, self.slot(to).incarnation)
            && matches!(self.slot(to).proc, Proc::Up(_));
        let cut = self
            .net
            .is_cut(ProcessId::Server(from), ProcessId::Server(to));
        if !alive || cut {
            let why = if cut { "cut" } else { "connection gone" };
            if cut && msg.is_quorum() {
                self.broken.insert((from, to));
            }
            let text = format!("{from} -> {to} {} ({why})", msg.describe());
            self.land(id, false);
            return self.trace.record(self.now, Category::Drop, text);
        }
        self.land(id, true);
        let text = format!("{from} -> {to} {}", msg.describe());
        self.trace.record(self.now, Category::Deliver, text);
        self.step_server(to, Input::Message { from, msg });
    }

    fn fire(&mut self, id: ServerId, timer: Timer, generation: u64, incarnation: u64) {
        let slot = self.slot(id);
        let current = slot.timers.get(&timer.kind).map(|t| t.0 .1);
        if slot.incarnation != incarnation || current != Some(generation) {
            return; // replaced, cancelled by a crash, or rescheduled by a drift change
        }
        self.slot_mut(id).timers.remove(&timer.kind);
        let text = format!("{id} {:?}", timer.kind);
        self.trace.record(self.now, Category::Timer, text);
        self.step_server(id, Input::Timer(timer));
    }

    fn step_server(&mut self, id: ServerId, input: Input) {
        let local = self.slot(id).clock.local(self.now);
        let mut out = Out::default();
        if let Proc::Up(server) = &mut self.slot_mut(id).proc {
            server.step(local, input, &mut out);
        }
        self.handle_out(id, out);
    }

    /// Restart a crashed server: a new life, then boot.
    fn boot(&mut self, id: ServerId) {
        self.slot_mut(id).incarnation += 1;
        self.start(id);
    }

    fn start(&mut self, id: ServerId) {
        let local = self.slot(id).clock.local(self.now);
        let durable = match &self.slot(id).proc {
            Proc::Down(d) => d.clone(),
            Proc::Up(_) => return,
        };
        let mut out = Out::default();
        let server = Server::boot(id, self.cfg.clone(), durable, local, &mut out);
        self.checker
            .reset_server(id, server.committed(), server.durable().last_zxid());
        self.slot_mut(id).proc = Proc::Up(Box::new(server));
        self.handle_out(id, out);
    }

    fn crash(&mut self, id: ServerId) {
        let slot = self.slot_mut(id);
        let Proc::Up(server) = &slot.proc else { return };
        slot.proc = Proc::Down(server.durable().clone());
        slot.incarnation += 1;
        slot.paused_until = 0;
        self.clear_timers(id);
        // Its connections die with it: whatever they lost no longer matters.
        self.broken.retain(|(a, b)| *a != id && *b != id);
        self.forget_client_links_of(ProcessId::Server(id));
        self.trace
            .record(self.now, Category::Role, format!("{id} DOWN"));
        self.history
            .mark(self.now, MarkerKind::Crash, format!("{id} crashes"));
        // The OS closes the dead process's sockets: peers hear of it one latency later, unless
        // the link is cut (then they find out by timeout, as after a machine failure).
        let peers: Vec<ServerId> = self.cfg.all().filter(|p| *p != id).collect();
        for to in peers {
            self.close_connection(id, to);
        }
        for c in self.clients_of(id) {
            self.server_closes(id, c);
        }
    }

    /// Carry out what a server asked for, and record and check what it did.
    fn handle_out(&mut self, id: ServerId, out: Out) {
        for to in out.close {
            self.close_connection(id, to);
        }
        for (to, msg) in out.sends {
            self.send(id, to, msg);
        }
        for (to, msg) in out.to_clients {
            self.send_to_client(id, to, msg);
        }
        if out.cancel_timers {
            self.clear_timers(id);
        }
        let local = self.slot(id).clock.local(self.now);
        for (timer, after) in out.timers {
            self.set_timer(id, timer, local + after, after);
        }
        for note in out.notes {
            self.note(id, note);
        }
    }

    fn send(&mut self, from: ServerId, to: ServerId, msg: Msg) {
        let fate = self.net.send(
            &mut self.rng,
            self.now,
            ProcessId::Server(from),
            ProcessId::Server(to),
        );
        let text = format!("{from} -> {to} {}", msg.describe());
        if msg.is_quorum() && !matches!(fate, Fate::Arrives(_)) {
            self.broken.insert((from, to));
        }
        match fate {
            Fate::Cut => self.trace.record(self.now, Category::Drop, text + " (cut)"),
            Fate::Lost => self
                .trace
                .record(self.now, Category::Drop, text + " (lost)"),
            Fate::Arrives(at) => {
                if msg.is_quorum() && self.broken.remove(&(from, to)) {
                    // The stream lost a message earlier: this write finds the connection dead.
                    self.trace
                        .record(self.now, Category::Drop, text + " (connection broken)");
                    let now = self.now;
                    self.reset_connection(from, to, now, at);
                    return;
                }
                self.trace.record(self.now, Category::Send, text);
                let id = self.launch(
                    (ProcessId::Server(from), ProcessId::Server(to)),
                    at,
                    (msg.name(), FlightClass::of_server_msg(&msg)),
                    msg.describe(),
                );
                let lives = (self.slot(from).incarnation, self.slot(to).incarnation);
                self.push(
                    at,
                    Event::Deliver {
                        id,
                        from,
                        to,
                        lives,
                        msg,
                    },
                );
            }
        }
    }

    fn set_timer(&mut self, id: ServerId, timer: Timer, local_deadline: Micros, after: Micros) {
        let now = self.now;
        let slot = self.slot_mut(id);
        let at = now + slot.clock.global_span(after);
        let incarnation = slot.incarnation;
        let old = slot.timers.get(&timer.kind).map(|t| t.0);
        if let Some(key) = old {
            self.queue.remove(&key);
        }
        self.seq += 1;
        let key = (at, self.seq);
        let event = Event::Timer {
            server: id,
            timer,
            generation: self.seq,
            incarnation,
        };
        self.queue.insert(key, event);
        let slot = self.slot_mut(id);
        slot.timers.insert(timer.kind, (key, local_deadline, timer));
    }

    fn clear_timers(&mut self, id: ServerId) {
        let timers = std::mem::take(&mut self.slot_mut(id).timers);
        for (key, _, _) in timers.values() {
            self.queue.remove(key);
        }
    }

    fn note(&mut self, id: ServerId, note: Note) {
        let t = self.now;
        let violation = match &note {
            Note::Role(r) => {
                let text = format!("{id} {}", r.as_str());
                self.trace.record(t, Category::Role, text);
                None
            }
            Note::Logged(z) => self.checker.logged(t, id, *z),
            Note::Truncated(z) => {
                let text = format!("{id} truncates its log to {z}");
                self.trace.record(t, Category::Protocol, text);
                self.checker.truncated(t, id, *z)
            }
            Note::SnapshotInstalled(z) => {
                let text = format!("{id} installs snapshot {z}");
                self.trace.record(t, Category::Protocol, text);
                self.checker.reset_server(id, *z, *z);
                None
            }
            Note::Applied(z, h) => self.checker.applied(t, id, *z, *h),
            Note::Established(epoch) => {
                let text = format!("{id} established as leader of epoch {epoch}");
                self.history.mark(t, MarkerKind::Leader, text.clone());
                self.trace.record(t, Category::Protocol, text);
                let idx = id.0 as usize - 1;
                let vs = match &self.slots[idx].proc {
                    Proc::Up(s) => self.checker.established(t, id, *epoch, s.durable()),
                    Proc::Down(_) => Vec::new(),
                };
                for v in vs {
                    self.record_violation(&v);
                }
                None
            }
            Note::Sync(to, kind) => {
                let text = format!("{id} syncs {to} with {kind}");
                self.trace.record(t, Category::Protocol, text);
                None
            }
            Note::Text(text) => {
                self.trace
                    .record(t, Category::Protocol, format!("{id} {text}"));
                None
            }
        };
        if let Some(v) = violation {
            self.record_violation(&v);
        }
    }

    fn record_violation(&mut self, v: &Violation) {
        self.history
            .mark(self.now, MarkerKind::Violation, v.to_string());
        self.trace
            .record(self.now, Category::Violation, v.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::secs;

    /// Z2 (ZOOKEEPER-1277): a leader whose next zxid counter would be 0xFFFFFFFF steps down
    /// instead of proposing; the ensemble elects again, and the new epoch's counter starts
    /// from 0. (Four billion txns never happen in a browser: the counter is moved on by hand,
    /// on the leader only, and the write that would take it to 0xFFFFFFFF is the first.)
    #[test]
    fn a_zxid_counter_about_to_roll_over_forces_a_new_epoch() {
        let mut sim = Simulation::with_servers(3);
        sim.run_until(secs(2));
        let leader = sim.leader().expect("a leader");
        let epoch = sim.durable(leader).current_epoch;
        let logged = sim.durable(leader).last_zxid();
        if let Proc::Up(server) = &mut sim.slot_mut(leader).proc {
            server.set_zxid_counter(u32::MAX - 1);
        }
        let t = sim.now() + 1;
        sim.schedule(t, Fault::Write(Target::Leader, 1));
        sim.run_until(t + 1);
        assert_eq!(
            sim.view().servers[leader.0 as usize - 1].role,
            crate::proto::Role::Looking
        );
        assert!(sim
            .trace()
            .lines()
            .any(|l| l.time == t && l.text.contains("roll over")));
        assert_eq!(sim.durable(leader).last_zxid(), logged, "nothing proposed");
        sim.run_until(t + secs(5));
        let now_leader = sim.leader().expect("a leader again");
        let new_epoch = sim.durable(now_leader).current_epoch;
        assert!(new_epoch > epoch, "{new_epoch} after {epoch}");
        sim.schedule(sim.now(), Fault::Write(Target::Leader, 1));
        sim.run_until(t + secs(6));
        let last = sim.durable(now_leader).last_zxid();
        assert_eq!((last.epoch(), last.counter()), (new_epoch, 1));
        assert!(sim.violations().is_empty(), "{:?}", sim.violations());
    }
}
