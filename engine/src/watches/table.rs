//! One of a server's two watch tables (data or child), as ZooKeeper 3.8's `WatchManager` keeps
//! it: path → sessions, each with **one** mode on that path (`WatcherModeManager`). Adding a
//! watch of any mode replaces the mode the session had on that path in this table, so a
//! one-time getData/getChildren watch after an addWatch turns it back into a one-time watch,
//! and an addWatch after one makes it persistent (recorded from 3.8.0: `watch_persistent.zk`;
//! 3.9 keeps several modes per path instead, ZOOKEEPER-4466).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::tree::path::parent;

/// How a watch behaves (W4, W7). A session holds one mode per path and table (3.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum WatchMode {
    /// One-time watch set by getData / exists / getChildren (W1, W4).
    Standard,
    /// `addWatch(PERSISTENT)`: survives firing, this path only (W7).
    Persistent,
    /// `addWatch(PERSISTENT_RECURSIVE)`: survives firing, this path and all descendants,
    /// never NodeChildrenChanged (W7).
    PersistentRecursive,
}

impl WatchMode {
    fn is_recursive(self) -> bool {
        self == WatchMode::PersistentRecursive
    }
}

/// path → session → mode.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Table {
    paths: BTreeMap<String, BTreeMap<u64, WatchMode>>,
}

impl Table {
    /// `WatchManager.addWatch`: `session` watches `path` with `mode`, replacing the mode it had
    /// there (the last registration wins). True if the session did not watch `path` before.
    pub fn add(&mut self, path: &str, session: u64, mode: WatchMode) -> bool {
        self.paths
            .entry(path.to_string())
            .or_default()
            .insert(session, mode)
            .is_none()
    }

    /// Removes the watch of `session` on `path` if its mode is `mode` (any mode for `None`);
    /// true if something was removed.
    pub fn remove(&mut self, path: &str, session: u64, mode: Option<WatchMode>) -> bool {
        let Some(sessions) = self.paths.get_mut(path) else {
            return false;
        };
        match sessions.get(&session) {
            Some(m) if mode.is_none_or(|want| want == *m) => {}
            _ => return false,
        }
        sessions.remove(&session);
        if sessions.is_empty() {
            self.paths.remove(path);
        }
        true
    }

    /// Drops every watch of `session` (its connection closed).
    pub fn remove_session(&mut self, session: u64) {
        self.paths.retain(|_, sessions| {
            sessions.remove(&session);
            !sessions.is_empty()
        });
    }

    /// `WatchManager.triggerWatch`: every session watching `path` itself (a standard watch is
    /// consumed, W4) and every session with a recursive watch on an ancestor (W7); recursive
    /// watches never take NodeChildrenChanged (`children_event`), not even on their own path.
    /// Returns the sessions to notify, ascending.
    pub fn trigger(&mut self, path: &str, children_event: bool) -> BTreeSet<u64> {
        let mut hit = BTreeSet::new();
        if let Some(sessions) = self.paths.get_mut(path) {
            sessions.retain(|session, mode| {
                if mode.is_recursive() {
                    if !children_event {
                        hit.insert(*session);
                    }
                    return true;
                }
                hit.insert(*session);
                *mode != WatchMode::Standard
            });
            if sessions.is_empty() {
                self.paths.remove(path);
            }
        }
        if children_event {
            return hit;
        }
        let mut up = parent(path);
        while let Some(p) = up {
            if let Some(sessions) = self.paths.get(p) {
                hit.extend(
                    sessions
                        .iter()
                        .filter(|(_, m)| m.is_recursive())
                        .map(|(s, _)| *s),
                );
            }
            up = parent(p);
        }
        hit
    }

    /// Every (path, session, mode), by path then session.
    pub fn entries(&self) -> impl Iterator<Item = (&str, u64, WatchMode)> {
        self.paths
            .iter()
            .flat_map(|(p, s)| s.iter().map(move |(sid, m)| (p.as_str(), *sid, *m)))
    }

    /// Whether `session` watches `path` with `mode`.
    pub fn has(&self, path: &str, session: u64, mode: WatchMode) -> bool {
        self.paths
            .get(path)
            .and_then(|s| s.get(&session))
            .is_some_and(|m| *m == mode)
    }
}
