//! Recipes as simulated client programs (reference §6): the exclusive lock (R3) hands off in
//! sequence order waking exactly one waiter, the herd lock (R12) wakes every waiter, and leader
//! election (R2) keeps one leader and fails over once a crashed leader's session expires.

use engine::scenario;
use engine::{build_with_ids, BuildError};
use engine::{secs, Micros};
use engine::{Fault, ResourceLine, Simulation};
use engine::{Program, ResourceAct, CONSUMED, PROCEEDS, WAKE_UP};

const CLIENTS: usize = 5;

/// `CLIENTS` clients on 3 servers, each running `program` from 2s.
fn run(program: &str, seed: u64, until: Micros) -> Simulation {
    let mut text = format!("seed {seed}\nensemble servers=3\n");
    for i in 1..=CLIENTS {
        text += &format!("client c{i} timeout=4s\n");
    }
    for i in 1..=CLIENTS {
        text += &format!("at 2s c{i} runs {program}\n");
    }
    text += &format!("run {}s\n", until / 1_000_000);
    let sc = scenario::parse(&text).expect("parses");
    let (mut sim, _) = build_with_ids(&sc).expect("builds");
    sim.run_until(until);
    sim
}

/// A hand-off: the release and the next acquire, with the acquirer's token.
struct HandOff {
    released: Micros,
    acquired: Micros,
    to: String,
    token: u64,
}

/// The resource log as strictly alternating acquire/release, checked; returns the hand-offs.
fn hand_offs(log: &[ResourceLine]) -> Vec<HandOff> {
    let mut out = Vec::new();
    let mut holder: Option<String> = None;
    let mut last_release = None;
    for line in log {
        match &line.act {
            ResourceAct::Acquire { holder: h, token } => {
                assert!(holder.is_none(), "{h} acquires while {holder:?} holds");
                holder = Some(h.clone());
                if let Some(released) = last_release.take() {
                    out.push(HandOff {
                        released,
                        acquired: line.time,
                        to: h.clone(),
                        token: *token,
                    });
                }
            }
            ResourceAct::AcquireShared { .. } => panic!("a shared acquire in a lock"),
            ResourceAct::Release { holder: h } => {
                assert_eq!(
                    holder.as_deref(),
                    Some(h.as_str()),
                    "release by a non-holder"
                );
                holder = None;
                last_release = Some(line.time);
            }
            _ => {}
        }
    }
    out
}

/// The wake-ups programs noted in `(from, to]`, by client name.
fn wake_ups(sim: &Simulation, from: Micros, to: Micros) -> Vec<String> {
    sim.program_notes()
        .iter()
        .filter(|n| n.time > from && n.time <= to && n.text.starts_with(WAKE_UP))
        .map(|n| sim.client_name(n.client).to_string())
        .collect()
}

fn tokens(log: &[ResourceLine]) -> Vec<u64> {
    log.iter()
        .filter_map(|l| match l.act {
            ResourceAct::Acquire { token, .. } => Some(token),
            _ => None,
        })
        .collect()
}

/// R3: five clients loop on the lock. Every hand-off goes to the next sequence number and wakes
/// exactly one client, the one that takes the lock; nobody else is ever woken.
#[test]
fn r3_lock_hands_off_in_sequence_order_waking_one_client() {
    for seed in [1, 2, 3] {
        let sim = run("lock hold=200ms", seed, secs(20));
        assert!(
            sim.recipe_violations().is_empty(),
            "{:?}",
            sim.recipe_violations()
        );
        let log = sim.resource_log().to_vec();
        let handoffs = hand_offs(&log);
        assert!(handoffs.len() >= 20, "only {} hand-offs", handoffs.len());
        let t = tokens(&log);
        assert!(
            t.windows(2).all(|w| w[0] < w[1]),
            "tokens out of order: {t:?}"
        );
        for h in &handoffs {
            assert_eq!(wake_ups(&sim, h.released, h.acquired), [h.to.as_str()]);
        }
        assert!(handoffs.windows(2).all(|w| w[0].token < w[1].token));
        // FIFO fairness: with everyone queued, the holders take turns in a fixed cycle.
        let holders: Vec<&str> = handoffs.iter().map(|h| h.to.as_str()).collect();
        assert!(
            holders.windows(CLIENTS + 1).all(|w| w[0] == w[CLIENTS]),
            "{holders:?}"
        );
        let last = handoffs.last().unwrap().acquired;
        assert_eq!(
            wake_ups(&sim, 0, last).len(),
            handoffs.len(),
            "extra wake-ups"
        );
        println!(
            "seed {seed}: lock: {} hand-offs, tokens {}..{}, 1 wake-up each",
            handoffs.len(),
            t[0],
            t[t.len() - 1]
        );
    }
}

/// R12 herd effect: the same loop with every waiter watching the lock's children. Each release
/// wakes all N−1 other clients, though only one of them can take the lock. (The releaser rests
/// 100ms before queueing again, so the wake-ups its release causes are those in the 100ms after
/// it; some arrive after the new holder already took the lock.)
#[test]
fn r12_herd_lock_wakes_every_waiter_per_hand_off() {
    const REST: Micros = 100_000;
    for seed in [1, 2, 3] {
        let sim = run("herd-lock hold=200ms rest=100ms", seed, secs(20));
        assert!(
            sim.recipe_violations().is_empty(),
            "{:?}",
            sim.recipe_violations()
        );
        let handoffs = hand_offs(&sim.resource_log().to_vec());
        assert!(handoffs.len() >= 20, "only {} hand-offs", handoffs.len());
        for h in &handoffs {
            let mut woken = wake_ups(&sim, h.released, h.released + REST);
            assert_eq!(woken.len(), CLIENTS - 1, "at {}: {woken:?}", h.released);
            woken.sort();
            woken.dedup();
            assert_eq!(woken.len(), CLIENTS - 1, "at {}: {woken:?}", h.released);
            assert!(woken.contains(&h.to));
        }
        let last = handoffs.last().unwrap().acquired;
        let total = wake_ups(&sim, 0, last).len();
        // Re-joining after the rest changes the children again: more useless wake-ups.
        assert!(total >= (CLIENTS - 1) * handoffs.len(), "{total}");
        println!(
            "seed {seed}: herd: {} hand-offs, {} wake-ups at release each, {:.2} per hand-off in all",
            handoffs.len(),
            CLIENTS - 1,
            total as f64 / handoffs.len() as f64
        );
    }
}

/// R2: one leader while the ensemble is healthy; when the leader's process crashes, its
/// candidate node lives until the session expires (S6), then exactly the next candidate leads.
#[test]
fn r2_election_one_leader_then_failover_after_session_expiry() {
    for seed in [1, 2, 3] {
        let mut sim = run("election", seed, secs(8));
        let log = sim.resource_log().to_vec();
        assert_eq!(log.len(), 1, "{log:?}");
        let ResourceAct::Acquire { holder, token } = &log[0].act else {
            panic!("{log:?}")
        };
        let leader = log[0].client;
        assert_eq!(holder, sim.client_name(leader));
        assert!(wake_ups(&sim, 0, secs(8)).is_empty());
        let crash = secs(8);
        sim.schedule(crash, Fault::ClientCrash(leader));
        sim.run_until(secs(30));
        assert!(
            sim.recipe_violations().is_empty(),
            "{:?}",
            sim.recipe_violations()
        );
        let log = sim.resource_log().to_vec();
        assert_eq!(log.len(), 3, "{log:?}");
        assert_eq!(
            log[1].act,
            ResourceAct::Release {
                holder: holder.clone()
            }
        );
        assert_eq!(log[1].time, crash);
        let ResourceAct::Acquire { token: next, .. } = log[2].act else {
            panic!("{log:?}")
        };
        // The next candidate in sequence order, and only after the 4s session expired.
        assert_eq!(next, token + 1);
        let took = log[2].time - crash;
        assert!(took >= secs(4) && took <= secs(8), "failover took {took}us");
        let woken = wake_ups(&sim, crash, secs(30));
        assert_eq!(woken, [sim.client_name(log[2].client).to_string()]);
        assert!(sim.program(leader).is_none());
        println!("seed {seed}: election failover after {}ms", took / 1000);
    }
}

/// The scenario language: unknown programs and arguments are refused with the known names.
#[test]
fn unknown_programs_and_arguments_are_refused() {
    let build = |line: &str| {
        let text = format!("ensemble servers=3\nclient c1\nat 1s c1 {line}\nrun 2s\n");
        build_with_ids(&scenario::parse(&text).unwrap()).map(|_| ())
    };
    let err = build("runs barrier").unwrap_err();
    assert!(matches!(err, BuildError::NoRecipes { .. }));
    assert!(
        err.to_string().contains("known: election, lock, herd-lock"),
        "{err}"
    );
    let err = build("runs lock hold=soon").unwrap_err();
    assert!(matches!(err, BuildError::BadProgramArgs { .. }), "{err}");
    let err = build("runs election hold=1s").unwrap_err();
    assert!(matches!(err, BuildError::BadProgramArgs { .. }), "{err}");
    assert!(build("runs herd-lock hold=1s rest=10ms").is_ok());
    assert_eq!(Program::NAMES.len(), 18);
    assert!(build("runs read-lock hold=1s rest=10ms").is_ok());
    assert!(build("runs producer count=3 every=10ms").is_ok());
    assert!(build("runs consumer").is_ok());
    let err = build("runs producer count=many").unwrap_err();
    assert!(matches!(err, BuildError::BadProgramArgs { .. }), "{err}");
    assert!(build("runs member group=/g").is_ok());
    assert!(build("runs barrier-lift path=/b after=1s").is_ok());
    let err = build("runs barrier-wait after=1s").unwrap_err();
    assert!(matches!(err, BuildError::BadProgramArgs { .. }), "{err}");
    let err = build("runs member group=g/").unwrap_err();
    assert!(matches!(err, BuildError::BadProgramArgs { .. }), "{err}");
    // The programs of R7, R11, R12, the configuration and the generals.
    for ok in [
        "runs lock work=100ms fenced=yes",
        "runs election fenced=yes",
        "runs double-barrier path=/b size=4 work=1s",
        "runs config-watch path=/c",
        "runs config-set path=/c count=3 every=1s",
        "runs master fenced=yes",
        "runs worker work=1s fenced=no",
        "runs submitter count=3 every=10ms",
        "runs heartbeat-master every=100ms timeout=2s",
        "runs byzantine generals=4 traitors=g1,2 strategy=alternate order=retreat",
    ] {
        assert!(build(ok).is_ok(), "{ok}");
    }
    for bad in [
        "runs lock fenced=maybe",
        "runs read-lock fenced=yes",
        "runs worker count=3",
        "runs byzantine generals=3 traitors=3",
        "runs byzantine strategy=lies",
        "runs byzantine order=charge",
        "runs double-barrier size=many",
    ] {
        let err = build(bad).unwrap_err();
        assert!(
            matches!(err, BuildError::BadProgramArgs { .. }),
            "{bad}: {err}"
        );
    }
    let err = build("runs byzantine generals=3 traitors=3").unwrap_err();
    assert!(
        err.to_string().contains("traitor 3 is not a general"),
        "{err}"
    );
}

/// R12's GC-pause pitfall, caught by the checker: the holder freezes longer than its session
/// timeout while holding. Its program runs nothing during the pause (its events wait, and so does
/// its hold timer, due at about 7s), the leader expires its session, and the next client takes
/// the lock while the frozen one still believes it holds it: `mutual-exclusion` is broken, as
/// tech-note-10 says it will be.
#[test]
fn r12_gc_pause_of_the_holder_breaks_mutual_exclusion() {
    let text = "seed 1\nensemble servers=3\nclient c1 timeout=4s\nclient c2 timeout=4s\n\
                at 2s c1 runs lock hold=5s\nat 3s c2 runs lock hold=1s\n\
                at 4s pause c1 for 10s\nrun 30s\n";
    let (mut sim, ids) = build_with_ids(&scenario::parse(text).unwrap()).unwrap();
    sim.run_until(secs(30));
    let c1 = ids["c1"];
    let during = |n: &&engine::ProgramNote| n.client == c1 && n.time > secs(4) && n.time < secs(14);
    assert_eq!(sim.program_notes().iter().filter(during).count(), 0);
    let v = sim.recipe_violations();
    // c2 loops: every one of its acquisitions during the pause overlaps c1's stale hold.
    assert!(!v.is_empty());
    assert!(
        v[0].detail.starts_with("c2 (token 1) acquires while c1"),
        "{v:?}"
    );
    for x in v {
        assert!(x.detail.ends_with("while c1 (token 0) holds"), "{x}");
        assert!(x.time > secs(8) && x.time < secs(14), "{x}");
    }
    // Once awake, c1 learns its session is gone and stops using the resource.
    assert!(!sim.program(c1).unwrap().holds());
}

/// The names `c1..=cN`.
fn names(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("c{i}")).collect()
}

/// R1: four members join and agree on the group; one crashes, and once its session expires (S6)
/// its ephemeral node goes and every other member's view drops it, through its child watch.
#[test]
fn r1_group_members_agree_and_drop_a_crashed_member_after_expiry() {
    for seed in [1, 2, 3] {
        let mut text = format!("seed {seed}\nensemble servers=3\n");
        for i in 1..=4 {
            text += &format!("client c{i} timeout=4s\n");
        }
        for i in 1..=4 {
            text += &format!("at 2s c{i} runs member\n");
        }
        text += "run 30s\n";
        let (mut sim, ids) = build_with_ids(&scenario::parse(&text).unwrap()).unwrap();
        let crash = secs(6);
        sim.run_until(crash);
        for name in names(4) {
            let view = sim.program(ids[&name]).unwrap().view();
            assert_eq!(view, Some(&names(4)[..]), "{name} before the crash");
        }
        sim.schedule(crash, Fault::ClientCrash(ids["c4"]));
        sim.run_until(secs(30));
        let mut dropped = Vec::new();
        for name in names(3) {
            let c = ids[&name];
            assert_eq!(
                sim.program(c).unwrap().view(),
                Some(&names(3)[..]),
                "{name}"
            );
            let when = sim
                .program_notes()
                .iter()
                .find(|n| n.client == c && n.time > crash && n.text == "view: [c1, c2, c3]")
                .map(|n| n.time)
                .unwrap();
            // Not while c4's session lives: its node stays until the 4s timeout runs out.
            assert!(when >= crash + secs(3), "{name} dropped c4 at {when}");
            dropped.push(when - crash);
        }
        assert!(sim.program(ids["c4"]).is_none());
        println!(
            "seed {seed}: member: views agree; c4 dropped {:?}ms after its crash",
            dropped.iter().map(|d| d / 1000).collect::<Vec<_>>()
        );
    }
}

/// R6: c0 raises `/barrier` at 1s and lifts it 3s later; four waiters set exists watches at 2s.
/// Sampled every millisecond: no waiter proceeds while any server still has the node (before the
/// delete is applied anywhere), and all four proceed soon after.
#[test]
fn r6_barrier_waiters_proceed_only_after_the_delete() {
    for seed in [1, 2, 3] {
        let mut text = format!("seed {seed}\nensemble servers=3\nclient c0 timeout=4s\n");
        for i in 1..=4 {
            text += &format!("client c{i} timeout=4s\n");
        }
        text += "at 1s c0 runs barrier-lift after=3s\n";
        for i in 1..=4 {
            text += &format!("at 2s c{i} runs barrier-wait\n");
        }
        text += "run 10s\n";
        let (mut sim, ids) = build_with_ids(&scenario::parse(&text).unwrap()).unwrap();
        let on_all = |sim: &Simulation| {
            sim.servers()
                .all(|s| s.state().tree.get_data("/barrier").is_ok())
        };
        let mut t = secs(2);
        sim.run_until(t);
        assert!(on_all(&sim), "the barrier is raised everywhere by 2s");
        let mut deleted = None;
        while t < secs(10) {
            t += 1000;
            sim.run_until(t);
            let proceeded = names(4)
                .iter()
                .filter(|n| sim.program(ids[*n]).unwrap().proceeded())
                .count();
            if deleted.is_none() {
                assert_eq!(proceeded, 0, "a waiter proceeded at {t} before the delete");
                if !on_all(&sim) {
                    deleted = Some(t);
                }
            }
        }
        let deleted = deleted.expect("the barrier was lifted");
        assert!(deleted >= secs(4), "{deleted}");
        let mut after = Vec::new();
        for name in names(4) {
            let c = ids[&name];
            assert!(sim.program(c).unwrap().proceeded(), "{name}");
            let notes: Vec<_> = sim
                .program_notes()
                .iter()
                .filter(|n| n.client == c)
                .collect();
            assert!(notes[0].text.starts_with("waits at /barrier"), "{notes:?}");
            let p = notes.iter().find(|n| n.text.starts_with(PROCEEDS)).unwrap();
            assert!(p.time >= deleted - 1000 && p.time < deleted + secs(1));
            after.push(p.time - (deleted - 1000));
        }
        println!(
            "seed {seed}: barrier: delete applied by {}ms, waiters proceed {:?}us after",
            deleted / 1000,
            after
        );
    }
}

/// R8: two producers put 10 items each on `/queue` (100ms apart, interleaved), three consumers
/// race for them. Every item is consumed exactly once, and each producer's items are consumed in
/// the order it produced them (the deletes, seen in the order consumers note them). Also with
/// items 5ms apart, so consumers collide on the same lowest item (NONODE, take the next).
#[test]
fn r8_queue_every_item_consumed_once_in_per_producer_order() {
    for (seed, every) in [(1, 100), (2, 100), (3, 100), (1, 5), (2, 5), (3, 5)] {
        let mut text = format!("seed {seed}\nensemble servers=3\n");
        for c in ["p1", "p2", "k1", "k2", "k3"] {
            text += &format!("client {c} timeout=4s\n");
        }
        for k in ["k1", "k2", "k3"] {
            text += &format!("at 2s {k} runs consumer\n");
        }
        text += &format!("at 2500ms p1 runs producer count=10 every={every}ms\n");
        text += &format!("at 2502ms p2 runs producer count=10 every={every}ms\n");
        text += "run 15s\n";
        let (mut sim, ids) = build_with_ids(&scenario::parse(&text).unwrap()).unwrap();
        sim.run_until(secs(15));
        let notes: Vec<(String, String)> = sim
            .program_notes()
            .iter()
            .filter_map(|n| n.text.strip_prefix(CONSUMED))
            .map(|t| {
                let (item, data) = t.trim().split_once(' ').unwrap();
                (item.to_string(), data.to_string())
            })
            .collect();
        let mut items: Vec<&String> = notes.iter().map(|(i, _)| i).collect();
        items.sort();
        items.dedup();
        assert_eq!(
            items.len(),
            notes.len(),
            "an item consumed twice: {notes:?}"
        );
        let mut data: Vec<&str> = notes.iter().map(|(_, d)| d.as_str()).collect();
        data.sort();
        let mut want: Vec<String> = (0..10)
            .flat_map(|i| [format!("p1:{i}"), format!("p2:{i}")])
            .collect();
        want.sort();
        assert_eq!(data, want, "not every item exactly once");
        for p in ["p1", "p2"] {
            let order: Vec<u32> = notes
                .iter()
                .filter_map(|(_, d)| d.strip_prefix(&format!("{p}:")))
                .map(|i| i.parse().unwrap())
                .collect();
            assert_eq!(order, (0..10).collect::<Vec<_>>(), "{p}");
        }
        let per: Vec<usize> = ["k1", "k2", "k3"]
            .iter()
            .map(|k| sim.program(ids[*k]).unwrap().consumed().len())
            .collect();
        assert_eq!(per.iter().sum::<usize>(), 20);
        for s in sim.servers() {
            let left = s.state().tree.get_children(engine::QUEUE).unwrap();
            assert!(left.is_empty(), "{left:?}");
        }
        println!("seed {seed}, every {every}ms: queue: 20 items, each once, in order; per consumer {per:?}");
    }
}

/// R5: four readers and two writers loop on the read/write lock. Replaying the resource log,
/// readers share it (at times several at once), a writer always holds it alone, and everyone
/// gets it repeatedly; the live checker agrees.
#[test]
fn r5_read_write_lock_readers_share_writers_exclude() {
    for seed in [1, 2, 3] {
        let mut text = format!("seed {seed}\nensemble servers=3\n");
        let clients = ["r1", "r2", "w1", "r3", "r4", "w2"];
        for c in clients {
            text += &format!("client {c} timeout=4s\n");
        }
        for c in clients {
            let side = if c.starts_with('r') { "read" } else { "write" };
            text += &format!("at 2s {c} runs {side}-lock hold=200ms rest=100ms\n");
        }
        text += "run 20s\n";
        let (mut sim, _) = build_with_ids(&scenario::parse(&text).unwrap()).unwrap();
        sim.run_until(secs(20));
        let v = sim.recipe_violations();
        assert!(v.is_empty(), "{v:?}");
        let (mut readers, mut writer) = (Vec::<String>::new(), None::<String>);
        let (mut most_readers, mut acquires) = (0, std::collections::BTreeMap::new());
        for line in sim.resource_log() {
            match &line.act {
                ResourceAct::AcquireShared { holder, .. } => {
                    assert!(writer.is_none(), "{holder} reads while {writer:?} writes");
                    assert!(holder.starts_with('r'));
                    readers.push(holder.clone());
                    most_readers = most_readers.max(readers.len());
                    *acquires.entry(holder.clone()).or_insert(0) += 1;
                }
                ResourceAct::Acquire { holder, .. } => {
                    assert!(writer.is_none() && readers.is_empty(), "{holder} writes");
                    assert!(holder.starts_with('w'));
                    writer = Some(holder.clone());
                    *acquires.entry(holder.clone()).or_insert(0) += 1;
                }
                ResourceAct::Release { holder } => {
                    readers.retain(|r| r != holder);
                    if writer.as_ref() == Some(holder) {
                        writer = None;
                    }
                }
                _ => {}
            }
        }
        assert!(most_readers >= 2, "readers never shared");
        for c in clients {
            assert!(
                acquires.get(c).copied().unwrap_or(0) >= 3,
                "{c}: {acquires:?}"
            );
        }
        println!(
            "seed {seed}: rwlock: up to {most_readers} readers at once; acquires {acquires:?}"
        );
    }
}

/// The simulator tells a program's answers from the answers to commands given to the same
/// client from outside (the scenario, the console): the UI's console shows the latter as the
/// user's. Here the user lists /lock while the lock program lists it too.
#[test]
fn a_programs_answers_are_told_from_the_users() {
    let text = "seed 4\nensemble servers=3\nclient c1\nclient c2\n\
                at 1s c1 runs lock hold=300ms rest=100ms\nat 1s c2 runs lock hold=300ms rest=100ms\n";
    let sc = scenario::parse(text).expect("parses");
    let (mut sim, ids) = build_with_ids(&sc).expect("builds");
    let c1 = ids["c1"];
    let mut mine = Vec::new();
    for i in 0..20u64 {
        sim.run_until(secs(2) + i * 137_000);
        let ls = engine::proto::Read {
            kind: engine::watches::ReadKind::GetChildren,
            path: "/lock".into(),
            watch: false,
        };
        mine.push(sim.client_submit(c1, "ls", engine::proto::ClientOp::Read(ls)));
    }
    sim.run_until(secs(6));
    let answers: Vec<(u64, bool, Option<&str>)> = sim
        .client_lines()
        .iter()
        .filter(|l| l.client == c1)
        .filter_map(|l| match &l.event {
            engine::ClientEvent::Answer { tag, .. } => Some((*tag, l.program, l.cmd)),
            _ => None,
        })
        .collect();
    let users: Vec<u64> = answers.iter().filter(|a| !a.1).map(|a| a.0).collect();
    assert_eq!(users, mine, "exactly the user's answers, in order");
    let program_ls = answers.iter().filter(|a| a.1 && a.2 == Some("ls")).count();
    assert!(program_ls > 0, "the program lists /lock too: {answers:?}");
}
