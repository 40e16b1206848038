//! The recipe scenarios of the gallery (`scenarios/*.scn`, reference §6): each shows the point
//! its comment makes, checked on the simulation itself. The ensemble's scenarios, and the
//! checks every file gets (links, determinism), are in `gallery.rs`.

use engine::build;
use engine::proto::Outcome;
use engine::report;
use engine::tree::ErrorCode;
use engine::Simulation;
use engine::Verdict;
use engine::{ms, Micros};
use engine::{ResourceAct, WAKE_UP};

use harness::helpers::*;

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
