//! The simulator: virtual time, one event queue, one PRNG, the network, and the processes.
//!
//! It is the only thing that delivers messages and fires timers. Events at the same instant are
//! ordered by the sequence number they were scheduled with, so a run is a pure function of
//! (configuration, seed, faults). Every process, server or client, lives in the same kind of
//! slot ([`process`]); every connection follows the same link model ([`links`]); the event
//! queue holds only four kinds of event.

pub mod chaos;
mod clients;
mod clock;
pub mod fault;
mod flights;
mod inspect;
mod links;
pub mod net;
mod process;
mod programs;
mod queue;
mod servers;
mod tamper;
mod thin;
pub mod timeline;

use crate::ids::{ProcessId, ServerId};
use crate::observe::check::Checker;
use crate::observe::chunked::Chunked;
use crate::observe::history::History;
use crate::observe::trace::Trace;
use crate::observe::Flight;
use crate::rng::Rng;
use crate::server::Config;
use crate::time::{ms, Micros};
pub use clients::ClientLine;
pub use fault::{Fault, Target};
use links::{Links, Parcel};
use net::Network;
use process::{ClientNode, Process, ServerNode, TimerId};
pub use programs::{ProgramNote, ResourceLine};
use std::collections::BTreeMap;
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

/// Something that happens at an instant.
#[derive(Clone, Debug)]
enum Event {
    /// A message reaches the end of its link.
    Deliver(Parcel),
    /// `to` hears that its connection with `from` closed (a FIN, or a reset).
    Closed {
        from: ProcessId,
        to: ProcessId,
        incarnation: u64,
    },
    /// A timer fires.
    Timer {
        process: ProcessId,
        timer: TimerId,
        generation: u64,
        incarnation: u64,
    },
    /// A fault or another scenario action acts on the world.
    Fault(Fault),
}

impl Event {
    /// The process the event happens to (faults act on the world, not on one process).
    fn target(&self) -> Option<ProcessId> {
        match self {
            Event::Deliver(Parcel { to, .. }) | Event::Closed { to, .. } => Some(*to),
            Event::Timer { process, .. } => Some(*process),
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
    queue: queue::Queue,
    rng: Rng,
    net: Network,
    servers: Vec<Process<ServerNode>>,
    clients: Vec<Process<ClientNode>>,
    links: Links,
    trace: Trace,
    checker: Checker,
    next_id: u64,
    in_flight: flights::Flights,
    write_tag: u64,
    seed: u64,
    client_log: Chunked<ClientLine>,
    /// Every client operation, invoked and (once answered) answered.
    ops: Chunked<crate::observe::ops::OpRecord>,
    /// Where (the position in `ops`) the operations still waiting for an answer are, by tag.
    open_ops: BTreeMap<u64, usize>,
    next_tag: u64,
    recipes: programs::Recipes,
    history: History,
    /// When a long run next forgets its oldest records ([`thin`]).
    next_thin: Micros,
    /// Where a message's description is written before it is shared (empty between sends, so
    /// a checkpoint copies nothing).
    scratch: String,
}

impl Simulation {
    /// A simulation of `cfg` at time zero, every server booting.
    pub fn new(cfg: SimConfig) -> Self {
        let ensemble = Arc::new(cfg.ensemble);
        let servers = ensemble
            .all()
            .map(|_| Process::new(ServerNode::Down(Default::default())))
            .collect();
        let mut sim = Simulation {
            cfg: ensemble.clone(),
            now: 0,
            seq: 0,
            queue: queue::Queue::default(),
            rng: Rng::new(cfg.seed),
            net: Network::new(cfg.latency_min, cfg.latency_max, cfg.loss_ppm),
            servers,
            clients: Vec::new(),
            links: Links::default(),
            trace: Trace::default(),
            scratch: String::new(),
            checker: Checker::default(),
            next_id: 0,
            in_flight: flights::Flights::default(),
            write_tag: 0,
            seed: cfg.seed,
            client_log: Chunked::default(),
            ops: Chunked::default(),
            open_ops: BTreeMap::new(),
            next_tag: 0,
            recipes: programs::Recipes::default(),
            history: History::default(),
            next_thin: Simulation::KEEP + Simulation::THIN_EVERY,
        };
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
        let mut unlimited = usize::MAX;
        self.run_until_within(time, &mut unlimited);
    }

    /// Like [`Simulation::run_until`], but process at most `budget` events (counting it down);
    /// returns true if `time` was reached. Stopped short, the clock stays at the last instant
    /// processed, and every event of that instant has been.
    pub fn run_until_within(&mut self, time: Micros, budget: &mut usize) -> bool {
        while let Some((&(at, _), _)) = self.queue.first_key_value() {
            if at > time {
                break;
            }
            // Out of budget, stop, but only between instants: every event of the instant
            // reached is processed, so the run at that instant is the one a seek gives.
            if *budget == 0 && at > self.now {
                return false;
            }
            *budget = budget.saturating_sub(1);
            self.step();
        }
        self.now = self.now.max(time);
        true
    }

    /// Process the next event, whenever it is. Returns false if nothing is left to do.
    pub fn step(&mut self) -> bool {
        let Some(((at, _), event)) = self.queue.pop_first() else {
            return false;
        };
        self.now = at;
        self.thin_if_due();
        // A paused process does nothing: whatever is for it waits until it wakes, in order.
        if let Some(until) = event.target().and_then(|p| self.paused_until(p)) {
            self.push(until, event);
            return true;
        }
        match event {
            Event::Deliver(parcel) => self.deliver(parcel),
            Event::Closed {
                from,
                to,
                incarnation,
            } => self.closed(from, to, incarnation),
            Event::Timer {
                process,
                timer,
                generation,
                incarnation,
            } => {
                if self.timer_is_current(process, timer, generation, incarnation) {
                    self.fire(process, timer);
                }
            }
            Event::Fault(f) => self.apply_fault(f),
        }
        true
    }

    /// A current timer fires: its machine handles it.
    fn fire(&mut self, p: ProcessId, timer: TimerId) {
        match (p, timer) {
            (ProcessId::Server(id), TimerId::Server(t)) => self.fire_server_timer(id, t),
            (ProcessId::Client(c), TimerId::Client(t)) => self.fire_client_timer(c, t),
            (ProcessId::Client(c), TimerId::Program(id)) => self.fire_program_timer(c, id),
            _ => {}
        }
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
        self.queue
            .values()
            .any(|e| matches!(e, Event::Deliver(p) if !p.wire.is_server_ping()))
    }

    /// True while a message that is not a heartbeat is on its way (a viewer would notice it).
    pub fn notable_in_flight(&self) -> bool {
        self.queue
            .values()
            .any(|e| matches!(e, Event::Deliver(p) if !p.wire.is_heartbeat()))
    }

    /// True if the next event is a fault or another scenario action.
    pub fn next_is_action(&self) -> bool {
        self.queue
            .first_key_value()
            .is_some_and(|(_, e)| matches!(e, Event::Fault(_)))
    }

    /// The time of the next event, if any.
    pub fn next_event_time(&self) -> Option<Micros> {
        self.queue.first_key_value().map(|(&(t, _), _)| t)
    }

    fn push(&mut self, at: Micros, event: Event) {
        self.seq += 1;
        self.queue.insert((at, self.seq), event);
    }

    /// The server whose slot `id` names, if the ensemble has it.
    fn knows(&self, id: ServerId) -> bool {
        self.exists(ProcessId::Server(id))
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
        if let ServerNode::Up(server) = &mut sim.server_slot_mut(leader).node {
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
            .any(|l| l.time == t && l.text().contains("roll over")));
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
