//! Contending for one thing through ephemeral sequential nodes: leader election (R2), the
//! exclusive lock (R3) and, as the wrong way to do it, the herd-effect lock (R12).
//!
//! Each contender creates `PARENT/<name>-<kind>-NNNNNNNNNN` (EPHEMERAL_SEQUENTIAL; the client's
//! name is the GUID of R4, so a create whose answer was lost is found again after a reconnect),
//! lists the children **without** a watch, and holds the lock (or leads) when its node is the
//! lowest. Otherwise it sets an `exists` watch on the *next lower* node (REC's recipe; Curator's
//! LeaderLatch and InterProcessMutex use `getData` with a watcher, which behaves the same here
//! because the predecessor's data never changes) and lists again when it is deleted.
//! The herd lock instead lists with a child watch, so every change wakes every waiter.
//! The read/write lock (R5) shares `/rwlock`: a reader (`read-`) holds it while no lower `write-`
//! node exists and otherwise watches the next-lower `write-`; a writer (`write-`) is R3's lock
//! against any lower node.
//!
//! With `work` set, a holder writes to the protected resource when it takes the lock and every
//! `work` while it holds it (`Write`, with its token), the way a client uses what a lock guards.
//! With `fenced`, the resource checks the token of every act (R12's fencing).
//!
//! Connection trouble (R12): on Disconnected (Curator's SUSPENDED) a holder stops using the
//! resource at once; after SyncConnected it lists again and takes it back only if its node is
//! still the lowest. On Expired (LOST) it is out for good: its handle is dead.

use super::ops;
use super::{ProgramOut, ResourceAct};
use crate::client::SessionEvent;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::{CreateMode, ErrorCode};
use crate::watches::{EventType, ReadKind, WatchEvent};

/// The note a waiter writes each time a watch event wakes it (counted by the herd tests).
pub const WAKE_UP: &str = "wake-up";

/// Which recipe a [`Contender`] follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// R2: lead while lowest, until the session is suspended or lost.
    Election,
    /// R3: hold while lowest for a while, then delete the node and queue again.
    Lock,
    /// R3 done wrong (R12): waiters watch the lock's children, not their predecessor.
    HerdLock,
    /// R5's reader: shares the lock with other readers while no lower `write-` node exists,
    /// otherwise watches the next-lower `write-` node.
    Read,
    /// R5's writer: holds the lock while its node is the lowest of all, reads and writes.
    Write,
}

const P_PARENT: u64 = 1;
const P_CREATE: u64 = 2;
const P_LIST: u64 = 3;
const P_WATCH: u64 = 4;
const P_DELETE: u64 = 5;

const T_HOLD: u64 = 0;
const T_REJOIN: u64 = 1;
const T_WORK: u64 = 2;
/// Timer ids are `generation × TIMERS + kind`.
const TIMERS: u64 = 3;

/// One client contending for leadership or a lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contender {
    name: String,
    style: Style,
    hold: Micros,
    rest: Micros,
    /// How often a holder writes to the resource (0: never).
    work: Micros,
    fenced: bool,
    /// The token of the current hold.
    token: u64,
    /// Our node's full path, once known.
    mine: Option<String>,
    /// The predecessor we set an exists watch on.
    watching: Option<String>,
    creating: bool,
    holding: bool,
    deleting: bool,
    resting: bool,
    suspended: bool,
    dead: bool,
    /// Bumped to void pending timers.
    generation: u64,
}

/// True for a writer's node in the read/write lock (R5).
fn is_write(name: &str) -> bool {
    name.contains("-write-")
}

/// The sequence number a sequential node's name ends with (D8: ten digits).
fn sequence(name: &str) -> Option<u64> {
    let digits = name.get(name.len().checked_sub(10)?..)?;
    digits.parse().ok()
}

impl Contender {
    /// A contender for client `name`; `hold` and `rest` only matter for locks.
    pub fn new(name: &str, style: Style, hold: Micros, rest: Micros) -> Self {
        Contender {
            name: name.to_string(),
            style,
            hold,
            rest,
            work: 0,
            fenced: false,
            token: 0,
            mine: None,
            watching: None,
            creating: false,
            holding: false,
            deleting: false,
            resting: false,
            suspended: false,
            dead: false,
            generation: 0,
        }
    }

    /// Write to the resource every `work` while holding (0: never), and have its acts fenced.
    pub fn with_work(mut self, work: Micros, fenced: bool) -> Self {
        self.work = work;
        self.fenced = fenced;
        self
    }

    /// Whether the resource fences its acts.
    pub fn fenced(&self) -> bool {
        self.fenced
    }

    /// The client's name, which is also the holder's name on the resource.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// True while it believes it holds the lock (or leads).
    pub fn holds(&self) -> bool {
        self.holding
    }

    fn parent(&self) -> &'static str {
        match self.style {
            Style::Election => "/election",
            Style::Lock => "/lock",
            Style::HerdLock => "/herd-lock",
            Style::Read | Style::Write => "/rwlock",
        }
    }

    fn guid(&self) -> String {
        format!("{}-", self.name)
    }

    fn what(&self) -> &'static str {
        match self.style {
            Style::Election => "leadership",
            _ => "the lock",
        }
    }

    /// Start: make sure the parent exists (NodeExists is fine), then join.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        let op = ops::create(self.parent(), vec![], CreateMode::Persistent);
        out.ops.push((P_PARENT, "create", op));
        self.join(out);
    }

    fn join(&mut self, out: &mut ProgramOut) {
        self.creating = true;
        let kind = match self.style {
            Style::Election => "n_",
            Style::Read => "read-",
            Style::Write => "write-",
            Style::Lock | Style::HerdLock => "lock-",
        };
        let path = format!("{}/{}{kind}", self.parent(), self.guid());
        let op = ops::create(path, vec![], CreateMode::EphemeralSequential);
        out.ops.push((P_CREATE, "create", op));
    }

    /// getChildren of the parent: without a watch (R3 step 2), except in the herd lock.
    fn list(&mut self, out: &mut ProgramOut) {
        let herd = self.style == Style::HerdLock;
        let op = ops::read(ReadKind::GetChildren, self.parent(), herd);
        out.ops.push((P_LIST, "ls", op));
    }

    /// An answer to one of our ops.
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        if self.dead {
            return;
        }
        match (purpose, outcome) {
            (P_CREATE, Outcome::Created(path)) => {
                self.creating = false;
                self.mine = Some(path.clone());
                out.notes.push(format!("created {path}"));
                self.list(out);
            }
            (P_CREATE, Outcome::Error(code)) => {
                // R4: the node may exist anyway; look for it by GUID after reconnecting.
                self.creating = false;
                out.notes.push(format!("create failed ({code:?})"));
            }
            (P_LIST, Outcome::Children(kids)) => self.check(kids, out),
            (P_WATCH, Outcome::Exists(None)) => self.list(out),
            (P_WATCH, Outcome::Exists(Some(_))) => {}
            (P_DELETE, Outcome::Deleted | Outcome::Error(ErrorCode::NoNode)) => {
                self.deleting = false;
                self.mine = None;
                self.resting = true;
                self.generation += 1;
                out.timers
                    .push((self.generation * TIMERS + T_REJOIN, self.rest));
            }
            _ => {} // other failures are retried after the reconnect
        }
    }

    /// The children, unwatched (or watched, in the herd lock): do we hold it?
    fn check(&mut self, kids: &[String], out: &mut ProgramOut) {
        if self.deleting || self.resting {
            return;
        }
        let mut queue: Vec<(u64, &String)> = kids
            .iter()
            .filter_map(|k| Some((sequence(k)?, k)))
            .collect();
        queue.sort();
        let Some(mine) = self.mine.clone() else {
            // A create whose answer was lost (R4): is our node there?
            let guid = self.guid();
            match queue.iter().find(|(_, k)| k.starts_with(&guid)) {
                Some((_, k)) => {
                    self.mine = Some(format!("{}/{k}", self.parent()));
                    out.notes
                        .push(format!("found its node {k} after a lost answer"));
                    self.check(kids, out);
                }
                None if !self.creating => self.join(out),
                None => {}
            }
            return;
        };
        let base = mine.rsplit('/').next().unwrap_or_default();
        let Some(at) = queue.iter().position(|(_, k)| k.as_str() == base) else {
            out.notes.push(format!("its node {mine} is gone"));
            self.mine = None;
            self.give_up(out, "node gone");
            return self.join(out);
        };
        // R5: a reader only waits for lower writers; everyone else waits for any lower node.
        let blockers: Vec<&String> = queue[..at]
            .iter()
            .map(|(_, k)| *k)
            .filter(|k| self.style != Style::Read || is_write(k))
            .collect();
        if blockers.is_empty() {
            if !self.holding {
                self.holding = true;
                self.watching = None;
                let token = queue[at].0;
                out.notes
                    .push(format!("holds {} (token {token})", self.what()));
                let holder = self.name.clone();
                out.resource.push(if self.style == Style::Read {
                    ResourceAct::AcquireShared { holder, token }
                } else {
                    ResourceAct::Acquire { holder, token }
                });
                self.token = token;
                if self.style != Style::Election {
                    self.generation += 1;
                    out.timers
                        .push((self.generation * TIMERS + T_HOLD, self.hold));
                }
                if self.work > 0 {
                    self.write(out);
                }
            }
        } else if !self.holding && self.style != Style::HerdLock {
            let pred = format!("{}/{}", self.parent(), blockers[blockers.len() - 1]);
            self.watch(pred, out);
        }
    }

    /// Use the resource: write to it with our token, and again after `work`.
    fn write(&mut self, out: &mut ProgramOut) {
        let (holder, token) = (self.name.clone(), self.token);
        out.notes.push(format!("writes with token {token}"));
        out.resource.push(ResourceAct::Write { holder, token });
        out.timers
            .push((self.generation * TIMERS + T_WORK, self.work));
    }

    /// R3 step 4: `exists(next-lower, watch)`.
    fn watch(&mut self, pred: String, out: &mut ProgramOut) {
        out.notes.push(format!("waits for {pred}"));
        self.watching = Some(pred.clone());
        let op = ops::read(ReadKind::Exists, pred, true);
        out.ops.push((P_WATCH, "stat", op));
    }

    /// Stop using the resource (the node stays).
    fn give_up(&mut self, out: &mut ProgramOut, why: &str) {
        if self.holding {
            self.holding = false;
            self.generation += 1;
            out.notes.push(format!("gives up {} ({why})", self.what()));
            let holder = self.name.clone();
            out.resource.push(ResourceAct::Release { holder });
        }
    }

    /// A watch fired.
    pub fn on_watch(&mut self, ev: &WatchEvent, out: &mut ProgramOut) {
        let waiting = self.mine.is_some() && !self.holding && !self.deleting && !self.dead;
        if !waiting {
            return;
        }
        match self.style {
            Style::HerdLock if ev.kind == EventType::NodeChildrenChanged => {
                out.notes.push(format!("{WAKE_UP}: {}", ev.path));
                self.list(out);
            }
            Style::HerdLock => {}
            _ if self.watching.as_deref() != Some(ev.path.as_str()) => {}
            _ if ev.kind == EventType::NodeDeleted => {
                out.notes.push(format!("{WAKE_UP}: {}", ev.path));
                self.watching = None;
                self.list(out);
            }
            _ => {
                let pred = ev.path.clone();
                self.watch(pred, out);
            }
        }
    }

    /// The session changed state (R12).
    pub fn on_session(&mut self, ev: SessionEvent, out: &mut ProgramOut) {
        match ev {
            SessionEvent::Disconnected => {
                self.suspended = true;
                self.give_up(out, "disconnected: maybe lost");
            }
            SessionEvent::SyncConnected if self.suspended && !self.dead => {
                self.suspended = false;
                if self.deleting {
                    self.delete(out);
                } else if !self.resting && !self.creating {
                    self.list(out);
                }
            }
            SessionEvent::SyncConnected => {}
            SessionEvent::Expired | SessionEvent::Closed => {
                self.give_up(out, "session lost");
                self.dead = true;
            }
        }
    }

    fn delete(&mut self, out: &mut ProgramOut) {
        let Some(path) = self.mine.clone() else {
            return;
        };
        self.deleting = true;
        let op = ops::delete(path);
        out.ops.push((P_DELETE, "delete", op));
    }

    /// A timer fired: the hold is over, or the rest before queueing again.
    pub fn on_timer(&mut self, id: u64, out: &mut ProgramOut) {
        if id / TIMERS != self.generation || self.dead {
            return;
        }
        match id % TIMERS {
            T_WORK if self.holding => self.write(out),
            T_HOLD if self.holding => {
                self.give_up(out, "hold time over");
                self.delete(out);
            }
            T_REJOIN => {
                self.resting = false;
                self.join(out);
            }
            _ => {}
        }
    }
}
