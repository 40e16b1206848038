//! The few client operations recipes are made of, built in one place.

use crate::proto::ClientOp;
use crate::proto::Outcome;
use crate::proto::Read;
use crate::tree::{CreateMode, Op, Reply, Request};
use crate::watches::ReadKind;
use std::collections::BTreeMap;

/// Create `path` with `data` in `mode`.
pub(super) fn create(path: impl Into<String>, data: Vec<u8>, mode: CreateMode) -> ClientOp {
    ClientOp::Write(Request::Create {
        path: path.into(),
        data,
        mode,
    })
}

/// A read of `path`, leaving a watch if `watch` (W1, W3).
pub(super) fn read(kind: ReadKind, path: impl Into<String>, watch: bool) -> ClientOp {
    ClientOp::Read(Read {
        kind,
        path: path.into(),
        watch,
    })
}

/// Delete `path`, whatever its version.
pub(super) fn delete(path: impl Into<String>) -> ClientOp {
    ClientOp::Write(Request::Delete {
        path: path.into(),
        version: -1,
    })
}

/// Set `path`'s data, if its version is `version` (−1: any).
pub(super) fn set(path: impl Into<String>, data: Vec<u8>, version: i32) -> ClientOp {
    ClientOp::Write(Request::SetData {
        path: path.into(),
        data,
        version,
    })
}

/// An all-or-nothing batch (D17).
pub(super) fn multi(ops: Vec<Op>) -> ClientOp {
    ClientOp::Write(Request::Multi(ops))
}

/// True for a multi whose every op succeeded.
pub(super) fn multi_ok(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Multi(r) if r.iter().all(|x| !matches!(x, Reply::Error(_))))
}

/// Purposes that carry a name (a task, a worker): `kind + 16 × id`, the name kept until the
/// answer comes back, so that a program knows which of its many similar ops an answer is for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Named {
    next: u64,
    names: BTreeMap<u64, String>,
}

impl Named {
    /// A purpose for an op of `kind` (below 16) about `name`.
    pub(super) fn purpose(&mut self, kind: u64, name: &str) -> u64 {
        self.next += 1;
        self.names.insert(self.next, name.to_string());
        kind + 16 * self.next
    }

    /// The kind and name of an answered purpose (the name is forgotten).
    pub(super) fn take(&mut self, purpose: u64) -> (u64, Option<String>) {
        (purpose % 16, self.names.remove(&(purpose / 16)))
    }
}
