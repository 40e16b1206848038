//! Watch tests, each citing the reference statement it checks.

use super::*;
use crate::tree::{prep, CreateMode, Request};

const A: u64 = 1;
const B: u64 = 2;

fn ev(kind: EventType, path: &str) -> WatchEvent {
    WatchEvent::new(kind, path)
}

fn created(p: &str) -> Change {
    Change::NodeCreated(p.into())
}
fn deleted(p: &str) -> Change {
    Change::NodeDeleted(p.into())
}
fn changed(p: &str) -> Change {
    Change::NodeDataChanged(p.into())
}
fn children(p: &str) -> Change {
    Change::NodeChildrenChanged(p.into())
}

/// W2: Created only via data/exist watches; Deleted via all three; Changed via data;
/// Child via child watches; a child's data change does not fire the parent's child watch.
#[test]
fn w2_what_fires_what() {
    let mut w = WatchManager::new();
    w.add_data_watch(A, "/x");
    w.add_child_watch(B, "/x");
    assert_eq!(
        w.trigger(&[created("/x")]),
        [(A, ev(EventType::NodeCreated, "/x"))]
    );
    w.add_data_watch(A, "/x");
    assert_eq!(w.trigger(&[changed("/x/kid")]), []);
    assert_eq!(
        w.trigger(&[changed("/x")]),
        [(A, ev(EventType::NodeDataChanged, "/x"))]
    );
    assert_eq!(
        w.trigger(&[created("/x/kid"), children("/x")]),
        [(B, ev(EventType::NodeChildrenChanged, "/x"))]
    );
    w.add_child_watch(B, "/x");
    w.add_data_watch(A, "/x");
    let got = w.trigger(&[deleted("/x"), children("/")]);
    assert_eq!(
        got,
        [
            (A, ev(EventType::NodeDeleted, "/x")),
            (B, ev(EventType::NodeDeleted, "/x"))
        ]
    );
    assert!(w.is_empty());
}

/// W2: a session holding both a data and a child watch on a deleted node gets one event.
#[test]
fn w2_one_node_deleted_for_data_and_child_watch() {
    let mut w = WatchManager::new();
    w.add_data_watch(A, "/n");
    w.add_child_watch(A, "/n");
    w.add_child_watch(A, "/");
    let got = w.trigger(&[deleted("/n"), children("/")]);
    assert_eq!(
        got,
        [
            (A, ev(EventType::NodeDeleted, "/n")),
            (A, ev(EventType::NodeChildrenChanged, "/"))
        ]
    );
    assert!(w.is_empty(), "both watches were consumed");
}

/// W3: exists registers even on a missing node; getData / getChildren only on success.
#[test]
fn w3_registration_rules() {
    let mut w = WatchManager::new();
    assert!(w.register_read(A, ReadKind::Exists, "/later", false));
    assert!(!w.register_read(A, ReadKind::GetData, "/later2", false));
    assert!(!w.register_read(A, ReadKind::GetChildren, "/later3", false));
    assert!(w.register_read(B, ReadKind::GetChildren, "/", true));
    let got = w.trigger(&[created("/later2"), created("/later"), children("/")]);
    assert_eq!(
        got,
        [
            (A, ev(EventType::NodeCreated, "/later")),
            (B, ev(EventType::NodeChildrenChanged, "/"))
        ]
    );
}

/// W4: a standard watch fires once; registering it twice still gives one event.
#[test]
fn w4_one_time() {
    let mut w = WatchManager::new();
    w.add_data_watch(A, "/c");
    w.add_data_watch(A, "/c");
    w.register_read(A, ReadKind::Exists, "/c", true);
    assert_eq!(
        w.trigger(&[changed("/c"), changed("/c")]),
        [(A, ev(EventType::NodeDataChanged, "/c"))]
    );
    assert_eq!(w.trigger(&[changed("/c")]), []);
}

/// Sessions are notified in ascending order within one change, changes in order.
#[test]
fn trigger_order_is_deterministic() {
    let mut w = WatchManager::new();
    for s in [9, 3, 5] {
        w.add_data_watch(s, "/o");
        w.add_child_watch(s, "/");
    }
    let got: Vec<(u64, EventType)> = w
        .trigger(&[created("/o"), children("/")])
        .into_iter()
        .map(|(s, e)| (s, e.kind))
        .collect();
    use EventType::{NodeChildrenChanged as C, NodeCreated as N};
    assert_eq!(got, [(3, N), (5, N), (9, N), (3, C), (5, C), (9, C)]);
}

/// W6: a reconnecting session's watches are resolved against the new server's tree.
#[test]
fn w6_set_watches() {
    let mut tree = DataTree::new();
    let mut z = 0;
    let mut run = |t: &mut DataTree, req: Request| {
        z += 1;
        let txn = prep(t, 7, &req);
        t.apply(z, 0, 7, &txn);
    };
    run(
        &mut tree,
        Request::CreateSession {
            session_id: 7,
            timeout_ms: 1000,
        },
    );
    for p in ["/same", "/changed", "/kids", "/quiet"] {
        run(&mut tree, Request::create(p, "", CreateMode::Persistent));
    }
    let seen = 5; // the client saw everything up to here
    run(&mut tree, Request::set_data("/changed", "x", -1));
    run(
        &mut tree,
        Request::create("/kids/k", "", CreateMode::Persistent),
    );
    let sw = SetWatches {
        relative_zxid: seen,
        data: vec!["/same".into(), "/changed".into(), "/gone".into()],
        exist: vec!["/same".into(), "/absent".into()],
        child: vec!["/kids".into(), "/quiet".into(), "/gone".into()],
        persistent: vec!["/p".into()],
        persistent_recursive: vec!["/r".into()],
    };
    let mut w = WatchManager::new();
    let fired = w.set_watches(&tree, A, &sw);
    assert_eq!(
        fired,
        [
            ev(EventType::NodeDataChanged, "/changed"),
            ev(EventType::NodeDeleted, "/gone"),
            ev(EventType::NodeCreated, "/same"),
            ev(EventType::NodeChildrenChanged, "/kids"),
            ev(EventType::NodeDeleted, "/gone"),
        ]
    );
    // Re-armed: data on /same, exist on /absent, child on /quiet, and the persistent ones
    // (3.8's setWatches puts both addWatch modes in both tables).
    let entries = w.entries();
    let armed: Vec<(WatchTable, &str, WatchMode)> = entries
        .iter()
        .map(|e| (e.table, e.path.as_str(), e.mode))
        .collect();
    use WatchMode::*;
    use WatchTable::*;
    assert_eq!(
        armed,
        [
            (Data, "/absent", Standard),
            (Data, "/p", Persistent),
            (Data, "/r", PersistentRecursive),
            (Data, "/same", Standard),
            (Child, "/p", Persistent),
            (Child, "/quiet", Standard),
            (Child, "/r", PersistentRecursive),
        ]
    );
}

/// W7: PERSISTENT survives firing and reports all four kinds for its path only;
/// PERSISTENT_RECURSIVE reports created/deleted/changed for the subtree, never children.
#[test]
fn w7_persistent_and_recursive() {
    let mut w = WatchManager::new();
    w.add_watch(A, "/p", AddWatchMode::Persistent);
    w.add_watch(B, "/p", AddWatchMode::PersistentRecursive);
    let changes = [
        created("/p"),
        children("/"),
        changed("/p"),
        created("/p/c"),
        children("/p"),
        changed("/p/c"),
        deleted("/p/c"),
        children("/p"),
        deleted("/p"),
        children("/"),
    ];
    for round in 0..2 {
        let got: Vec<(u64, EventType, String)> = w
            .trigger(&changes)
            .into_iter()
            .map(|(s, e)| (s, e.kind, e.path))
            .collect();
        use EventType::*;
        let want = vec![
            (A, NodeCreated, "/p".to_string()),
            (B, NodeCreated, "/p".to_string()),
            (A, NodeDataChanged, "/p".to_string()),
            (B, NodeDataChanged, "/p".to_string()),
            (B, NodeCreated, "/p/c".to_string()),
            (A, NodeChildrenChanged, "/p".to_string()),
            (B, NodeDataChanged, "/p/c".to_string()),
            (B, NodeDeleted, "/p/c".to_string()),
            (A, NodeChildrenChanged, "/p".to_string()),
            (A, NodeDeleted, "/p".to_string()),
            (B, NodeDeleted, "/p".to_string()),
        ];
        assert_eq!(got, want, "round {round}: persistent watches survive");
    }
    // 3.8: one mode per session, path and table, the last registration wins. A standard
    // watch after PERSISTENT turns the data-table entry back into a one-time watch; the
    // child-table entry stays persistent (watch_persistent.zk).
    w.add_data_watch(A, "/p");
    assert_eq!(w.trigger(&[changed("/p")]).len(), 2);
    assert!(!w.has(WatchTable::Data, A, "/p", WatchMode::Standard));
    assert!(!w.has(WatchTable::Data, A, "/p", WatchMode::Persistent));
    assert!(w.has(WatchTable::Child, A, "/p", WatchMode::Persistent));
    assert_eq!(
        w.trigger(&[changed("/p")]),
        [(B, ev(EventType::NodeDataChanged, "/p"))]
    );
    // And addWatch after a one-time watch makes it persistent.
    w.add_data_watch(A, "/q");
    w.add_watch(A, "/q", AddWatchMode::Persistent);
    for _ in 0..2 {
        assert_eq!(
            w.trigger(&[changed("/q")]),
            [(A, ev(EventType::NodeDataChanged, "/q"))]
        );
    }
}

/// 3.8: addWatch(PERSISTENT_RECURSIVE) also lands in the child table, where it never takes
/// NodeChildrenChanged but still hears the subtree's NodeDeleted after `get -w` downgraded
/// its data-table entry; a later addWatch(PERSISTENT) on the path replaces it.
#[test]
fn w7_recursive_in_both_tables_last_mode_wins() {
    use EventType::*;
    let mut w = WatchManager::new();
    w.add_watch(A, "/r", AddWatchMode::PersistentRecursive);
    assert!(w.has(WatchTable::Child, A, "/r", WatchMode::PersistentRecursive));
    assert!(w.trigger(&[children("/r"), children("/r/x")]).is_empty());
    w.add_data_watch(A, "/r");
    assert!(
        w.trigger(&[changed("/r/x")]).is_empty(),
        "data table no longer recursive"
    );
    assert_eq!(
        w.trigger(&[changed("/r")]),
        [(A, ev(NodeDataChanged, "/r"))]
    );
    assert!(
        w.trigger(&[changed("/r")]).is_empty(),
        "the one-time watch is spent"
    );
    assert_eq!(
        w.trigger(&[deleted("/r/x/y"), children("/r/x")]),
        [(A, ev(NodeDeleted, "/r/x/y"))],
        "the child table's recursive entry still hears deletes below"
    );
    w.add_watch(A, "/r", AddWatchMode::Persistent);
    assert!(w.trigger(&[deleted("/r/x")]).is_empty());
    assert_eq!(
        w.trigger(&[children("/r")]),
        [(A, ev(NodeChildrenChanged, "/r"))]
    );
}

/// W8: removeWatches by type; removing what is not there is false (NOWATCHER). As in 3.8,
/// Data and Children remove the table's entry whatever its mode.
#[test]
fn w8_remove_watches() {
    let mut w = WatchManager::new();
    w.add_data_watch(A, "/r");
    w.add_child_watch(A, "/r");
    assert!(!w.remove_watches(B, "/r", WatcherType::Any));
    assert!(w.remove_watches(A, "/r", WatcherType::Data));
    assert!(!w.remove_watches(A, "/r", WatcherType::Data));
    assert!(!w.remove_watches(A, "/r", WatcherType::Persistent));
    assert!(w.has(WatchTable::Child, A, "/r", WatchMode::Standard));
    w.add_watch(A, "/r", AddWatchMode::Persistent);
    assert!(!w.remove_watches(A, "/r", WatcherType::PersistentRecursive));
    assert!(w.remove_watches(A, "/r", WatcherType::Children));
    assert!(w.has(WatchTable::Data, A, "/r", WatchMode::Persistent));
    assert!(w.remove_watches(A, "/r", WatcherType::Persistent));
    assert!(w.is_empty());
    w.add_watch(A, "/r", AddWatchMode::PersistentRecursive);
    assert!(w.remove_watches(A, "/r", WatcherType::Any));
    assert!(w.is_empty());
}

/// A closed connection drops all of its session's watches and no one else's.
#[test]
fn remove_session_drops_only_that_session() {
    let mut w = WatchManager::new();
    w.add_data_watch(A, "/s");
    w.add_data_watch(B, "/s");
    w.add_watch(A, "/", AddWatchMode::PersistentRecursive);
    w.remove_session(A);
    assert_eq!(
        w.trigger(&[changed("/s")]),
        [(B, ev(EventType::NodeDataChanged, "/s"))]
    );
    assert!(w.is_empty());
}
