//! Configuration watched by every client (REC "Out of the Box Applications": dynamic
//! configuration; W1, W3: a watch fires once and must be set again).
//!
//! A [`ConfigWatch`] reads the configuration node with `getData(watch)` and, each time the
//! watch fires, reads it again, which re-arms the watch; it notes every version it sees. Updates
//! made between the firing and the re-read are not seen one by one (a watch is a one-time
//! trigger), but the re-read always returns the latest, so versions seen only ever grow and the
//! last one seen is the last one written. If the node does not exist yet it sets an `exists`
//! watch and reads when it is created.
//! A [`ConfigSet`] creates the node (version 0) and sets it `count` times, one every `every`.

use super::ops;
use super::ProgramOut;
use crate::client::SessionEvent;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::CreateMode;
use crate::watches::{EventType, ReadKind, WatchEvent};

/// The note a watcher writes for each version it sees (followed by the version).
pub const SEES_VERSION: &str = "sees version";

const P_GET: u64 = 1;
const P_EXISTS: u64 = 2;
const P_CREATE: u64 = 3;
const P_SET: u64 = 4;

/// A client watching the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigWatch {
    name: String,
    path: String,
    seen: Vec<i32>,
    suspended: bool,
}

impl ConfigWatch {
    /// Client `name` watching `path`.
    pub fn new(name: &str, path: &str) -> Self {
        ConfigWatch {
            name: name.to_string(),
            path: path.to_string(),
            seen: vec![],
            suspended: false,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every version it saw, in order.
    pub fn seen(&self) -> &[i32] {
        &self.seen
    }

    /// Read with a watch.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        self.read(out);
    }

    fn read(&mut self, out: &mut ProgramOut) {
        let op = ops::read(ReadKind::GetData, &self.path, true);
        out.ops.push((P_GET, "get", op));
    }

    /// A read's answer: note a new version; if there is no node yet, watch for its creation.
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        match (purpose, outcome) {
            (P_GET, Outcome::Data { data, stat }) if self.seen.last() != Some(&stat.version) => {
                self.seen.push(stat.version);
                let data = String::from_utf8_lossy(data);
                out.notes
                    .push(format!("{SEES_VERSION} {} ({data})", stat.version));
            }
            (P_GET, Outcome::Error(crate::tree::ErrorCode::NoNode)) => {
                let op = ops::read(ReadKind::Exists, &self.path, true);
                out.ops.push((P_EXISTS, "stat", op));
            }
            (P_EXISTS, Outcome::Exists(Some(_))) => self.read(out),
            _ => {}
        }
    }

    /// The watch fired: read again (re-arming it).
    pub fn on_watch(&mut self, ev: &WatchEvent, out: &mut ProgramOut) {
        let changed = matches!(ev.kind, EventType::NodeDataChanged | EventType::NodeCreated);
        if changed && ev.path == self.path {
            self.read(out);
        }
    }

    /// After a reconnect, read again: a change may have been missed while away.
    pub fn on_session(&mut self, ev: SessionEvent, out: &mut ProgramOut) {
        match ev {
            SessionEvent::Disconnected => self.suspended = true,
            SessionEvent::SyncConnected if self.suspended => {
                self.suspended = false;
                self.read(out);
            }
            _ => {}
        }
    }
}

/// A client updating the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigSet {
    name: String,
    path: String,
    count: u64,
    every: Micros,
    made: u64,
}

impl ConfigSet {
    /// Client `name` creating `path` and setting it `count` times, one every `every`.
    pub fn new(name: &str, path: &str, count: u64, every: Micros) -> Self {
        ConfigSet {
            name: name.to_string(),
            path: path.to_string(),
            count,
            every,
            made: 0,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Create the node (NODEEXISTS is fine), then start the updates.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        let op = ops::create(&self.path, b"v0".to_vec(), CreateMode::Persistent);
        out.ops.push((P_CREATE, "create", op));
        if self.count > 0 {
            out.timers.push((0, self.every));
        }
    }

    /// Answers need nothing.
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        if let (P_SET, Outcome::DataSet(stat)) = (purpose, outcome) {
            out.notes.push(format!("set version {}", stat.version));
        }
    }

    /// Time for the next update.
    pub fn on_timer(&mut self, _id: u64, out: &mut ProgramOut) {
        if self.made >= self.count {
            return;
        }
        self.made += 1;
        let data = format!("v{}", self.made).into_bytes();
        out.ops.push((P_SET, "set", ops::set(&self.path, data, -1)));
        if self.made < self.count {
            out.timers.push((0, self.every));
        }
    }

    /// Session changes do not matter to it.
    pub fn on_session(&mut self, _ev: SessionEvent, _out: &mut ProgramOut) {}
}
