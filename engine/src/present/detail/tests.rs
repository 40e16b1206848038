//! Tests of the inspector's snapshots.
use super::*;
use crate::lang::build::build_with_ids;
use crate::lang::scenario;
use crate::lang::zkcli::Command;
use crate::present::view::ClientStatus;
use crate::proto::Outcome;
use crate::sim::Fault;
use crate::time::{ms, secs};

fn sim_of(text: &str) -> Simulation {
    build_with_ids(&scenario::parse(text).unwrap()).unwrap().0
}

const WRITES: &str = "seed 1\nensemble servers=3\nclient alice\nclient bob\n\
    at 1s alice create /a x\nat 1.1s alice create /a/b hello\nat 1.2s bob create -e /eph e\n\
    at 1.3s alice set /a y\nat 1.4s bob get -w /a\nat 1.5s alice create -s /a/seq- \n\
    run 10s\n";

#[test]
fn data_is_shown_as_text_cut_for_display() {
    assert_eq!(data_text(b"hello", 64), "hello");
    assert_eq!(data_text(b"abcdef", 3), "abc…");
    assert_eq!(data_text(b"a\nb", 64), "a·b");
    assert_eq!(data_text(&[0xff, b'x'], 64), "\u{fffd}x");
    assert_eq!(session_hex(0x1_0000_0abc), "0x100000abc");
}

#[test]
fn after_writes_every_follower_has_the_leaders_tree_and_the_detail_shows_it() {
    let mut sim = sim_of(WRITES);
    sim.run_until(secs(3));
    let leader = sim.leader().expect("a leader");
    for s in sim.config().all().collect::<Vec<_>>() {
        let d = sim.server_detail(s).unwrap();
        let live = d.live.as_ref().expect("running");
        let paths: Vec<&str> = live.tree.iter().map(|n| n.path.as_str()).collect();
        assert!(paths.starts_with(&["/", "/a", "/a/b"]), "{paths:?}");
        assert!(paths.contains(&"/a/seq-0000000001"), "{paths:?}");
        assert!(paths.contains(&"/eph") && paths.contains(&"/zookeeper/quota"));
        let a = live.tree.iter().find(|n| n.path == "/a").unwrap();
        assert_eq!((a.data.as_str(), a.stat.version, a.depth), ("y", 1, 1));
        assert_eq!(a.stat.num_children, 2);
        let eph = live.tree.iter().find(|n| n.path == "/eph").unwrap();
        assert_eq!(eph.owner.as_deref(), Some("bob"));
        assert_eq!(live.node_count, live.tree.len());
        if s == leader {
            assert!(
                d.leader_diff.is_none(),
                "the leader is not compared with itself"
            );
        } else {
            let diff = d.leader_diff.expect("compared with the leader");
            assert!(diff.is_empty(), "{s}: {:?}", diff.entries);
            assert!(diff.follows_there);
            assert_eq!(diff.behind, Some(0));
        }
        // Sessions: both clients' sessions are in every server's table.
        let owners: Vec<Option<&str>> = live.sessions.iter().map(|s| s.owner.as_deref()).collect();
        assert!(owners.contains(&Some("alice")) && owners.contains(&Some("bob")));
        // The log: every write is there and committed.
        assert!(d.log.entries.iter().all(|e| e.committed));
        let texts: Vec<&str> = d.log.entries.iter().map(|e| e.text.as_str()).collect();
        assert!(texts.contains(&"create /a \"x\""), "{texts:?}");
        assert!(texts.contains(&"set /a \"y\" → version 1"), "{texts:?}");
        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("create /eph \"e\" ephemeral of 0x")
                    && t.ends_with("(bob)")),
            "{texts:?}"
        );
        assert_eq!(d.log.committed, Some(d.last_zxid));
    }
    // The leader tracks the sessions and says when they expire.
    let ld = sim.server_detail(leader).unwrap();
    let live = ld.live.unwrap();
    assert!(live.sessions.iter().all(|s| s.expires_in.is_some()));
    assert!(live
        .sessions
        .iter()
        .all(|s| s.expires_in.unwrap() <= ms(s.timeout_ms + 2000)));
}

#[test]
fn a_watch_shows_on_the_server_its_client_is_connected_to() {
    let mut sim = sim_of(WRITES);
    sim.run_until(secs(1) + ms(450));
    let bob = sim.client_by_name("bob").unwrap();
    let server = sim.client(bob).unwrap().server().unwrap();
    let d = sim.server_detail(server).unwrap();
    let live = d.live.unwrap();
    let w = live
        .watches
        .iter()
        .find(|w| w.path == "/a")
        .expect("bob's get -w /a left a watch");
    assert_eq!((w.kind(), w.owner.as_deref()), ("data", Some("bob")));
    assert!(live.connections.iter().any(|(n, _)| n == "bob"));
    assert!(live
        .sessions
        .iter()
        .any(|s| s.owner.as_deref() == Some("bob") && s.connected_here && s.ephemerals == 1));
}

#[test]
fn a_partitioned_follower_shows_what_it_misses_and_why() {
    let text = "seed 1\nensemble servers=3\nclient alice\n\
        at 1s alice create /a x\nat 2s partition s2 | s1,s3,alice\n\
        at 3s alice create /b y\nat 3.1s alice set /a z\nrun 20s\n";
    let mut sim = sim_of(text);
    sim.run_until(secs(4));
    assert_eq!(sim.leader(), Some(ServerId(3)));
    let d = sim.server_detail(ServerId(2)).unwrap();
    let diff = d.leader_diff.expect("both run");
    assert!(diff.cut_off, "s2 is cut off");
    assert!(
        diff.follows_there,
        "s2 has not noticed yet (syncLimit is 10 s)"
    );
    assert!(diff.here_applied < diff.there_applied, "{diff:#?}");
    assert_eq!(diff.behind, Some(2), "the create and the set");
    let b = diff.at("/b").expect("/b is missing on s2");
    assert_eq!(b.kind, DiffKind::Missing);
    assert_eq!(b.there.as_ref().unwrap().data, "y");
    let a = diff.at("/a").expect("/a differs");
    assert_eq!(a.kind, DiffKind::Differs);
    assert_eq!(a.fields, ["data", "version", "mzxid"]);
    assert_eq!(a.here.as_ref().unwrap().data, "x");
    let root = diff.at("/").expect("the root's children differ");
    assert!(root.fields.contains(&"numChildren"), "{:?}", root.fields);
    // s1 is in the quorum and in sync.
    let s1 = sim.server_detail(ServerId(1)).unwrap().leader_diff.unwrap();
    assert!(s1.is_empty(), "{:?}", s1.entries);
    assert!(!s1.cut_off);
    // Once the leader has been silent for syncLimit, s2 stops following.
    sim.run_until(secs(14));
    let diff = sim.tree_diff(ServerId(2), ServerId(3)).unwrap();
    assert!(!diff.follows_there && diff.cut_off);
    // After healing, s2 catches up.
    sim.schedule(secs(14), Fault::Heal);
    sim.run_until(secs(20));
    let diff = sim.tree_diff(ServerId(2), ServerId(3)).unwrap();
    assert!(diff.is_empty(), "{:?}", diff.entries);
}

#[test]
fn an_extra_node_names_the_parents_pzxid_on_the_reference() {
    let mut a = DataTree::new();
    let b = DataTree::new();
    let txn = Txn::Create {
        path: "/x".into(),
        data: b"1".to_vec(),
        ephemeral_owner: 0,
        parent_cversion: 1,
    };
    a.apply(5, 0, 0, &txn);
    let (entries, total) = compare_trees(&a, &b, 10);
    assert_eq!(total, 2, "{entries:?}");
    assert_eq!(entries[0].path, "/");
    assert_eq!(entries[1].kind, DiffKind::Extra);
    assert_eq!(entries[1].there_parent_pzxid, Some(0));
    let (entries, total) = compare_trees(&a, &b, 1);
    assert_eq!((entries.len(), total), (1, 2), "bounded, total kept");
}

#[test]
fn a_leader_cut_off_with_a_write_logs_it_uncommitted() {
    let mut sim = Simulation::with_servers(3);
    sim.run_until(secs(1));
    let leader = sim.leader().unwrap();
    sim.schedule(secs(1), Fault::Write(crate::sim::Target::Leader, 2));
    sim.run_until(secs(2));
    let others: Vec<ProcessId> = sim
        .config()
        .all()
        .filter(|s| *s != leader)
        .map(ProcessId::Server)
        .collect();
    sim.schedule(
        secs(2),
        Fault::Partition(vec![vec![ProcessId::Server(leader)], others]),
    );
    sim.schedule(
        secs(2) + ms(1),
        Fault::Write(crate::sim::Target::Server(leader), 1),
    );
    sim.run_until(secs(2) + ms(50));
    let d = sim.server_detail(leader).unwrap();
    let last = d.log.entries.last().unwrap();
    assert!(last.text.starts_with("opaque write #"), "{}", last.text);
    assert!(!last.committed, "no quorum: proposed, not committed");
    assert!(d.log.entries[d.log.entries.len() - 2].committed);
    assert!(d.log.committed.unwrap() < d.last_zxid);
}

#[test]
fn a_crashed_server_has_its_log_but_no_live_state() {
    let mut sim = sim_of(WRITES);
    sim.run_until(secs(3));
    sim.schedule(
        secs(3),
        Fault::Crash(crate::sim::Target::Server(ServerId(1))),
    );
    sim.run_until(secs(4));
    let d = sim.server_detail(ServerId(1)).unwrap();
    assert_eq!(d.role, Role::Down);
    assert!(d.live.is_none() && d.leader_diff.is_none());
    assert_eq!(d.log.committed, None, "the committed point is volatile");
    assert!(d.log.entries.iter().all(|e| !e.committed));
    assert!(d.log.entries.iter().any(|e| e.text == "create /a \"x\""));
    assert!(sim.tree_diff(ServerId(1), sim.leader().unwrap()).is_none());
    assert!(sim.server_detail(ServerId(9)).is_none());
    assert!(sim.server_detail(ServerId(0)).is_none());
}

#[test]
fn the_log_is_bounded_to_its_newest_entries() {
    let mut sim = Simulation::with_servers(3);
    sim.run_until(secs(1));
    sim.schedule(secs(1), Fault::Write(crate::sim::Target::Leader, 300));
    sim.run_until(secs(5));
    let d = sim.server_detail(sim.leader().unwrap()).unwrap();
    assert_eq!(d.log.total, 300);
    assert_eq!(d.log.entries.len(), LOG_LIMIT);
    assert_eq!(d.log.entries.last().unwrap().zxid, d.last_zxid);
}

#[test]
fn a_client_shows_its_pending_request_then_the_answer() {
    let mut sim = sim_of(WRITES);
    sim.run_until(secs(1) + ms(1));
    let alice = sim.client_by_name("alice").unwrap();
    let d = sim.client_detail(alice).unwrap();
    assert_eq!(d.state, ClientStatus::Connected);
    assert_ne!(d.session, 0);
    assert!(d.server.is_some());
    assert_eq!(
        d.pending,
        [PendingRequest {
            xid: Some(1),
            op: "create",
            path: Some("/a".into()),
            program: false
        }]
    );
    sim.run_until(secs(3));
    let d = sim.client_detail(alice).unwrap();
    assert!(d.pending.is_empty());
    let created: Vec<&HeardLine> = d
        .heard
        .iter()
        .filter(|l| l.event_is_answer() && l.cmd == Some("create"))
        .collect();
    assert_eq!(created.len(), 3);
    assert_eq!(
        created[0].json,
        r#"{"client":"alice","cmd":"create","path":"/a"}"#
    );
    assert_eq!(
        d.heard[0].json,
        r#"{"client":"alice","event":"None","state":"SyncConnected"}"#
    );
    assert!(matches!(
        &created[0].event,
        ClientEvent::Answer { outcome: Outcome::Created(p), .. } if p == "/a"
    ));
    let bob = sim.client_by_name("bob").unwrap();
    let b = sim.client_detail(bob).unwrap();
    assert!(b
        .heard
        .iter()
        .any(|l| l.cmd == Some("get") && l.json.contains("\"data\":\"y\"")));
    assert_eq!(b.heard_total, b.heard.len());
    assert!(sim.client_detail(ClientId(7)).is_none());
    assert_eq!(sim.client_by_name("nobody"), None);
}

/// A client that heard more than the limit among another client's lines: its newest lines,
/// oldest first, and the count of everything it heard.
#[test]
fn what_a_client_heard_is_its_newest_lines_and_the_count_of_all() {
    let mut text = String::from("seed 1\nensemble servers=3\nclient alice\nclient bob\n");
    let n = HEARD_LIMIT + 30;
    for i in 0..n {
        text += &format!("at {}ms alice create /a{i} x\n", 1000 + 10 * i);
        text += &format!("at {}ms bob stat /b{i}\n", 1005 + 10 * i);
    }
    text += "run 20s\n";
    let mut sim = sim_of(&text);
    sim.run_until(secs(20));
    let alice = sim
        .client_detail(sim.client_by_name("alice").unwrap())
        .unwrap();
    // One session event, then an answer to each create.
    assert_eq!(alice.heard_total, n + 1);
    assert_eq!(alice.heard.len(), HEARD_LIMIT);
    let created: Vec<String> = alice
        .heard
        .iter()
        .filter_map(|l| match &l.event {
            ClientEvent::Answer {
                outcome: Outcome::Created(p),
                ..
            } => Some(p.clone()),
            _ => None,
        })
        .collect();
    let newest: Vec<String> = (n - HEARD_LIMIT..n).map(|i| format!("/a{i}")).collect();
    assert_eq!(created, newest);
    assert!(alice.heard.windows(2).all(|w| w[0].time <= w[1].time));
}

#[test]
fn a_crashed_client_is_down_with_nothing_pending() {
    let mut sim = sim_of("seed 1\nensemble servers=3\nclient alice\nat 1s alice crash\nrun 5s\n");
    sim.run_until(secs(2));
    let d = sim.client_detail(ClientId(0)).unwrap();
    assert_eq!(
        (d.state, d.timeout_ms, d.pending.len()),
        (ClientStatus::Down, 0, 0)
    );
    assert_ne!(d.session, 0, "the session it had is remembered");
}

#[test]
fn op_names_follow_zkcli() {
    for (line, name, path) in [
        ("create /a", "create", Some("/a")),
        ("get -w /a", "get", Some("/a")),
        ("stat /a", "stat", Some("/a")),
        ("ls /", "ls", Some("/")),
        ("set /a b", "set", Some("/a")),
        ("delete /a", "delete", Some("/a")),
        ("sync /", "sync", Some("/")),
        ("addWatch /a", "addWatch", Some("/a")),
        ("multi create /x ; delete /y", "multi", None),
    ] {
        let op = Command::parse_line(line).unwrap().action();
        let (n, p) = op_summary(&op);
        assert_eq!((n, p.as_deref()), (name, path), "{line}");
    }
    assert_eq!(op_summary(&ClientOp::CloseSession).0, "close");
}

#[test]
fn txns_are_described_in_a_few_words() {
    let owner = |s: u64| (s == 7).then(|| "alice".to_string());
    let d = |t: &Txn| describe_txn(t, &owner);
    assert_eq!(
        d(&Txn::CloseSession {
            session_id: 7,
            paths: vec!["/e".into()]
        }),
        "closeSession 0x7 (alice), deletes 1 ephemeral"
    );
    assert_eq!(
        d(&Txn::Error {
            code: crate::tree::ErrorCode::NodeExists
        }),
        "failed write: NODEEXISTS"
    );
    assert_eq!(
        d(&Txn::Multi(vec![
            Txn::Delete { path: "/a".into() },
            Txn::Check {
                path: "/b".into(),
                version: 1
            }
        ])),
        "multi [delete /a; check /b]"
    );
    assert_eq!(
        describe_payload(&Payload::Opaque(4), &owner),
        "opaque write #4"
    );
}

impl HeardLine {
    fn event_is_answer(&self) -> bool {
        matches!(self.event, ClientEvent::Answer { .. })
    }
}
