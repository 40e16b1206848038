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

use super::contract::{recipe_basics, Fx, Recipe, Session};
use super::ops;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::{CreateMode, ErrorCode};
use crate::watches::{EventType, ReadKind, WatchEvent};

/// The note a watcher writes for each version it sees (followed by the version).
pub const SEES_VERSION: &str = "sees version";

/// Why a configuration client asked for an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Reading the configuration (with a watch).
    Get,
    /// Watching for the node's creation.
    Exists,
    /// Creating the node.
    Create,
    /// Setting a new version.
    Set,
}

/// A configuration setter's timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// Time for the next update.
    Next,
}

/// A client watching the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigWatch {
    name: String,
    path: String,
    seen: Vec<i32>,
    session: Session,
}

impl ConfigWatch {
    /// Client `name` watching `path`.
    pub fn new(name: &str, path: &str) -> Self {
        ConfigWatch {
            name: name.to_string(),
            path: path.to_string(),
            seen: vec![],
            session: Session::default(),
        }
    }

    /// Every version it saw, in order.
    pub fn seen(&self) -> &[i32] {
        &self.seen
    }

    fn read(&mut self, fx: &mut Fx<Self>) {
        fx.op(
            Purpose::Get,
            "get",
            ops::read(ReadKind::GetData, &self.path, true),
        );
    }
}

impl Recipe for ConfigWatch {
    recipe_basics!(guarded);

    /// Read with a watch.
    fn start(&mut self, fx: &mut Fx<Self>) {
        self.read(fx);
    }

    /// A read's answer: note a new version; if there is no node yet, watch for its creation.
    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        match (purpose, outcome) {
            (Purpose::Get, Outcome::Data { data, stat })
                if self.seen.last() != Some(&stat.version) =>
            {
                self.seen.push(stat.version);
                let data = String::from_utf8_lossy(data);
                fx.note(format!("{SEES_VERSION} {} ({data})", stat.version));
            }
            (Purpose::Get, Outcome::Error(ErrorCode::NoNode)) => {
                fx.op(
                    Purpose::Exists,
                    "stat",
                    ops::read(ReadKind::Exists, &self.path, true),
                );
            }
            (Purpose::Exists, Outcome::Exists(Some(_))) => self.read(fx),
            _ => {}
        }
    }

    /// The watch fired: read again (re-arming it).
    fn watch(&mut self, ev: &WatchEvent, fx: &mut Fx<Self>) {
        let changed = matches!(ev.kind, EventType::NodeDataChanged | EventType::NodeCreated);
        if changed && ev.path == self.path {
            self.read(fx);
        }
    }

    /// After a reconnect, read again: a change may have been missed while away.
    fn resumed(&mut self, fx: &mut Fx<Self>) {
        self.read(fx);
    }
}

/// A client updating the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigSet {
    name: String,
    path: String,
    pace: ops::Pace,
}

impl ConfigSet {
    /// Client `name` creating `path` and setting it `count` times, one every `every`.
    pub fn new(name: &str, path: &str, count: u64, every: Micros) -> Self {
        ConfigSet {
            name: name.to_string(),
            path: path.to_string(),
            pace: ops::Pace::new(count, every),
        }
    }
}

impl Recipe for ConfigSet {
    recipe_basics!();

    /// Create the node (NODEEXISTS is fine), then start the updates.
    fn start(&mut self, fx: &mut Fx<Self>) {
        let op = ops::create(&self.path, b"v0".to_vec(), CreateMode::Persistent);
        fx.op(Purpose::Create, "create", op);
        if self.pace.any() {
            fx.timer(Timer::Next, self.pace.every());
        }
    }

    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        if let (Purpose::Set, Outcome::DataSet(stat)) = (purpose, outcome) {
            fx.note(format!("set version {}", stat.version));
        }
    }

    /// Time for the next update.
    fn timer(&mut self, _timer: Timer, fx: &mut Fx<Self>) {
        if let Some(i) = self.pace.next(Timer::Next, fx) {
            let data = format!("v{}", i + 1).into_bytes();
            fx.op(Purpose::Set, "set", ops::set(&self.path, data, -1));
        }
    }
}
