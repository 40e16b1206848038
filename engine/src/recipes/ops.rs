//! The few client operations recipes are made of, built in one place.

use super::contract::Effect;
use crate::machine::Effects;
use crate::proto::ClientOp;
use crate::proto::Outcome;
use crate::proto::Read;
use crate::time::Micros;
use crate::tree::{CreateMode, Op, Reply, Request};
use crate::watches::ReadKind;

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

/// `count` things, one every `every`: the pace of a producer, a task submitter and a
/// configuration setter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Pace {
    count: u64,
    every: Micros,
    made: u64,
}

impl Pace {
    pub(super) fn new(count: u64, every: Micros) -> Self {
        Pace {
            count,
            every,
            made: 0,
        }
    }

    /// The number of the next thing to make (from 0), if any is left; sets `timer` for the
    /// one after it, if any.
    pub(super) fn next<P, T>(&mut self, timer: T, fx: &mut Effects<Effect<P, T>>) -> Option<u64> {
        if self.made >= self.count {
            return None;
        }
        self.made += 1;
        if self.made < self.count {
            fx.timer(timer, self.every);
        }
        Some(self.made - 1)
    }

    /// The pause between two things.
    pub(super) fn every(&self) -> Micros {
        self.every
    }

    /// True if there is something to make at all.
    pub(super) fn any(&self) -> bool {
        self.count > 0
    }
}
