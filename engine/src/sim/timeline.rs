//! Time travel: periodic checkpoints of the whole simulation (cheap clones), `seek` to any
//! instant (restore the nearest earlier checkpoint and replay), and `fork` (keep the past, drop
//! the scheduled future, go on with new actions). Memory stays bounded on long runs: when there
//! are too many checkpoints, every other one is dropped and the interval doubles, so they stay
//! evenly spread; past an hour ([`Simulation::KEEP`]), the checkpoints older than an hour go (a
//! long run rewinds an hour).
//!
//! A checkpoint is taken at the end of an interval only if the work done since the last one is
//! worth its copy ([`WORK_PER_COPY`]): a busy ensemble with a large state (thousands of
//! outstanding requests) would otherwise spend as long copying itself as simulating, and every
//! copy is one long frame in the browser. A light run checkpoints every interval; a seek
//! replays at most the work of a few copies of the state.

use super::{Fault, ServerNode, Simulation};
use crate::time::{secs, Micros};
use std::rc::Rc;

/// A checkpoint is taken when the events scheduled since the last one are at least the
/// simulation's [`Simulation::clone_weight`] divided by this: an event costs about eighty
/// times what copying one item does (measured on the frame benchmark's 37 processes), so the
/// copies cost at most about a tenth of the simulating.
pub const WORK_PER_COPY: usize = 8;

/// A simulation with its history of checkpoints.
#[derive(Clone, Debug)]
pub struct Timeline {
    current: Simulation,
    /// Checkpoints in time order; the first is the start and is never dropped. Shared, so that
    /// cloning a timeline (the UI does, for every action) copies pointers, not simulations.
    checkpoints: Vec<Rc<Simulation>>,
    interval: Micros,
    max_checkpoints: usize,
    /// When the next checkpoint may be taken (an interval after the last, or after the last
    /// instant one was not worth taking).
    next_at: Micros,
}

impl Timeline {
    /// Track `sim` (at its current instant), checkpointing every `interval` of simulated time
    /// and keeping at most `max_checkpoints`.
    pub fn new(sim: Simulation, interval: Micros, max_checkpoints: usize) -> Self {
        let interval = interval.max(1);
        Timeline {
            checkpoints: vec![Rc::new(sim.clone())],
            next_at: sim.now() + interval,
            current: sim,
            interval,
            max_checkpoints: max_checkpoints.max(4),
        }
    }

    /// A timeline with one checkpoint a simulated second, at most 128 kept.
    pub fn with_defaults(sim: Simulation) -> Self {
        Timeline::new(sim, secs(1), 128)
    }

    /// The simulation at the current instant.
    pub fn current(&self) -> &Simulation {
        &self.current
    }

    /// The current instant.
    pub fn now(&self) -> Micros {
        self.current.now()
    }

    /// How many checkpoints are held.
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// Run forward to `t`, jumping to the latest checkpoint on the way and checkpointing past
    /// the last one.
    pub fn advance_to(&mut self, t: Micros) {
        self.advance_within(t, usize::MAX);
    }

    /// Like [`Timeline::advance_to`], but process at most `budget` events: a frame of a busy
    /// run stops short instead of making the page wait. Returns true if `t` was reached.
    pub fn advance_within(&mut self, t: Micros, budget: usize) -> bool {
        let i = self.checkpoints.partition_point(|c| c.now() <= t);
        if i > 0 && self.checkpoints[i - 1].now() > self.current.now() {
            self.current = (*self.checkpoints[i - 1]).clone();
        }
        let mut budget = budget;
        while self.current.now() < t {
            let last = self.checkpoints.last().expect("the start is kept");
            let next_checkpoint = self.next_at;
            if next_checkpoint <= t && self.current.now() >= last.now() {
                if !self.current.run_until_within(next_checkpoint, &mut budget) {
                    return false;
                }
                let work = self.current.work() - last.work();
                if work >= (self.current.clone_weight() / WORK_PER_COPY) as u64 {
                    self.checkpoints.push(Rc::new(self.current.clone()));
                    self.thin();
                    self.next_at = self.current.now() + self.interval;
                } else {
                    self.next_at = next_checkpoint + self.interval;
                }
            } else {
                let to = t.min(next_checkpoint.max(self.current.now() + 1));
                if !self.current.run_until_within(to, &mut budget) {
                    return false;
                }
            }
        }
        true
    }

    /// Process exactly one more event (the UI's "step"), checkpointing as needed.
    pub fn step(&mut self) -> bool {
        match self.current.next_event_time() {
            Some(t) => {
                self.advance_to(t);
                self.current.step();
                true
            }
            None => false,
        }
    }

    /// Go to instant `t`, forwards or backwards. The run is deterministic, so replaying from a
    /// checkpoint reaches exactly the state the first pass had.
    pub fn seek(&mut self, t: Micros) {
        if t < self.current.now() {
            let i = self.checkpoints.partition_point(|c| c.now() <= t).max(1) - 1;
            self.current = (*self.checkpoints[i]).clone();
        }
        self.advance_to(t);
    }

    /// Keep the run up to now, drop every fault scheduled for later, and go on with `actions`
    /// (times are absolute; past times mean now).
    ///
    /// The checkpoints before now are rewritten the same way, so that seeking back before the
    /// fork and playing forward again replays the forked run, not the old one.
    pub fn fork(&mut self, actions: Vec<(Micros, Fault)>) {
        self.rewrite(actions, true);
    }

    /// Keep the run up to now and every fault scheduled for later, and add `actions` (times are
    /// absolute; past times mean now): the script goes on, with these besides.
    pub fn insert(&mut self, actions: Vec<(Micros, Fault)>) {
        self.rewrite(actions, false);
    }

    fn rewrite(&mut self, actions: Vec<(Micros, Fault)>, drop_future: bool) {
        let now = self.current.now();
        if drop_future {
            self.current.drop_faults_after(now);
        }
        for (t, f) in &actions {
            self.current.schedule(*t, f.clone());
        }
        self.checkpoints.retain(|c| c.now() <= now);
        let last = self.checkpoints.last().map_or(now, |c| c.now());
        self.next_at = (last + self.interval).max(now);
        for c in &mut self.checkpoints {
            let c = Rc::make_mut(c);
            if drop_future {
                c.drop_faults_after(now);
            }
            for (t, f) in &actions {
                c.schedule((*t).max(now), f.clone());
            }
        }
        // The picture at an instant includes what happens at that instant (as after a seek):
        // an action forked in now takes effect now.
        self.current.run_until(now);
    }

    /// Over the limit: keep every other checkpoint (the start always) and double the interval.
    /// A run past [`Simulation::KEEP`] also lets go of checkpoints older than that (all but the
    /// last one before it): each holds the records of its own last hour, which the run itself
    /// has forgotten, so memory stays bounded. Seeking further back stops at the oldest kept.
    fn thin(&mut self) {
        let reach = self.current.now().saturating_sub(Simulation::KEEP);
        let older = self.checkpoints.partition_point(|c| c.now() < reach);
        if older > 1 {
            self.checkpoints.drain(..older - 1);
        }
        if self.checkpoints.len() <= self.max_checkpoints {
            return;
        }
        let mut i = 0;
        self.checkpoints.retain(|_| {
            i += 1;
            i % 2 == 1
        });
        self.interval *= 2;
    }
}

impl Simulation {
    /// Roughly how many things a clone of this simulation copies one by one: each server's
    /// tree and snapshot nodes and log entries, each client's outstanding requests (held three
    /// times: the client library's, the simulator's answer tags and the program's purposes),
    /// the operations awaiting answers, the messages and timers queued. Deterministic, so the
    /// checkpoints of a run fall on the same instants every time.
    pub(super) fn clone_weight(&self) -> usize {
        let servers: usize = self
            .servers
            .iter()
            .map(|p| match &p.node {
                ServerNode::Up(s) => {
                    let d = s.durable();
                    s.state().tree.node_count() + d.snapshot.state.tree.node_count() + d.log.len()
                }
                ServerNode::Down(d) => d.snapshot.state.tree.node_count() + d.log.len(),
            })
            .sum();
        let clients: usize = self
            .clients
            .iter()
            .map(|p| {
                let c = &p.node;
                c.tags.len() + c.purposes.len() + c.client.as_ref().map_or(0, |c| c.pending())
            })
            .sum();
        servers + clients + self.open_ops.len() + self.in_flight.len() + self.queue.len()
    }

    /// Events scheduled so far: a measure of the work done (replaying costs about this much).
    pub(super) fn work(&self) -> u64 {
        self.seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{SimConfig, Target};

    fn sim() -> Simulation {
        let mut sim = Simulation::new(SimConfig::new(3, 5));
        sim.schedule(secs(2), Fault::Write(Target::Leader, 3));
        sim.schedule(secs(5), Fault::Crash(Target::Leader));
        sim.schedule(secs(9), Fault::Write(Target::Leader, 2));
        sim
    }

    #[test]
    fn seeking_back_replays_exactly_the_same_run() {
        let mut tl = Timeline::new(sim(), secs(1), 8);
        tl.advance_to(secs(30));
        let at_30 = tl.current().trace().hash_hex();
        tl.seek(secs(7) + 123);
        let mut straight = sim();
        straight.run_until(secs(7) + 123);
        assert_eq!(tl.current().trace().hash_hex(), straight.trace().hash_hex());
        assert_eq!(tl.now(), secs(7) + 123);
        tl.seek(secs(30));
        assert_eq!(tl.current().trace().hash_hex(), at_30);
        assert!(
            tl.checkpoint_count() <= 9,
            "thinned: {}",
            tl.checkpoint_count()
        );
    }

    #[test]
    fn fork_drops_the_scheduled_future_and_takes_new_actions() {
        let mut tl = Timeline::with_defaults(sim());
        tl.advance_to(secs(4));
        tl.fork(vec![(secs(6), Fault::Write(Target::Leader, 1))]);
        tl.advance_to(secs(20));
        // the crash at 5 s never happened; the leader of epoch 1 is still there
        assert_eq!(tl.current().leader().map(|s| s.0), Some(3));
        assert_eq!(tl.current().committed_count(), 4);
    }

    #[test]
    fn insert_keeps_the_scheduled_future_and_adds_new_actions() {
        let mut tl = Timeline::with_defaults(sim());
        tl.advance_to(secs(4));
        tl.insert(vec![(secs(6), Fault::Write(Target::Leader, 1))]);
        tl.advance_to(secs(20));
        // the crash at 5 s happened (a new leader), and the writes at 2 s, 6 s and 9 s all
        // committed: 3 + 1 + 2
        assert_ne!(tl.current().leader().map(|s| s.0), Some(3));
        assert_eq!(tl.current().committed_count(), 6);
    }

    /// Seeking back before a fork and playing forward again replays the forked run.
    #[test]
    fn after_a_fork_seeking_back_and_forth_stays_on_the_forked_run() {
        let mut tl = Timeline::new(sim(), secs(1), 64);
        tl.advance_to(secs(4) + 500);
        tl.fork(vec![(secs(6), Fault::Write(Target::Leader, 1))]);
        tl.advance_to(secs(20));
        let forked = tl.current().trace().hash_hex();
        tl.seek(secs(1) + 7);
        tl.seek(secs(20));
        assert_eq!(tl.current().trace().hash_hex(), forked);
        assert_eq!(
            tl.current().committed_count(),
            4,
            "no crash, one more write"
        );
    }

    /// A busy run whose state is large (producers whose requests pile up in their sessions'
    /// queues) is checkpointed only when the work since the last checkpoint is worth a copy;
    /// seeking it still replays exactly. A light run is checkpointed every interval.
    #[test]
    fn a_heavy_run_is_checkpointed_only_when_the_work_is_worth_a_copy() {
        let mut cfg = SimConfig::new(3, 3);
        (cfg.latency_min, cfg.latency_max) = (crate::ms(40), crate::ms(120));
        let mut start = Simulation::new(cfg);
        let servers: Vec<_> = (1..=3).map(crate::ServerId).collect();
        for i in 0..8 {
            let name = format!("p{i}");
            let c = start.add_client(&name, servers.clone(), 30_000);
            let producer = crate::recipes::Program::producer(&name, 100_000, crate::ms(10));
            start.schedule(
                secs(1),
                Fault::StartProgram(c, Box::new(producer), "producer".into()),
            );
        }
        let mut tl = Timeline::new(start.clone(), secs(1), 1000);
        tl.advance_to(secs(40));
        let at_40 = tl.current().trace().hash_hex();
        let heavy = tl.current().clone_weight();
        assert!(heavy > 20_000, "the requests pile up: weight {heavy}");
        // Every checkpoint after the first was worth its copy; the late ones are spaced out.
        for pair in tl.checkpoints.windows(2) {
            let work = pair[1].work() - pair[0].work();
            assert!(work >= (pair[1].clone_weight() / WORK_PER_COPY) as u64);
        }
        let late = tl
            .checkpoints
            .iter()
            .filter(|c| c.now() >= secs(20))
            .count();
        assert!(late <= 10, "{late} checkpoints in the last 20 s");
        tl.seek(secs(33) + 77);
        let mut straight = start;
        straight.run_until(secs(33) + 77);
        assert_eq!(tl.current().trace().hash_hex(), straight.trace().hash_hex());
        tl.seek(secs(40));
        assert_eq!(tl.current().trace().hash_hex(), at_40);

        let mut light = Timeline::new(sim(), secs(1), 1000);
        light.advance_to(secs(30));
        assert_eq!(
            light.checkpoint_count(),
            31,
            "one at the start, one a second"
        );
    }
}
