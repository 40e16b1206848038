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

use super::ops;
use super::{ProgramOut, ResourceAct};
use crate::client::SessionEvent;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::CreateMode;
use crate::watches::ReadKind;
use std::collections::BTreeMap;

/// The parent of the heartbeat nodes.
pub const HEARTBEATS: &str = "/hb";

const P_PARENT: u64 = 1;
const P_BEAT: u64 = 2;
const P_LIST: u64 = 3;
/// Reads of another's node: `P_READ + 16 × index` into the listing.
const P_READ: u64 = 4;

/// One candidate electing itself by heartbeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeartbeatMaster {
    name: String,
    every: Micros,
    timeout: Micros,
    /// Each other candidate: (last version seen, ticks since it changed).
    others: BTreeMap<String, (i32, u64)>,
    /// The last listing of `/hb`, for matching read answers.
    listed: Vec<String>,
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
            listed: vec![],
            term: 0,
            master: false,
            acts: 0,
            ticks: 0,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// True while it believes it is the master.
    pub fn acting(&self) -> bool {
        self.master
    }

    /// Create `/hb` and its own node, then tick.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        for path in [HEARTBEATS.to_string(), self.node()] {
            out.ops.push((
                P_PARENT,
                "create",
                ops::create(path, vec![], CreateMode::Persistent),
            ));
        }
        out.timers.push((0, self.every));
    }

    fn node(&self) -> String {
        format!("{HEARTBEATS}/{}", self.name)
    }

    fn alive(&self, ticks: u64) -> bool {
        ticks * self.every < self.timeout
    }

    /// A tick: decide from what it heard so far, act if master, beat, and read the others.
    pub fn on_timer(&mut self, _id: u64, out: &mut ProgramOut) {
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
            out.notes.push(format!(
                "acts as master (term {}): heard no lower candidate",
                self.term
            ));
        } else if lower_alive && self.master {
            self.master = false;
            out.notes
                .push("steps down: a lower candidate is alive".to_string());
        }
        if self.master {
            self.acts += 1;
            out.resource.push(ResourceAct::Assign {
                master: self.name.clone(),
                task: format!("job-{}", self.acts),
                worker: "-".to_string(),
                epoch: self.term,
            });
        }
        let beat = ops::set(self.node(), vec![], -1);
        out.ops.push((P_BEAT, "set", beat));
        let ls = ops::read(ReadKind::GetChildren, HEARTBEATS, false);
        out.ops.push((P_LIST, "ls", ls));
        out.timers.push((0, self.every));
    }

    /// Answers: the listing (read each other node) and their versions.
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        match (purpose % 16, outcome) {
            (P_LIST, Outcome::Children(kids)) => {
                self.listed = kids.clone();
                for (i, k) in kids.iter().enumerate() {
                    if *k != self.name {
                        let op = ops::read(ReadKind::GetData, format!("{HEARTBEATS}/{k}"), false);
                        out.ops.push((P_READ + 16 * i as u64, "get", op));
                    }
                }
            }
            (P_READ, Outcome::Data { stat, .. }) => {
                let Some(other) = self.listed.get((purpose / 16) as usize) else {
                    return;
                };
                let seen = self
                    .others
                    .entry(other.clone())
                    .or_insert((stat.version, 0));
                if seen.0 != stat.version {
                    *seen = (stat.version, 0);
                }
            }
            _ => {} // an unanswered read is a heartbeat not heard
        }
    }

    /// Session changes do not matter to it: that is the point.
    pub fn on_session(&mut self, _ev: SessionEvent, _out: &mut ProgramOut) {}
}
