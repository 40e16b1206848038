//! One server's watches (reference §2, W1–W8): which session is told what when the tree
//! changes. Each server keeps its own tables; they are not replicated (W6).
//!
//! Modes follow ZooKeeper 3.8.0, the recorded server: one mode per session, path and table,
//! the last registration winning (see `table.rs`); addWatch puts its mode in both tables.
//!
//! The server side only knows sessions: a client library that registered several watcher
//! objects still gets one notification per event from the server (W4), and fans it out itself.

mod table;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use crate::tree::{Change, DataTree};
use table::Table;
pub use table::WatchMode;

/// `Watcher.Event.EventType` (W2, W8, W9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EventType {
    /// −1: a session state change (W9).
    None,
    /// 1: the watched node was created.
    NodeCreated,
    /// 2: the watched node was deleted.
    NodeDeleted,
    /// 3: the watched node's data changed.
    NodeDataChanged,
    /// 4: the watched node's children changed.
    NodeChildrenChanged,
    /// 5: a data watch was removed (client side, W8).
    DataWatchRemoved,
    /// 6: a child watch was removed (client side, W8).
    ChildWatchRemoved,
    /// 7: a persistent watch was removed (client side, W8).
    PersistentWatchRemoved,
}

impl EventType {
    /// The numeric code on the wire.
    pub fn code(self) -> i32 {
        match self {
            EventType::None => -1,
            EventType::NodeCreated => 1,
            EventType::NodeDeleted => 2,
            EventType::NodeDataChanged => 3,
            EventType::NodeChildrenChanged => 4,
            EventType::DataWatchRemoved => 5,
            EventType::ChildWatchRemoved => 6,
            EventType::PersistentWatchRemoved => 7,
        }
    }

    /// The Java enum name, e.g. `"NodeDataChanged"`.
    pub fn name(self) -> &'static str {
        match self {
            EventType::None => "None",
            EventType::NodeCreated => "NodeCreated",
            EventType::NodeDeleted => "NodeDeleted",
            EventType::NodeDataChanged => "NodeDataChanged",
            EventType::NodeChildrenChanged => "NodeChildrenChanged",
            EventType::DataWatchRemoved => "DataWatchRemoved",
            EventType::ChildWatchRemoved => "ChildWatchRemoved",
            EventType::PersistentWatchRemoved => "PersistentWatchRemoved",
        }
    }
}

/// A notification for one session.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WatchEvent {
    /// What happened.
    pub kind: EventType,
    /// To which path.
    pub path: String,
}

impl WatchEvent {
    fn new(kind: EventType, path: &str) -> Self {
        WatchEvent {
            kind,
            path: path.to_string(),
        }
    }
}

/// The read that may leave a standard watch (W1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReadKind {
    /// getData: a data watch, only if the node exists.
    GetData,
    /// exists: a data ("exist") watch whether or not the node exists (W3).
    Exists,
    /// getChildren: a child watch, only if the node exists.
    GetChildren,
}

/// `addWatch` modes (W7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AddWatchMode {
    /// PERSISTENT: data and child events of this path.
    Persistent,
    /// PERSISTENT_RECURSIVE: created/deleted/data events of the subtree.
    PersistentRecursive,
}

/// Which watches `removeWatches` removes (W8, `WatcherType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WatcherType {
    /// Standard child watches.
    Children,
    /// Standard data and exist watches.
    Data,
    /// PERSISTENT watches.
    Persistent,
    /// PERSISTENT_RECURSIVE watches.
    PersistentRecursive,
    /// Every kind.
    Any,
}

/// The watch lists a reconnecting client sends (`SetWatches2`, W6).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetWatches {
    /// The client's last seen zxid.
    pub relative_zxid: u64,
    /// Paths with a data watch (set by getData).
    pub data: Vec<String>,
    /// Paths with an exist watch (set by exists on a missing node).
    pub exist: Vec<String>,
    /// Paths with a child watch.
    pub child: Vec<String>,
    /// Paths with a PERSISTENT watch.
    pub persistent: Vec<String>,
    /// Paths with a PERSISTENT_RECURSIVE watch.
    pub persistent_recursive: Vec<String>,
}

/// Which server table a watch lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum WatchTable {
    /// `dataWatches`: getData, exists, and addWatch watches.
    Data,
    /// `childWatches`: getChildren and addWatch watches (both modes, as in 3.8).
    Child,
}

/// A watch held on a server, for inspectors.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct WatchEntry {
    /// The table.
    pub table: WatchTable,
    /// The watched path.
    pub path: String,
    /// The watching session.
    pub session: u64,
    /// The mode.
    pub mode: WatchMode,
}

/// A server's data and child watch tables (`DataTree.dataWatches` / `childWatches`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WatchManager {
    data: Table,
    child: Table,
}

impl WatchManager {
    /// No watches.
    pub fn new() -> Self {
        Self::default()
    }

    /// A one-time data watch (getData on an existing node, or exists on any path, W1/W3).
    pub fn add_data_watch(&mut self, session: u64, path: &str) {
        self.data.add(path, session, WatchMode::Standard);
    }

    /// A one-time child watch (getChildren on an existing node, W1).
    pub fn add_child_watch(&mut self, session: u64, path: &str) {
        self.child.add(path, session, WatchMode::Standard);
    }

    /// W3: registers the watch a read with `watch = true` leaves, given whether the node was
    /// `found`. exists always registers; getData and getChildren only on success. Returns
    /// whether a watch was registered.
    pub fn register_read(&mut self, session: u64, kind: ReadKind, path: &str, found: bool) -> bool {
        match kind {
            ReadKind::Exists => self.add_data_watch(session, path),
            ReadKind::GetData if found => self.add_data_watch(session, path),
            ReadKind::GetChildren if found => self.add_child_watch(session, path),
            _ => return false,
        }
        true
    }

    /// `addWatch` (W7), as 3.8's `DataTree.addWatch`: the mode goes to both tables, replacing
    /// whatever mode the session had on `path` there. A recursive watch never takes
    /// NodeChildrenChanged, but in the child table it still hears NodeDeleted of the path and
    /// its descendants, even after a `get -w` turned its data-table entry back into a one-time
    /// watch.
    pub fn add_watch(&mut self, session: u64, path: &str, mode: AddWatchMode) {
        let mode = match mode {
            AddWatchMode::Persistent => WatchMode::Persistent,
            AddWatchMode::PersistentRecursive => WatchMode::PersistentRecursive,
        };
        self.data.add(path, session, mode);
        self.child.add(path, session, mode);
    }

    /// `removeWatches` on the server (W8): true if something was removed, false means the
    /// client gets NOWATCHER. As in 3.8, Children and Data remove the session's entry in that
    /// table whatever its mode; 3.8 has no Persistent / PersistentRecursive types, which here
    /// remove entries of that mode from both tables.
    pub fn remove_watches(&mut self, session: u64, path: &str, kind: WatcherType) -> bool {
        match kind {
            WatcherType::Children => self.child.remove(path, session, None),
            WatcherType::Data => self.data.remove(path, session, None),
            WatcherType::Persistent => {
                let c = self
                    .child
                    .remove(path, session, Some(WatchMode::Persistent));
                let d = self.data.remove(path, session, Some(WatchMode::Persistent));
                c || d
            }
            WatcherType::PersistentRecursive => {
                let mode = Some(WatchMode::PersistentRecursive);
                let c = self.child.remove(path, session, mode);
                let d = self.data.remove(path, session, mode);
                c || d
            }
            WatcherType::Any => {
                let c = self.child.remove(path, session, None);
                let d = self.data.remove(path, session, None);
                c || d
            }
        }
    }

    /// Drops every watch of `session` (its connection to this server closed).
    pub fn remove_session(&mut self, session: u64) {
        self.data.remove_session(session);
        self.child.remove_session(session);
    }

    /// Fires the watches `changes` trigger (W2), in change order and, within a change, by
    /// ascending session. One-time watches are consumed (W4). A deleted node's data and child
    /// watchers get a single NodeDeleted between them.
    pub fn trigger(&mut self, changes: &[Change]) -> Vec<(u64, WatchEvent)> {
        let mut out = Vec::new();
        for change in changes {
            let (kind, path, sessions) = match change {
                Change::NodeCreated(p) => (EventType::NodeCreated, p, self.data.trigger(p, false)),
                Change::NodeDataChanged(p) => {
                    (EventType::NodeDataChanged, p, self.data.trigger(p, false))
                }
                Change::NodeChildrenChanged(p) => (
                    EventType::NodeChildrenChanged,
                    p,
                    self.child.trigger(p, true),
                ),
                Change::NodeDeleted(p) => {
                    // Both tables fire; the child table skips those the data table told.
                    let mut s: BTreeSet<u64> = self.data.trigger(p, false);
                    s.extend(self.child.trigger(p, false));
                    (EventType::NodeDeleted, p, s)
                }
            };
            out.extend(
                sessions
                    .into_iter()
                    .map(|s| (s, WatchEvent::new(kind, path))),
            );
        }
        out
    }

    /// `DataTree.setWatches` (W6): re-arms a reconnecting session's watches against this
    /// server's `tree` and returns the events to send at once, in the order data, exist, child.
    /// A data watch fires NodeDeleted if the node is gone and NodeDataChanged if its mzxid is
    /// past `relative_zxid`; an exist watch fires NodeCreated if the node exists; a child watch
    /// fires NodeDeleted or, if its pzxid is past `relative_zxid`, NodeChildrenChanged.
    /// Persistent watches are re-armed without any catch-up (W7).
    pub fn set_watches(
        &mut self,
        tree: &DataTree,
        session: u64,
        w: &SetWatches,
    ) -> Vec<WatchEvent> {
        let mut fire = Vec::new();
        for p in &w.data {
            match tree.exists(p) {
                None => fire.push(WatchEvent::new(EventType::NodeDeleted, p)),
                Some(st) if st.mzxid > w.relative_zxid => {
                    fire.push(WatchEvent::new(EventType::NodeDataChanged, p))
                }
                Some(_) => self.add_data_watch(session, p),
            }
        }
        for p in &w.exist {
            match tree.exists(p) {
                Some(_) => fire.push(WatchEvent::new(EventType::NodeCreated, p)),
                None => self.add_data_watch(session, p),
            }
        }
        for p in &w.child {
            match tree.exists(p) {
                None => fire.push(WatchEvent::new(EventType::NodeDeleted, p)),
                Some(st) if st.pzxid > w.relative_zxid => {
                    fire.push(WatchEvent::new(EventType::NodeChildrenChanged, p))
                }
                Some(_) => self.add_child_watch(session, p),
            }
        }
        for p in &w.persistent {
            self.add_watch(session, p, AddWatchMode::Persistent);
        }
        for p in &w.persistent_recursive {
            self.add_watch(session, p, AddWatchMode::PersistentRecursive);
        }
        fire
    }

    /// Whether `session` holds a watch of `mode` on `path` in `table`.
    pub fn has(&self, table: WatchTable, session: u64, path: &str, mode: WatchMode) -> bool {
        match table {
            WatchTable::Data => self.data.has(path, session, mode),
            WatchTable::Child => self.child.has(path, session, mode),
        }
    }

    /// Every watch held, sorted by table, path, session and mode (for inspectors).
    pub fn entries(&self) -> Vec<WatchEntry> {
        let mut out = Vec::new();
        for (table, t) in [
            (WatchTable::Data, &self.data),
            (WatchTable::Child, &self.child),
        ] {
            out.extend(t.entries().map(|(path, session, mode)| WatchEntry {
                table,
                path: path.to_string(),
                session,
                mode,
            }));
        }
        out
    }

    /// Whether no watch is held at all.
    pub fn is_empty(&self) -> bool {
        self.data.entries().next().is_none() && self.child.entries().next().is_none()
    }
}
