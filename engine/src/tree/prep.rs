//! The leader's `PrepRequestProcessor`: turns a client request into an idempotent, fully
//! resolved txn (C4), deciding errors in ZooKeeper's order (D12).
//!
//! `prep` only reads. The leader calls it on its "prep tree" — the committed tree with every
//! outstanding (proposed, uncommitted) txn applied — so it sees the future state, as
//! ZooKeeper's outstanding change records make it do. A failed write still yields a txn
//! ([`Txn::Error`]) that takes a zxid (D14).
//!
//! Not decided here:
//! * D15, the packet limit: a request bigger than `jute.maxbuffer` never reaches prep; the
//!   server closes the connection ("Len error") and the client sees CONNECTIONLOSS. See
//!   [`super::packet`].
//! * ACLs beyond the read-only `/zookeeper/config` (every client is `world:anyone`), quotas
//!   (not enforced by default) and local sessions.
//!
//! Where a prep tree differs from ZooKeeper's change records (both only with several txns
//! outstanding at once):
//! * D8 overflow: ZooKeeper's record for the parent holds the wrapped cversion `i32::MIN`,
//!   so a second pipelined sequential create is named `-2147483648`; a prep tree applies the
//!   txn like `DataTree` (which keeps `i32::MAX`) and repeats `2147483647` (NODEEXISTS).
//! * closeSession order: ZooKeeper lists the committed ephemerals in `HashSet` order, then
//!   adds those created by outstanding txns; here all of them are ordered as one set.

use super::data_tree::{is_special_path, DataTree};
use super::error::ErrorCode;
use super::node::{Acl, NodeKind, Perm, CONTAINER_OWNER};
use super::path::{sequence_suffix, validate_path};
use super::records::{Record, Records};
use super::txn::{CreateMode, Op, Request, Txn};

/// Prepares `req`, sent by `session`, against `tree` (the leader's prep tree, C4).
pub fn prep(tree: &DataTree, session: u64, req: &Request) -> Txn {
    let mut rec = Records::new(tree);
    let single = |r: Result<Txn, ErrorCode>| r.unwrap_or_else(|code| Txn::Error { code });
    match req {
        Request::Create { path, data, mode } => {
            single(create(&mut rec, session, path, data, *mode))
        }
        Request::Delete { path, version } => single(delete(&mut rec, session, path, *version)),
        Request::SetData {
            path,
            data,
            version,
        } => single(set_data(&mut rec, session, path, data, *version)),
        Request::Check { path, version } => single(check(&mut rec, session, path, *version)),
        Request::Multi(ops) => multi(&mut rec, session, ops),
        Request::CreateSession {
            session_id,
            timeout_ms,
        } => Txn::CreateSession {
            session_id: *session_id,
            timeout_ms: *timeout_ms,
        },
        // No session check: the expirer sends this for sessions it is ending (S6).
        Request::CloseSession { session_id } => Txn::CloseSession {
            session_id: *session_id,
            paths: tree.close_session_order(*session_id),
        },
        Request::DeleteContainer { path } => single(delete_container(&mut rec, path)),
    }
}

/// D12: every data op first checks that the session is live (SESSIONEXPIRED if it is unknown
/// or already closing; in the prep tree a closing session is already gone).
fn check_session(rec: &Records<'_>, session: u64) -> Result<(), ErrorCode> {
    if rec.tree().has_session(session) {
        Ok(())
    } else {
        Err(ErrorCode::SessionExpired)
    }
}

fn check_acl(acl: Acl, perm: Perm) -> Result<(), ErrorCode> {
    if acl.allows(perm) {
        Ok(())
    } else {
        Err(ErrorCode::NoAuth)
    }
}

/// D11: −1 matches any version; the new version is current + 1 in Java `int` arithmetic.
fn check_and_inc_version(current: i32, expected: i32) -> Result<i32, ErrorCode> {
    if expected != -1 && expected != current {
        return Err(ErrorCode::BadVersion);
    }
    Ok(current.wrapping_add(1))
}

/// The cheap path check done before looking anything up: a `/` somewhere and no NUL
/// (`validatePathForCreate`, `getParentPathAndValidate`). Returns the parent's name
/// (`""` for a top-level node).
fn parent_name(path: &str) -> Result<&str, ErrorCode> {
    match path.rfind('/') {
        Some(i) if !path.contains('\0') => Ok(&path[..i]),
        _ => Err(ErrorCode::BadArguments),
    }
}

fn full_path_check(path: &str) -> Result<(), ErrorCode> {
    validate_path(path).map_err(|_| ErrorCode::BadArguments)
}

/// D12 create order: mode/TTL → session → basic path → parent exists → CREATE on parent →
/// sequential name (D8) → full path check → exists → ephemeral parent (D13) → (quota).
fn create(
    rec: &mut Records<'_>,
    session: u64,
    path: &str,
    data: &[u8],
    mode: CreateMode,
) -> Result<Txn, ErrorCode> {
    if mode.is_ttl() {
        // D5: extended types are disabled by default.
        return Err(ErrorCode::Unimplemented);
    }
    check_session(rec, session)?;
    let parent_path = parent_name(path)?;
    let mut parent = rec.get(parent_path)?;
    check_acl(parent.acl, Perm::Create)?;
    // D8: the suffix is the parent's *stored* cversion before this create.
    let final_path = if mode.is_sequential() {
        format!("{path}{}", sequence_suffix(parent.cversion))
    } else {
        path.to_string()
    };
    full_path_check(&final_path)?;
    if rec.get(&final_path).is_ok() {
        return Err(ErrorCode::NodeExists);
    }
    if let NodeKind::Ephemeral(_) = parent.kind() {
        return Err(ErrorCode::NoChildrenForEphemerals);
    }
    let new_cversion = parent.cversion.wrapping_add(1);
    let owner = match mode {
        CreateMode::Container => CONTAINER_OWNER,
        m if m.is_ephemeral() => session,
        _ => 0,
    };
    parent.cversion = new_cversion;
    parent.child_count += 1;
    rec.put(parent_path, Some(parent));
    rec.put(
        &final_path,
        Some(Record {
            version: 0,
            cversion: 0,
            ephemeral_owner: owner,
            child_count: 0,
            acl: Acl::Open,
        }),
    );
    Ok(Txn::Create {
        path: final_path,
        data: data.to_vec(),
        ephemeral_owner: owner,
        parent_cversion: new_cversion,
    })
}

/// D12 delete order: session → basic path / special path (D3) → parent exists → DELETE on
/// parent → node exists → version → children. So a wrong version on a non-empty node is
/// BADVERSION, not NOTEMPTY.
fn delete(rec: &mut Records<'_>, session: u64, path: &str, version: i32) -> Result<Txn, ErrorCode> {
    check_session(rec, session)?;
    let parent_path = parent_name(path)?;
    if is_special_path(path) {
        return Err(ErrorCode::BadArguments);
    }
    let mut parent = rec.get(parent_path)?;
    check_acl(parent.acl, Perm::Delete)?;
    let node = rec.get(path)?;
    check_and_inc_version(node.version, version)?;
    if node.child_count > 0 {
        return Err(ErrorCode::NotEmpty);
    }
    parent.child_count = parent.child_count.saturating_sub(1);
    rec.put(parent_path, Some(parent));
    rec.put(path, None);
    Ok(Txn::Delete {
        path: path.to_string(),
    })
}

/// D12 setData order: session → full path check → node exists → WRITE → (quota) → version.
fn set_data(
    rec: &mut Records<'_>,
    session: u64,
    path: &str,
    data: &[u8],
    version: i32,
) -> Result<Txn, ErrorCode> {
    check_session(rec, session)?;
    full_path_check(path)?;
    let mut node = rec.get(path)?;
    check_acl(node.acl, Perm::Write)?;
    let new_version = check_and_inc_version(node.version, version)?;
    node.version = new_version;
    rec.put(path, Some(node));
    Ok(Txn::SetData {
        path: path.to_string(),
        data: data.to_vec(),
        version: new_version,
    })
}

/// check: session → full path check → node exists → READ → version.
fn check(rec: &mut Records<'_>, session: u64, path: &str, version: i32) -> Result<Txn, ErrorCode> {
    check_session(rec, session)?;
    full_path_check(path)?;
    let node = rec.get(path)?;
    check_acl(node.acl, Perm::Read)?;
    let next = check_and_inc_version(node.version, version)?;
    Ok(Txn::Check {
        path: path.to_string(),
        version: next,
    })
}

/// D7 `deleteContainer`: path → node exists → empty → not a session ephemeral (BADVERSION, as
/// ZooKeeper signals it) → parent exists. No session or version check.
fn delete_container(rec: &mut Records<'_>, path: &str) -> Result<Txn, ErrorCode> {
    let parent_path = parent_name(path)?;
    if is_special_path(path) {
        return Err(ErrorCode::BadArguments);
    }
    let node = rec.get(path)?;
    if node.child_count > 0 {
        return Err(ErrorCode::NotEmpty);
    }
    if let NodeKind::Ephemeral(_) = node.kind() {
        return Err(ErrorCode::BadVersion);
    }
    let mut parent = rec.get(parent_path)?;
    parent.child_count = parent.child_count.saturating_sub(1);
    rec.put(parent_path, Some(parent));
    rec.put(path, None);
    Ok(Txn::Delete {
        path: path.to_string(),
    })
}

fn op(rec: &mut Records<'_>, session: u64, op: &Op) -> Result<Txn, ErrorCode> {
    match op {
        Op::Create { path, data, mode } => create(rec, session, path, data, *mode),
        Op::Delete { path, version } => delete(rec, session, path, *version),
        Op::SetData {
            path,
            data,
            version,
        } => set_data(rec, session, path, data, *version),
        Op::Check { path, version } => check(rec, session, path, *version),
    }
}

/// D17: ops are prepped in order against the state the earlier ones leave; at the first
/// failure the rest are not evaluated. A failed multi is emitted in its resolved form — OK
/// for the ops before, the code for the failing op, RUNTIMEINCONSISTENCY after — which is
/// what `DataTree` turns ZooKeeper's logged form into when applying it.
fn multi(rec: &mut Records<'_>, session: u64, ops: &[Op]) -> Txn {
    let mut txns = Vec::with_capacity(ops.len());
    for (i, o) in ops.iter().enumerate() {
        match op(rec, session, o) {
            Ok(t) => txns.push(t),
            Err(code) => {
                let mut out = vec![
                    Txn::Error {
                        code: ErrorCode::Ok
                    };
                    i
                ];
                out.push(Txn::Error { code });
                out.resize(
                    ops.len(),
                    Txn::Error {
                        code: ErrorCode::RuntimeInconsistency,
                    },
                );
                return Txn::Multi(out);
            }
        }
    }
    Txn::Multi(txns)
}
