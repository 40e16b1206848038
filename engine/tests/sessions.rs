//! Sessions under faults (reference S4, S6, S8, S10, S12): partitions, lagging servers, GC
//! pauses and leader crashes, seen from the client library.

use engine::proto::ClientOp;
use engine::proto::{Outcome, Read};
use engine::tree::{CreateMode, ErrorCode, Request, Txn};
use engine::watches::{EventType, ReadKind};
use engine::FlightClass;
use engine::Payload;
use engine::{ms, secs, Micros};
use engine::{ClientEvent, ClientState, SessionEvent};
use engine::{ClientId, ProcessId, ServerId};
use engine::{Fault, Simulation, Target};
use harness::helpers::{ask, connect, create, run_while, s, settled};

fn exists(path: &str, watch: bool) -> ClientOp {
    ClientOp::Read(Read {
        kind: ReadKind::Exists,
        path: path.into(),
        watch,
    })
}

fn heard(sim: &Simulation, c: ClientId, f: impl Fn(&ClientEvent) -> bool) -> Option<Micros> {
    sim.client_lines()
        .iter()
        .find(|l| l.client == c && f(&l.event))
        .map(|l| l.time)
}

/// S6/S12: a client cut off from every server keeps its ephemeral until the leader expires the
/// session (T to T+tick after its last touch); then the node vanishes and watchers fire.
#[test]
fn s12_partitioned_client_keeps_ephemerals_until_the_leader_expires_it() {
    let mut sim = settled(3, 1);
    let alice = connect(&mut sim, "alice", vec![s(1)], 10_000);
    let bob = connect(&mut sim, "bob", vec![s(2)], 10_000);
    assert!(matches!(
        ask(&mut sim, alice, create("/lock", CreateMode::Ephemeral)),
        Outcome::Created(_)
    ));
    assert!(matches!(
        ask(&mut sim, bob, exists("/lock", true)),
        Outcome::Exists(Some(_))
    ));
    let cut_at = sim.now();
    let sides = vec![
        vec![ProcessId::Client(alice)],
        vec![s(1), s(2), s(3)]
            .into_iter()
            .map(ProcessId::Server)
            .collect(),
    ];
    sim.schedule(cut_at, Fault::Partition(sides));
    // still there after 8 s: the session has not expired
    sim.run_until(cut_at + secs(8));
    assert!(matches!(
        ask(&mut sim, bob, exists("/lock", false)),
        Outcome::Exists(Some(_))
    ));
    // Disconnected after about 2T/3 (S4)
    let disc = heard(&sim, alice, |e| {
        *e == ClientEvent::Session(SessionEvent::Disconnected)
    });
    let disc = disc.expect("alice noticed");
    assert!(
        disc - cut_at >= secs(6) && disc - cut_at <= secs(8),
        "{disc}"
    );
    // gone between T and T + tick (+ a round trip) after the last touch
    sim.run_until(cut_at + secs(14));
    let deleted = heard(&sim, bob, |e| {
        matches!(e, ClientEvent::Watch(w) if w.kind == EventType::NodeDeleted && w.path == "/lock")
    })
    .expect("bob's watch fired");
    assert!(
        deleted - cut_at > secs(9) && deleted - cut_at < secs(13),
        "{}",
        deleted - cut_at
    );
    assert!(matches!(
        ask(&mut sim, bob, exists("/lock", false)),
        Outcome::Exists(None)
    ));
    // once healed, alice learns her session is gone (S8) and her handle is dead (S9)
    sim.schedule(sim.now(), Fault::Heal);
    run_while(&mut sim, secs(10), |sim| {
        sim.client(alice).unwrap().state() != ClientState::Closed
    });
    assert!(heard(&sim, alice, |e| *e
        == ClientEvent::Session(SessionEvent::Expired))
    .is_some());
    assert_eq!(
        ask(&mut sim, alice, exists("/lock", false)),
        Outcome::Error(ErrorCode::SessionExpired)
    );
}

/// S8: a client that has seen a newer zxid is refused by a lagging server and moves on.
#[test]
fn s8_a_lagging_server_refuses_a_client_that_has_seen_more() {
    let mut sim = settled(3, 2);
    // s1 is cut off from the leader (s3) and falls behind
    sim.schedule(
        sim.now(),
        Fault::Partition(vec![
            vec![ProcessId::Server(s(1))],
            vec![ProcessId::Server(s(2)), ProcessId::Server(s(3))],
        ]),
    );
    let c = connect(&mut sim, "c1", vec![s(2), s(1), s(3)], 10_000);
    for i in 0..3 {
        ask(
            &mut sim,
            c,
            create(&format!("/n{i}"), CreateMode::Persistent),
        );
    }
    let seen = sim.client(c).unwrap().last_zxid();
    assert!(sim.server(s(1)).is_none_or(|x| x.committed() < seen));
    // s1 is reachable by the client (only its link to the other servers is cut); s2 dies
    sim.schedule(sim.now(), Fault::Crash(Target::Server(s(2))));
    let t = sim.now();
    run_while(&mut sim, secs(30), |sim| {
        sim.client(c).unwrap().server() != Some(s(3))
            || sim.client(c).unwrap().state() != ClientState::Connected
    });
    let client = sim.client(c).unwrap();
    assert_eq!(client.state(), ClientState::Connected);
    assert_eq!(client.server(), Some(s(3)), "moved past the lagging s1");
    let refused = sim
        .trace()
        .lines()
        .any(|l| l.time >= t && l.text().contains("server behind client"));
    assert!(refused, "s1 refused the client (single system image)");
}

/// S4/S8: a client paused longer than its session timeout wakes up to SESSIONEXPIRED.
#[test]
fn a_client_paused_past_its_timeout_comes_back_expired() {
    let mut sim = settled(3, 3);
    let c = connect(&mut sim, "gc", vec![s(1), s(2), s(3)], 6_000);
    ask(&mut sim, c, create("/owner", CreateMode::Ephemeral));
    sim.schedule(sim.now(), Fault::ClientPause(c, secs(15)));
    sim.run_until(sim.now() + secs(16));
    run_while(&mut sim, secs(10), |sim| {
        sim.client(c).unwrap().state() != ClientState::Closed
    });
    assert!(heard(&sim, c, |e| *e
        == ClientEvent::Session(SessionEvent::Expired))
    .is_some());
    assert_eq!(
        ask(&mut sim, c, exists("/owner", false)),
        Outcome::Error(ErrorCode::SessionExpired)
    );
}

/// S10: a write in flight when the leader crashes answers CONNECTIONLOSS; its outcome is
/// unknown to the client and visible after it reconnects.
#[test]
fn s10_a_write_in_flight_during_a_leader_crash_is_connectionloss_then_visible() {
    let mut sim = settled(3, 4);
    let leader = sim.leader().unwrap();
    let c = connect(&mut sim, "w", vec![leader, s(1), s(2)], 10_000);
    let tag = sim.client_submit(c, "create", create("/maybe", CreateMode::Persistent));
    // crash the leader right after it proposed (before its reply can reach the client)
    let until = sim.now() + ms(3);
    sim.run_until(until);
    sim.schedule(sim.now(), Fault::Crash(Target::Server(leader)));
    run_while(&mut sim, secs(30), |sim| {
        !sim.client_lines()
            .iter()
            .any(|l| matches!(&l.event, ClientEvent::Answer { tag: t, .. } if *t == tag))
    });
    let answer = sim.client_lines().iter().find_map(|l| match &l.event {
        ClientEvent::Answer { tag: t, outcome } if *t == tag => Some(outcome.clone()),
        _ => None,
    });
    assert_eq!(answer, Some(Outcome::Error(ErrorCode::ConnectionLoss)));
    run_while(&mut sim, secs(30), |sim| {
        sim.client(c).unwrap().state() != ClientState::Connected
    });
    // the outcome is whatever the new leader's history says: ask
    let seen = ask(&mut sim, c, exists("/maybe", false));
    assert!(matches!(seen, Outcome::Exists(_)), "{seen:?}");
    assert!(sim.violations().is_empty());
}

/// W6: on reconnect the client re-arms its watches with its last zxid; a change it missed while
/// disconnected fires at once, and a watch on an unchanged node stays armed.
#[test]
fn w6_watches_survive_a_reconnect_and_report_what_was_missed() {
    let mut sim = settled(3, 6);
    let leader = sim.leader().unwrap();
    let other: Vec<ServerId> = (1..=3).map(s).filter(|x| *x != leader).collect();
    let writer = connect(&mut sim, "writer", vec![leader], 10_000);
    ask(&mut sim, writer, create("/changed", CreateMode::Persistent));
    ask(&mut sim, writer, create("/steady", CreateMode::Persistent));
    let get = |path: &str| {
        ClientOp::Read(Read {
            kind: ReadKind::GetData,
            path: path.into(),
            watch: true,
        })
    };
    let w = connect(&mut sim, "watcher", vec![other[0], other[1]], 10_000);
    ask(&mut sim, w, get("/changed"));
    ask(&mut sim, w, get("/steady"));
    sim.schedule(sim.now(), Fault::Crash(Target::Server(other[0])));
    let set = ClientOp::Write(Request::SetData {
        path: "/changed".into(),
        data: b"new".to_vec(),
        version: -1,
    });
    ask(&mut sim, writer, set);
    run_while(&mut sim, secs(20), |sim| {
        sim.client(w).unwrap().server() != Some(other[1])
            || sim.client(w).unwrap().state() != ClientState::Connected
    });
    sim.run_until(sim.now() + secs(1));
    let changed = |path: &'static str| move |e: &ClientEvent| matches!(e, ClientEvent::Watch(ev) if ev.kind == EventType::NodeDataChanged && ev.path == path);
    assert!(
        heard(&sim, w, changed("/changed")).is_some(),
        "missed change reported"
    );
    assert!(heard(&sim, w, changed("/steady")).is_none());
    // the watch on /steady is still armed on the new server
    let set = ClientOp::Write(Request::SetData {
        path: "/steady".into(),
        data: b"x".to_vec(),
        version: -1,
    });
    ask(&mut sim, writer, set);
    sim.run_until(sim.now() + secs(1));
    assert!(heard(&sim, w, changed("/steady")).is_some());
}

/// D15: a write larger than jute.maxbuffer makes the server drop the connection; the request
/// fails with CONNECTIONLOSS, the client reconnects, the session lives on.
#[test]
fn d15_an_oversized_write_is_connectionloss_and_the_session_survives() {
    let mut sim = settled(3, 7);
    let c = connect(&mut sim, "big", vec![s(1), s(2), s(3)], 10_000);
    let session = sim.client(c).unwrap().session();
    let huge = ClientOp::Write(Request::Create {
        path: "/huge".into(),
        data: vec![b'x'; 2 * 1024 * 1024],
        mode: CreateMode::Persistent,
    });
    assert_eq!(
        ask(&mut sim, c, huge),
        Outcome::Error(ErrorCode::ConnectionLoss)
    );
    run_while(&mut sim, secs(10), |sim| {
        sim.client(c).unwrap().state() != ClientState::Connected
    });
    assert_eq!(sim.client(c).unwrap().session(), session);
    assert!(matches!(
        ask(&mut sim, c, exists("/huge", false)),
        Outcome::Exists(None)
    ));
}

/// D7: the leader's container reaper deletes an empty container that once had a child, on its
/// next check (every 60 s), and leaves a never-used one alone.
#[test]
fn d7_the_leader_reaps_empty_used_containers() {
    let mut sim = settled(3, 8);
    let c = connect(&mut sim, "c", vec![s(1), s(2), s(3)], 10_000);
    ask(&mut sim, c, create("/used", CreateMode::Container));
    ask(&mut sim, c, create("/unused", CreateMode::Container));
    ask(&mut sim, c, create("/used/child", CreateMode::Persistent));
    let delete = ClientOp::Write(Request::Delete {
        path: "/used/child".into(),
        version: -1,
    });
    ask(&mut sim, c, delete);
    assert!(matches!(
        ask(&mut sim, c, exists("/used", false)),
        Outcome::Exists(Some(_))
    ));
    sim.run_until(sim.now() + secs(61));
    assert_eq!(
        ask(&mut sim, c, exists("/used", false)),
        Outcome::Exists(None)
    );
    assert!(matches!(
        ask(&mut sim, c, exists("/unused", false)),
        Outcome::Exists(Some(_))
    ));
}

/// Step until a message from server to client `c` of the given class is in flight.
fn until_answer_in_flight(sim: &mut Simulation, c: ClientId, class: FlightClass) -> ProcessId {
    let end = sim.now() + secs(10);
    while sim.now() < end {
        let found = sim
            .view()
            .in_flight
            .iter()
            .find(|f| f.to == ProcessId::Client(c) && f.class == class)
            .map(|f| f.from);
        if let Some(from) = found {
            return from;
        }
        assert!(sim.step());
    }
    panic!("no {class:?} for the client in flight");
}

/// S3, S10: a client connection is a TCP stream; an answer lost to a short cut breaks it. When
/// the cut heals (well before the read timeout) both ends learn the connection is dead: the
/// request answers CONNECTIONLOSS, the client reconnects, and the write it made is visible.
/// (A stream that silently skipped the answer would leave the request pending for ever while
/// pings flow again.)
#[test]
fn an_answer_lost_to_a_short_cut_resets_the_connection_when_it_heals() {
    let mut sim = settled(3, 2);
    let c = connect(&mut sim, "alice", vec![s(1), s(2), s(3)], 30_000);
    let tag = sim.client_submit(c, "create", create("/lost", CreateMode::Persistent));
    let server = until_answer_in_flight(&mut sim, c, FlightClass::Answer);
    let now = sim.now();
    sim.schedule(now, Fault::Cut(server, ProcessId::Client(c)));
    sim.schedule(now + ms(100), Fault::Heal);
    let answered = |sim: &Simulation| {
        sim.client_lines().iter().find_map(|l| match &l.event {
            ClientEvent::Answer { tag: t, outcome } if *t == tag => Some((l.time, outcome.clone())),
            _ => None,
        })
    };
    run_while(&mut sim, secs(2), |sim| answered(sim).is_none());
    let (at, outcome) = answered(&sim).expect("the request is answered soon after the heal");
    assert_eq!(outcome, Outcome::Error(ErrorCode::ConnectionLoss));
    assert!(at < now + ms(500), "answered at {at}, cut at {now}");
    assert!(heard(&sim, c, |e| *e
        == ClientEvent::Session(SessionEvent::Disconnected))
    .is_some());
    run_while(&mut sim, secs(10), |sim| {
        sim.client(c).unwrap().state() != ClientState::Connected
    });
    assert!(matches!(
        ask(&mut sim, c, exists("/lost", false)),
        Outcome::Exists(Some(_))
    ));
    assert!(sim.violations().is_empty());
}

/// W6: a watch event lost to a short cut is not lost to the application: the connection
/// resets on heal, and the client's SetWatches on reconnect fires the missed change.
#[test]
fn a_watch_event_lost_to_a_short_cut_fires_after_the_reconnect() {
    let mut sim = settled(3, 3);
    let watcher = connect(&mut sim, "watcher", vec![s(1)], 30_000);
    let writer = connect(&mut sim, "writer", vec![s(2)], 30_000);
    assert_eq!(
        ask(&mut sim, watcher, exists("/flag", true)),
        Outcome::Exists(None)
    );
    sim.client_submit(writer, "create", create("/flag", CreateMode::Persistent));
    let server = until_answer_in_flight(&mut sim, watcher, FlightClass::Watch);
    let now = sim.now();
    sim.schedule(now, Fault::Cut(server, ProcessId::Client(watcher)));
    sim.schedule(now + ms(100), Fault::Heal);
    let fired = |sim: &Simulation| {
        heard(
            sim,
            watcher,
            |e| matches!(e, ClientEvent::Watch(w) if w.kind == EventType::NodeCreated && w.path == "/flag"),
        )
    };
    run_while(&mut sim, secs(5), |sim| fired(sim).is_none());
    assert!(
        fired(&sim).is_some(),
        "the missed NodeCreated fires after the reconnect"
    );
}

/// C3, W5(a): random loss on client links never reorders answers nor leaves a request hanging:
/// a lost message breaks the connection, so a request is answered in the order it was sent,
/// with its result or CONNECTIONLOSS, never skipped while later ones are answered.
#[test]
fn requests_under_random_loss_are_answered_in_order() {
    let mut sim = settled(3, 5);
    let c = connect(&mut sim, "alice", vec![s(1), s(2), s(3)], 30_000);
    sim.schedule(sim.now(), Fault::Loss(200_000));
    let mut tags = Vec::new();
    for i in 0..40 {
        let until = sim.now() + ms(50);
        sim.run_until(until);
        if sim.client(c).unwrap().state() == ClientState::Connected {
            tags.push(sim.client_submit(c, "exists", exists(&format!("/n{i}"), false)));
        }
    }
    sim.schedule(sim.now(), Fault::Loss(0));
    let until = sim.now() + secs(20);
    sim.run_until(until);
    assert!(tags.len() > 5, "only {} requests submitted", tags.len());
    let answered = |tag: u64| {
        sim.client_lines()
            .iter()
            .any(|l| matches!(&l.event, ClientEvent::Answer { tag: t, .. } if *t == tag))
    };
    let hanging: Vec<u64> = tags.iter().copied().filter(|t| !answered(*t)).collect();
    assert!(
        hanging.is_empty(),
        "{} of {} requests never answered",
        hanging.len(),
        tags.len()
    );
    assert_eq!(sim.client(c).unwrap().pending(), 0);
    let order: Vec<u64> = sim
        .client_lines()
        .iter()
        .filter_map(|l| match &l.event {
            ClientEvent::Answer { tag, .. } if l.client == c => Some(*tag),
            _ => None,
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(
        order, sorted,
        "answers out of the order the requests were sent"
    );
}

/// S8: a client that reconnects to a follower with its session is answered only after the
/// follower asked the leader (REVALIDATE) and heard its verdict.
#[test]
fn s8_a_reconnect_to_a_follower_waits_for_the_leaders_revalidate() {
    let mut sim = settled(3, 8);
    let leader = sim.leader().unwrap();
    let followers: Vec<ServerId> = (1..=3).map(s).filter(|x| *x != leader).collect();
    let c = connect(&mut sim, "alice", vec![followers[0], followers[1]], 10_000);
    let first = sim.client(c).unwrap().server().unwrap();
    let other = if first == followers[0] {
        followers[1]
    } else {
        followers[0]
    };
    let start = sim.now();
    sim.schedule(start, Fault::Crash(Target::Server(first)));
    run_while(&mut sim, secs(10), |sim| {
        heard_after(
            sim,
            c,
            start,
            ClientEvent::Session(SessionEvent::SyncConnected),
        )
        .is_none()
    });
    let connected = heard_after(
        &sim,
        c,
        start,
        ClientEvent::Session(SessionEvent::SyncConnected),
    )
    .expect("reconnected");
    assert_eq!(sim.client(c).unwrap().server(), Some(other));
    let sent = |text: &str| {
        sim.trace()
            .lines()
            .find(|l| {
                l.time > start && l.text().starts_with(text) && l.text().contains("REVALIDATE")
            })
            .map(|l| l.time)
    };
    let ask = sent(&format!("{other} -> {leader}")).expect("the follower asks the leader");
    let verdict = sent(&format!("{leader} -> {other}")).expect("the leader answers");
    assert!(
        ask < verdict && verdict < connected,
        "{ask} {verdict} {connected}"
    );
}

fn heard_after(sim: &Simulation, c: ClientId, after: Micros, e: ClientEvent) -> Option<Micros> {
    sim.client_lines()
        .iter()
        .find(|l| l.client == c && l.time > after && l.event == e)
        .map(|l| l.time)
}

/// S6, S8: the leader decides. A session the leader has expired is expired for every server,
/// even a follower whose copy of the closeSession txn is still on its way (its link from the
/// leader is slow): the client that comes back from a long pause hears Expired, never a
/// SyncConnected for a session that is being closed.
#[test]
fn s8_a_follower_does_not_revive_a_session_the_leader_expired() {
    let mut sim = settled(3, 9);
    let leader = sim.leader().unwrap();
    let f = (1..=3).map(s).find(|x| *x != leader).unwrap();
    // Pin the client to the follower.
    let others: Vec<ProcessId> = (1..=3)
        .map(s)
        .filter(|x| *x != f)
        .map(ProcessId::Server)
        .collect();
    let c = sim.add_client("alice", vec![f], 4_000);
    sim.schedule(
        sim.now(),
        Fault::Partition(vec![vec![ProcessId::Client(c)], others]),
    );
    run_while(&mut sim, secs(10), |sim| {
        sim.client(c).unwrap().state() != ClientState::Connected
    });
    // Everything from the leader reaches the follower 3 s late (well within syncLimit).
    let t = sim.now();
    sim.schedule(
        t,
        Fault::Latency(ProcessId::Server(leader), ProcessId::Server(f), secs(3)),
    );
    sim.run_until(t + secs(4));
    // A GC pause longer than the session: the leader expires it meanwhile.
    let paused = sim.now();
    sim.schedule(paused, Fault::ClientPause(c, ms(6_500)));
    run_while(&mut sim, secs(20), |sim| {
        sim.client(c).unwrap().state() != ClientState::Closed
    });
    assert!(
        heard_after(&sim, c, paused, ClientEvent::Session(SessionEvent::Expired)).is_some(),
        "the client learns its session expired"
    );
    assert_eq!(
        heard_after(
            &sim,
            c,
            paused,
            ClientEvent::Session(SessionEvent::SyncConnected)
        ),
        None,
        "a follower revived an expired session"
    );
}

/// S11, C3: a write the client sent through a server it has since left (the link from that
/// server to the leader is slow) must not be applied after the writes it makes through its new
/// server: the leader rejects it with SESSIONMOVED (the client moved and was revalidated
/// through another server), and the old server closes that connection instead of answering.
/// Without the check the late write would land last and undo the client's newer one.
#[test]
fn s11_a_write_left_behind_on_the_old_server_is_rejected_as_session_moved() {
    let mut sim = settled(3, 11);
    let leader = sim.leader().unwrap();
    let followers: Vec<ServerId> = (1..=3).map(s).filter(|x| *x != leader).collect();
    let (old, new) = (followers[0], followers[1]);
    let c = connect(&mut sim, "alice", vec![old, new], 4_000);
    assert_eq!(sim.client(c).unwrap().server(), Some(old));
    assert_eq!(
        ask(&mut sim, c, create("/x", CreateMode::Persistent)),
        Outcome::Created("/x".into())
    );
    // Everything from `old` to the leader now takes 8 s (less than syncLimit·tick, so the
    // leader keeps it); the client is cut off from `old` right after it sends its first set.
    let t = sim.now();
    sim.schedule(
        t,
        Fault::Latency(ProcessId::Server(old), ProcessId::Server(leader), secs(8)),
    );
    sim.run_until(t + ms(1));
    let set = |v: &str| {
        ClientOp::Write(Request::SetData {
            path: "/x".into(),
            data: v.as_bytes().to_vec(),
            version: -1,
        })
    };
    let first = sim.client_submit(c, "set", set("first"));
    let t = sim.now() + ms(20);
    sim.run_until(t);
    sim.schedule(
        t,
        Fault::Partition(vec![
            vec![ProcessId::Client(c)],
            vec![ProcessId::Server(old)],
        ]),
    );
    // The client gives up on `old` after its read timeout and moves to `new`.
    run_while(&mut sim, secs(10), |sim| {
        sim.client(c).unwrap().server() != Some(new)
            || sim.client(c).unwrap().state() != ClientState::Connected
    });
    let first_answer = sim.client_lines().iter().find_map(|l| match &l.event {
        ClientEvent::Answer { tag, outcome } if *tag == first => Some(outcome.clone()),
        _ => None,
    });
    assert_eq!(
        first_answer,
        Some(Outcome::Error(ErrorCode::ConnectionLoss))
    );
    assert!(matches!(
        ask(&mut sim, c, set("second")),
        Outcome::DataSet(_)
    ));
    // The first set reaches the leader only now, from the server the client left.
    let until = sim.now() + secs(10);
    sim.run_until(until);
    let data = |id: ServerId| {
        sim.server(id)
            .unwrap()
            .state()
            .tree
            .get_data("/x")
            .map(|(d, _)| d)
            .unwrap()
    };
    for id in (1..=3).map(s) {
        assert_eq!(data(id), b"second".to_vec(), "on {id}");
    }
    let leader = sim.leader().unwrap();
    let rejected = sim.durable(leader).log.iter().any(|e| match &*e.payload {
        Payload::Client(t) => {
            t.txn
                == Txn::Error {
                    code: ErrorCode::SessionMoved,
                }
        }
        _ => false,
    });
    assert!(
        rejected,
        "the late write was committed as a SESSIONMOVED error txn"
    );
    assert!(sim.violations().is_empty());
}

/// S8: a learner that stops serving while a client's reconnect waits for the leader's
/// REVALIDATE verdict closes that connection too (as it closes every other), so the client
/// moves on at once instead of waiting for its connect timeout.
#[test]
fn s8_a_reconnect_waiting_for_revalidate_is_closed_when_the_learner_stops_serving() {
    let mut sim = settled(3, 12);
    let leader = sim.leader().unwrap();
    let followers: Vec<ServerId> = (1..=3).map(s).filter(|x| *x != leader).collect();
    let c = connect(&mut sim, "alice", followers.clone(), 10_000);
    let first = sim.client(c).unwrap().server().unwrap();
    let other = if first == followers[0] {
        followers[1]
    } else {
        followers[0]
    };
    sim.schedule(sim.now(), Fault::Crash(Target::Server(first)));
    // Step until `other` has asked the leader about alice's session; then the leader dies.
    let end = sim.now() + secs(10);
    while !sim
        .view()
        .in_flight
        .iter()
        .any(|f| f.kind == "REVALIDATE" && f.from == ProcessId::Server(other))
    {
        assert!(sim.now() < end && sim.step(), "no REVALIDATE");
    }
    let crash = sim.now();
    sim.schedule(crash, Fault::Crash(Target::Server(leader)));
    sim.run_until(crash + secs(1));
    let closed = sim.history().messages.iter().any(|m| {
        m.from == ProcessId::Server(other)
            && m.to == ProcessId::Client(c)
            && m.kind == "BYE"
            && m.sent >= crash
    });
    assert!(
        closed,
        "{other} closes alice's waiting connection when it stops serving"
    );
}
