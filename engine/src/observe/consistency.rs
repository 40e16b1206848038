//! What ZooKeeper promises each client, checked on the client histories ([`super::ops`]):
//!
//! - **Acknowledged writes are linearizable** (C2, C4): the creates, sets and deletes on each
//!   path, with their answers, fit one order that respects real time. A failure is a violation.
//! - **Each client sees the store in order** (C1, C3, C5): the version of a node a client reads
//!   never goes back, and a client reads its own writes. A failure is a violation.
//! - **Reads are not linearizable** (C2, C6): a read is served by the connected server from its
//!   own copy, and `sync` only catches that server up with the leader as of when the sync
//!   reached it. A `sync` followed by a read that misses a write acknowledged before the sync
//!   began is flagged as *not linearizable — allowed by ZooKeeper* (the stale-sync-read case),
//!   not as a violation.
//!
//! Linearizability is local (Herlihy & Wing): each path is checked on its own, which keeps every
//! search small. A path written by a multi is left out (its model would need the other paths).
//! Ephemeral, container and TTL nodes may vanish without a client's delete (a session ends).

use std::collections::{BTreeMap, BTreeSet};

use super::linear::{self, Entry, Model, Verdict};
use super::ops::{OpKind, OpRecord};
use crate::ids::ClientId;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::ErrorCode;

/// How many configurations the linearizability search may explore per path.
pub const SEARCH_BUDGET: usize = 20_000;

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Which check: `linearizable-writes`, `client-order` or `sync-read`.
    pub check: &'static str,
    /// True for what ZooKeeper allows (reported, but not a violation).
    pub allowed: bool,
    /// When (the answer that showed it).
    pub time: Micros,
    /// The client it is about, if one.
    pub client: Option<ClientId>,
    /// The path.
    pub path: String,
    /// What happened, in words (names filled by the caller).
    pub what: String,
}

/// The names of the checks, in the order a panel lists them.
pub const CHECKS: [&str; 3] = ["linearizable-writes", "client-order", "sync-read"];

/// A node on one path, as the model sees it: absent, or present with data and version.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Node {
    data: Vec<u8>,
    version: i32,
    transient: bool,
}

/// The state of one path.
type PathState = Option<Node>;

/// One path's register, taking the operations with their answers.
struct PathModel;

/// An operation of one path with its answer (`None`: indeterminate).
#[derive(Clone, Debug)]
struct PathOp {
    kind: OpKind,
    outcome: Option<Outcome>,
}

fn version_ok(node: &Node, expected: i32) -> bool {
    expected == -1 || node.version == expected
}

impl Model for PathModel {
    type State = PathState;
    type Op = PathOp;

    fn step(&self, s: &PathState, op: &PathOp) -> Option<PathState> {
        // A transient node may have vanished before this operation (its session ended).
        let absent_ok = s.as_ref().is_none_or(|n| n.transient);
        let present = s.as_ref();
        match (&op.kind, &op.outcome) {
            (
                OpKind::Create {
                    data, transient, ..
                },
                None,
            ) => Some(match present {
                Some(n) if !n.transient => s.clone(),
                _ => Some(Node {
                    data: data.clone(),
                    version: 0,
                    transient: *transient,
                }),
            }),
            (
                OpKind::Create {
                    data, transient, ..
                },
                Some(Outcome::Created(_)),
            ) => absent_ok.then(|| {
                Some(Node {
                    data: data.clone(),
                    version: 0,
                    transient: *transient,
                })
            }),
            (OpKind::Create { .. }, Some(Outcome::Error(ErrorCode::NodeExists))) => {
                present.is_some().then(|| s.clone())
            }
            (OpKind::Set { data, version, .. }, None) => Some(match present {
                Some(n) if version_ok(n, *version) => Some(Node {
                    data: data.clone(),
                    version: n.version + 1,
                    transient: n.transient,
                }),
                _ => s.clone(),
            }),
            (OpKind::Set { data, version, .. }, Some(Outcome::DataSet(stat))) => match present {
                Some(n) if version_ok(n, *version) && stat.version == n.version + 1 => {
                    Some(Some(Node {
                        data: data.clone(),
                        version: stat.version,
                        transient: n.transient,
                    }))
                }
                _ => None,
            },
            (
                OpKind::Set { .. } | OpKind::Delete { .. },
                Some(Outcome::Error(ErrorCode::NoNode)),
            )
            | (OpKind::Get { .. }, Some(Outcome::Error(ErrorCode::NoNode)))
            | (OpKind::Exists { .. }, Some(Outcome::Exists(None))) => absent_ok.then_some(None),
            (
                OpKind::Set { version, .. } | OpKind::Delete { version, .. },
                Some(Outcome::Error(ErrorCode::BadVersion)),
            ) => present
                .is_some_and(|n| !version_ok(n, *version))
                .then(|| s.clone()),
            (OpKind::Delete { version, .. }, None) => Some(match present {
                Some(n) if version_ok(n, *version) => None,
                _ => s.clone(),
            }),
            (OpKind::Delete { version, .. }, Some(Outcome::Deleted)) => present
                .is_some_and(|n| version_ok(n, *version))
                .then_some(None),
            (OpKind::Get { .. }, Some(Outcome::Data { data, stat })) => present
                .is_some_and(|n| &n.data == data && n.version == stat.version)
                .then(|| s.clone()),
            (OpKind::Exists { .. }, Some(Outcome::Exists(Some(stat)))) => present
                .is_some_and(|n| n.version == stat.version)
                .then(|| s.clone()),
            // Anything else (NOTEMPTY, NOAUTH, a read with no answer…) says nothing of the node.
            _ => Some(s.clone()),
        }
    }
}

/// The path an operation's answer is about (a sequential create's final name).
fn op_path(r: &OpRecord) -> Option<&str> {
    match (&r.kind, &r.outcome) {
        (
            OpKind::Create {
                sequential: true, ..
            },
            Some(Outcome::Created(p)),
        ) => Some(p),
        (
            OpKind::Create {
                sequential: true, ..
            },
            _,
        ) => None,
        (k, _) => k.path(),
    }
}

/// True if `kind` is a sequential create whose node could be named `path` (its prefix and ten
/// digits).
fn sequence_of(kind: &OpKind, path: &str) -> bool {
    match kind {
        OpKind::Create {
            path: prefix,
            sequential: true,
            ..
        } => path
            .strip_prefix(prefix.as_str())
            .is_some_and(|n| n.len() == 10 && n.bytes().all(|b| b.is_ascii_digit())),
        _ => false,
    }
}

/// The history's operations by path (only paths no multi touched).
fn by_path<'a>(ops: &[&'a OpRecord]) -> BTreeMap<&'a str, Vec<&'a OpRecord>> {
    let tainted: BTreeSet<&str> = ops
        .iter()
        .filter_map(|r| match &r.kind {
            OpKind::Multi { paths } => Some(paths.iter().map(String::as_str)),
            _ => None,
        })
        .flatten()
        .collect();
    let mut out: BTreeMap<&str, Vec<&OpRecord>> = BTreeMap::new();
    for r in ops {
        if let Some(p) = op_path(r).filter(|p| !tainted.contains(p)) {
            out.entry(p).or_default().push(r);
        }
    }
    out
}

/// An entry of the linearizability search, or `None` for an operation that says nothing.
fn entry(r: &OpRecord) -> Option<Entry<PathOp>> {
    if !(r.kind.is_write() || r.kind.is_read()) {
        return None;
    }
    let indeterminate = r.indeterminate();
    if indeterminate && r.kind.is_read() {
        return None; // a read with no answer tells nothing
    }
    Some(Entry {
        call: r.invoked,
        ret: if indeterminate { None } else { r.answered },
        op: PathOp {
            kind: r.kind.clone(),
            outcome: if indeterminate {
                None
            } else {
                r.outcome.clone()
            },
        },
    })
}

/// The version a read saw, or what a write left (absent: -1).
fn seen_version(r: &OpRecord) -> Option<i64> {
    match &r.outcome {
        Some(Outcome::Data { stat, .. }) | Some(Outcome::Exists(Some(stat))) => {
            Some(i64::from(stat.version))
        }
        Some(Outcome::DataSet(stat)) => Some(i64::from(stat.version)),
        _ => None,
    }
}

/// Everything the checks find in `ops` (the history of a run so far: a slice, or a run's
/// records as they are kept, without copying them).
pub fn check<'a>(ops: impl IntoIterator<Item = &'a OpRecord>) -> Vec<Finding> {
    let ops: Vec<&OpRecord> = ops.into_iter().collect();
    let ops = &ops[..];
    let mut out = Vec::new();
    // A sequential create that got no answer made a node whose name nobody was told: it may
    // be any later name with its prefix.
    let unnamed: Vec<&OpRecord> = ops
        .iter()
        .filter(|r| {
            matches!(
                r.kind,
                OpKind::Create {
                    sequential: true,
                    ..
                }
            ) && r.indeterminate()
        })
        .copied()
        .collect();
    for (path, list) in by_path(ops) {
        // A sequential name is given once: a node whose create was answered needs no other.
        let named = list
            .iter()
            .any(|r| matches!(r.outcome, Some(Outcome::Created(_))));
        // 1. The writes alone, with their answers.
        let unnamed_here: &[&OpRecord] = if named { &[] } else { &unnamed };
        let mut writes: Vec<Entry<PathOp>> = unnamed_here
            .iter()
            .filter(|r| sequence_of(&r.kind, path))
            .filter_map(|r| {
                let mut e = entry(r)?;
                if let OpKind::Create { path: p, .. } = &mut e.op.kind {
                    *p = path.to_string();
                }
                Some(e)
            })
            .collect();
        writes.extend(
            list.iter()
                .filter(|r| r.kind.is_write())
                .filter_map(|r| entry(r)),
        );
        if linear::check(&PathModel, None, &writes, SEARCH_BUDGET) == Verdict::NotLinearizable {
            let time = list.iter().filter_map(|r| r.answered).max().unwrap_or(0);
            out.push(Finding {
                check: "linearizable-writes",
                allowed: false,
                time,
                client: None,
                path: path.to_string(),
                what: format!("the acknowledged writes on {path} fit no single order"),
            });
        }
        client_order(path, &list, &mut out);
        sync_reads(path, &list, &mut out);
    }
    out.sort_by_key(|f| f.time);
    out
}

/// Check 2: per client, the version read never goes back, and own writes are seen.
fn client_order(path: &str, list: &[&OpRecord], out: &mut Vec<Finding>) {
    let mut last: BTreeMap<ClientId, (i64, bool)> = BTreeMap::new(); // (version, own write)
    let mut answered: Vec<&&OpRecord> = list.iter().filter(|r| r.answered.is_some()).collect();
    answered.sort_by_key(|r| (r.answered, r.tag));
    for r in answered {
        // A create or delete starts the node's versions over: forget what was seen.
        match (&r.kind, &r.outcome) {
            (OpKind::Create { .. }, Some(Outcome::Created(_)))
            | (OpKind::Delete { .. }, Some(Outcome::Deleted)) => {
                last.clear();
                continue;
            }
            _ => {}
        }
        let Some(v) = seen_version(r) else { continue };
        let own = r.kind.is_write();
        if let Some(&(before, was_own)) = last.get(&r.client) {
            if r.kind.is_read() && v < before {
                out.push(Finding {
                    check: "client-order",
                    allowed: false,
                    time: r.answered.unwrap_or(0),
                    client: Some(r.client),
                    path: path.to_string(),
                    what: if was_own {
                        format!("read version {v} of {path} after writing version {before}")
                    } else {
                        format!("read version {v} of {path} after reading version {before}")
                    },
                });
            }
        }
        let keep = last.get(&r.client).map_or(v, |&(b, _)| b.max(v));
        last.insert(r.client, (keep, own));
    }
}

/// Check 3: a sync then a read of the same path by one client that misses a write
/// acknowledged before the sync was invoked (allowed by ZooKeeper).
fn sync_reads(path: &str, list: &[&OpRecord], out: &mut Vec<Finding>) {
    for s in list
        .iter()
        .filter(|r| matches!(r.kind, OpKind::Sync { .. }))
    {
        let Some(synced) = s.answered else { continue };
        // The read issued next after the sync (a session's requests run in order, C1, so a
        // read sent before the sync's answer still runs after it).
        let Some(read) = list
            .iter()
            .filter(|r| r.client == s.client && r.kind.is_read() && r.tag > s.tag)
            .min_by_key(|r| r.tag)
        else {
            continue;
        };
        let Some(v) = seen_version(read) else {
            continue;
        };
        let missed = list.iter().any(|w| {
            w.client != s.client
                && matches!(w.kind, OpKind::Set { .. })
                && w.answered.is_some_and(|t| t < s.invoked)
                && seen_version(w).is_some_and(|wv| wv > v)
        });
        if missed {
            out.push(Finding {
                check: "sync-read",
                allowed: true,
                time: read.answered.unwrap_or(synced),
                client: Some(s.client),
                path: path.to_string(),
                what: format!(
                    "after sync, read version {v} of {path}: a newer write was acknowledged before the sync began"
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::Stat;

    fn stat(version: i32) -> Stat {
        Stat {
            version,
            ..Stat::default()
        }
    }

    fn op(
        c: u16,
        tag: u64,
        kind: OpKind,
        t: (u64, Option<u64>),
        outcome: Option<Outcome>,
    ) -> OpRecord {
        OpRecord {
            client: ClientId(c),
            tag,
            cmd: "x",
            kind,
            invoked: t.0,
            answered: t.1,
            outcome,
            server: None,
            program: false,
        }
    }

    fn set(v: &str) -> OpKind {
        OpKind::Set {
            path: "/a".into(),
            data: v.as_bytes().to_vec(),
            version: -1,
        }
    }

    fn get() -> OpKind {
        OpKind::Get { path: "/a".into() }
    }

    fn create(v: &str) -> OpKind {
        OpKind::Create {
            path: "/a".into(),
            data: v.as_bytes().to_vec(),
            transient: false,
            sequential: false,
        }
    }

    fn data(v: &str, version: i32) -> Option<Outcome> {
        Some(Outcome::Data {
            data: v.as_bytes().to_vec(),
            stat: stat(version),
        })
    }

    #[test]
    fn a_clean_history_has_no_findings() {
        let h = [
            op(
                0,
                1,
                create("x"),
                (0, Some(10)),
                Some(Outcome::Created("/a".into())),
            ),
            op(
                0,
                2,
                set("y"),
                (20, Some(30)),
                Some(Outcome::DataSet(stat(1))),
            ),
            op(1, 3, get(), (40, Some(50)), data("y", 1)),
        ];
        assert_eq!(check(&h), []);
    }

    #[test]
    fn two_creates_that_both_succeed_are_not_linearizable() {
        let h = [
            op(
                0,
                1,
                create("x"),
                (0, Some(10)),
                Some(Outcome::Created("/a".into())),
            ),
            op(
                1,
                2,
                create("y"),
                (20, Some(30)),
                Some(Outcome::Created("/a".into())),
            ),
        ];
        let f = check(&h);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].check, f[0].allowed), ("linearizable-writes", false));
        // Unless the node was ephemeral: its session may have ended in between.
        let eph = OpKind::Create {
            path: "/a".into(),
            data: vec![],
            transient: true,
            sequential: false,
        };
        let h = [
            op(
                0,
                1,
                eph.clone(),
                (0, Some(10)),
                Some(Outcome::Created("/a".into())),
            ),
            op(
                1,
                2,
                eph,
                (20, Some(30)),
                Some(Outcome::Created("/a".into())),
            ),
        ];
        assert_eq!(check(&h), []);
    }

    #[test]
    fn a_lost_write_may_have_happened() {
        let h = [
            op(
                0,
                1,
                create("x"),
                (0, Some(10)),
                Some(Outcome::Created("/a".into())),
            ),
            op(0, 2, set("y"), (20, None), None),
            op(
                1,
                3,
                set("z"),
                (40, Some(50)),
                Some(Outcome::DataSet(stat(2))),
            ),
        ];
        assert_eq!(check(&h), [], "version 2 means the lost set took effect");
    }

    #[test]
    fn a_client_reading_back_in_time_breaks_client_order() {
        let h = [
            op(
                0,
                1,
                create("x"),
                (0, Some(10)),
                Some(Outcome::Created("/a".into())),
            ),
            op(
                0,
                2,
                set("y"),
                (20, Some(30)),
                Some(Outcome::DataSet(stat(1))),
            ),
            op(0, 3, get(), (40, Some(50)), data("x", 0)),
        ];
        let f = check(&h);
        assert!(
            f.iter().any(|f| f.check == "client-order" && !f.allowed),
            "{f:?}"
        );
    }

    #[test]
    fn a_stale_read_after_sync_is_flagged_as_allowed() {
        let h = [
            op(
                0,
                1,
                create("x"),
                (0, Some(10)),
                Some(Outcome::Created("/a".into())),
            ),
            op(
                0,
                2,
                set("y"),
                (20, Some(30)),
                Some(Outcome::DataSet(stat(1))),
            ),
            op(
                1,
                3,
                OpKind::Sync { path: "/a".into() },
                (40, Some(50)),
                Some(Outcome::Synced),
            ),
            op(1, 4, get(), (60, Some(70)), data("x", 0)),
        ];
        let f = check(&h);
        let sync: Vec<_> = f.iter().filter(|f| f.check == "sync-read").collect();
        assert_eq!(sync.len(), 1, "{f:?}");
        assert!(sync[0].allowed);
        assert!(f.iter().all(|f| f.allowed), "no violation: {f:?}");
    }
}
