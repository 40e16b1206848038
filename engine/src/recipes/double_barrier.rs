//! The double barrier (R7): `size` clients enter together, work, and leave together.
//!
//! Enter: `exists(B/ready, watch)`, create EPHEMERAL `B/<name>`, list `B`; the arrival that
//! counts `size` nodes creates `B/ready`, and everyone enters when `B/ready` exists (its own
//! create answered NODEEXISTS or not, or the watch fired NodeCreated).
//! Leave (REC's algorithm): list `B` (ignoring `ready`); if nothing is left, leave; if only its
//! own node is left, delete it and leave; if it is the lowest, wait (exists watch) for the
//! highest to go; otherwise delete its own node and wait for the lowest to go; then list again.
//! So nobody leaves before every participant has finished its work and asked to leave.

use super::ops;
use super::ProgramOut;
use crate::client::SessionEvent;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::{CreateMode, ErrorCode};
use crate::watches::{EventType, ReadKind, WatchEvent};

/// The note written on entering.
pub const ENTERS: &str = "enters";
/// The note written when the work is done and it starts to leave.
pub const DONE_WORK: &str = "finishes its work";
/// The note written on leaving.
pub const LEAVES: &str = "leaves";

const P_PARENT: u64 = 1;
const P_READY: u64 = 2;
const P_JOIN: u64 = 3;
const P_COUNT: u64 = 4;
const P_MAKE_READY: u64 = 5;
const P_LEAVE_LIST: u64 = 6;
const P_DELETE: u64 = 7;
const P_WAIT: u64 = 8;

/// Where a participant is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Joining,
    Entered,
    Leaving,
    Left,
}

/// One participant of a double barrier (R7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoubleBarrier {
    name: String,
    path: String,
    size: usize,
    work: Micros,
    joined: bool,
    stage: Stage,
    waiting_on: Option<String>,
}

impl DoubleBarrier {
    /// Client `name` at barrier `path` for `size` participants, working `work` inside.
    pub fn new(name: &str, path: &str, size: usize, work: Micros) -> Self {
        DoubleBarrier {
            name: name.to_string(),
            path: path.to_string(),
            size,
            work,
            joined: false,
            stage: Stage::Joining,
            waiting_on: None,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn ready(&self) -> String {
        format!("{}/ready", self.path)
    }

    /// Create the barrier node, watch `ready`, join, count.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        let op = ops::create(&self.path, vec![], CreateMode::Persistent);
        out.ops.push((P_PARENT, "create", op));
        let op = ops::read(ReadKind::Exists, self.ready(), true);
        out.ops.push((P_READY, "stat", op));
        let op = ops::create(
            format!("{}/{}", self.path, self.name),
            vec![],
            CreateMode::Ephemeral,
        );
        out.ops.push((P_JOIN, "create", op));
    }

    fn enter(&mut self, out: &mut ProgramOut) {
        if self.stage == Stage::Joining && self.joined {
            self.stage = Stage::Entered;
            out.notes.push(ENTERS.to_string());
            out.timers.push((0, self.work));
        }
    }

    fn list(&mut self, purpose: u64, out: &mut ProgramOut) {
        let op = ops::read(ReadKind::GetChildren, &self.path, false);
        out.ops.push((purpose, "ls", op));
    }

    /// An answer to one of its ops.
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        match (purpose, outcome) {
            (P_JOIN, Outcome::Created(_) | Outcome::Error(ErrorCode::NodeExists)) => {
                self.joined = true;
                out.notes.push(format!("joins {}", self.path));
                self.list(P_COUNT, out);
            }
            (P_COUNT, Outcome::Children(kids)) if self.stage == Stage::Joining => {
                let there = kids.iter().filter(|k| *k != "ready").count();
                if kids.iter().any(|k| k == "ready") {
                    self.enter(out);
                } else if there >= self.size {
                    let op = ops::create(self.ready(), vec![], CreateMode::Persistent);
                    out.ops.push((P_MAKE_READY, "create", op));
                }
            }
            (P_MAKE_READY, Outcome::Created(_) | Outcome::Error(ErrorCode::NodeExists)) => {
                self.enter(out)
            }
            (P_LEAVE_LIST, Outcome::Children(kids)) if self.stage == Stage::Leaving => {
                self.leave_step(kids, out)
            }
            (P_WAIT, Outcome::Exists(None)) if self.stage == Stage::Leaving => {
                self.waiting_on = None;
                self.list(P_LEAVE_LIST, out);
            }
            _ => {}
        }
    }

    fn leave_step(&mut self, kids: &[String], out: &mut ProgramOut) {
        let mut left: Vec<&String> = kids.iter().filter(|k| *k != "ready").collect();
        left.sort();
        let mine = left.iter().any(|k| **k == self.name);
        if left.is_empty() || (mine && left.len() == 1) {
            if mine {
                let op = ops::delete(format!("{}/{}", self.path, self.name));
                out.ops.push((P_DELETE, "delete", op));
            }
            self.stage = Stage::Left;
            out.notes.push(LEAVES.to_string());
            return;
        }
        let wait_for = if mine && *left[0] == self.name {
            left[left.len() - 1].clone()
        } else {
            if mine {
                let op = ops::delete(format!("{}/{}", self.path, self.name));
                out.ops.push((P_DELETE, "delete", op));
            }
            left[0].clone()
        };
        let path = format!("{}/{wait_for}", self.path);
        self.waiting_on = Some(path.clone());
        out.ops
            .push((P_WAIT, "stat", ops::read(ReadKind::Exists, path, true)));
    }

    /// `ready` was created (enter), or the node it waits on to leave was deleted (list again).
    pub fn on_watch(&mut self, ev: &WatchEvent, out: &mut ProgramOut) {
        if ev.kind == EventType::NodeCreated && ev.path == self.ready() {
            self.enter(out);
        } else if ev.kind == EventType::NodeDeleted
            && self.waiting_on.as_deref() == Some(ev.path.as_str())
        {
            self.waiting_on = None;
            self.list(P_LEAVE_LIST, out);
        }
    }

    /// The work is done: start leaving.
    pub fn on_timer(&mut self, _id: u64, out: &mut ProgramOut) {
        if self.stage == Stage::Entered {
            self.stage = Stage::Leaving;
            out.notes.push(DONE_WORK.to_string());
            self.list(P_LEAVE_LIST, out);
        }
    }

    /// Session changes are not handled: this recipe assumes a healthy ensemble.
    pub fn on_session(&mut self, _ev: SessionEvent, _out: &mut ProgramOut) {}
}
