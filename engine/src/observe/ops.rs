//! Client histories: every operation a client's application asked for, when it was invoked and
//! when (and how, and by which server) it was answered, or that no answer came. The simulator
//! records them; the consistency checks ([`super::consistency`]) and the history view read them.

use crate::ids::{ClientId, ServerId};
use crate::proto::{ClientOp, Outcome};
use crate::time::Micros;
use crate::tree::{CreateMode, ErrorCode, Request};
use crate::watches::ReadKind;

/// What an operation did, as far as the checks are concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpKind {
    /// create(path, data).
    Create {
        /// The path asked for (a sequential node's final path is in the answer).
        path: String,
        /// The data.
        data: Vec<u8>,
        /// Whether the node may vanish on its own (ephemeral, container, TTL).
        transient: bool,
        /// Whether the name gets a sequence number.
        sequential: bool,
    },
    /// setData(path, data, version).
    Set {
        /// The path.
        path: String,
        /// The data.
        data: Vec<u8>,
        /// The expected version (-1: any).
        version: i32,
    },
    /// delete(path, version).
    Delete {
        /// The path.
        path: String,
        /// The expected version (-1: any).
        version: i32,
    },
    /// getData(path).
    Get {
        /// The path.
        path: String,
    },
    /// exists(path).
    Exists {
        /// The path.
        path: String,
    },
    /// sync(path).
    Sync {
        /// The path.
        path: String,
    },
    /// A write over several paths (multi): the checks leave those paths alone.
    Multi {
        /// Every path it touches.
        paths: Vec<String>,
    },
    /// Anything else (ls, addWatch, close…): not checked.
    Other,
}

impl OpKind {
    /// What `op` is.
    pub fn of(op: &ClientOp) -> OpKind {
        match op {
            ClientOp::Write(Request::Create { path, data, mode }) => OpKind::Create {
                path: path.clone(),
                data: data.clone(),
                transient: mode.is_ephemeral() || mode.is_ttl() || *mode == CreateMode::Container,
                sequential: mode.is_sequential(),
            },
            ClientOp::Write(Request::SetData {
                path,
                data,
                version,
            }) => OpKind::Set {
                path: path.clone(),
                data: data.clone(),
                version: *version,
            },
            ClientOp::Write(Request::Delete { path, version }) => OpKind::Delete {
                path: path.clone(),
                version: *version,
            },
            ClientOp::Write(Request::Multi(ops)) => OpKind::Multi {
                paths: ops.iter().map(|o| o.path().to_string()).collect(),
            },
            ClientOp::Read(r) => match r.kind {
                ReadKind::GetData => OpKind::Get {
                    path: r.path.clone(),
                },
                ReadKind::Exists => OpKind::Exists {
                    path: r.path.clone(),
                },
                ReadKind::GetChildren => OpKind::Other,
            },
            ClientOp::Sync(path) => OpKind::Sync { path: path.clone() },
            _ => OpKind::Other,
        }
    }

    /// The path it is about, if one.
    pub fn path(&self) -> Option<&str> {
        match self {
            OpKind::Create { path, .. }
            | OpKind::Set { path, .. }
            | OpKind::Delete { path, .. }
            | OpKind::Get { path }
            | OpKind::Exists { path }
            | OpKind::Sync { path } => Some(path),
            OpKind::Multi { .. } | OpKind::Other => None,
        }
    }

    /// True for a write (create, set, delete, multi).
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            OpKind::Create { .. }
                | OpKind::Set { .. }
                | OpKind::Delete { .. }
                | OpKind::Multi { .. }
        )
    }

    /// True for a read (get, exists).
    pub fn is_read(&self) -> bool {
        matches!(self, OpKind::Get { .. } | OpKind::Exists { .. })
    }
}

/// One operation of one client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpRecord {
    /// Whose.
    pub client: ClientId,
    /// Its tag (the client library's handle).
    pub tag: u64,
    /// The zkCli command it answers as (`create`, `get`, …).
    pub cmd: &'static str,
    /// What it does.
    pub kind: OpKind,
    /// When the application asked.
    pub invoked: Micros,
    /// When the answer came, if it came.
    pub answered: Option<Micros>,
    /// The answer.
    pub outcome: Option<Outcome>,
    /// The server the client was connected to when the answer came.
    pub server: Option<ServerId>,
    /// True for an operation of the client's recipe program.
    pub program: bool,
}

impl OpRecord {
    /// True if the operation may or may not have happened: no answer, or an answer saying the
    /// connection or session went away (CONNECTIONLOSS, SESSIONEXPIRED…).
    pub fn indeterminate(&self) -> bool {
        match &self.outcome {
            None => true,
            Some(Outcome::Error(code)) => matches!(
                code,
                ErrorCode::ConnectionLoss
                    | ErrorCode::SessionExpired
                    | ErrorCode::OperationTimeout
                    | ErrorCode::SessionMoved
            ),
            Some(_) => false,
        }
    }
}
