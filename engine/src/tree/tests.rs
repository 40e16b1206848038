//! Data-model tests, each citing the reference statement it checks.

use super::*;

const S1: u64 = 0x11;
const S2: u64 = 0x22;

/// A tree plus a zxid counter: prep then apply, as a leader with nothing outstanding.
struct Zk {
    tree: DataTree,
    zxid: u64,
}

impl Zk {
    /// A fresh tree with sessions S1 and S2 open (zxids 1 and 2).
    fn new() -> Self {
        let mut zk = Zk {
            tree: DataTree::new(),
            zxid: 0,
        };
        for s in [S1, S2] {
            zk.run(
                s,
                &Request::CreateSession {
                    session_id: s,
                    timeout_ms: 30_000,
                },
            );
        }
        zk
    }

    fn run(&mut self, session: u64, req: &Request) -> TxnResult {
        self.zxid += 1;
        let txn = prep(&self.tree, session, req);
        self.tree.apply(self.zxid, self.zxid * 10, session, &txn)
    }

    fn create(&mut self, session: u64, path: &str, mode: CreateMode) -> Reply {
        self.run(session, &Request::create(path, "", mode)).reply
    }

    fn ok_create(&mut self, path: &str) -> String {
        match self.create(S1, path, CreateMode::Persistent) {
            Reply::Created { path, .. } => path,
            other => panic!("create {path}: {other:?}"),
        }
    }

    fn seq(&mut self, prefix: &str) -> Reply {
        self.create(S1, prefix, CreateMode::PersistentSequential)
    }

    fn err(&mut self, session: u64, req: &Request) -> Option<ErrorCode> {
        self.run(session, req).reply.error()
    }

    fn stat(&self, path: &str) -> Stat {
        self.tree
            .exists(path)
            .unwrap_or_else(|| panic!("{path} missing"))
    }
}

fn created(path: &str) -> Reply {
    Reply::Created {
        path: path.to_string(),
        stat: Stat::default(),
    }
}

/// Compares replies ignoring stats.
fn same_shape(a: &Reply, b: &Reply) -> bool {
    match (a, b) {
        (Reply::Created { path: p, .. }, Reply::Created { path: q, .. }) => p == q,
        _ => a == b,
    }
}

/// D8: the suffix is the parent's stored cversion, which counts every create ever made
/// under it (sequential or not) and no delete.
#[test]
fn d8_sequence_counts_creates_across_deletes() {
    let mut zk = Zk::new();
    zk.ok_create("/p");
    zk.ok_create("/p/a");
    zk.run(S1, &Request::delete("/p/a", -1));
    assert!(same_shape(&zk.seq("/p/x-"), &created("/p/x-0000000001")));
    assert!(same_shape(&zk.seq("/p/x-"), &created("/p/x-0000000002")));
    assert_eq!(zk.tree.node("/p").unwrap().stored_cversion(), 3);
    // A prefix ending in '/' is fine (D1): the suffix is the whole name.
    assert!(same_shape(&zk.seq("/p/"), &created("/p/0000000003")));
}

/// D8 overflow, as ZooKeeper's code behaves: the counter is an `int`; the create that reads
/// `i32::MAX` is named `…2147483647` and its txn carries `i32::MIN`, which `createNode` does
/// not store (it only moves cversion up), so the next sequential create gets the same name
/// and fails with NODEEXISTS. A parent whose counter *is* `i32::MIN` names `-2147483648`.
#[test]
fn d8_sequence_overflow() {
    let mut zk = Zk::new();
    zk.ok_create("/p");
    zk.tree.node_mut("/p").unwrap().cversion = i32::MAX - 1;
    assert!(same_shape(&zk.seq("/p/x-"), &created("/p/x-2147483646")));
    assert_eq!(zk.tree.node("/p").unwrap().stored_cversion(), i32::MAX);
    let pzxid = zk.stat("/p").pzxid;
    assert!(same_shape(&zk.seq("/p/x-"), &created("/p/x-2147483647")));
    assert_eq!(
        zk.tree.node("/p").unwrap().stored_cversion(),
        i32::MAX,
        "MIN is not > MAX"
    );
    assert_eq!(zk.stat("/p").pzxid, pzxid, "pzxid moves only with cversion");
    assert_eq!(zk.seq("/p/x-").error(), Some(ErrorCode::NodeExists));

    zk.tree.node_mut("/p").unwrap().cversion = i32::MIN;
    assert!(same_shape(&zk.seq("/p/x-"), &created("/p/x--2147483648")));
    assert_eq!(zk.tree.node("/p").unwrap().stored_cversion(), i32::MIN + 1);
}

/// D9/D10: which op moves which stat field, and the visible cversion arithmetic.
#[test]
fn d9_d10_stat_rules() {
    let mut zk = Zk::new();
    let z_create = zk.zxid + 1;
    zk.run(S1, &Request::create("/a", "hello", CreateMode::Persistent));
    let a = zk.stat("/a");
    assert_eq!((a.czxid, a.mzxid, a.pzxid), (z_create, z_create, z_create));
    assert_eq!((a.ctime, a.mtime), (z_create * 10, z_create * 10));
    assert_eq!(
        (a.version, a.cversion, a.aversion, a.ephemeral_owner),
        (0, 0, 0, 0)
    );
    assert_eq!((a.data_length, a.num_children), (5, 0));
    let root = zk.stat("/");
    assert_eq!(
        (root.pzxid, root.num_children, root.cversion),
        (z_create, 2, 0)
    );

    // setData: version+1, mzxid, mtime, dataLength; nothing else; the parent is untouched.
    let Reply::DataSet { stat } = zk.run(S1, &Request::set_data("/a", "hi", -1)).reply else {
        panic!("set failed")
    };
    assert_eq!(stat, zk.stat("/a"));
    assert_eq!(
        (stat.version, stat.mzxid, stat.mtime, stat.data_length),
        (1, zk.zxid, zk.zxid * 10, 2)
    );
    assert_eq!(
        (stat.czxid, stat.pzxid, stat.ctime),
        (a.czxid, a.pzxid, a.ctime)
    );
    assert_eq!(zk.stat("/"), root);

    // create a child: parent cversion+1, pzxid, numChildren; its mzxid and version stay.
    zk.ok_create("/a/c");
    let p = zk.stat("/a");
    assert_eq!(
        (p.cversion, p.pzxid, p.num_children, p.mzxid, p.version),
        (1, zk.zxid, 1, stat.mzxid, 1)
    );
    // delete it: pzxid moves, numChildren−1, visible cversion +1, stored cversion unchanged.
    zk.run(S1, &Request::delete("/a/c", -1));
    let p = zk.stat("/a");
    assert_eq!((p.cversion, p.pzxid, p.num_children), (2, zk.zxid, 0));
    assert_eq!(zk.tree.node("/a").unwrap().stored_cversion(), 1);
}

/// D11: −1 matches any version, otherwise BADVERSION; the version counter is a Java `int`.
#[test]
fn d11_versions() {
    let mut zk = Zk::new();
    zk.ok_create("/v");
    assert_eq!(
        zk.err(S1, &Request::set_data("/v", "x", 1)),
        Some(ErrorCode::BadVersion)
    );
    assert_eq!(zk.err(S1, &Request::set_data("/v", "x", 0)), None);
    assert_eq!(zk.err(S1, &Request::check("/v", 1)), None);
    assert_eq!(
        zk.err(S1, &Request::check("/v", 0)),
        Some(ErrorCode::BadVersion)
    );
    zk.tree.node_mut("/v").unwrap().version = i32::MAX;
    zk.run(S1, &Request::set_data("/v", "y", i32::MAX));
    assert_eq!(zk.stat("/v").version, i32::MIN);
}

/// D12: a wrong version on a non-empty node is BADVERSION, not NOTEMPTY; the right
/// version gives NOTEMPTY.
#[test]
fn d12_delete_badversion_before_notempty() {
    let mut zk = Zk::new();
    zk.ok_create("/d");
    zk.ok_create("/d/c");
    assert_eq!(
        zk.err(S1, &Request::delete("/d", 5)),
        Some(ErrorCode::BadVersion)
    );
    assert_eq!(
        zk.err(S1, &Request::delete("/d", 0)),
        Some(ErrorCode::NotEmpty)
    );
    assert_eq!(
        zk.err(S1, &Request::delete("/d", -1)),
        Some(ErrorCode::NotEmpty)
    );
    assert_eq!(
        zk.err(S1, &Request::delete("/x/y", 5)),
        Some(ErrorCode::NoNode)
    );
    // D3: special paths, whatever else is wrong with the request.
    for p in ["/", ZOOKEEPER, QUOTA, CONFIG] {
        assert_eq!(
            zk.err(S1, &Request::delete(p, 7)),
            Some(ErrorCode::BadArguments),
            "{p}"
        );
    }
    // The delete path is only checked for '/' and NUL (no full D1 check): "/d/" is NONODE.
    assert_eq!(
        zk.err(S1, &Request::delete("/d/", -1)),
        Some(ErrorCode::NoNode)
    );
    assert_eq!(
        zk.err(S1, &Request::delete("nope", -1)),
        Some(ErrorCode::BadArguments)
    );
}

/// D12: the session is checked first; then, for create, the parent before the full path.
#[test]
fn d12_check_order() {
    let mut zk = Zk::new();
    zk.ok_create("/a");
    let gone = 0x99;
    for req in [
        Request::create("not-a-path", "", CreateMode::Persistent),
        Request::delete("/", -1),
        Request::set_data("bad", "", 3),
        Request::check("/a", 9),
    ] {
        assert_eq!(
            zk.err(gone, &req),
            Some(ErrorCode::SessionExpired),
            "{req:?}"
        );
    }
    // D5: the TTL mode is refused before the session is looked at.
    let ttl = Request::create("/t", "", CreateMode::PersistentWithTtl(100));
    assert_eq!(zk.err(gone, &ttl), Some(ErrorCode::Unimplemented));
    // Parent first: an invalid path under a missing parent is NONODE, under an existing one
    // BADARGUMENTS.
    let bad = |p: &str| Request::create(p, "", CreateMode::Persistent);
    assert_eq!(zk.err(S1, &bad("/missing//x")), Some(ErrorCode::NoNode));
    assert_eq!(zk.err(S1, &bad("/a/")), Some(ErrorCode::BadArguments));
    assert_eq!(zk.err(S1, &bad("/a/..")), Some(ErrorCode::BadArguments));
    assert_eq!(zk.err(S1, &bad("a")), Some(ErrorCode::BadArguments));
    assert_eq!(zk.err(S1, &bad("/a\0")), Some(ErrorCode::BadArguments));
    // "/" has the root as parent and exists.
    assert_eq!(zk.err(S1, &bad("/")), Some(ErrorCode::NodeExists));
    // setData: path, then existence, then version.
    assert_eq!(
        zk.err(S1, &Request::set_data("/a/", "", 9)),
        Some(ErrorCode::BadArguments)
    );
    assert_eq!(
        zk.err(S1, &Request::set_data("/nope", "", 9)),
        Some(ErrorCode::NoNode)
    );
    // /zookeeper/config is read-only (NOAUTH) but /zookeeper is open (D3).
    assert_eq!(
        zk.err(S1, &Request::set_data(CONFIG, "x", -1)),
        Some(ErrorCode::NoAuth)
    );
    assert_eq!(
        zk.err(S1, &bad("/zookeeper/config/x")),
        Some(ErrorCode::NoAuth)
    );
    assert_eq!(zk.err(S1, &Request::check(CONFIG, -1)), None);
    assert_eq!(zk.err(S1, &bad("/zookeeper/x")), None);
}

/// D13: only session ephemerals refuse children; NODEEXISTS is checked first.
#[test]
fn d13_ephemerals_have_no_children() {
    let mut zk = Zk::new();
    zk.create(S1, "/e", CreateMode::Ephemeral);
    assert_eq!(
        zk.create(S2, "/e", CreateMode::Persistent).error(),
        Some(ErrorCode::NodeExists)
    );
    assert_eq!(
        zk.create(S2, "/e/c", CreateMode::Persistent).error(),
        Some(ErrorCode::NoChildrenForEphemerals)
    );
    assert_eq!(
        zk.create(S1, "/e/c", CreateMode::Ephemeral).error(),
        Some(ErrorCode::NoChildrenForEphemerals)
    );
    assert_eq!(zk.stat("/e").ephemeral_owner, S1);
    // A container may have children, and shows ephemeralOwner 0 (D6).
    zk.create(S1, "/box", CreateMode::Container);
    assert_eq!(zk.tree.node("/box").unwrap().kind(), NodeKind::Container);
    assert_eq!(zk.stat("/box").ephemeral_owner, 0);
    assert_eq!(
        zk.create(S1, "/box/c", CreateMode::Persistent).error(),
        None
    );
}

/// D14: a failed write becomes an error txn that uses its zxid and changes nothing else.
#[test]
fn d14_failed_writes_are_error_txns() {
    let mut zk = Zk::new();
    zk.ok_create("/a");
    let before = zk.tree.clone();
    let txn = prep(&zk.tree, S1, &Request::set_data("/a", "x", 7));
    assert_eq!(
        txn,
        Txn::Error {
            code: ErrorCode::BadVersion
        }
    );
    let r = zk.tree.apply(zk.zxid + 1, 0, S1, &txn);
    assert_eq!(
        r,
        TxnResult {
            reply: Reply::Error(ErrorCode::BadVersion),
            changes: vec![]
        }
    );
    assert_eq!(zk.tree.last_zxid(), zk.zxid + 1);
    assert_ne!(zk.tree, before, "last zxid moved");
    assert_eq!(
        zk.tree.nodes().collect::<Vec<_>>(),
        before.nodes().collect::<Vec<_>>()
    );
}
