//! The simulated network: one-way latencies, loss, cuts and partitions.
//!
//! Links are FIFO, as ZooKeeper's TCP connections are: a message never overtakes an earlier one
//! on the same directed link. A cut drops everything crossing it, including messages already in
//! flight when the cut happens (their connection broke).

use crate::ids::ProcessId;
use crate::rng::Rng;
use crate::time::Micros;
use std::collections::{BTreeMap, BTreeSet};

/// The state of every link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    /// Smallest one-way latency.
    pub latency_min: Micros,
    /// Largest one-way latency.
    pub latency_max: Micros,
    /// Probability that a message is lost, in parts per million.
    pub loss_ppm: u32,
    /// Directed links that are cut.
    cuts: BTreeSet<(ProcessId, ProcessId)>,
    /// Fixed extra delay per directed link.
    extra: BTreeMap<(ProcessId, ProcessId), Micros>,
    /// When the last message on each directed link arrives (FIFO).
    last_arrival: BTreeMap<(ProcessId, ProcessId), Micros>,
}

/// What the network does with one message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// It arrives at this time.
    Arrives(Micros),
    /// The link is cut.
    Cut,
    /// It is lost.
    Lost,
}

impl Network {
    /// A network where every link has a latency in `min..=max` and loses `loss_ppm` per million.
    pub fn new(latency_min: Micros, latency_max: Micros, loss_ppm: u32) -> Self {
        Network {
            latency_min,
            latency_max: latency_max.max(latency_min),
            loss_ppm,
            cuts: BTreeSet::new(),
            extra: BTreeMap::new(),
            last_arrival: BTreeMap::new(),
        }
    }

    /// Decide the fate of a message sent now from `from` to `to`.
    pub fn send(&mut self, rng: &mut Rng, now: Micros, from: ProcessId, to: ProcessId) -> Fate {
        if self.is_cut(from, to) {
            return Fate::Cut;
        }
        if rng.chance_ppm(self.loss_ppm) {
            return Fate::Lost;
        }
        let latency = rng.range(self.latency_min, self.latency_max);
        let extra = self.extra.get(&(from, to)).copied().unwrap_or(0);
        let last = self.last_arrival.entry((from, to)).or_insert(0);
        let at = (now + latency + extra).max(*last);
        *last = at;
        Fate::Arrives(at)
    }

    /// True if messages from `from` to `to` are dropped.
    pub fn is_cut(&self, from: ProcessId, to: ProcessId) -> bool {
        self.cuts.contains(&(from, to))
    }

    /// Cut one direction.
    pub fn cut(&mut self, from: ProcessId, to: ProcessId) {
        self.cuts.insert((from, to));
    }

    /// Split into sides: every link between two different sides is cut both ways. Processes on
    /// no side keep the links they had.
    pub fn partition(&mut self, sides: &[Vec<ProcessId>]) {
        for (i, a_side) in sides.iter().enumerate() {
            for b_side in &sides[i + 1..] {
                for &a in a_side {
                    for &b in b_side {
                        self.cut(a, b);
                        self.cut(b, a);
                    }
                }
            }
        }
    }

    /// Remove every cut and partition (extra latencies stay).
    pub fn heal(&mut self) {
        self.cuts.clear();
    }

    /// A fixed extra delay on one directed link (0 removes it).
    pub fn set_extra_latency(&mut self, from: ProcessId, to: ProcessId, extra: Micros) {
        if extra == 0 {
            self.extra.remove(&(from, to));
        } else {
            self.extra.insert((from, to), extra);
        }
    }

    /// Nothing sent on `from → to` from now on arrives before `at` (a message held up on a TCP
    /// stream holds up everything behind it).
    pub fn hold_until(&mut self, from: ProcessId, to: ProcessId, at: Micros) {
        let last = self.last_arrival.entry((from, to)).or_insert(0);
        *last = (*last).max(at);
    }

    /// The base one-way latency range.
    pub fn latency(&self) -> (Micros, Micros) {
        (self.latency_min, self.latency_max)
    }

    /// Every cut directed link, for views.
    pub fn cuts(&self) -> impl Iterator<Item = &(ProcessId, ProcessId)> {
        self.cuts.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ServerId;

    fn s(i: u8) -> ProcessId {
        ProcessId::Server(ServerId(i))
    }

    #[test]
    fn links_are_fifo_even_with_random_latency() {
        let mut net = Network::new(1_000, 50_000, 0);
        let mut rng = Rng::new(3);
        let mut last = 0;
        for t in 0..1000 {
            match net.send(&mut rng, t * 10, s(1), s(2)) {
                Fate::Arrives(at) => {
                    assert!(at >= last);
                    last = at;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn partition_cuts_across_sides_only_and_heal_restores() {
        let mut net = Network::new(1, 1, 0);
        net.partition(&[vec![s(1), s(2)], vec![s(3)]]);
        assert!(net.is_cut(s(1), s(3)) && net.is_cut(s(3), s(2)));
        assert!(!net.is_cut(s(1), s(2)) && !net.is_cut(s(4), s(1)));
        net.heal();
        assert!(!net.is_cut(s(1), s(3)));
    }
}
