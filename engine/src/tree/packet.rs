//! D15: the `jute.maxbuffer` limit on request packets.
//!
//! ZooKeeper does not answer an oversized request with an error code: the server reads the
//! packet's length prefix, finds it above `jute.maxbuffer` ("Len error") and closes the
//! connection. Nothing reaches prep, no zxid is used, and the client sees CONNECTIONLOSS for
//! that request and every other one outstanding on the connection, then reconnects. So this is
//! a check for the server's connection layer, not part of [`prep`](super::prep::prep).
//!
//! Sizes are those of the jute encoding the Java client sends (request header + record, not
//! counting the 4-byte length prefix), with the default ACL `world:anyone` (OPEN_ACL_UNSAFE).

use super::error::ErrorCode;
use super::txn::{CreateMode, Op, Request};

/// `jute.maxbuffer`'s default: 0xFFFFF = 1 048 575 bytes (D15, P5).
pub const MAX_PACKET_BYTES: usize = 0xFFFFF;

/// Request header: xid (int) + type (int).
const HEADER: usize = 8;
/// A one-entry ACL list `[ALL, world:anyone]`: count + perms + "world" + "anyone".
const OPEN_ACL: usize = 4 + 4 + (4 + 5) + (4 + 6);
/// `MultiHeader`: type (int) + done (bool) + err (int).
const MULTI_HEADER: usize = 9;
/// `ConnectRequest`: protocol version, last zxid, timeout, session id, 16-byte password,
/// read-only flag.
const CONNECT: usize = 4 + 8 + 4 + 8 + (4 + 16) + 1;

fn ustring(s: &str) -> usize {
    4 + s.len()
}

fn buffer(b: &[u8]) -> usize {
    4 + b.len()
}

fn create_len(path: &str, data: &[u8], mode: CreateMode) -> usize {
    let ttl = if mode.is_ttl() { 8 } else { 0 };
    ustring(path) + buffer(data) + OPEN_ACL + 4 + ttl
}

/// The encoded length of one op's record (without any header).
fn op_len(op: &Op) -> usize {
    match op {
        Op::Create { path, data, mode } => create_len(path, data, *mode),
        Op::Delete { path, .. } | Op::Check { path, .. } => ustring(path) + 4,
        Op::SetData { path, data, .. } => ustring(path) + buffer(data) + 4,
    }
}

/// The length ZooKeeper's server reads from the packet's length prefix for this request.
pub fn request_len(req: &Request) -> usize {
    match req {
        Request::Create { path, data, mode } => HEADER + create_len(path, data, *mode),
        Request::Delete { path, .. } | Request::Check { path, .. } => HEADER + ustring(path) + 4,
        Request::SetData { path, data, .. } => HEADER + ustring(path) + buffer(data) + 4,
        Request::Multi(ops) => {
            HEADER + ops.iter().map(|o| MULTI_HEADER + op_len(o)).sum::<usize>() + MULTI_HEADER
        }
        Request::CreateSession { .. } => CONNECT,
        Request::CloseSession { .. } => HEADER,
        Request::DeleteContainer { path } => HEADER + ustring(path),
    }
}

/// D15: `Err(CONNECTIONLOSS)` if the server would drop the connection on this request
/// (`len > jute.maxbuffer`), which then fails every request outstanding on the connection.
pub fn check_request_size(req: &Request) -> Result<(), ErrorCode> {
    if request_len(req) > MAX_PACKET_BYTES {
        Err(ErrorCode::ConnectionLoss)
    } else {
        Ok(())
    }
}

/// The largest data a single persistent create of `path` can carry without tripping D15.
pub fn max_create_data(path: &str) -> usize {
    MAX_PACKET_BYTES.saturating_sub(HEADER + create_len(path, &[], CreateMode::Persistent))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// D15: the limit is on the whole packet, so 1 048 575 bytes of data are already too many;
    /// the last byte that fits depends on the path.
    #[test]
    fn d15_packet_limit() {
        let limit = max_create_data("/big");
        assert_eq!(limit, MAX_PACKET_BYTES - (8 + 8 + 4 + 27 + 4));
        let fits = Request::create("/big", vec![0u8; limit], CreateMode::Persistent);
        assert_eq!(check_request_size(&fits), Ok(()));
        let over = Request::create("/big", vec![0u8; limit + 1], CreateMode::Persistent);
        assert_eq!(check_request_size(&over), Err(ErrorCode::ConnectionLoss));
        let full = Request::set_data("/big", vec![0u8; MAX_PACKET_BYTES], -1);
        assert_eq!(check_request_size(&full), Err(ErrorCode::ConnectionLoss));
        let multi = Request::Multi(vec![
            Op::SetData {
                path: "/a".into(),
                data: vec![0; 600_000],
                version: -1,
            },
            Op::SetData {
                path: "/b".into(),
                data: vec![0; 600_000],
                version: -1,
            },
        ]);
        assert_eq!(
            check_request_size(&multi),
            Err(ErrorCode::ConnectionLoss),
            "a multi is one packet"
        );
        assert_eq!(
            check_request_size(&Request::CloseSession { session_id: 1 }),
            Ok(())
        );
    }
}
