//! Contending for one thing through ephemeral sequential nodes: leader election (R2), the
//! exclusive lock (R3) and, as the wrong way to do it, the herd-effect lock (R12).
//!
//! Each contender creates `PARENT/<name>-<kind>-NNNNNNNNNN` (EPHEMERAL_SEQUENTIAL; the client's
//! name is the GUID of R4, so a create whose answer was lost is found again after a reconnect),
//! lists the children **without** a watch, and holds the lock (or leads) when its node is the
//! lowest. Otherwise it sets an `exists` watch on the *next lower* node (REC's recipe; Curator's
//! LeaderLatch and InterProcessMutex use `getData` with a watcher, which behaves the same here
//! because the predecessor's data never changes) and lists again when it is deleted. One
//! difference: when the predecessor is gone before the call reaches the server, `exists` leaves
//! a watch for a node that will never be created, on the client and on the server, until the
//! session ends (as in ZooKeeper; `getData` would leave none). A day-long run shows it.
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

use super::contract::{recipe_basics, Fx, Recipe, Session};
use super::ops;
use super::ResourceAct;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::{CreateMode, ErrorCode};
use crate::watches::{EventType, ReadKind, WatchEvent};

/// The parents contenders queue under: the lock, the herd lock, the read/write lock, the
/// election.
pub const QUEUE_PARENTS: [&str; 4] = ["/lock", "/herd-lock", "/rwlock", "/election"];

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

/// Why a contender asked for an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Creating the parent (NODEEXISTS is fine).
    Parent,
    /// Creating its node.
    Create,
    /// Listing the contenders.
    List,
    /// Watching its predecessor.
    Watch,
    /// Deleting its node after a hold.
    Delete,
}

/// A contender's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// The hold is over.
    Hold,
    /// The rest is over: queue again.
    Rejoin,
    /// Time to write to the resource again.
    Work,
}

/// Where a contender is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    /// Its create is on its way.
    Joining,
    /// Its create failed with the connection: the node may exist anyway (R4); it looks for it
    /// by its GUID when it next lists.
    Unsure,
    /// Its node exists; not the lowest (yet), perhaps watching the next lower one.
    Waiting {
        /// The predecessor it set an exists watch on.
        watching: Option<String>,
    },
    /// It holds the lock (or leads), with this fencing token.
    Holding {
        /// Its node's sequence number.
        token: u64,
    },
    /// It is deleting its node after a hold.
    Releasing,
    /// It rests before queueing again.
    Resting,
}

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
    /// Our node's full path, once known.
    mine: Option<String>,
    phase: Phase,
    session: Session,
}

/// True for a writer's node in the read/write lock (R5).
fn is_write(name: &str) -> bool {
    name.contains("-write-")
}

/// The sequence number a sequential node's name ends with (D8: ten digits).
pub fn sequence(name: &str) -> Option<u64> {
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
            mine: None,
            phase: Phase::Joining,
            session: Session::default(),
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

    /// True while it believes it holds the lock (or leads).
    pub fn holds(&self) -> bool {
        matches!(self.phase, Phase::Holding { .. })
    }

    /// The parent node its recipe queues under.
    pub fn parent(&self) -> &'static str {
        match self.style {
            Style::Lock => QUEUE_PARENTS[0],
            Style::HerdLock => QUEUE_PARENTS[1],
            Style::Read | Style::Write => QUEUE_PARENTS[2],
            Style::Election => QUEUE_PARENTS[3],
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

    fn join(&mut self, fx: &mut Fx<Self>) {
        self.phase = Phase::Joining;
        let kind = match self.style {
            Style::Election => "n_",
            Style::Read => "read-",
            Style::Write => "write-",
            Style::Lock | Style::HerdLock => "lock-",
        };
        let path = format!("{}/{}{kind}", self.parent(), self.guid());
        let op = ops::create(path, vec![], CreateMode::EphemeralSequential);
        fx.op(Purpose::Create, "create", op);
    }

    /// getChildren of the parent: without a watch (R3 step 2), except in the herd lock.
    fn list(&mut self, fx: &mut Fx<Self>) {
        let herd = self.style == Style::HerdLock;
        let op = ops::read(ReadKind::GetChildren, self.parent(), herd);
        fx.op(Purpose::List, "ls", op);
    }

    /// The children, unwatched (or watched, in the herd lock): do we hold it?
    fn check(&mut self, kids: &[String], fx: &mut Fx<Self>) {
        if matches!(self.phase, Phase::Releasing | Phase::Resting) {
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
                    self.phase = Phase::Waiting { watching: None };
                    fx.note(format!("found its node {k} after a lost answer"));
                    self.check(kids, fx);
                }
                None if self.phase == Phase::Unsure => self.join(fx),
                None => {}
            }
            return;
        };
        let base = mine.rsplit('/').next().unwrap_or_default();
        let Some(at) = queue.iter().position(|(_, k)| k.as_str() == base) else {
            fx.note(format!("its node {mine} is gone"));
            self.mine = None;
            self.give_up(fx, "node gone");
            return self.join(fx);
        };
        // R5: a reader only waits for lower writers; everyone else waits for any lower node.
        let blockers: Vec<&String> = queue[..at]
            .iter()
            .map(|(_, k)| *k)
            .filter(|k| self.style != Style::Read || is_write(k))
            .collect();
        if blockers.is_empty() {
            if !self.holds() {
                self.acquire(queue[at].0, fx);
            }
        } else if !self.holds() && self.style != Style::HerdLock {
            let pred = format!("{}/{}", self.parent(), blockers[blockers.len() - 1]);
            self.watch_predecessor(pred, fx);
        }
    }

    /// It is the lowest: it holds the lock (or leads) with `token`.
    fn acquire(&mut self, token: u64, fx: &mut Fx<Self>) {
        self.phase = Phase::Holding { token };
        fx.note(format!("holds {} (token {token})", self.what()));
        let holder = self.name.clone();
        fx.act(if self.style == Style::Read {
            ResourceAct::AcquireShared { holder, token }
        } else {
            ResourceAct::Acquire { holder, token }
        });
        if self.style != Style::Election {
            fx.timer(Timer::Hold, self.hold);
        }
        if self.work > 0 {
            self.write(token, fx);
        }
    }

    /// Use the resource: write to it with our token, and again after `work`.
    fn write(&mut self, token: u64, fx: &mut Fx<Self>) {
        fx.note(format!("writes with token {token}"));
        let holder = self.name.clone();
        fx.act(ResourceAct::Write { holder, token });
        fx.timer(Timer::Work, self.work);
    }

    /// R3 step 4: `exists(next-lower, watch)`.
    fn watch_predecessor(&mut self, pred: String, fx: &mut Fx<Self>) {
        fx.note(format!("waits for {pred}"));
        self.phase = Phase::Waiting {
            watching: Some(pred.clone()),
        };
        let op = ops::read(ReadKind::Exists, pred, true);
        fx.op(Purpose::Watch, "stat", op);
    }

    /// Stop using the resource (the node stays).
    fn give_up(&mut self, fx: &mut Fx<Self>, why: &str) {
        if self.holds() {
            self.phase = Phase::Waiting { watching: None };
            fx.cancel(Timer::Hold);
            fx.cancel(Timer::Work);
            fx.note(format!("gives up {} ({why})", self.what()));
            let holder = self.name.clone();
            fx.act(ResourceAct::Release { holder });
        }
    }

    fn delete(&mut self, fx: &mut Fx<Self>) {
        let Some(path) = self.mine.clone() else {
            return;
        };
        self.phase = Phase::Releasing;
        fx.op(Purpose::Delete, "delete", ops::delete(path));
    }
}

impl Recipe for Contender {
    recipe_basics!(guarded);

    /// Make sure the parent exists (NodeExists is fine), then join.
    fn start(&mut self, fx: &mut Fx<Self>) {
        let op = ops::create(self.parent(), vec![], CreateMode::Persistent);
        fx.op(Purpose::Parent, "create", op);
        self.join(fx);
    }

    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        match (purpose, outcome) {
            (Purpose::Create, Outcome::Created(path)) => {
                if self.phase == Phase::Joining {
                    self.phase = Phase::Waiting { watching: None };
                }
                self.mine = Some(path.clone());
                fx.note(format!("created {path}"));
                self.list(fx);
            }
            (Purpose::Create, Outcome::Error(code)) => {
                // R4: the node may exist anyway; look for it by GUID after reconnecting.
                if self.phase == Phase::Joining {
                    self.phase = Phase::Unsure;
                }
                fx.note(format!("create failed ({})", code.name()));
            }
            (Purpose::List, Outcome::Children(kids)) => self.check(kids, fx),
            (Purpose::Watch, Outcome::Exists(None)) => self.list(fx),
            (Purpose::Delete, Outcome::Deleted | Outcome::Error(ErrorCode::NoNode)) => {
                self.mine = None;
                self.phase = Phase::Resting;
                fx.timer(Timer::Rejoin, self.rest);
            }
            _ => {} // other failures are retried after the reconnect
        }
    }

    fn watch(&mut self, ev: &WatchEvent, fx: &mut Fx<Self>) {
        let Phase::Waiting { watching } = &self.phase else {
            return;
        };
        if self.mine.is_none() {
            return;
        }
        match self.style {
            Style::HerdLock if ev.kind == EventType::NodeChildrenChanged => {
                fx.note(format!("{WAKE_UP}: {}", ev.path));
                self.list(fx);
            }
            Style::HerdLock => {}
            _ if watching.as_deref() != Some(ev.path.as_str()) => {}
            _ if ev.kind == EventType::NodeDeleted => {
                fx.note(format!("{WAKE_UP}: {}", ev.path));
                self.phase = Phase::Waiting { watching: None };
                self.list(fx);
            }
            _ => {
                let pred = ev.path.clone();
                self.watch_predecessor(pred, fx);
            }
        }
    }

    /// The hold is over (release and delete), the rest is over (queue again), or it is time
    /// to write to the resource again.
    fn timer(&mut self, timer: Timer, fx: &mut Fx<Self>) {
        match (timer, &self.phase) {
            (Timer::Work, Phase::Holding { token }) => self.write(*token, fx),
            (Timer::Hold, Phase::Holding { .. }) => {
                self.give_up(fx, "hold time over");
                self.delete(fx);
            }
            (Timer::Rejoin, Phase::Resting) => self.join(fx),
            _ => {}
        }
    }

    /// R12: a holder stops using the resource at once.
    fn suspended(&mut self, fx: &mut Fx<Self>) {
        self.give_up(fx, "disconnected: maybe lost");
    }

    /// After the reconnect: finish a release, or list again to see where it stands.
    fn resumed(&mut self, fx: &mut Fx<Self>) {
        match self.phase {
            Phase::Releasing => self.delete(fx),
            Phase::Waiting { .. } | Phase::Unsure | Phase::Holding { .. } => self.list(fx),
            Phase::Joining | Phase::Resting => {}
        }
    }

    fn lost(&mut self, fx: &mut Fx<Self>) {
        self.give_up(fx, "session lost");
    }
}
