//! multi (D17), closeSession (D10), containers (D7) and apply's change lists (W2).

use super::*;

const S1: u64 = 0x11;

fn tree_with_session() -> (DataTree, u64) {
    let mut t = DataTree::new();
    let txn = prep(
        &t,
        S1,
        &Request::CreateSession {
            session_id: S1,
            timeout_ms: 10_000,
        },
    );
    t.apply(1, 0, S1, &txn);
    (t, 1)
}

fn run(t: &mut DataTree, zxid: &mut u64, session: u64, req: &Request) -> TxnResult {
    *zxid += 1;
    let txn = prep(t, session, req);
    t.apply(*zxid, 0, session, &txn)
}

fn create(path: &str, mode: CreateMode) -> Op {
    Op::Create {
        path: path.into(),
        data: vec![],
        mode,
    }
}

/// D17: ops see the effects of earlier ops of the same multi; all share one zxid.
#[test]
fn d17_ops_validated_against_earlier_ops() {
    let (mut t, mut z) = tree_with_session();
    let ops = vec![
        create("/m", CreateMode::Persistent),
        create("/m/s-", CreateMode::PersistentSequential),
        create("/m/s-", CreateMode::PersistentSequential),
        Op::SetData {
            path: "/m".into(),
            data: b"x".to_vec(),
            version: 0,
        },
        Op::Check {
            path: "/m".into(),
            version: 1,
        },
        Op::Delete {
            path: "/m/s-0000000000".into(),
            version: -1,
        },
        create("/m/s-0000000000", CreateMode::Persistent),
    ];
    let r = run(&mut t, &mut z, S1, &Request::Multi(ops));
    let Reply::Multi(results) = &r.reply else {
        panic!("{r:?}")
    };
    assert_eq!(r.reply.error(), None, "{results:?}");
    assert!(matches!(&results[2], Reply::Created { path, .. } if path == "/m/s-0000000001"));
    assert!(
        matches!(&results[3], Reply::DataSet { stat } if stat.version == 1 && stat.num_children == 2)
    );
    assert_eq!(results[4], Reply::Checked);
    let m = t.exists("/m").unwrap();
    assert_eq!(
        (m.czxid, m.mzxid, m.pzxid),
        (z, z, z),
        "one zxid for the whole multi"
    );
    assert_eq!(t.node("/m").unwrap().stored_cversion(), 3);
    assert_eq!(m.cversion, 4, "3 creates + 1 delete");
}

/// D17: the first failure stops evaluation; results are OK…, the error, RUNTIMEINCONSISTENCY…;
/// nothing is applied, not even the sequential counter, but the zxid is used (D14).
#[test]
fn d17_failed_multi_is_all_or_nothing() {
    let (mut t, mut z) = tree_with_session();
    run(
        &mut t,
        &mut z,
        S1,
        &Request::create("/a", "", CreateMode::Persistent),
    );
    let before: Vec<_> = t.nodes().map(|(p, n)| (p.to_string(), n.clone())).collect();
    let ops = vec![
        create("/a/s-", CreateMode::PersistentSequential),
        Op::SetData {
            path: "/a".into(),
            data: vec![],
            version: 0,
        },
        Op::Check {
            path: "/a".into(),
            version: 5,
        },
        Op::Delete {
            path: "/nope".into(),
            version: -1,
        },
    ];
    let txn = prep(&t, S1, &Request::Multi(ops));
    let codes = [
        ErrorCode::Ok,
        ErrorCode::Ok,
        ErrorCode::BadVersion,
        ErrorCode::RuntimeInconsistency,
    ];
    assert_eq!(
        txn,
        Txn::Multi(codes.iter().map(|&code| Txn::Error { code }).collect())
    );
    let r = t.apply(z + 1, 0, S1, &txn);
    assert_eq!(
        r.reply,
        Reply::Multi(codes.iter().map(|&c| Reply::Error(c)).collect())
    );
    assert_eq!(r.reply.error(), Some(ErrorCode::BadVersion));
    assert!(r.changes.is_empty());
    let after: Vec<_> = t.nodes().map(|(p, n)| (p.to_string(), n.clone())).collect();
    assert_eq!(before, after);
    assert_eq!(t.last_zxid(), z + 1);
}

/// D17 + D13 inside a multi: an ephemeral created by an earlier op refuses children.
#[test]
fn d17_multi_sees_new_ephemeral_parent() {
    let (t, _) = tree_with_session();
    let ops = vec![
        create("/e", CreateMode::Ephemeral),
        create("/e/c", CreateMode::Persistent),
    ];
    let txn = prep(&t, S1, &Request::Multi(ops));
    assert_eq!(
        txn,
        Txn::Multi(vec![
            Txn::Error {
                code: ErrorCode::Ok
            },
            Txn::Error {
                code: ErrorCode::NoChildrenForEphemerals
            }
        ])
    );
}

/// An error-multi in ZooKeeper's logged form (real sub-txns before the error) applies as
/// the resolved form (D17, `DataTree.processTxn`).
#[test]
fn d17_apply_converts_logged_error_multi() {
    let (mut t, _) = tree_with_session();
    let logged = Txn::Multi(vec![
        Txn::Create {
            path: "/x".into(),
            data: vec![],
            ephemeral_owner: 0,
            parent_cversion: 1,
        },
        Txn::Error {
            code: ErrorCode::NoNode,
        },
        Txn::Delete { path: "/x".into() },
    ]);
    let r = t.apply(9, 0, S1, &logged);
    let want = [
        ErrorCode::Ok,
        ErrorCode::NoNode,
        ErrorCode::RuntimeInconsistency,
    ];
    assert_eq!(
        r.reply,
        Reply::Multi(want.iter().map(|&c| Reply::Error(c)).collect())
    );
    assert!(t.exists("/x").is_none());
}

/// D10: closeSession deletes every ephemeral of the session in one txn, with that zxid, in
/// the leader's listed order, and the session is gone afterwards (SESSIONEXPIRED).
#[test]
fn d10_close_session_deletes_all_ephemerals_in_one_txn() {
    let (mut t, mut z) = tree_with_session();
    run(
        &mut t,
        &mut z,
        S1,
        &Request::create("/g", "", CreateMode::Persistent),
    );
    for p in ["/g/b", "/g/a", "/e"] {
        run(
            &mut t,
            &mut z,
            S1,
            &Request::create(p, "", CreateMode::Ephemeral),
        );
    }
    let txn = prep(&t, S1, &Request::CloseSession { session_id: S1 });
    let Txn::CloseSession { paths, .. } = &txn else {
        panic!("{txn:?}")
    };
    assert_eq!(paths, &t.close_session_order(S1));
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(sorted, ["/e", "/g/a", "/g/b"]);
    let r = t.apply(z + 1, 0, S1, &txn);
    assert_eq!(r.reply, Reply::SessionClosed);
    let mut want = Vec::new();
    for p in paths {
        want.push(Change::NodeDeleted(p.clone()));
        let parent = if p.starts_with("/g/") { "/g" } else { "/" };
        want.push(Change::NodeChildrenChanged(parent.to_string()));
    }
    assert_eq!(r.changes, want);
    let g = t.exists("/g").unwrap();
    assert_eq!((g.pzxid, g.num_children, g.cversion), (z + 1, 0, 4));
    assert_eq!(t.exists("/").unwrap().pzxid, z + 1);
    assert!(!t.has_session(S1));
    assert_eq!(t.ephemerals(S1).count(), 0);
    let late = prep(
        &t,
        S1,
        &Request::create("/late", "", CreateMode::Persistent),
    );
    assert_eq!(
        late,
        Txn::Error {
            code: ErrorCode::SessionExpired
        }
    );
}

/// W2 at the tree level: create, setData and delete report changes in trigger order.
#[test]
fn w2_change_lists() {
    let (mut t, mut z) = tree_with_session();
    let r = run(
        &mut t,
        &mut z,
        S1,
        &Request::create("/a", "", CreateMode::Persistent),
    );
    assert_eq!(
        r.changes,
        [
            Change::NodeCreated("/a".into()),
            Change::NodeChildrenChanged("/".into())
        ]
    );
    let r = run(&mut t, &mut z, S1, &Request::set_data("/a", "x", -1));
    assert_eq!(r.changes, [Change::NodeDataChanged("/a".into())]);
    let r = run(
        &mut t,
        &mut z,
        S1,
        &Request::Multi(vec![create("/a/b", CreateMode::Persistent)]),
    );
    assert_eq!(
        r.changes,
        [
            Change::NodeCreated("/a/b".into()),
            Change::NodeChildrenChanged("/a".into())
        ]
    );
    let r = run(&mut t, &mut z, S1, &Request::delete("/a/b", -1));
    assert_eq!(
        r.changes,
        [
            Change::NodeDeleted("/a/b".into()),
            Change::NodeChildrenChanged("/a".into())
        ]
    );
}

/// D7: deleteContainer refuses non-empty nodes (NOTEMPTY) and session ephemerals
/// (BADVERSION); it needs no session.
#[test]
fn d7_delete_container() {
    let (mut t, mut z) = tree_with_session();
    run(
        &mut t,
        &mut z,
        S1,
        &Request::create("/box", "", CreateMode::Container),
    );
    run(
        &mut t,
        &mut z,
        S1,
        &Request::create("/box/c", "", CreateMode::Persistent),
    );
    run(
        &mut t,
        &mut z,
        S1,
        &Request::create("/eph", "", CreateMode::Ephemeral),
    );
    let dc = |p: &str| Request::DeleteContainer { path: p.into() };
    assert_eq!(
        prep(&t, 0, &dc("/box")),
        Txn::Error {
            code: ErrorCode::NotEmpty
        }
    );
    assert_eq!(
        prep(&t, 0, &dc("/eph")),
        Txn::Error {
            code: ErrorCode::BadVersion
        }
    );
    assert_eq!(
        prep(&t, 0, &dc("/nope")),
        Txn::Error {
            code: ErrorCode::NoNode
        }
    );
    run(&mut t, &mut z, S1, &Request::delete("/box/c", -1));
    assert_eq!(
        prep(&t, 0, &dc("/box")),
        Txn::Delete {
            path: "/box".into()
        }
    );
}

/// Replaying a create over an existing node answers NODEEXISTS but still moves the parent's
/// cversion forward (`processTxn`'s fix-up), so replays converge.
#[test]
fn apply_create_replay_moves_parent_cversion() {
    let (mut t, mut z) = tree_with_session();
    run(
        &mut t,
        &mut z,
        S1,
        &Request::create("/p", "", CreateMode::Persistent),
    );
    run(
        &mut t,
        &mut z,
        S1,
        &Request::create("/p/c", "", CreateMode::Persistent),
    );
    let replay = Txn::Create {
        path: "/p/c".into(),
        data: vec![],
        ephemeral_owner: 0,
        parent_cversion: 5,
    };
    let r = t.apply(40, 0, S1, &replay);
    assert_eq!(r.reply, Reply::Error(ErrorCode::NodeExists));
    assert!(r.changes.is_empty());
    assert_eq!(t.node("/p").unwrap().stored_cversion(), 5);
    assert_eq!(t.exists("/p").unwrap().pzxid, 40);
}
