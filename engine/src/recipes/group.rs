//! Group membership (R1) and the barrier (R6).
//!
//! A [`Member`] creates `GROUP/<name>` (EPHEMERAL), lists `GROUP` with a child watch and lists
//! again (re-arming the watch) on every NodeChildrenChanged; its view is the last listing. A
//! crashed member's node goes when its session expires (S6), and every other member's watch fires.
//!
//! A [`BarrierWait`] client sets an `exists` watch on the barrier node: while the node exists it
//! waits; once the node is deleted (or if it is already gone) it proceeds. A [`BarrierLift`]
//! client creates the node and deletes it `after` later.

use super::ops;
use super::ProgramOut;
use crate::client::SessionEvent;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::{CreateMode, ErrorCode};
use crate::watches::{EventType, ReadKind, WatchEvent};

/// The note a barrier waiter writes when it proceeds.
pub const PROCEEDS: &str = "proceeds";

const P_PARENT: u64 = 1;
const P_JOIN: u64 = 2;
const P_LIST: u64 = 3;
const P_EXISTS: u64 = 4;
const P_CREATE: u64 = 5;
const P_DELETE: u64 = 6;

/// One member of a group (R1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    name: String,
    group: String,
    joined: bool,
    view: Option<Vec<String>>,
    suspended: bool,
    dead: bool,
}

impl Member {
    /// Client `name` joining `group`.
    pub fn new(name: &str, group: &str) -> Self {
        Member {
            name: name.to_string(),
            group: group.to_string(),
            joined: false,
            view: None,
            suspended: false,
            dead: false,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The members it last listed (sorted), once it has listed.
    pub fn view(&self) -> Option<&[String]> {
        self.view.as_deref()
    }

    /// Create the group (NodeExists is fine), join it, list it with a watch.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        out.ops.push((
            P_PARENT,
            "create",
            ops::create(&self.group, vec![], CreateMode::Persistent),
        ));
        self.join(out);
        self.list(out);
    }

    fn join(&mut self, out: &mut ProgramOut) {
        let path = format!("{}/{}", self.group, self.name);
        out.ops.push((
            P_JOIN,
            "create",
            ops::create(&path, vec![], CreateMode::Ephemeral),
        ));
    }

    fn list(&mut self, out: &mut ProgramOut) {
        out.ops.push((
            P_LIST,
            "ls",
            ops::read(ReadKind::GetChildren, &self.group, true),
        ));
    }

    /// An answer to one of its ops.
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        if self.dead {
            return;
        }
        match (purpose, outcome) {
            (P_JOIN, Outcome::Created(_) | Outcome::Error(ErrorCode::NodeExists))
                if !self.joined =>
            {
                self.joined = true;
                out.notes.push(format!("joined {}", self.group));
            }
            (P_LIST, Outcome::Children(kids)) => {
                let mut kids = kids.clone();
                kids.sort();
                if self.view.as_ref() != Some(&kids) {
                    out.notes.push(format!("view: [{}]", kids.join(", ")));
                    self.view = Some(kids);
                }
            }
            _ => {} // failures are retried after the reconnect
        }
    }

    /// A watch fired: list again (re-arming the child watch).
    pub fn on_watch(&mut self, ev: &WatchEvent, out: &mut ProgramOut) {
        if !self.dead && ev.kind == EventType::NodeChildrenChanged && ev.path == self.group {
            self.list(out);
        }
    }

    /// The session changed state: after a reconnect, join (if not yet) and list again.
    pub fn on_session(&mut self, ev: SessionEvent, out: &mut ProgramOut) {
        match ev {
            SessionEvent::Disconnected => self.suspended = true,
            SessionEvent::SyncConnected if self.suspended && !self.dead => {
                self.suspended = false;
                if !self.joined {
                    self.join(out);
                }
                self.list(out);
            }
            SessionEvent::SyncConnected => {}
            SessionEvent::Expired | SessionEvent::Closed => {
                out.notes.push("left the group (session lost)".to_string());
                self.dead = true;
            }
        }
    }
}

/// A client waiting at a barrier (R6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarrierWait {
    name: String,
    path: String,
    proceeded: bool,
    suspended: bool,
    dead: bool,
}

impl BarrierWait {
    /// Client `name` waiting for `path` to go.
    pub fn new(name: &str, path: &str) -> Self {
        BarrierWait {
            name: name.to_string(),
            path: path.to_string(),
            proceeded: false,
            suspended: false,
            dead: false,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// True once it has proceeded past the barrier.
    pub fn proceeded(&self) -> bool {
        self.proceeded
    }

    /// `exists(path, watch)`.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        self.check(out);
    }

    fn check(&mut self, out: &mut ProgramOut) {
        out.ops.push((
            P_EXISTS,
            "stat",
            ops::read(ReadKind::Exists, &self.path, true),
        ));
    }

    fn proceed(&mut self, out: &mut ProgramOut) {
        if !self.proceeded && !self.dead {
            self.proceeded = true;
            out.notes.push(format!("{PROCEEDS}: {} is gone", self.path));
        }
    }

    /// An answer: the barrier is there (wait for the watch) or gone (proceed).
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        match (purpose, outcome) {
            (P_EXISTS, Outcome::Exists(None)) => self.proceed(out),
            (P_EXISTS, Outcome::Exists(Some(_))) if !self.proceeded => {
                out.notes.push(format!("waits at {}", self.path));
            }
            _ => {}
        }
    }

    /// A watch fired on the barrier node.
    pub fn on_watch(&mut self, ev: &WatchEvent, out: &mut ProgramOut) {
        if ev.path != self.path || self.proceeded || self.dead {
            return;
        }
        match ev.kind {
            EventType::NodeDeleted => self.proceed(out),
            _ => self.check(out),
        }
    }

    /// The session changed state: after a reconnect, check the barrier again.
    pub fn on_session(&mut self, ev: SessionEvent, out: &mut ProgramOut) {
        match ev {
            SessionEvent::Disconnected => self.suspended = true,
            SessionEvent::SyncConnected if self.suspended && !self.dead => {
                self.suspended = false;
                if !self.proceeded {
                    self.check(out);
                }
            }
            SessionEvent::SyncConnected => {}
            SessionEvent::Expired | SessionEvent::Closed => self.dead = true,
        }
    }
}

/// The client that raises a barrier and lifts it `after` later (R6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarrierLift {
    name: String,
    path: String,
    after: Micros,
    raised: bool,
    deleting: bool,
    lifted: bool,
    suspended: bool,
}

impl BarrierLift {
    /// Client `name` raising `path` and deleting it `after` later.
    pub fn new(name: &str, path: &str, after: Micros) -> Self {
        BarrierLift {
            name: name.to_string(),
            path: path.to_string(),
            after,
            raised: false,
            deleting: false,
            lifted: false,
            suspended: false,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Create the barrier node.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        out.ops.push((
            P_CREATE,
            "create",
            ops::create(&self.path, vec![], CreateMode::Persistent),
        ));
    }

    /// The create answered: lift after `after`; the delete answered: note it.
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        match (purpose, outcome) {
            (P_CREATE, Outcome::Created(_) | Outcome::Error(ErrorCode::NodeExists))
                if !self.raised =>
            {
                self.raised = true;
                out.notes.push(format!("raised {}", self.path));
                out.timers.push((0, self.after));
            }
            (P_DELETE, Outcome::Deleted | Outcome::Error(ErrorCode::NoNode)) if !self.lifted => {
                self.lifted = true;
                out.notes.push(format!("lifted {}", self.path));
            }
            _ => {}
        }
    }

    /// Time to lift the barrier.
    pub fn on_timer(&mut self, _id: u64, out: &mut ProgramOut) {
        out.notes.push(format!("deletes {}", self.path));
        self.delete(out);
    }

    /// The session changed state: after a reconnect, redo a create or delete that got no
    /// answer (both are idempotent here: NodeExists and NoNode count as done).
    pub fn on_session(&mut self, ev: SessionEvent, out: &mut ProgramOut) {
        match ev {
            SessionEvent::Disconnected => self.suspended = true,
            SessionEvent::SyncConnected if self.suspended => {
                self.suspended = false;
                if !self.raised {
                    self.on_start(out);
                } else if self.deleting && !self.lifted {
                    self.delete(out);
                }
            }
            _ => {}
        }
    }

    fn delete(&mut self, out: &mut ProgramOut) {
        self.deleting = true;
        let op = ops::delete(&self.path);
        out.ops.push((P_DELETE, "delete", op));
    }
}
