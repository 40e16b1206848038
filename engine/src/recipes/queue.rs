//! The distributed queue (R8).
//!
//! A [`Producer`] creates `/queue/item-NNNNNNNNNN` (PERSISTENT_SEQUENTIAL) with data
//! `<name>:<i>` every `every`, `count` times. A [`Consumer`] lists `/queue` with a child watch,
//! then takes the items lowest first: `getData`, then `delete` with version −1; the delete
//! succeeding means the item is its own, NONODE (on either) means another consumer took it, and
//! it tries the next. When its list is used up it lists again if the watch fired meanwhile.
//! An item whose delete answer is lost with the connection is consumed but not recorded.

use super::ops;
use super::ProgramOut;
use crate::client::SessionEvent;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::CreateMode;
use crate::watches::{EventType, ReadKind, WatchEvent};

/// The queue's node.
pub const QUEUE: &str = "/queue";

/// The note a consumer writes for each item it takes (followed by the node and its data).
pub const CONSUMED: &str = "consumed";

const P_PARENT: u64 = 1;
const P_ITEM: u64 = 2;
const P_LIST: u64 = 3;
const P_GET: u64 = 4;
const P_DELETE: u64 = 5;

fn create_queue(out: &mut ProgramOut) {
    let op = ops::create(QUEUE, vec![], CreateMode::Persistent);
    out.ops.push((P_PARENT, "create", op));
}

/// A client putting `count` items on the queue, one every `every`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Producer {
    name: String,
    count: u64,
    every: Micros,
    made: u64,
}

impl Producer {
    /// Client `name` producing `count` items, one every `every`.
    pub fn new(name: &str, count: u64, every: Micros) -> Self {
        Producer {
            name: name.to_string(),
            count,
            every,
            made: 0,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Create the queue (NodeExists is fine) and the first item.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        create_queue(out);
        self.produce(out);
    }

    fn produce(&mut self, out: &mut ProgramOut) {
        if self.made >= self.count {
            return;
        }
        let data = format!("{}:{}", self.name, self.made).into_bytes();
        let op = ops::create(
            format!("{QUEUE}/item-"),
            data,
            CreateMode::PersistentSequential,
        );
        out.ops.push((P_ITEM, "create", op));
        self.made += 1;
        if self.made < self.count {
            out.timers.push((0, self.every));
        }
    }

    /// Answers need nothing (a lost create is not retried).
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        if let (P_ITEM, Outcome::Created(path)) = (purpose, outcome) {
            out.notes.push(format!("produced {path}"));
        }
    }

    /// Time for the next item.
    pub fn on_timer(&mut self, _id: u64, out: &mut ProgramOut) {
        self.produce(out);
    }

    /// Session changes do not matter to it.
    pub fn on_session(&mut self, _ev: SessionEvent, _out: &mut ProgramOut) {}
}

/// A client taking items off the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    name: String,
    /// Items from the last listing not yet tried, lowest first.
    pending: Vec<String>,
    /// The item being taken.
    current: Option<String>,
    /// Its data, once read.
    data: Vec<u8>,
    listing: bool,
    /// The child watch fired while it was busy.
    dirty: bool,
    consumed: Vec<(String, String)>,
    suspended: bool,
    dead: bool,
}

impl Consumer {
    /// Client `name` consuming.
    pub fn new(name: &str) -> Self {
        Consumer {
            name: name.to_string(),
            pending: vec![],
            current: None,
            data: vec![],
            listing: false,
            dirty: false,
            consumed: vec![],
            suspended: false,
            dead: false,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every item it took: (node name, data), in order.
    pub fn consumed(&self) -> &[(String, String)] {
        &self.consumed
    }

    /// Create the queue (NodeExists is fine) and list it.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        create_queue(out);
        self.list(out);
    }

    fn list(&mut self, out: &mut ProgramOut) {
        self.listing = true;
        self.dirty = false;
        let op = ops::read(ReadKind::GetChildren, QUEUE, true);
        out.ops.push((P_LIST, "ls", op));
    }

    fn busy(&self) -> bool {
        self.listing || self.current.is_some()
    }

    /// Try the lowest pending item; when none is left, list again if anything changed.
    fn next(&mut self, out: &mut ProgramOut) {
        self.current = None;
        if self.pending.is_empty() {
            if self.dirty {
                self.list(out);
            }
            return;
        }
        let item = self.pending.remove(0);
        let op = ops::read(ReadKind::GetData, format!("{QUEUE}/{item}"), false);
        self.current = Some(item);
        out.ops.push((P_GET, "get", op));
    }

    /// An answer to one of its ops.
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        if self.dead {
            return;
        }
        match (purpose, outcome) {
            (P_LIST, Outcome::Children(kids)) => {
                self.listing = false;
                let mut kids: Vec<String> = kids
                    .iter()
                    .filter(|k| k.starts_with("item-"))
                    .cloned()
                    .collect();
                kids.sort();
                self.pending = kids;
                self.next(out);
            }
            (P_LIST, _) => {
                self.listing = false;
                self.next(out);
            }
            (P_GET, Outcome::Data { data, .. }) => {
                self.data = data.clone();
                let Some(item) = &self.current else { return };
                let op = ops::delete(format!("{QUEUE}/{item}"));
                out.ops.push((P_DELETE, "delete", op));
            }
            (P_DELETE, Outcome::Deleted) => {
                let item = self.current.take().unwrap_or_default();
                let data = String::from_utf8_lossy(&self.data).into_owned();
                out.notes.push(format!("{CONSUMED} {item} {data}"));
                self.consumed.push((item, data));
                self.next(out);
            }
            // NONODE: another consumer took it; other errors: leave it for the next listing.
            (P_GET | P_DELETE, _) => self.next(out),
            _ => {}
        }
    }

    /// The child watch fired: list now, or once the current list is used up.
    pub fn on_watch(&mut self, ev: &WatchEvent, out: &mut ProgramOut) {
        if self.dead || ev.kind != EventType::NodeChildrenChanged || ev.path != QUEUE {
            return;
        }
        if self.busy() {
            self.dirty = true;
        } else {
            self.list(out);
        }
    }

    /// After a reconnect, list again once idle.
    pub fn on_session(&mut self, ev: SessionEvent, out: &mut ProgramOut) {
        match ev {
            SessionEvent::Disconnected => self.suspended = true,
            SessionEvent::SyncConnected if self.suspended && !self.dead => {
                self.suspended = false;
                if self.busy() {
                    self.dirty = true;
                } else {
                    self.list(out);
                }
            }
            SessionEvent::SyncConnected => {}
            SessionEvent::Expired | SessionEvent::Closed => self.dead = true,
        }
    }
}
