//! The double barrier (R7): `size` clients enter together, work, and leave together.
//!
//! Enter: `exists(B/ready, watch)`, create EPHEMERAL `B/<name>`, list `B`; the arrival that
//! counts `size` nodes creates `B/ready`, and everyone enters when `B/ready` exists (its own
//! create answered NODEEXISTS or not, or the watch fired NodeCreated).
//! Leave (REC's algorithm): list `B` (ignoring `ready`); if nothing is left, leave; if only its
//! own node is left, delete it and leave; if it is the lowest, wait (exists watch) for the
//! highest to go; otherwise delete its own node and wait for the lowest to go; then list again.
//! So nobody leaves before every participant has finished its work and asked to leave.

use super::contract::{recipe_basics, Fx, Recipe};
use super::ops;
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

/// Why a participant asked for an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Creating the barrier node (NODEEXISTS is fine).
    Parent,
    /// Watching `ready`.
    Ready,
    /// Creating its own node.
    Join,
    /// Counting who is there.
    Count,
    /// Creating `ready` (the last to arrive).
    MakeReady,
    /// Listing who is left, to leave.
    LeaveList,
    /// Deleting its own node.
    Delete,
    /// Waiting for a node to go.
    Wait,
}

/// A participant's timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// Its work is done.
    WorkDone,
}

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

    fn ready(&self) -> String {
        format!("{}/ready", self.path)
    }

    fn enter(&mut self, fx: &mut Fx<Self>) {
        if self.stage == Stage::Joining && self.joined {
            self.stage = Stage::Entered;
            fx.note(ENTERS);
            fx.timer(Timer::WorkDone, self.work);
        }
    }

    fn list(&mut self, purpose: Purpose, fx: &mut Fx<Self>) {
        let op = ops::read(ReadKind::GetChildren, &self.path, false);
        fx.op(purpose, "ls", op);
    }

    fn leave_step(&mut self, kids: &[String], fx: &mut Fx<Self>) {
        let mut left: Vec<&String> = kids.iter().filter(|k| *k != "ready").collect();
        left.sort();
        let mine = left.iter().any(|k| **k == self.name);
        if left.is_empty() || (mine && left.len() == 1) {
            if mine {
                let op = ops::delete(format!("{}/{}", self.path, self.name));
                fx.op(Purpose::Delete, "delete", op);
            }
            self.stage = Stage::Left;
            fx.note(LEAVES);
            return;
        }
        let wait_for = if mine && *left[0] == self.name {
            left[left.len() - 1].clone()
        } else {
            if mine {
                let op = ops::delete(format!("{}/{}", self.path, self.name));
                fx.op(Purpose::Delete, "delete", op);
            }
            left[0].clone()
        };
        let path = format!("{}/{wait_for}", self.path);
        self.waiting_on = Some(path.clone());
        fx.op(
            Purpose::Wait,
            "stat",
            ops::read(ReadKind::Exists, path, true),
        );
    }
}

impl Recipe for DoubleBarrier {
    recipe_basics!();

    /// Create the barrier node, watch `ready`, join, count.
    fn start(&mut self, fx: &mut Fx<Self>) {
        let op = ops::create(&self.path, vec![], CreateMode::Persistent);
        fx.op(Purpose::Parent, "create", op);
        let op = ops::read(ReadKind::Exists, self.ready(), true);
        fx.op(Purpose::Ready, "stat", op);
        let op = ops::create(
            format!("{}/{}", self.path, self.name),
            vec![],
            CreateMode::Ephemeral,
        );
        fx.op(Purpose::Join, "create", op);
    }

    /// An answer to one of its ops.
    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        match (purpose, outcome) {
            (Purpose::Join, Outcome::Created(_) | Outcome::Error(ErrorCode::NodeExists)) => {
                self.joined = true;
                fx.note(format!("joins {}", self.path));
                self.list(Purpose::Count, fx);
            }
            (Purpose::Count, Outcome::Children(kids)) if self.stage == Stage::Joining => {
                let there = kids.iter().filter(|k| *k != "ready").count();
                if kids.iter().any(|k| k == "ready") {
                    self.enter(fx);
                } else if there >= self.size {
                    let op = ops::create(self.ready(), vec![], CreateMode::Persistent);
                    fx.op(Purpose::MakeReady, "create", op);
                }
            }
            (Purpose::MakeReady, Outcome::Created(_) | Outcome::Error(ErrorCode::NodeExists)) => {
                self.enter(fx)
            }
            (Purpose::LeaveList, Outcome::Children(kids)) if self.stage == Stage::Leaving => {
                self.leave_step(kids, fx)
            }
            (Purpose::Wait, Outcome::Exists(None)) if self.stage == Stage::Leaving => {
                self.waiting_on = None;
                self.list(Purpose::LeaveList, fx);
            }
            _ => {}
        }
    }

    /// `ready` was created (enter), or the node it waits on to leave was deleted (list again).
    fn watch(&mut self, ev: &WatchEvent, fx: &mut Fx<Self>) {
        if ev.kind == EventType::NodeCreated && ev.path == self.ready() {
            self.enter(fx);
        } else if ev.kind == EventType::NodeDeleted
            && self.waiting_on.as_deref() == Some(ev.path.as_str())
        {
            self.waiting_on = None;
            self.list(Purpose::LeaveList, fx);
        }
    }

    /// The work is done: start leaving.
    fn timer(&mut self, _timer: Timer, fx: &mut Fx<Self>) {
        if self.stage == Stage::Entered {
            self.stage = Stage::Leaving;
            fx.note(DONE_WORK);
            self.list(Purpose::LeaveList, fx);
        }
    }
}
