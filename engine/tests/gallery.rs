//! The gallery (`scenarios/*.scn` at the repository root): every file parses, builds and runs,
//! shows the point its comment makes (checked here on the simulation itself, not on its text),
//! round-trips through its share URL, and is deterministic.
//!
//! `GALLERY_DUMP=name cargo test -p engine --test gallery dump -- --nocapture` prints the whole
//! trace, the client lines and the summary of `scenarios/name.scn` (to write or review a file).

use engine::client::{ClientEvent, ClientState, SessionEvent};
use engine::ids::{ClientId, ServerId};
use engine::recipes::resource::Verdict;
use engine::recipes::{ResourceAct, WAKE_UP};
use engine::scenario::{self, Action, Scenario};
use engine::sim::from_scenario::build;
use engine::sim::report;
use engine::sim::trace::Category;
use engine::sim::view::Role;
use engine::sim::Simulation;
use engine::time::{ms, Micros};
use engine::tree::ErrorCode;
use engine::watches::EventType;
use engine::zkcli::Outcome;
use std::path::PathBuf;

/// Every gallery file; each has its own test below.
const GALLERY: [&str; 23] = [
    "leader-crash",
    "leader-minority-partition",
    "paused-leader",
    "session-expiry-partition",
    "clock-drift",
    "write-during-leader-crash",
    "group-membership",
    "barrier",
    "queue",
    "lock",
    "herd-lock",
    "election",
    "rwlock",
    "double-barrier",
    "config",
    "master-worker-worker-crash",
    "master-worker-master-crash",
    "paused-lock-unfenced",
    "paused-lock-fenced",
    "heartbeat-split-brain",
    "exactly-once-unfenced",
    "exactly-once-fenced",
    "byzantine",
];

fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios"))
}

fn text(name: &str) -> String {
    let path = dir().join(format!("{name}.scn"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

fn load(name: &str) -> Scenario {
    scenario::parse(&text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn run(s: &Scenario) -> Simulation {
    let mut sim = build(s).expect("builds");
    sim.run_until(s.run_until_us);
    sim
}

fn s(i: u8) -> ServerId {
    ServerId(i)
}

fn secs_f(x: f64) -> Micros {
    (x * 1e6) as Micros
}

/// Run `sim` up to `until`, calling `f` after every `every`.
fn sample(sim: &mut Simulation, until: Micros, every: Micros, mut f: impl FnMut(&Simulation)) {
    while sim.now() < until {
        let t = (sim.now() + every).min(until);
        sim.run_until(t);
        f(sim);
    }
}

fn no_violations(sim: &Simulation) {
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

fn epoch_of(sim: &Simulation, id: ServerId) -> u32 {
    sim.durable(id).current_epoch
}

/// The established leader and its epoch.
fn leader(sim: &Simulation) -> Option<(ServerId, u32)> {
    sim.leader().map(|l| (l, epoch_of(sim, l)))
}

fn role(sim: &Simulation, id: ServerId) -> Role {
    sim.view().servers[id.0 as usize - 1].role
}

fn client(sim: &Simulation, name: &str) -> ClientId {
    sim.client_ids()
        .find(|c| sim.client_name(*c) == name)
        .unwrap_or_else(|| panic!("no client {name}"))
}

/// What client `name` heard, in order: answers as (command, outcome), events as they came.
fn heard(sim: &Simulation, name: &str) -> Vec<(Micros, Option<&'static str>, ClientEvent)> {
    let c = client(sim, name);
    sim.client_lines()
        .iter()
        .filter(|l| l.client == c)
        .map(|l| (l.time, l.cmd, l.event.clone()))
        .collect()
}

/// The answers client `name` got to command `cmd`, in order.
fn answers(sim: &Simulation, name: &str, cmd: &str) -> Vec<Outcome> {
    heard(sim, name)
        .into_iter()
        .filter_map(|(_, c, e)| match e {
            ClientEvent::Answer { outcome, .. } if c == Some(cmd) => Some(outcome),
            _ => None,
        })
        .collect()
}

/// The first trace line of `category` at or after `from` whose text contains `needle`.
fn first(sim: &Simulation, category: Category, needle: &str, from: Micros) -> Option<Micros> {
    sim.trace()
        .lines()
        .find(|l| l.category == category && l.time >= from && l.text.contains(needle))
        .map(|l| l.time)
}

fn data_on(sim: &Simulation, id: ServerId, path: &str) -> Option<(Vec<u8>, u64)> {
    let server = sim.server(id)?;
    server
        .state()
        .tree
        .get_data(path)
        .ok()
        .map(|(d, st)| (d, st.czxid))
}

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
        && l.text.starts_with("s3 -> s")
        && l.text.contains(&format!("COMMIT zxid={txn:#x}")))));
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

/// The time of the first note of client `name`'s program that starts with `prefix`, at or after
/// `from`.
fn note(sim: &Simulation, name: &str, prefix: &str, from: Micros) -> Option<Micros> {
    let c = client(sim, name);
    sim.program_notes()
        .iter()
        .find(|n| n.client == c && n.time >= from && n.text.starts_with(prefix))
        .map(|n| n.time)
}

/// group-membership: all four views agree before the crash; dave stays in every view until his
/// session expires, then all three survivors drop him within a few milliseconds of each other.
#[test]
fn group_membership() {
    let sc = load("group-membership");
    let mut sim = build(&sc).unwrap();
    let all = ["alice", "bob", "carol", "dave"].map(String::from);
    sim.run_until(secs_f(5.9));
    for name in &all {
        let view = sim.program(client(&sim, name)).unwrap().view();
        assert_eq!(view, Some(&all[..]), "{name}");
    }
    sim.run_until(sc.run_until_us);
    let mut when = vec![];
    for name in &all[..3] {
        let view = sim.program(client(&sim, name)).unwrap().view();
        assert_eq!(view, Some(&all[..3]), "{name}");
        when.push(note(&sim, name, "view: [alice, bob, carol]", secs_f(6.0)).unwrap());
    }
    let (lo, hi) = (*when.iter().min().unwrap(), *when.iter().max().unwrap());
    assert!(
        lo >= secs_f(9.0),
        "dropped at {lo}, before the session could expire"
    );
    assert!(hi - lo < ms(100), "{when:?}");
    no_violations(&sim);
}

/// barrier: nobody proceeds before gate deletes /barrier (4s); all three proceed soon after.
#[test]
fn barrier() {
    let sc = load("barrier");
    let mut sim = build(&sc).unwrap();
    sim.run_until(secs_f(4.0));
    for w in ["w1", "w2", "w3"] {
        assert!(!sim.program(client(&sim, w)).unwrap().proceeded(), "{w}");
        assert!(note(&sim, w, "waits at /barrier", 0).is_some(), "{w}");
    }
    sim.run_until(sc.run_until_us);
    let lifted = note(&sim, "gate", "deletes /barrier", 0).unwrap();
    assert!(lifted >= secs_f(4.0));
    for w in ["w1", "w2", "w3"] {
        assert!(sim.program(client(&sim, w)).unwrap().proceeded(), "{w}");
        let p = note(&sim, w, "proceeds", 0).unwrap();
        assert!(p > lifted && p < lifted + ms(200), "{w} at {p}");
    }
    no_violations(&sim);
}

/// queue: all ten items consumed exactly once, each producer's in order, and the consumers did
/// collide (some delete got NONODE).
#[test]
fn queue() {
    let sc = load("queue");
    let sim = run(&sc);
    let mut taken: Vec<String> = vec![];
    for n in sim.program_notes() {
        if let Some(t) = n.text.strip_prefix("consumed ") {
            taken.push(t.split_once(' ').unwrap().1.to_string());
        }
    }
    for p in ["p1", "p2"] {
        let mine: Vec<&String> = taken.iter().filter(|d| d.starts_with(p)).collect();
        let want: Vec<String> = (0..5).map(|i| format!("{p}:{i}")).collect();
        assert_eq!(mine, want.iter().collect::<Vec<_>>(), "{p}");
    }
    assert_eq!(taken.len(), 10);
    let collisions: usize = ["k1", "k2", "k3"]
        .iter()
        .map(|k| {
            answers(&sim, k, "delete")
                .iter()
                .filter(|o| matches!(o, Outcome::Error(ErrorCode::NoNode)))
                .count()
        })
        .sum();
    assert!(collisions > 0, "no consumer ever lost a race");
    no_violations(&sim);
}

/// The recipe invariants a gallery run broke, by name, in order (with the end-of-run task
/// check when `tasks`).
fn recipe_broken(sim: &mut Simulation, tasks: bool) -> Vec<&'static str> {
    if tasks {
        sim.check_tasks();
    }
    sim.recipe_violations()
        .iter()
        .map(|v| v.invariant)
        .collect()
}

/// Releases and acquires of an exclusive lock, checked to alternate: (release time, acquire
/// time, acquirer, token) for every hand-off.
fn lock_hand_offs(sim: &Simulation) -> Vec<(Micros, Micros, String, u64)> {
    let (mut out, mut holder, mut released) = (vec![], None::<String>, None);
    for l in sim.resource_log() {
        match &l.act {
            ResourceAct::Acquire { holder: h, token } => {
                assert!(holder.is_none(), "{h} acquires while {holder:?} holds");
                holder = Some(h.clone());
                if let Some(r) = released.take() {
                    out.push((r, l.time, h.clone(), *token));
                }
            }
            ResourceAct::Release { .. } => {
                holder = None;
                released = Some(l.time);
            }
            _ => {}
        }
    }
    out
}

/// Who woke up (the WAKE_UP note) in `(from, to]`.
fn woken(sim: &Simulation, from: Micros, to: Micros) -> Vec<String> {
    sim.program_notes()
        .iter()
        .filter(|n| n.time > from && n.time <= to && n.text.starts_with(WAKE_UP))
        .map(|n| sim.client_name(n.client).to_string())
        .collect()
}

/// lock: every hand-off goes to the next token, in order, waking exactly the client that
/// takes the lock and nobody else.
#[test]
fn lock() {
    let mut sim = run(&load("lock"));
    assert!(recipe_broken(&mut sim, false).is_empty());
    let h = lock_hand_offs(&sim);
    assert!(h.len() >= 15, "{} hand-offs", h.len());
    for w in h.windows(2) {
        assert_eq!(w[1].3, w[0].3 + 1, "tokens in sequence order");
    }
    for (released, acquired, to, _) in &h {
        assert_eq!(woken(&sim, *released, *acquired), [to.as_str()]);
    }
    let last = h.last().unwrap().1;
    assert_eq!(
        woken(&sim, 0, last).len(),
        h.len(),
        "one wake-up per hand-off"
    );
    no_violations(&sim);
}

/// herd-lock: every release wakes the four other clients (N−1), each once, the taker among
/// them.
#[test]
fn herd_lock() {
    let mut sim = run(&load("herd-lock"));
    assert!(recipe_broken(&mut sim, false).is_empty());
    let h = lock_hand_offs(&sim);
    assert!(h.len() >= 10, "{} hand-offs", h.len());
    for (released, _, to, _) in &h {
        // The releaser rests 100ms before queueing again: these wake-ups are its release's.
        let mut w = woken(&sim, *released, released + ms(100));
        assert_eq!(w.len(), 4, "at {released}: {w:?}");
        w.sort();
        w.dedup();
        assert_eq!(w.len(), 4, "at {released}: {w:?}");
        assert!(w.contains(to));
    }
    no_violations(&sim);
}

/// election: alice leads; after her crash nobody else leads until her session expired, then
/// bob (next in line) does, woken alone.
#[test]
fn election() {
    let mut sim = run(&load("election"));
    assert!(recipe_broken(&mut sim, false).is_empty());
    let acquires: Vec<(Micros, String)> = sim
        .resource_log()
        .iter()
        .filter_map(|l| match &l.act {
            ResourceAct::Acquire { holder, .. } => Some((l.time, holder.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(acquires.len(), 2, "{acquires:?}");
    assert_eq!(acquires[0].1, "alice");
    assert_eq!(acquires[1].1, "bob");
    assert!(acquires[1].0 > secs_f(5.0) + ms(3000), "{acquires:?}");
    assert_eq!(woken(&sim, secs_f(5.0), secs_f(14.0)), ["bob"]);
    no_violations(&sim);
}

/// rwlock: replayed, readers overlap (sometimes), the writer never overlaps anyone, and the
/// writer gets the lock several times.
#[test]
fn rwlock() {
    let mut sim = run(&load("rwlock"));
    assert!(recipe_broken(&mut sim, false).is_empty());
    let (mut readers, mut writing, mut most, mut writes) = (0, false, 0, 0);
    for l in sim.resource_log() {
        match &l.act {
            ResourceAct::AcquireShared { .. } => {
                assert!(!writing);
                readers += 1;
                most = most.max(readers);
            }
            ResourceAct::Acquire { .. } => {
                assert!(!writing && readers == 0);
                writing = true;
                writes += 1;
            }
            ResourceAct::Release { holder } if holder == "w" => writing = false,
            ResourceAct::Release { .. } => readers -= 1,
            _ => {}
        }
    }
    assert!(
        most >= 2 && writes >= 3,
        "{most} readers at once, {writes} writes"
    );
    no_violations(&sim);
}

/// double-barrier: nobody enters before c4 joins, nobody leaves before c4 (working longest)
/// is done.
#[test]
fn double_barrier() {
    let sim = run(&load("double-barrier"));
    let joined_c4 = note(&sim, "c4", "joins", 0).unwrap();
    let done_c4 = note(&sim, "c4", "finishes its work", 0).unwrap();
    for c in ["c1", "c2", "c3", "c4"] {
        let entered = note(&sim, c, "enters", 0).unwrap();
        let left = note(&sim, c, "leaves", 0).unwrap();
        assert!(entered >= joined_c4, "{c} entered early");
        assert!(left >= done_c4, "{c} left early");
    }
    no_violations(&sim);
}

/// config: every watcher's versions grow and end at 8; c (cut off) skipped some.
#[test]
fn config() {
    let sim = run(&load("config"));
    for c in ["a", "b", "c"] {
        let seen = sim.program(client(&sim, c)).unwrap().config_versions();
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "{c}: {seen:?}");
        assert_eq!(seen.last(), Some(&8), "{c}: {seen:?}");
        if c == "c" {
            assert!(seen.len() < 9, "{seen:?}");
        } else {
            assert_eq!(seen, (0..=8).collect::<Vec<_>>());
        }
    }
    no_violations(&sim);
}

/// Each submitted task executed exactly once, and has a status.
fn all_tasks_once(sim: &mut Simulation, count: usize) {
    assert!(
        recipe_broken(sim, true).is_empty(),
        "{:?}",
        sim.recipe_violations()
    );
    assert_eq!(sim.submitted_tasks().len(), count);
    assert_eq!(sim.executed_tasks(), sim.submitted_tasks());
}

/// master-worker-worker-crash: w1 was idle when it crashed; its unclaimed assignment went back
/// to /tasks only after its session expired, and every task was done once.
#[test]
fn master_worker_worker_crash() {
    let mut sim = run(&load("master-worker-worker-crash"));
    let crash = secs_f(5.1);
    let w1 = client(&sim, "w1");
    let works = |p: &str| {
        sim.program_notes()
            .iter()
            .filter(|n| n.client == w1 && n.time < crash && n.text.starts_with(p))
            .count()
    };
    assert_eq!(works("works on"), works("executes"), "w1 crashed mid-task");
    let returned = note(&sim, "m1", "returns ", 0).expect("m1 returned w1's task");
    assert!(returned > crash + ms(4000));
    all_tasks_once(&mut sim, 9);
    no_violations(&sim);
}

/// master-worker-master-crash: m2 takes over only after m1's session expired, assigns, and
/// every task is done once.
#[test]
fn master_worker_master_crash() {
    let mut sim = run(&load("master-worker-master-crash"));
    let took = note(&sim, "m2", "acts as master", 0).expect("m2 takes over");
    assert!(took > secs_f(4.0) + ms(3000), "{took}");
    assert!(note(&sim, "m2", "assigns", took).is_some());
    all_tasks_once(&mut sim, 9);
    no_violations(&sim);
}

/// c1's writes after it woke at 14s, with the verdicts.
fn c1_late_writes(sim: &Simulation) -> Vec<Verdict> {
    sim.resource_log()
        .iter()
        .filter(|l| l.time >= secs_f(14.0))
        .filter_map(|l| match &l.act {
            ResourceAct::Write { holder, token: 0 } if holder == "c1" => Some(l.verdict.clone()),
            _ => None,
        })
        .collect()
}

/// paused-lock-unfenced: mutual exclusion broken, and c1's late write accepted.
#[test]
fn paused_lock_unfenced() {
    let mut sim = run(&load("paused-lock-unfenced"));
    let broken = recipe_broken(&mut sim, false);
    assert!(!broken.is_empty() && broken.iter().all(|b| *b == "mutual-exclusion"));
    assert_eq!(c1_late_writes(&sim), [Verdict::Accepted]);
    no_violations(&sim);
    // The CLI's summary names what broke, too.
    let summary = report::summary(&sim);
    assert!(summary.contains("mutual-exclusion: c2"), "{summary}");
}

/// paused-lock-fenced: nothing broken; c1's late write rejected by its stale token.
#[test]
fn paused_lock_fenced() {
    let mut sim = run(&load("paused-lock-fenced"));
    assert!(recipe_broken(&mut sim, false).is_empty());
    let late = c1_late_writes(&sim);
    assert!(
        matches!(late[..], [Verdict::Rejected { token: 0, .. }]),
        "{late:?}"
    );
    no_violations(&sim);
}

/// heartbeat-split-brain: hm1 alone acts until the cut; then both do, and one-master says so.
#[test]
fn heartbeat_split_brain() {
    let mut sim = run(&load("heartbeat-split-brain"));
    let broken = recipe_broken(&mut sim, false);
    assert!(!broken.is_empty() && broken.iter().all(|b| *b == "one-master"));
    let first = sim.recipe_violations()[0].time;
    assert!(first > secs_f(5.0), "{first}");
    let hm2_acts = note(&sim, "hm2", "acts as master", 0).unwrap();
    assert!(hm2_acts > secs_f(5.0));
    no_violations(&sim);
}

/// The workers that executed the task, in order.
fn executors(sim: &Simulation) -> Vec<String> {
    sim.resource_log()
        .iter()
        .filter_map(|l| match &l.act {
            ResourceAct::Execute { worker, .. } => Some(worker.clone()),
            _ => None,
        })
        .collect()
}

/// exactly-once-unfenced: w2 runs the task, then w1 runs it again.
#[test]
fn exactly_once_unfenced() {
    let mut sim = run(&load("exactly-once-unfenced"));
    assert_eq!(recipe_broken(&mut sim, true), ["at-most-once"]);
    assert_eq!(executors(&sim), ["w2", "w1"]);
    no_violations(&sim);
}

/// exactly-once-fenced: w1 runs it once; nothing goes back to /tasks.
#[test]
fn exactly_once_fenced() {
    let mut sim = run(&load("exactly-once-fenced"));
    assert!(recipe_broken(&mut sim, true).is_empty());
    assert_eq!(executors(&sim), ["w1"]);
    assert!(note(&sim, "m1", "returns ", 0).is_none());
    no_violations(&sim);
}

/// byzantine: three generals with one traitor break IC2; four hold IC1 and IC2.
#[test]
fn byzantine() {
    let sim = run(&load("byzantine"));
    let holds = |name| sim.program(client(&sim, name)).unwrap().generals_hold();
    assert_eq!(holds("three"), Some((true, false)));
    assert_eq!(holds("four"), Some((true, true)));
    assert!(note(
        &sim,
        "three",
        "IC1 (loyal lieutenants agree) holds; IC2 (they obey a loyal commander) BROKEN",
        0
    )
    .is_some());
    no_violations(&sim);
}
