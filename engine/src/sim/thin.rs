//! A long run's memory stays bounded. Every [`Simulation::THIN_EVERY`] of simulated time past
//! the first [`Simulation::KEEP`], what the simulation keeps only to show and check the past is
//! forgotten where it is older than `KEEP`: the trace's lines, the finished messages, the clients'
//! operations (those still waiting for an answer stay) and what they heard, the protected
//! resource's acts, the programs' notes, and the checker's record of committed txns (a server
//! that re-applies a txn that old is no longer compared with it). Nothing a process acts on is
//! touched, so a run is the same with or without it, and it happens at fixed instants of the run,
//! so a replay from a checkpoint forgets exactly what the first pass forgot. Scenarios end within
//! an hour (their bound): only a run played on past that ever forgets.

use super::Simulation;
use crate::time::{secs, Micros};

impl Simulation {
    /// How far back a long run's records reach.
    pub const KEEP: Micros = secs(3600);
    /// How often a long run forgets what is older than [`Simulation::KEEP`].
    pub const THIN_EVERY: Micros = secs(600);

    /// Forget, if one of the fixed instants has passed, what is older than [`Simulation::KEEP`].
    pub(super) fn thin_if_due(&mut self) {
        if self.now < self.next_thin {
            return;
        }
        self.next_thin = self.now - self.now % Self::THIN_EVERY + Self::THIN_EVERY;
        let before = self.now - Self::KEEP;
        self.trace.forget_before(before);
        self.history.messages.forget_before(before, |m| m.ended);
        self.client_log.forget_before(before, |l| l.time);
        self.recipes.forget_before(before);
        self.checker.thin((Self::KEEP / Self::THIN_EVERY) as usize);
        // An operation over an hour old that is still open will not be answered (sessions time
        // out in seconds): it goes with its chunk.
        let first = self.ops.forget_before(before, |op| op.invoked);
        self.open_ops.retain(|_, at| *at >= first);
    }
}

#[cfg(test)]
mod tests {
    use crate::sim::{Fault, SimConfig, Simulation, Target};
    use crate::time::{ms, secs};

    fn busy(until: u64) -> Simulation {
        let mut sim = Simulation::new(SimConfig::new(3, 5));
        let mut t = secs(1);
        while t < secs(until) {
            sim.schedule(t, Fault::Write(Target::Leader, 1));
            t += ms(500);
        }
        sim.run_until(secs(until));
        sim
    }

    #[test]
    fn a_run_past_an_hour_forgets_only_what_is_older_than_an_hour() {
        let short = busy(3000);
        assert!(short.trace().lines().next().unwrap().time < secs(1));
        let long = busy(4 * 3600);
        // forgotten in whole chunks: the oldest kept chunk may begin a little earlier
        let bound = secs(3 * 3600) - Simulation::THIN_EVERY - secs(300);
        let oldest = long.trace().lines().next().unwrap().time;
        assert!(oldest >= bound, "oldest line {oldest}");
        let messages = long.history().messages.iter().next().unwrap().ended;
        assert!(messages >= bound, "oldest message {messages}");
        assert!(long.trace().kept() < busy(2 * 3600).trace().kept() * 2);
        // what is counted stays counted, and nothing breaks
        assert!(long.committed_count() > 4 * 3600);
        assert!(long.violations().is_empty());
    }

    #[test]
    fn forgetting_does_not_change_the_run() {
        // the trace hash covers every event: the same with and without the records
        let a = busy(2 * 3600);
        let mut b = Simulation::new(SimConfig::new(3, 5));
        b.keep_trace_lines(false);
        let mut t = secs(1);
        while t < secs(2 * 3600) {
            b.schedule(t, Fault::Write(Target::Leader, 1));
            t += ms(500);
        }
        b.run_until(secs(2 * 3600));
        assert_eq!(a.trace().hash_hex(), b.trace().hash_hex());
    }
}
