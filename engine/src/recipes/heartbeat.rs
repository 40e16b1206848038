//! The WRONG way to elect a master (R11, R12): by heartbeat timeout, without a quorum service
//! as the arbiter.
//!
//! Each [`HeartbeatMaster`] keeps a PERSISTENT node `/hb/<name>` and bumps its version every
//! `every` (setData). On the same tick it reads every other candidate's node and counts how
//! many of its own ticks have passed since that node's version last changed; a candidate not
//! heard from for `timeout` is taken for dead. A candidate acts as master while no live
//! candidate has a lower name (after listening for `timeout` first), and acts (`Assign`) on
//! every tick it is master.
//!
//! ZooKeeper here is only a bulletin board: nothing ties "I am master" to a session or to a
//! quorum's agreement. A candidate that cannot read the others (cut off from the quorum) or that
//! was frozen (a GC pause) concludes they are dead, or never learns it was suspected, and two
//! candidates act as master at once: split brain, which the `one-master` checker reports.

use super::contract::{recipe_basics, Fx, Recipe};
use super::ops;
use super::ResourceAct;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::CreateMode;
use crate::watches::ReadKind;
use std::collections::BTreeMap;

/// The parent of the heartbeat nodes.
pub const HEARTBEATS: &str = "/hb";

/// Why a candidate asked for an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Creating `/hb` or its own node (NODEEXISTS is fine).
    Parent,
    /// Bumping its own node.
    Beat,
    /// Listing the candidates.
    List,
    /// Reading another candidate's node.
    Read(String),
}

/// A candidate's timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// A heartbeat tick.
    Tick,
}

/// One candidate electing itself by heartbeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeartbeatMaster {
    name: String,
    every: Micros,
    timeout: Micros,
    /// Each other candidate: (last version seen, ticks since it changed).
    others: BTreeMap<String, (i32, u64)>,
    term: u64,
    master: bool,
    acts: u64,
    /// Ticks since it started: it listens for `timeout` before it may claim mastership.
    ticks: u64,
}

impl HeartbeatMaster {
    /// Candidate `name`, beating every `every`, suspecting others after `timeout`.
    pub fn new(name: &str, every: Micros, timeout: Micros) -> Self {
        HeartbeatMaster {
            name: name.to_string(),
            every: every.max(1),
            timeout,
            others: BTreeMap::new(),
            term: 0,
            master: false,
            acts: 0,
            ticks: 0,
        }
    }

    /// True while it believes it is the master.
    pub fn acting(&self) -> bool {
        self.master
    }

    fn node(&self) -> String {
        format!("{HEARTBEATS}/{}", self.name)
    }

    fn alive(&self, ticks: u64) -> bool {
        ticks * self.every < self.timeout
    }
}

impl Recipe for HeartbeatMaster {
    recipe_basics!();

    /// Create `/hb` and its own node, then tick.
    fn start(&mut self, fx: &mut Fx<Self>) {
        for path in [HEARTBEATS.to_string(), self.node()] {
            fx.op(
                Purpose::Parent,
                "create",
                ops::create(path, vec![], CreateMode::Persistent),
            );
        }
        fx.timer(Timer::Tick, self.every);
    }

    /// A tick: decide from what it heard so far, act if master, beat, and read the others.
    fn timer(&mut self, _timer: Timer, fx: &mut Fx<Self>) {
        for (_, ticks) in self.others.values_mut() {
            *ticks += 1;
        }
        self.ticks += 1;
        let listened = !self.alive(self.ticks);
        let lower_alive = self
            .others
            .iter()
            .any(|(n, (_, t))| *n < self.name && self.alive(*t));
        if !lower_alive && !self.master && listened {
            self.master = true;
            self.term += 1;
            fx.note(format!(
                "acts as master (term {}): heard no lower candidate",
                self.term
            ));
        } else if lower_alive && self.master {
            self.master = false;
            fx.note("steps down: a lower candidate is alive");
        }
        if self.master {
            self.acts += 1;
            fx.act(ResourceAct::Assign {
                master: self.name.clone(),
                task: format!("job-{}", self.acts),
                worker: "-".to_string(),
                epoch: self.term,
            });
        }
        fx.op(Purpose::Beat, "set", ops::set(self.node(), vec![], -1));
        fx.op(
            Purpose::List,
            "ls",
            ops::read(ReadKind::GetChildren, HEARTBEATS, false),
        );
        fx.timer(Timer::Tick, self.every);
    }

    /// Answers: the listing (read each other node) and their versions.
    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        match (purpose, outcome) {
            (Purpose::List, Outcome::Children(kids)) => {
                for k in kids.iter().filter(|k| **k != self.name) {
                    let op = ops::read(ReadKind::GetData, format!("{HEARTBEATS}/{k}"), false);
                    fx.op(Purpose::Read(k.clone()), "get", op);
                }
            }
            (Purpose::Read(other), Outcome::Data { stat, .. }) => {
                let seen = self.others.entry(other).or_insert((stat.version, 0));
                if seen.0 != stat.version {
                    *seen = (stat.version, 0);
                }
            }
            _ => {} // an unanswered read is a heartbeat not heard
        }
    }
}
