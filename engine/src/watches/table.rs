//! One of a server's two watch tables (data or child), as ZooKeeper 3.9's `WatchManager`
//! keeps it: path → sessions, each with the set of modes it holds on that path.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use crate::tree::path::parent;

/// How a watch behaves (W4, W7). A session may hold several modes on one path (3.9's
/// `WatchStats`); each is added and removed separately.
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
    fn bit(self) -> u8 {
        match self {
            WatchMode::Standard => 1,
            WatchMode::Persistent => 2,
            WatchMode::PersistentRecursive => 4,
        }
    }

    /// The modes present in a bit set, in declaration order.
    pub(crate) fn all_in(bits: u8) -> impl Iterator<Item = WatchMode> {
        [
            WatchMode::Standard,
            WatchMode::Persistent,
            WatchMode::PersistentRecursive,
        ]
        .into_iter()
        .filter(move |m| bits & m.bit() != 0)
    }
}

/// path → session → mode bits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Table {
    paths: BTreeMap<String, BTreeMap<u64, u8>>,
}

impl Table {
    /// Adds `mode` for `session` on `path`; true if it was not already held.
    pub fn add(&mut self, path: &str, session: u64, mode: WatchMode) -> bool {
        let bits = self
            .paths
            .entry(path.to_string())
            .or_default()
            .entry(session)
            .or_insert(0);
        let had = *bits & mode.bit() != 0;
        *bits |= mode.bit();
        !had
    }

    /// Removes `mode` (or every mode, for `None`) of `session` on `path`; true if anything
    /// was removed.
    pub fn remove(&mut self, path: &str, session: u64, mode: Option<WatchMode>) -> bool {
        let Some(sessions) = self.paths.get_mut(path) else {
            return false;
        };
        let Some(bits) = sessions.get_mut(&session) else {
            return false;
        };
        let old = *bits;
        *bits &= !mode.map_or(0xFF, WatchMode::bit);
        let changed = *bits != old;
        if *bits == 0 {
            sessions.remove(&session);
        }
        if sessions.is_empty() {
            self.paths.remove(path);
        }
        changed
    }

    /// Drops every watch of `session` (its connection closed).
    pub fn remove_session(&mut self, session: u64) {
        self.paths.retain(|_, sessions| {
            sessions.remove(&session);
            !sessions.is_empty()
        });
    }

    /// `WatchManager.triggerWatch`: every session watching `path` itself (any mode; its
    /// standard mode is consumed, W4) and every session with a recursive watch on an ancestor
    /// (W7). Returns the sessions to notify, ascending.
    pub fn trigger(&mut self, path: &str) -> BTreeSet<u64> {
        let mut hit = BTreeSet::new();
        if let Some(sessions) = self.paths.get_mut(path) {
            for (session, bits) in sessions.iter_mut() {
                hit.insert(*session);
                *bits &= !WatchMode::Standard.bit();
            }
            sessions.retain(|_, bits| *bits != 0);
            if sessions.is_empty() {
                self.paths.remove(path);
            }
        }
        let mut up = parent(path);
        while let Some(p) = up {
            if let Some(sessions) = self.paths.get(p) {
                let recursive = WatchMode::PersistentRecursive.bit();
                hit.extend(
                    sessions
                        .iter()
                        .filter(|(_, b)| *b & recursive != 0)
                        .map(|(s, _)| *s),
                );
            }
            up = parent(p);
        }
        hit
    }

    /// Every (path, session, mode bits), by path then session.
    pub fn entries(&self) -> impl Iterator<Item = (&str, u64, u8)> {
        self.paths
            .iter()
            .flat_map(|(p, s)| s.iter().map(move |(sid, bits)| (p.as_str(), *sid, *bits)))
    }

    /// Whether `session` holds `mode` on `path`.
    pub fn has(&self, path: &str, session: u64, mode: WatchMode) -> bool {
        self.paths
            .get(path)
            .and_then(|s| s.get(&session))
            .is_some_and(|b| b & mode.bit() != 0)
    }
}
