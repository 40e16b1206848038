//! The distributed queue (R8).
//!
//! A [`Producer`] creates `/queue/item-NNNNNNNNNN` (PERSISTENT_SEQUENTIAL) with data
//! `<name>:<i>` every `every`, `count` times. A [`Consumer`] lists `/queue` with a child watch,
//! then takes the items lowest first: `getData`, then `delete` with version −1; the delete
//! succeeding means the item is its own, NONODE (on either) means another consumer took it, and
//! it tries the next. When its list is used up it lists again if the watch fired meanwhile.
//! An item whose delete answer is lost with the connection is consumed but not recorded.

use super::contract::{recipe_basics, Effect, Fx, Recipe, Session};
use super::ops;
use crate::machine::Effects;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::CreateMode;
use crate::watches::{EventType, ReadKind, WatchEvent};

/// The queue's node.
pub const QUEUE: &str = "/queue";

/// The note a consumer writes for each item it takes (followed by the node and its data).
pub const CONSUMED: &str = "consumed";

/// Why a producer or a consumer asked for an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Creating the queue's node (NODEEXISTS is fine).
    Parent,
    /// Putting an item on the queue.
    Item,
    /// Listing the queue.
    List,
    /// Reading an item.
    Get,
    /// Taking an item (deleting it).
    Delete,
}

/// A producer's timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// Time for the next item.
    Next,
}

fn create_queue<T>(fx: &mut Effects<Effect<Purpose, T>>) {
    let op = ops::create(QUEUE, vec![], CreateMode::Persistent);
    fx.op(Purpose::Parent, "create", op);
}

/// A client putting `count` items on the queue, one every `every`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Producer {
    name: String,
    pace: ops::Pace,
}

impl Producer {
    /// Client `name` producing `count` items, one every `every`.
    pub fn new(name: &str, count: u64, every: Micros) -> Self {
        Producer {
            name: name.to_string(),
            pace: ops::Pace::new(count, every),
        }
    }

    fn produce(&mut self, fx: &mut Fx<Self>) {
        let Some(i) = self.pace.next(Timer::Next, fx) else {
            return;
        };
        let data = format!("{}:{i}", self.name).into_bytes();
        let item = format!("{QUEUE}/item-");
        let op = ops::create(item, data, CreateMode::PersistentSequential);
        fx.op(Purpose::Item, "create", op);
    }
}

impl Recipe for Producer {
    recipe_basics!();

    /// Create the queue (NodeExists is fine) and the first item.
    fn start(&mut self, fx: &mut Fx<Self>) {
        create_queue(fx);
        self.produce(fx);
    }

    /// Answers need nothing (a lost create is not retried).
    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        if let (Purpose::Item, Outcome::Created(path)) = (purpose, outcome) {
            fx.note(format!("produced {path}"));
        }
    }

    fn timer(&mut self, _timer: Timer, fx: &mut Fx<Self>) {
        self.produce(fx);
    }
}

/// What a consumer is doing.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Phase {
    /// Nothing: waiting for the queue's child watch.
    Idle,
    /// Listing the queue.
    Listing,
    /// Taking one item: reading it, then deleting it.
    Taking {
        /// The item's node name.
        item: String,
        /// Its data, once read.
        data: Vec<u8>,
    },
}

/// A client taking items off the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    name: String,
    /// Items from the last listing not yet tried, lowest first.
    pending: Vec<String>,
    phase: Phase,
    /// The child watch fired while it was busy: list again once the list is used up.
    dirty: bool,
    consumed: Vec<(String, String)>,
    session: Session,
}

impl Consumer {
    /// Client `name` consuming.
    pub fn new(name: &str) -> Self {
        Consumer {
            name: name.to_string(),
            pending: vec![],
            phase: Phase::Idle,
            dirty: false,
            consumed: vec![],
            session: Session::default(),
        }
    }

    /// Every item it took: (node name, data), in order.
    pub fn consumed(&self) -> &[(String, String)] {
        &self.consumed
    }

    fn list(&mut self, fx: &mut Fx<Self>) {
        self.phase = Phase::Listing;
        self.dirty = false;
        fx.op(
            Purpose::List,
            "ls",
            ops::read(ReadKind::GetChildren, QUEUE, true),
        );
    }

    /// Try the lowest pending item; when none is left, list again if anything changed.
    fn next(&mut self, fx: &mut Fx<Self>) {
        self.phase = Phase::Idle;
        if self.pending.is_empty() {
            if self.dirty {
                self.list(fx);
            }
            return;
        }
        let item = self.pending.remove(0);
        let op = ops::read(ReadKind::GetData, format!("{QUEUE}/{item}"), false);
        self.phase = Phase::Taking { item, data: vec![] };
        fx.op(Purpose::Get, "get", op);
    }

    /// List now, or once the current list is used up.
    fn list_when_idle(&mut self, fx: &mut Fx<Self>) {
        if self.phase == Phase::Idle {
            self.list(fx);
        } else {
            self.dirty = true;
        }
    }
}

impl Recipe for Consumer {
    recipe_basics!(guarded);

    /// Create the queue (NodeExists is fine) and list it.
    fn start(&mut self, fx: &mut Fx<Self>) {
        create_queue(fx);
        self.list(fx);
    }

    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        match (purpose, outcome) {
            (Purpose::List, Outcome::Children(kids)) => {
                let mut kids: Vec<String> = kids
                    .iter()
                    .filter(|k| k.starts_with("item-"))
                    .cloned()
                    .collect();
                kids.sort();
                self.pending = kids;
                self.next(fx);
            }
            (Purpose::List, _) => self.next(fx),
            (Purpose::Get, Outcome::Data { data, .. }) => {
                let Phase::Taking { item, data: kept } = &mut self.phase else {
                    return;
                };
                *kept = data.clone();
                let op = ops::delete(format!("{QUEUE}/{item}"));
                fx.op(Purpose::Delete, "delete", op);
            }
            (Purpose::Delete, Outcome::Deleted) => {
                if let Phase::Taking { item, data } =
                    std::mem::replace(&mut self.phase, Phase::Idle)
                {
                    let data = String::from_utf8_lossy(&data).into_owned();
                    fx.note(format!("{CONSUMED} {item} {data}"));
                    self.consumed.push((item, data));
                }
                self.next(fx);
            }
            // NONODE: another consumer took it; other errors: leave it for the next listing.
            (Purpose::Get | Purpose::Delete, _) => self.next(fx),
            _ => {}
        }
    }

    /// The child watch fired.
    fn watch(&mut self, ev: &WatchEvent, fx: &mut Fx<Self>) {
        if ev.kind == EventType::NodeChildrenChanged && ev.path == QUEUE {
            self.list_when_idle(fx);
        }
    }

    /// After a reconnect, list again once idle.
    fn resumed(&mut self, fx: &mut Fx<Self>) {
        self.list_when_idle(fx);
    }
}
