//! Group membership (R1) and the barrier (R6).
//!
//! A [`Member`] creates `GROUP/<name>` (EPHEMERAL), lists `GROUP` with a child watch and lists
//! again (re-arming the watch) on every NodeChildrenChanged; its view is the last listing. A
//! crashed member's node goes when its session expires (S6), and every other member's watch fires.
//!
//! A [`BarrierWait`] client sets an `exists` watch on the barrier node: while the node exists it
//! waits; once the node is deleted (or if it is already gone) it proceeds. A [`BarrierLift`]
//! client creates the node and deletes it `after` later.

use super::contract::{recipe_basics, Fx, Recipe, Session};
use super::ops;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::{CreateMode, ErrorCode};
use crate::watches::{EventType, ReadKind, WatchEvent};

/// The note a barrier waiter writes when it proceeds.
pub const PROCEEDS: &str = "proceeds";

/// Why a group member or a barrier client asked for an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Creating the group's node (NODEEXISTS is fine).
    Parent,
    /// Creating the member's node.
    Join,
    /// Listing the group.
    List,
    /// Checking the barrier node (with a watch).
    Exists,
    /// Raising the barrier.
    Create,
    /// Lifting the barrier.
    Delete,
}

/// The one timer of this module: time to lift the barrier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// Lift the barrier.
    Lift,
}

/// One member of a group (R1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    name: String,
    group: String,
    joined: bool,
    view: Option<Vec<String>>,
    session: Session,
}

impl Member {
    /// Client `name` joining `group`.
    pub fn new(name: &str, group: &str) -> Self {
        Member {
            name: name.to_string(),
            group: group.to_string(),
            joined: false,
            view: None,
            session: Session::default(),
        }
    }

    /// The members it last listed (sorted), once it has listed.
    pub fn view(&self) -> Option<&[String]> {
        self.view.as_deref()
    }

    fn join(&mut self, fx: &mut Fx<Self>) {
        let path = format!("{}/{}", self.group, self.name);
        fx.op(
            Purpose::Join,
            "create",
            ops::create(&path, vec![], CreateMode::Ephemeral),
        );
    }

    fn list(&mut self, fx: &mut Fx<Self>) {
        let op = ops::read(ReadKind::GetChildren, &self.group, true);
        fx.op(Purpose::List, "ls", op);
    }
}

impl Recipe for Member {
    recipe_basics!(guarded);

    /// Create the group (NodeExists is fine), join it, list it with a watch.
    fn start(&mut self, fx: &mut Fx<Self>) {
        let op = ops::create(&self.group, vec![], CreateMode::Persistent);
        fx.op(Purpose::Parent, "create", op);
        self.join(fx);
        self.list(fx);
    }

    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        match (purpose, outcome) {
            (Purpose::Join, Outcome::Created(_) | Outcome::Error(ErrorCode::NodeExists))
                if !self.joined =>
            {
                self.joined = true;
                fx.note(format!("joined {}", self.group));
            }
            (Purpose::List, Outcome::Children(kids)) => {
                let mut kids = kids.clone();
                kids.sort();
                if self.view.as_ref() != Some(&kids) {
                    fx.note(format!("view: [{}]", kids.join(", ")));
                    self.view = Some(kids);
                }
            }
            _ => {} // failures are retried after the reconnect
        }
    }

    /// A watch fired: list again (re-arming the child watch).
    fn watch(&mut self, ev: &WatchEvent, fx: &mut Fx<Self>) {
        if ev.kind == EventType::NodeChildrenChanged && ev.path == self.group {
            self.list(fx);
        }
    }

    /// After a reconnect, join (if not yet) and list again.
    fn resumed(&mut self, fx: &mut Fx<Self>) {
        if !self.joined {
            self.join(fx);
        }
        self.list(fx);
    }

    fn lost(&mut self, fx: &mut Fx<Self>) {
        fx.note("left the group (session lost)");
    }
}

/// A client waiting at a barrier (R6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarrierWait {
    name: String,
    path: String,
    proceeded: bool,
    session: Session,
}

impl BarrierWait {
    /// Client `name` waiting for `path` to go.
    pub fn new(name: &str, path: &str) -> Self {
        BarrierWait {
            name: name.to_string(),
            path: path.to_string(),
            proceeded: false,
            session: Session::default(),
        }
    }

    /// True once it has proceeded past the barrier.
    pub fn proceeded(&self) -> bool {
        self.proceeded
    }

    /// `exists(path, watch)`.
    fn check(&mut self, fx: &mut Fx<Self>) {
        fx.op(
            Purpose::Exists,
            "stat",
            ops::read(ReadKind::Exists, &self.path, true),
        );
    }

    fn proceed(&mut self, fx: &mut Fx<Self>) {
        if !self.proceeded {
            self.proceeded = true;
            fx.note(format!("{PROCEEDS}: {} is gone", self.path));
        }
    }
}

impl Recipe for BarrierWait {
    recipe_basics!(guarded);

    fn start(&mut self, fx: &mut Fx<Self>) {
        self.check(fx);
    }

    /// The barrier is there (wait for the watch) or gone (proceed).
    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        match (purpose, outcome) {
            (Purpose::Exists, Outcome::Exists(None)) => self.proceed(fx),
            (Purpose::Exists, Outcome::Exists(Some(_))) if !self.proceeded => {
                fx.note(format!("waits at {}", self.path));
            }
            _ => {}
        }
    }

    /// A watch fired on the barrier node.
    fn watch(&mut self, ev: &WatchEvent, fx: &mut Fx<Self>) {
        if ev.path != self.path || self.proceeded {
            return;
        }
        match ev.kind {
            EventType::NodeDeleted => self.proceed(fx),
            _ => self.check(fx),
        }
    }

    /// After a reconnect, check the barrier again.
    fn resumed(&mut self, fx: &mut Fx<Self>) {
        if !self.proceeded {
            self.check(fx);
        }
    }
}

/// Where the client raising a barrier is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lift {
    Raising,
    Raised,
    Lifting,
    Lifted,
}

/// The client that raises a barrier and lifts it `after` later (R6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarrierLift {
    name: String,
    path: String,
    after: Micros,
    phase: Lift,
    session: Session,
}

impl BarrierLift {
    /// Client `name` raising `path` and deleting it `after` later.
    pub fn new(name: &str, path: &str, after: Micros) -> Self {
        BarrierLift {
            name: name.to_string(),
            path: path.to_string(),
            after,
            phase: Lift::Raising,
            session: Session::default(),
        }
    }

    fn delete(&mut self, fx: &mut Fx<Self>) {
        self.phase = Lift::Lifting;
        fx.op(Purpose::Delete, "delete", ops::delete(&self.path));
    }
}

impl Recipe for BarrierLift {
    recipe_basics!(guarded);

    /// Create the barrier node.
    fn start(&mut self, fx: &mut Fx<Self>) {
        let op = ops::create(&self.path, vec![], CreateMode::Persistent);
        fx.op(Purpose::Create, "create", op);
    }

    /// The create answered: lift after `after`; the delete answered: note it.
    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        match (purpose, outcome) {
            (Purpose::Create, Outcome::Created(_) | Outcome::Error(ErrorCode::NodeExists))
                if self.phase == Lift::Raising =>
            {
                self.phase = Lift::Raised;
                fx.note(format!("raised {}", self.path));
                fx.timer(Timer::Lift, self.after);
            }
            (Purpose::Delete, Outcome::Deleted | Outcome::Error(ErrorCode::NoNode))
                if self.phase != Lift::Lifted =>
            {
                self.phase = Lift::Lifted;
                fx.note(format!("lifted {}", self.path));
            }
            _ => {}
        }
    }

    /// Time to lift the barrier.
    fn timer(&mut self, _timer: Timer, fx: &mut Fx<Self>) {
        fx.note(format!("deletes {}", self.path));
        self.delete(fx);
    }

    /// After a reconnect, redo a create or delete that got no answer (both are idempotent
    /// here: NodeExists and NoNode count as done).
    fn resumed(&mut self, fx: &mut Fx<Self>) {
        match self.phase {
            Lift::Raising => self.start(fx),
            Lift::Lifting => self.delete(fx),
            Lift::Raised | Lift::Lifted => {}
        }
    }
}
