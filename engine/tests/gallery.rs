//! The gallery (`scenarios/*.scn` at the repository root): every file parses, builds and runs,
//! shows the point its comment makes (checked on the simulation itself, not on its text; the
//! ensemble's scenarios here, the recipes' in `gallery_recipes.rs`),
//! round-trips through its share URL, and is deterministic.
//!
//! `GALLERY_DUMP=name cargo test -p engine --test gallery dump -- --nocapture` prints the whole
//! trace, the client lines and the summary of `scenarios/name.scn` (to write or review a file).

use engine::build;
use engine::proto::Outcome;
use engine::report;
use engine::scenario::{self, Action};
use engine::tree::ErrorCode;
use engine::watches::EventType;
use engine::Category;
use engine::Role;
use engine::ServerId;
use engine::Simulation;
use engine::{ms, Micros};
use engine::{ClientEvent, ClientState, SessionEvent};

use harness::helpers::*;

#[test]
fn dump() {
    if let Ok(name) = std::env::var("GALLERY_DUMP") {
        let sim = run(&load(&name));
        for l in sim.trace().lines() {
            println!("{l}");
        }
        for l in report::client_lines(&sim) {
            println!("{l}");
        }
        println!("{}", report::summary(&sim));
    }
}

/// Every `.scn` file in the gallery is listed (so has a test) and opens with a comment.
#[test]
fn gallery_is_complete_and_commented() {
    let mut found: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "scn"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut listed: Vec<String> = GALLERY.iter().map(|x| x.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed);
    let readme = std::fs::read_to_string(dir().join("README.md")).unwrap();
    for name in GALLERY {
        let t = text(name);
        assert!(
            t.starts_with("# Watch: "),
            "{name}: first line must say what to watch"
        );
        assert!(
            readme.contains(&format!("`{name}.scn`")),
            "{name} missing from README"
        );
    }
}

/// Share links: short, lossless, and the decoded scenario runs the same. Runs are deterministic
/// and depend on the seed.
#[test]
fn gallery_links_and_determinism() {
    for name in GALLERY {
        let sc = load(name);
        let url = scenario::encode(&sc);
        assert!(url.len() < 300, "{name}: share URL is {} chars", url.len());
        let back = scenario::decode(&url).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(back, sc, "{name}: decode(encode(s)) != s");
        let hash = run(&sc).trace().hash_hex();
        assert_eq!(
            run(&back).trace().hash_hex(),
            hash,
            "{name}: decoded run differs"
        );
        assert_eq!(
            run(&sc).trace().hash_hex(),
            hash,
            "{name}: second run differs"
        );
        let mut other = sc.clone();
        other.seed = sc.seed.wrapping_add(1);
        assert_ne!(
            run(&other).trace().hash_hex(),
            hash,
            "{name}: seed changes nothing"
        );
    }
}

/// leader-crash: a new leader, not s5, with a higher epoch, well under a second after the
/// crash (P3); writes after it carry the new epoch in their zxid; nothing committed is lost.
#[test]
fn leader_crash() {
    let sc = load("leader-crash");
    let mut sim = build(&sc).unwrap();
    sim.run_until(secs_f(3.999));
    assert_eq!(
        leader(&sim),
        Some((s(5), 1)),
        "s5 leads epoch 1 before the crash"
    );
    let mut elected: Option<(Micros, ServerId, u32)> = None;
    sample(&mut sim, secs_f(6.0), ms(1), |sim| {
        if elected.is_none() {
            if let Some((l, e)) = leader(sim).filter(|(_, e)| *e > 1) {
                elected = Some((sim.now(), l, e));
            }
        }
    });
    let (at, new, epoch) = elected.expect("a new leader");
    assert_ne!(new, s(5));
    assert_eq!(epoch, 2);
    assert!(
        at - secs_f(4.0) < ms(500),
        "re-election took {}us",
        at - secs_f(4.0)
    );
    sim.run_until(sc.run_until_us);
    // The entry written before the crash is from epoch 1, the one after it from epoch 2.
    let (_, before) = data_on(&sim, new, "/log/entry-0000000000").expect("entry 0 kept");
    let (_, after) = data_on(&sim, new, "/log/entry-0000000001").expect("entry 1 written");
    assert_eq!(before >> 32, 1);
    assert_eq!(after >> 32, epoch as u64);
    // alice was on the crashed leader: she moved and her write after the crash succeeded.
    let gets = answers(&sim, "alice", "get");
    assert!(
        matches!(&gets[..], [Outcome::Data { data, .. }] if data == b"2"),
        "{gets:?}"
    );
    assert_ne!(
        sim.client(client(&sim, "alice")).unwrap().server(),
        Some(s(5))
    );
    // Every survivor has applied the same history.
    let committed: Vec<u64> = sim.view().servers[..4]
        .iter()
        .map(|v| v.committed_zxid)
        .collect();
    assert!(
        committed.iter().all(|z| *z == committed[0]),
        "{committed:?}"
    );
    no_violations(&sim);
}

/// leader-minority-partition: the minority's committed zxid never moves while split (though
/// its log grows), the majority elects a new leader, and after the heal s4 and s5 TRUNCate.
#[test]
fn leader_minority_partition() {
    let sc = load("leader-minority-partition");
    let mut sim = build(&sc).unwrap();
    sim.run_until(secs_f(3.0));
    assert_eq!(leader(&sim), Some((s(5), 1)));
    let frozen = [s(4), s(5)].map(|id| sim.view().servers[id.0 as usize - 1].committed_zxid);
    let mut grew = false;
    let mut majority_leader = None;
    sample(&mut sim, secs_f(20.0), ms(10), |sim| {
        let v = sim.view();
        for (i, id) in [s(4), s(5)].iter().enumerate() {
            let sv = &v.servers[id.0 as usize - 1];
            assert_eq!(
                sv.committed_zxid, frozen[i],
                "{id} committed during the split"
            );
            grew |= sv.last_zxid > frozen[i];
        }
        if let Some((l, e)) = leader(sim).filter(|(_, e)| *e > 1) {
            assert!(
                [s(1), s(2), s(3)].contains(&l),
                "{l} leads on the minority side"
            );
            majority_leader = Some((l, e));
        }
    });
    assert!(grew, "the minority logged the uncommitted write");
    let (new, _) = majority_leader.expect("the majority elected a leader");
    sim.run_until(sc.run_until_us);
    let healed = secs_f(20.0);
    for id in [s(4), s(5)] {
        let trunc = format!("{new} syncs {id} with TRUNC");
        assert!(
            first(&sim, Category::Protocol, &trunc, healed).is_some(),
            "{trunc}"
        );
        let cut = format!("{id} truncates its log");
        assert!(
            first(&sim, Category::Protocol, &cut, healed).is_some(),
            "{cut}"
        );
        assert_eq!(role(&sim, id), Role::Following);
    }
    assert_eq!(
        answers(&sim, "bob", "get"),
        vec![Outcome::Error(ErrorCode::NoNode)]
    );
    match &answers(&sim, "alice", "ls")[..] {
        [Outcome::Children(c)] => {
            assert!(c.contains(&"kept".into()) && !c.contains(&"lost".into()))
        }
        other => panic!("{other:?}"),
    }
    let zs: Vec<u64> = sim.view().servers.iter().map(|v| v.last_zxid).collect();
    assert!(zs.iter().all(|z| *z == zs[0]), "{zs:?}");
    no_violations(&sim);
}

/// paused-leader: deposed after syncLimit·tick, briefly a stale leader when it wakes, then a
/// follower of the new leader; its stale txn is truncated; committed data survives.
#[test]
fn paused_leader() {
    let sc = load("paused-leader");
    let mut sim = build(&sc).unwrap();
    sim.run_until(secs_f(2.999));
    assert_eq!(leader(&sim), Some((s(3), 1)));
    let mut deposed_at = None;
    sample(&mut sim, secs_f(18.0), ms(5), |sim| {
        if deposed_at.is_none() && leader(sim).is_some_and(|(l, _)| l != s(3)) {
            deposed_at = Some(sim.now());
        }
    });
    let at = deposed_at.expect("a new leader during the pause");
    // sync=5 ticks of 2s: the followers wait 10s from the last ping they heard (before 3s).
    assert!(
        at > secs_f(3.0) + ms(8000) && at < secs_f(14.0),
        "deposed at {at}us"
    );
    assert_eq!(leader(&sim), Some((s(2), 2)));
    // Awake, s3 still thinks it leads (epoch 1) while s2 leads epoch 2; then it steps down.
    let mut stale = false;
    sample(&mut sim, secs_f(21.0), ms(1), |sim| {
        stale |= role(sim, s(3)) == Role::Leading && leader(sim) == Some((s(2), 2));
    });
    assert!(stale, "s3 never showed as a stale leader");
    let looking = first(&sim, Category::Role, "s3 LOOKING", secs_f(18.0)).expect("steps down");
    let following = first(&sim, Category::Role, "s3 FOLLOWING", looking).expect("follows");
    assert!(following < secs_f(21.0));
    assert!(first(&sim, Category::Protocol, "s3 truncates its log", looking).is_some());
    sim.run_until(sc.run_until_us);
    assert_eq!(role(&sim, s(3)), Role::Following);
    assert_eq!(sim.server(s(3)).unwrap().leader(), Some(s(2)));
    for id in [s(1), s(2), s(3)] {
        assert!(data_on(&sim, id, "/jobs/after-pause").is_some(), "{id}");
    }
    no_violations(&sim);
}

/// session-expiry-partition: the leader expires alice's session T..T+tick after her last
/// touch, her ephemeral goes, bob's exists watch fires NodeDeleted, alice's handle dies.
#[test]
fn session_expiry_partition() {
    let sc = load("session-expiry-partition");
    let mut sim = build(&sc).unwrap();
    sim.run_until(secs_f(4.9));
    let alice = client(&sim, "alice");
    let session = sim.client(alice).unwrap().session();
    let (l, _) = leader(&sim).unwrap();
    let lock = sim.server(l).unwrap().state().tree.node("/lock").is_some();
    assert!(lock, "alice holds /lock");
    assert!(sim.server(l).unwrap().state().tree.has_session(session));
    sim.run_until(sc.run_until_us);
    assert_eq!(
        leader(&sim).map(|x| x.0),
        Some(l),
        "no election: only a client was cut"
    );
    for id in [s(1), s(2), s(3)] {
        let tree = &sim.server(id).unwrap().state().tree;
        assert!(tree.node("/lock").is_none(), "{id} still has /lock");
        assert!(!tree.has_session(session), "{id} still has alice's session");
    }
    let deleted: Vec<Micros> = heard(&sim, "bob")
        .into_iter()
        .filter_map(|(t, _, e)| match e {
            ClientEvent::Watch(w) if w.kind == EventType::NodeDeleted && w.path == "/lock" => {
                Some(t)
            }
            _ => None,
        })
        .collect();
    // Cut at 5s, timeout 6s, tick 2s: expiry between 11s and 13s (plus a message or two).
    assert!(
        matches!(deleted[..], [t] if t > secs_f(11.0) && t < secs_f(13.2)),
        "{deleted:?}"
    );
    let sessions: Vec<SessionEvent> = heard(&sim, "alice")
        .into_iter()
        .filter_map(|(_, _, e)| match e {
            ClientEvent::Session(x) => Some(x),
            _ => None,
        })
        .collect();
    use SessionEvent::*;
    assert_eq!(sessions, vec![SyncConnected, Disconnected, Expired]);
    assert_eq!(
        answers(&sim, "alice", "get"),
        vec![Outcome::Error(ErrorCode::SessionExpired)]
    );
    assert_eq!(
        sim.client(alice).map(|c| c.state()),
        Some(ClientState::Closed)
    );
    assert_eq!(
        answers(&sim, "bob", "stat").last(),
        Some(&Outcome::Exists(None))
    );
    no_violations(&sim);
}

/// When `id` went LOOKING after `from`.
fn looking(sim: &Simulation, id: u8, from: Micros) -> Micros {
    first(sim, Category::Role, &format!("s{id} LOOKING"), from).expect("went LOOKING")
}

/// clock-drift: compared with the same run without the drift, the drifting follower notices
/// the lost leader about twice as late and the outage is longer; the data is the same.
#[test]
fn clock_drift() {
    let drifted = load("clock-drift");
    let mut steady = drifted.clone();
    steady
        .actions
        .retain(|a| !matches!(a.action, Action::Drift { .. }));
    assert_eq!(steady.actions.len() + 1, drifted.actions.len());
    let cut = secs_f(10.0);
    let mut outage = Vec::new();
    let mut sims = Vec::new();
    for sc in [&steady, &drifted] {
        let mut sim = build(sc).unwrap();
        sim.run_until(cut);
        assert_eq!(leader(&sim), Some((s(3), 1)));
        let mut back = None;
        sample(&mut sim, sc.run_until_us, ms(10), |sim| {
            if back.is_none() && leader(sim).is_some_and(|(_, e)| e == 2) {
                back = Some(sim.now());
            }
        });
        outage.push(back.expect("a new leader") - cut);
        no_violations(&sim);
        sims.push(sim);
    }
    let (a, b) = (&sims[0], &sims[1]);
    assert_eq!(b.view().servers[0].drift_ppm, -500_000);
    // Without drift s1 and s2 give up together; with it s1 takes about 10s longer.
    let gap = |sim: &Simulation| looking(sim, 1, cut).abs_diff(looking(sim, 2, cut));
    assert!(gap(a) < ms(100), "steady gap {}us", gap(a));
    assert!(
        gap(b) > ms(9000) && gap(b) < ms(11000),
        "drift gap {}us",
        gap(b)
    );
    assert!(outage[1] > outage[0] + ms(9000), "outages {outage:?}");
    // What does not change: every answer alice got (values, versions, zxids; only the
    // leader's wall-clock mtime differs, by the jitter of a run that went differently) and the
    // data.
    let untimed = |sim: &Simulation, cmd: &str| -> Vec<Outcome> {
        let strip = |mut st: engine::tree::Stat| {
            st.mtime = 0;
            st
        };
        answers(sim, "alice", cmd)
            .into_iter()
            .map(|o| match o {
                Outcome::DataSet(st) => Outcome::DataSet(strip(st)),
                Outcome::Data { data, stat } => Outcome::Data {
                    data,
                    stat: strip(stat),
                },
                o => o,
            })
            .collect()
    };
    for cmd in ["create", "set", "get"] {
        assert_eq!(untimed(a, cmd), untimed(b, cmd), "{cmd}");
    }
    assert_eq!(data_on(a, s(1), "/a"), data_on(b, s(1), "/a"));
    assert_eq!(data_on(b, s(1), "/a").map(|d| d.0), Some(b"3".to_vec()));
}

/// write-during-leader-crash: CONNECTIONLOSS, yet the write was committed by the new leader
/// (its zxid is from the old epoch); the retry gets NODEEXISTS, the read sees the data.
#[test]
fn write_during_leader_crash() {
    let sc = load("write-during-leader-crash");
    let mut sim = build(&sc).unwrap();
    sim.run_until(secs_f(2.0));
    assert_eq!(leader(&sim), Some((s(3), 1)));
    sim.run_until(sc.run_until_us);
    let creates = answers(&sim, "alice", "create");
    assert_eq!(
        creates,
        vec![
            Outcome::Created("/jobs".into()),
            Outcome::Error(ErrorCode::ConnectionLoss),
            Outcome::Error(ErrorCode::NodeExists),
        ]
    );
    // The old leader never sent a COMMIT for it: the crash came first.
    let txn = sim.durable(s(3)).last_zxid().0;
    assert!(sim.trace().lines().all(|l| !(l.category == Category::Send
        && l.text().starts_with("s3 -> s")
        && l.text().contains(&format!("COMMIT zxid={txn:#x}")))));
    let (new, epoch) = leader(&sim).unwrap();
    assert_ne!(new, s(3));
    assert!(epoch > 1);
    let (data, czxid) = data_on(&sim, new, "/jobs/report").expect("the write survived");
    assert_eq!(data, b"draft");
    assert_eq!(czxid, txn, "it is the txn the old leader proposed");
    assert_eq!(czxid >> 32, 1);
    match &answers(&sim, "alice", "get")[..] {
        [Outcome::Data { data, .. }] => assert_eq!(data, b"draft"),
        other => panic!("{other:?}"),
    }
    no_violations(&sim);
}

/// C6 (ZOOKEEPER-1675): sync is not a quorum operation. While a deposed leader that has not yet
/// noticed (its clock is slow, Z13) still leads epoch 1 and the majority's leader leads epoch 2,
/// a sync through the old leader's follower returns at once, and the read after it misses a
/// write the majority acknowledged before the sync was even sent.
#[test]
fn stale_sync_read() {
    let sc = load("stale-sync-read");
    let mut sim = build(&sc).expect("builds");
    sim.run_until(ms(15_000));
    assert_eq!((role(&sim, s(5)), epoch_of(&sim, s(5))), (Role::Leading, 1));
    assert_eq!((role(&sim, s(3)), epoch_of(&sim, s(3))), (Role::Leading, 2));
    sim.run_until(sc.run_until_us);
    let answered = |name: &str, cmd: &str| -> Vec<Micros> {
        heard(&sim, name)
            .into_iter()
            .filter(|(_, c, e)| *c == Some(cmd) && matches!(e, ClientEvent::Answer { .. }))
            .map(|(t, _, _)| t)
            .collect()
    };
    let (set, sync) = (answered("bob", "set"), answered("alice", "sync"));
    assert_eq!(answers(&sim, "bob", "set").len(), 1);
    assert!(matches!(
        answers(&sim, "bob", "set")[0],
        Outcome::DataSet(_)
    ));
    assert_eq!(answers(&sim, "alice", "sync"), [Outcome::Synced]);
    assert!(
        set[0] < ms(15_000) && ms(15_000) <= sync[0],
        "{set:?} {sync:?}"
    );
    let data: Vec<Vec<u8>> = answers(&sim, "alice", "get")
        .into_iter()
        .map(|o| match o {
            Outcome::Data { data, .. } => data,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        data,
        [b"old".to_vec(), b"new".to_vec()],
        "stale after sync, then fresh"
    );
    // Two leaders, but never two in one epoch: no Zab invariant breaks.
    no_violations(&sim);
}
