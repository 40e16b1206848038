//! The few client operations recipes are made of, built in one place.

use crate::client::proto::ClientOp;
use crate::tree::{CreateMode, Request};
use crate::watches::ReadKind;
use crate::zkcli::Read;

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
