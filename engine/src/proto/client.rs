//! The client protocol: what a client library and the server it is connected to say to each
//! other over their one TCP connection (reference S4, S8, C4, W5, W6).

use super::{Outcome, Read};
use crate::tree::Request;
use crate::watches::{AddWatchMode, SetWatches, WatchEvent};
use crate::zxid::Zxid;
use std::fmt;

/// One operation a client asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientOp {
    /// A write, turned into a txn by the leader (C4).
    Write(Request),
    /// A read served by the connected server from its own tree (C2).
    Read(Read),
    /// sync(path): catch the connected server up with the leader (C6, D18).
    Sync(String),
    /// Add a persistent (or persistent-recursive) watch on the connected server (W7).
    AddWatch {
        /// Path.
        path: String,
        /// The mode.
        mode: AddWatchMode,
    },
    /// Close the session (a closeSession txn).
    CloseSession,
}

/// Client → server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToServer {
    /// Open a session (`session` 0) or resume one (S8).
    Connect {
        /// The session to resume, or 0 for a new one.
        session: u64,
        /// The requested timeout (S2).
        timeout_ms: u64,
        /// The last zxid this client has seen: the single-system-image check (S8).
        last_zxid: Zxid,
    },
    /// Re-arm watches after a reconnect (W6).
    SetWatches(SetWatches),
    /// A request, numbered by the client (xid).
    Request {
        /// Client-chosen request number, increasing.
        xid: u64,
        /// What to do.
        op: ClientOp,
    },
    /// Heartbeat (S4).
    Ping,
}

/// Server → client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToClient {
    /// The session is open (or resumed) with this negotiated timeout.
    Connected {
        /// Session id.
        session: u64,
        /// Negotiated timeout (S2).
        timeout_ms: u64,
    },
    /// The session is unknown or expired (a ConnectResponse with timeout 0, S8).
    Expired,
    /// The answer to request `xid`, with the zxid the server had reached (C4).
    Reply {
        /// The request it answers.
        xid: u64,
        /// The txn's zxid for writes; the server's last applied zxid for reads.
        zxid: Zxid,
        /// The result.
        outcome: Outcome,
    },
    /// A watch fired (W2, W5).
    Event(WatchEvent),
    /// Heartbeat answer.
    Pong,
    /// The server closes the connection (it stopped serving, refused a lagging reconnect, S8,
    /// or the session ended).
    Bye(&'static str),
}

impl ToServer {
    /// A short upper-case name, for the UI.
    pub fn name(&self) -> &'static str {
        match self {
            ToServer::Connect { .. } => "CONNECT",
            ToServer::SetWatches(_) => "SETWATCHES",
            ToServer::Request { .. } => "REQUEST",
            ToServer::Ping => "PING",
        }
    }

    /// A short name for traces, written to `out`.
    pub fn describe_to(&self, out: &mut impl fmt::Write) -> fmt::Result {
        match self {
            ToServer::Connect {
                session, last_zxid, ..
            } => write!(out, "CONNECT session={session:#x} lastZxid={last_zxid}"),
            ToServer::SetWatches(_) => out.write_str("SETWATCHES"),
            ToServer::Request { xid, op } => write!(out, "REQUEST xid={xid} {}", op_name(op)),
            ToServer::Ping => out.write_str("PING"),
        }
    }
}

impl ToClient {
    /// A short upper-case name, for the UI.
    pub fn name(&self) -> &'static str {
        match self {
            ToClient::Connected { .. } => "CONNECTED",
            ToClient::Expired => "EXPIRED",
            ToClient::Reply { .. } => "REPLY",
            ToClient::Event(_) => "WATCH",
            ToClient::Pong => "PONG",
            ToClient::Bye(_) => "BYE",
        }
    }

    /// A short name for traces, written to `out`.
    pub fn describe_to(&self, out: &mut impl fmt::Write) -> fmt::Result {
        match self {
            ToClient::Connected {
                session,
                timeout_ms,
            } => {
                write!(out, "CONNECTED session={session:#x} timeout={timeout_ms}ms")
            }
            ToClient::Expired => out.write_str("EXPIRED"),
            ToClient::Reply { xid, zxid, .. } => write!(out, "REPLY xid={xid} zxid={zxid}"),
            ToClient::Event(e) => write!(out, "WATCH {} {}", e.kind.name(), e.path),
            ToClient::Pong => out.write_str("PONG"),
            ToClient::Bye(why) => write!(out, "CLOSE ({why})"),
        }
    }
}

fn op_name(op: &ClientOp) -> &'static str {
    match op {
        ClientOp::Write(Request::Create { .. }) => "create",
        ClientOp::Write(Request::Delete { .. }) => "delete",
        ClientOp::Write(Request::SetData { .. }) => "setData",
        ClientOp::Write(Request::Multi(_)) => "multi",
        ClientOp::Write(_) => "write",
        ClientOp::Read(_) => "read",
        ClientOp::Sync(_) => "sync",
        ClientOp::AddWatch { .. } => "addWatch",
        ClientOp::CloseSession => "closeSession",
    }
}
