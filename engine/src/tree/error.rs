//! ZooKeeper's result codes (`KeeperException.Code`, reference D16).

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A ZooKeeper result code with its numeric value and its `KeeperException.Code` name (D16).
///
/// Codes from −1 to −99 are system errors, codes below −100 are API errors. [`ErrorCode::Ok`]
/// exists because multi results report `OK` for the ops before the failing one (D17).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Error, Serialize, Deserialize,
)]
pub enum ErrorCode {
    /// 0: success (only seen inside failed multi results, D17).
    #[error("OK")]
    Ok,
    /// −1: an unexpected server-side failure.
    #[error("SYSTEMERROR")]
    SystemError,
    /// −2: reported for the ops after the failing op of a multi (D17).
    #[error("RUNTIMEINCONSISTENCY")]
    RuntimeInconsistency,
    /// −3: the data is inconsistent.
    #[error("DATAINCONSISTENCY")]
    DataInconsistency,
    /// −4: the connection to the server was lost; for a write the outcome is unknown (S10).
    #[error("CONNECTIONLOSS")]
    ConnectionLoss,
    /// −5: a request could not be (de)serialised.
    #[error("MARSHALLINGERROR")]
    MarshallingError,
    /// −6: the operation is not implemented (e.g. TTL nodes without extended types, D5).
    #[error("UNIMPLEMENTED")]
    Unimplemented,
    /// −7: the operation timed out.
    #[error("OPERATIONTIMEOUT")]
    OperationTimeout,
    /// −8: invalid arguments (bad path, special path, bad create mode: D2, D3, D4).
    #[error("BADARGUMENTS")]
    BadArguments,
    /// −12: the session is unknown to the server.
    #[error("UNKNOWNSESSION")]
    UnknownSession,
    /// −13: a reconfiguration has no quorum in the new configuration.
    #[error("NEWCONFIGNOQUORUM")]
    NewConfigNoQuorum,
    /// −14: another reconfiguration is in progress.
    #[error("RECONFIGINPROGRESS")]
    ReconfigInProgress,
    /// −100: generic API error.
    #[error("APIERROR")]
    ApiError,
    /// −101: the node does not exist.
    #[error("NONODE")]
    NoNode,
    /// −102: not authorised by the node's ACL.
    #[error("NOAUTH")]
    NoAuth,
    /// −103: the expected version does not match (D11).
    #[error("BADVERSION")]
    BadVersion,
    /// −108: session ephemerals cannot have children (D13).
    #[error("NOCHILDRENFOREPHEMERALS")]
    NoChildrenForEphemerals,
    /// −110: the node already exists.
    #[error("NODEEXISTS")]
    NodeExists,
    /// −111: the node has children.
    #[error("NOTEMPTY")]
    NotEmpty,
    /// −112: the session has expired or is closing (D12, S6).
    #[error("SESSIONEXPIRED")]
    SessionExpired,
    /// −113: invalid callback.
    #[error("INVALIDCALLBACK")]
    InvalidCallback,
    /// −114: the ACL list is malformed.
    #[error("INVALIDACL")]
    InvalidAcl,
    /// −115: authentication failed.
    #[error("AUTHFAILED")]
    AuthFailed,
    /// −118: the session moved to another server (S11).
    #[error("SESSIONMOVED")]
    SessionMoved,
    /// −119: a write reached a read-only server (S12).
    #[error("NOTREADONLY")]
    NotReadOnly,
    /// −120: an ephemeral was requested on a local session (S14).
    #[error("EPHEMERALONLOCALSESSION")]
    EphemeralOnLocalSession,
    /// −121: there is no such watch to remove (W8).
    #[error("NOWATCHER")]
    NoWatcher,
    /// −122: the request timed out on the client.
    #[error("REQUESTTIMEOUT")]
    RequestTimeout,
    /// −123: reconfiguration is disabled.
    #[error("RECONFIGDISABLED")]
    ReconfigDisabled,
    /// −124: a closed session requires SASL authentication.
    #[error("SESSIONCLOSEDREQUIRESASLAUTH")]
    SessionClosedRequireSaslAuth,
    /// −125: a hard quota was exceeded.
    #[error("QUOTAEXCEEDED")]
    QuotaExceeded,
    /// −127: the request was throttled.
    #[error("THROTTLEDOP")]
    ThrottledOp,
}

/// Every code with its number, in D16's order (the single source for `code` and `from_code`).
const TABLE: [(ErrorCode, i32); 32] = [
    (ErrorCode::Ok, 0),
    (ErrorCode::SystemError, -1),
    (ErrorCode::RuntimeInconsistency, -2),
    (ErrorCode::DataInconsistency, -3),
    (ErrorCode::ConnectionLoss, -4),
    (ErrorCode::MarshallingError, -5),
    (ErrorCode::Unimplemented, -6),
    (ErrorCode::OperationTimeout, -7),
    (ErrorCode::BadArguments, -8),
    (ErrorCode::UnknownSession, -12),
    (ErrorCode::NewConfigNoQuorum, -13),
    (ErrorCode::ReconfigInProgress, -14),
    (ErrorCode::ApiError, -100),
    (ErrorCode::NoNode, -101),
    (ErrorCode::NoAuth, -102),
    (ErrorCode::BadVersion, -103),
    (ErrorCode::NoChildrenForEphemerals, -108),
    (ErrorCode::NodeExists, -110),
    (ErrorCode::NotEmpty, -111),
    (ErrorCode::SessionExpired, -112),
    (ErrorCode::InvalidCallback, -113),
    (ErrorCode::InvalidAcl, -114),
    (ErrorCode::AuthFailed, -115),
    (ErrorCode::SessionMoved, -118),
    (ErrorCode::NotReadOnly, -119),
    (ErrorCode::EphemeralOnLocalSession, -120),
    (ErrorCode::NoWatcher, -121),
    (ErrorCode::RequestTimeout, -122),
    (ErrorCode::ReconfigDisabled, -123),
    (ErrorCode::SessionClosedRequireSaslAuth, -124),
    (ErrorCode::QuotaExceeded, -125),
    (ErrorCode::ThrottledOp, -127),
];

impl ErrorCode {
    /// The numeric code sent on the wire (D16), e.g. −101 for NONODE.
    pub fn code(self) -> i32 {
        TABLE
            .iter()
            .find(|(c, _)| *c == self)
            .map(|(_, n)| *n)
            .unwrap_or(-1)
    }

    /// The code with this number, if ZooKeeper defines one.
    pub fn from_code(code: i32) -> Option<Self> {
        TABLE.iter().find(|(_, n)| *n == code).map(|(c, _)| *c)
    }

    /// `KeeperException.Code`'s name, e.g. `"NONODE"`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorCode::Ok => "OK",
            ErrorCode::SystemError => "SYSTEMERROR",
            ErrorCode::RuntimeInconsistency => "RUNTIMEINCONSISTENCY",
            ErrorCode::DataInconsistency => "DATAINCONSISTENCY",
            ErrorCode::ConnectionLoss => "CONNECTIONLOSS",
            ErrorCode::MarshallingError => "MARSHALLINGERROR",
            ErrorCode::Unimplemented => "UNIMPLEMENTED",
            ErrorCode::OperationTimeout => "OPERATIONTIMEOUT",
            ErrorCode::BadArguments => "BADARGUMENTS",
            ErrorCode::UnknownSession => "UNKNOWNSESSION",
            ErrorCode::NewConfigNoQuorum => "NEWCONFIGNOQUORUM",
            ErrorCode::ReconfigInProgress => "RECONFIGINPROGRESS",
            ErrorCode::ApiError => "APIERROR",
            ErrorCode::NoNode => "NONODE",
            ErrorCode::NoAuth => "NOAUTH",
            ErrorCode::BadVersion => "BADVERSION",
            ErrorCode::NoChildrenForEphemerals => "NOCHILDRENFOREPHEMERALS",
            ErrorCode::NodeExists => "NODEEXISTS",
            ErrorCode::NotEmpty => "NOTEMPTY",
            ErrorCode::SessionExpired => "SESSIONEXPIRED",
            ErrorCode::InvalidCallback => "INVALIDCALLBACK",
            ErrorCode::InvalidAcl => "INVALIDACL",
            ErrorCode::AuthFailed => "AUTHFAILED",
            ErrorCode::SessionMoved => "SESSIONMOVED",
            ErrorCode::NotReadOnly => "NOTREADONLY",
            ErrorCode::EphemeralOnLocalSession => "EPHEMERALONLOCALSESSION",
            ErrorCode::NoWatcher => "NOWATCHER",
            ErrorCode::RequestTimeout => "REQUESTTIMEOUT",
            ErrorCode::ReconfigDisabled => "RECONFIGDISABLED",
            ErrorCode::SessionClosedRequireSaslAuth => "SESSIONCLOSEDREQUIRESASLAUTH",
            ErrorCode::QuotaExceeded => "QUOTAEXCEEDED",
            ErrorCode::ThrottledOp => "THROTTLEDOP",
        }
    }

    /// The code whose name is `name` (as printed by [`ErrorCode::name`]).
    pub fn from_name(name: &str) -> Option<Self> {
        TABLE.iter().map(|(c, _)| *c).find(|c| c.name() == name)
    }

    /// D16: codes from −1 to −99 are system errors (CONNECTIONLOSS, MARSHALLINGERROR …).
    pub fn is_system_error(self) -> bool {
        (-99..=-1).contains(&self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// D16: numbers and names round-trip and match the reference list.
    #[test]
    fn d16_codes_and_names() {
        assert_eq!(ErrorCode::NoNode.code(), -101);
        assert_eq!(ErrorCode::NoNode.name(), "NONODE");
        assert_eq!(ErrorCode::BadVersion.code(), -103);
        assert_eq!(ErrorCode::NoChildrenForEphemerals.code(), -108);
        assert_eq!(ErrorCode::NotEmpty.code(), -111);
        assert_eq!(ErrorCode::SessionExpired.code(), -112);
        assert_eq!(ErrorCode::ThrottledOp.code(), -127);
        assert_eq!(
            ErrorCode::RuntimeInconsistency.to_string(),
            "RUNTIMEINCONSISTENCY"
        );
        for (c, n) in TABLE {
            assert_eq!(ErrorCode::from_code(n), Some(c));
            assert_eq!(ErrorCode::from_name(c.name()), Some(c));
            assert_eq!(c.to_string(), c.name());
        }
        assert_eq!(ErrorCode::from_code(-9), None);
        assert!(ErrorCode::ConnectionLoss.is_system_error());
        assert!(!ErrorCode::NoNode.is_system_error());
        assert!(!ErrorCode::Ok.is_system_error());
    }
}
