//! Recipes under random faults, over many seeds (§6, R12): server crashes and restarts,
//! partitions and heals among the servers, clients cut off from every server, and GC pauses of
//! clients, often beyond their session timeout. Each seed's schedule is run against
//! the right way and the wrong way of each recipe: the right ways (the lock and election with
//! fencing, the master–worker application fenced) never break their checkers; each wrong way
//! (the unfenced lock, the unfenced master–worker application, heartbeat masters) is caught in
//! some seeds. `--nocapture` prints how many.

use engine::scenario;
use engine::ClientState;
use engine::Rng;
use engine::{build_with_ids, ClientIds};
use engine::{ms, secs, Micros};
use engine::{ClientId, ProcessId, ServerId};
use engine::{Fault, Simulation, Target};

/// Seeds run by default; `RECIPES_SEEDS=N` runs more (or fewer).
const SEEDS: u64 = 500;
/// Faults happen from 3s to this; then everything heals and restarts.
const SPAN: Micros = secs(12);
const RUN: Micros = secs(25);
const SERVERS: u8 = 3;

/// The fault schedule of `seed` for these clients: server faults throughout, and at most two
/// client faults, a pause or a cut from every server (so that some master and some worker
/// survive: a client whose session expired stays dead, as its handle does).
fn schedule(seed: u64, clients: &[ClientId]) -> Vec<(Micros, Fault)> {
    let mut rng = Rng::new(seed ^ 0x7ec1_9e55);
    let mut out = Vec::new();
    let all = |rng: &mut Rng| ServerId(rng.range(1, SERVERS as u64) as u8);
    let mut client_faults = 0;
    let mut t = ms(rng.range(2500, 4000));
    while t < SPAN {
        match rng.range(0, 5) {
            0 => {
                let target = if rng.range(0, 1) == 0 {
                    Target::Leader
                } else {
                    Target::Server(all(&mut rng))
                };
                out.push((t, Fault::Crash(target)));
                for i in 1..=SERVERS {
                    // Restarting a running server does nothing.
                    out.push((t + ms(rng.range(500, 4000)), Fault::Restart(ServerId(i))));
                }
            }
            1 => {
                let lone = all(&mut rng);
                let rest = (1..=SERVERS).filter(|i| *i != lone.0);
                let sides = vec![
                    vec![ProcessId::Server(lone)],
                    rest.map(|i| ProcessId::Server(ServerId(i))).collect(),
                ];
                out.push((t, Fault::Partition(sides)));
                out.push((t + ms(rng.range(500, 5000)), Fault::Heal));
            }
            2 | 3 if client_faults < 2 => {
                client_faults += 1;
                let c = clients[rng.range(0, clients.len() as u64 - 1) as usize];
                out.push((t, Fault::ClientPause(c, ms(rng.range(500, 9000)))));
            }
            4 if client_faults < 2 => {
                client_faults += 1;
                let c = clients[rng.range(0, clients.len() as u64 - 1) as usize];
                let servers = (1..=SERVERS).map(|i| ProcessId::Server(ServerId(i)));
                let sides = vec![vec![ProcessId::Client(c)], servers.collect()];
                out.push((t, Fault::Partition(sides)));
                out.push((t + ms(rng.range(100, 6000)), Fault::Heal));
            }
            _ => {}
        }
        t += ms(rng.range(300, 2500));
    }
    out.push((SPAN + secs(1), Fault::Heal));
    for i in 1..=SERVERS {
        out.push((SPAN + secs(1), Fault::Restart(ServerId(i))));
    }
    out
}

/// Run `programs` (`(client, program line)`) under `seed`'s schedule; the client faults hit
/// the clients named in `faulty`.
fn run(seed: u64, programs: &[(&str, &str)], faulty: &[&str]) -> Simulation {
    let mut text = format!("seed {seed}\nensemble servers={SERVERS}\n");
    for (c, _) in programs {
        text += &format!("client {c} timeout=4s\n");
    }
    for (c, p) in programs {
        text += &format!("at 1s {c} runs {p}\n");
    }
    text += &format!("run {}s\n", RUN / 1_000_000);
    let (mut sim, ids): (Simulation, ClientIds) =
        build_with_ids(&scenario::parse(&text).unwrap()).unwrap();
    let targets: Vec<ClientId> = faulty.iter().map(|c| ids[*c]).collect();
    for (t, f) in schedule(seed, &targets) {
        sim.schedule(t, f);
    }
    sim.run_until(RUN);
    sim
}

fn locks(fenced: &str) -> Vec<(&'static str, String)> {
    ["c1", "c2", "c3"]
        .map(|c| (c, format!("lock hold=300ms work=100ms fenced={fenced}")))
        .to_vec()
}

fn master_worker(fenced: &str) -> Vec<(&'static str, String)> {
    let mut v = vec![];
    for m in ["m1", "m2", "m3"] {
        v.push((m, format!("master fenced={fenced}")));
    }
    for w in ["w1", "w2", "w3"] {
        v.push((w, format!("worker work=200ms fenced={fenced}")));
    }
    v.push(("sub", "submitter count=8 every=700ms".to_string()));
    v
}

fn as_refs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(c, p)| (*c, p.as_str())).collect()
}

/// True if some client whose name starts with `prefix` still has its session at the end.
fn survives(sim: &Simulation, prefix: &str) -> bool {
    sim.client_ids().any(|c| {
        sim.client_name(c).starts_with(prefix)
            && sim
                .client(c)
                .is_some_and(|x| x.state() != ClientState::Closed)
    })
}

/// True if a worker was told its session expired while the leader still has that session (and
/// so its ephemeral `/workers` node, which keeps the master from ever returning its tasks).
/// This is an engine fault outside the recipes, seen in a few seeds; see the report in
/// `replay`.
fn ghost_worker(sim: &Simulation) -> bool {
    let Some(leader) = sim.leader().and_then(|l| sim.server(l)) else {
        return false;
    };
    sim.client_ids().any(|c| {
        sim.client_name(c).starts_with('w')
            && sim.client(c).is_some_and(|x| {
                x.state() == ClientState::Closed && leader.state().tree.has_session(x.session())
            })
    })
}

/// The names of the invariants a run broke, deduplicated; with `tasks`, also the end-of-run
/// task check, when it applies: a master and a worker still have their sessions (a program
/// whose session expired is over, like its handle, so if every master or every worker lost
/// its session, nobody is left to finish the tasks), and no worker is a ghost
/// ([`ghost_worker`]), and the ensemble has an established leader at the end (liveness needs
/// a quorum; a few seeds leave the ensemble stuck without one, an engine fault outside the
/// recipes). Returns whether the task check applied.
fn broken(sim: &mut Simulation, tasks: bool) -> (Vec<&'static str>, bool) {
    let applies = tasks
        && sim.leader().is_some()
        && survives(sim, "m")
        && survives(sim, "w")
        && !ghost_worker(sim);
    if applies {
        sim.check_tasks();
    }
    let mut v: Vec<&'static str> = sim
        .recipe_violations()
        .iter()
        .map(|v| v.invariant)
        .collect();
    v.sort();
    v.dedup();
    (v, applies)
}

#[test]
fn right_ways_hold_and_wrong_ways_are_caught_over_500_seeds() {
    let (lock_ok, lock_bad) = (locks("yes"), locks("no"));
    let (mw_ok, mw_bad) = (master_worker("yes"), master_worker("no"));
    let election: Vec<(&str, &str)> = ["c1", "c2", "c3"]
        .iter()
        .map(|c| (*c, "election fenced=yes"))
        .collect();
    let heartbeats = [("hm1", "heartbeat-master"), ("hm2", "heartbeat-master")];
    let lock_clients: &[&str] = &["c1", "c2", "c3"];
    let mw_clients: &[&str] = &["m1", "m2", "m3", "w1", "w2", "w3"];
    let hm_clients: &[&str] = &["hm1", "hm2"];
    let mut caught = [0u32; 3];
    let mut by_invariant: [std::collections::BTreeMap<&str, u32>; 3] = Default::default();
    let mut example = [None, None, None];
    let mut right_runs = 0;
    let mut task_checks = 0;
    let mut ghosts = 0;
    let mut leaderless = 0;
    let seeds: u64 = std::env::var("RECIPES_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(SEEDS);
    // RECIPES_SURVEY=1: list every seed where a right way broke instead of stopping at the first.
    let survey = std::env::var("RECIPES_SURVEY").is_ok();
    for seed in 1..=seeds {
        for (name, programs, faulty, tasks) in [
            ("fenced lock", as_refs(&lock_ok), lock_clients, false),
            ("fenced election", election.clone(), lock_clients, false),
            ("fenced master-worker", as_refs(&mw_ok), mw_clients, true),
        ] {
            let mut sim = run(seed, &programs, faulty);
            let (b, checked) = broken(&mut sim, tasks);
            task_checks += u32::from(checked);
            ghosts += u32::from(tasks && ghost_worker(&sim));
            leaderless += u32::from(tasks && sim.leader().is_none());
            if survey && !b.is_empty() {
                eprintln!("seed {seed}: {name} broke {:?}", sim.recipe_violations());
                continue;
            }
            assert!(
                b.is_empty(),
                "seed {seed}: {name} broke {:?}",
                sim.recipe_violations()
            );
            right_runs += 1;
        }
        for (i, (programs, faulty, tasks)) in [
            (as_refs(&lock_bad), lock_clients, false),
            (as_refs(&mw_bad), mw_clients, true),
            (heartbeats.to_vec(), hm_clients, false),
        ]
        .into_iter()
        .enumerate()
        {
            let mut sim = run(seed, &programs, faulty);
            let (b, _) = broken(&mut sim, tasks);
            for inv in &b {
                *by_invariant[i].entry(inv).or_insert(0) += 1;
            }
            if !b.is_empty() {
                caught[i] += 1;
                example[i].get_or_insert((seed, sim.recipe_violations()[0].to_string()));
            }
        }
    }
    let names = [
        "unfenced lock",
        "unfenced master-worker",
        "heartbeat masters",
    ];
    eprintln!("{seeds} seeds, {right_runs} runs of the right ways: no violation");
    eprintln!(
        "fenced master-worker: every task done in all {task_checks} seeds where a master and a \
         worker kept their sessions"
    );
    eprintln!(
        "(task check skipped: {leaderless} seeds with no leader at the end, {ghosts} with a \
         worker told EXPIRED whose session the leader kept)"
    );
    assert!(task_checks > seeds as u32 / 2, "{task_checks}");
    for i in 0..3 {
        eprintln!(
            "{}: caught in {} of {seeds} seeds {:?}; first: {:?}",
            names[i], caught[i], by_invariant[i], example[i]
        );
        assert!(caught[i] > 0, "{} never caught", names[i]);
    }
}

/// `RECIPES_SEED=N cargo test -p engine --test recipes_seeds replay -- --nocapture` prints the
/// faults and program notes of seed N's fenced master–worker run (to study a failing seed;
/// `RECIPES_ALL=1` prints the whole trace, `RECIPES_RUN=lock` the fenced lock run instead).
///
/// Engine faults found this way, outside the recipes (the survey over 3000 seeds,
/// `RECIPES_SURVEY=1 RECIPES_SEEDS=3000`, shows the few seeds where they bite), now fixed, each
/// with a test in `tests/regressions.rs`: seed 593 (a learner never ACKed the uncommitted
/// proposals of its sync, so the leader waited for them for ever), seed 133 (a partition cut
/// the NEWLEADER ACKs and nobody learnt it after the heal), seed 1737 (a leader crashed
/// behind a partition and its followers served on until syncLimit). Seed 1075 still ends
/// with no leader: its followers elected a server that crashed at once and wait initLimit for
/// it, as ZooKeeper's learners do. In seed 491 a worker is told EXPIRED by a leader whose
/// closeSession for it never commits (the leader loses its quorum first); ZooKeeper refuses a
/// closing session the same way (`touchSession`), and the next leader expires the session
/// within T + tick (S7), so no ghost is left at the end.
#[test]
fn replay() {
    let Some(seed) = std::env::var("RECIPES_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    else {
        return;
    };
    let which = std::env::var("RECIPES_RUN").unwrap_or_default();
    let programs = match which.as_str() {
        "lock" => locks("yes"),
        _ => master_worker("yes"),
    };
    let faulty: &[&str] = if which == "lock" {
        &["c1", "c2", "c3"]
    } else {
        &["m1", "m2", "m3", "w1", "w2", "w3"]
    };
    let mut sim = run(seed, &as_refs(&programs), faulty);
    for l in sim.trace().lines() {
        use engine::Category;
        if std::env::var("RECIPES_ALL").is_ok()
            || matches!(
                l.category,
                Category::Fault | Category::Violation | Category::Client
            )
        {
            println!("{l}");
        }
    }
    println!("{:?}", broken(&mut sim, which != "lock"));
    println!("{:?}", sim.recipe_violations());
    println!("engine checkers: {:?}", sim.violations());
    let w1 = sim
        .client_ids()
        .find(|c| sim.client_name(*c) == "w1")
        .unwrap();
    let w1_session = sim.client(w1).unwrap().session();
    println!("w1 session {w1_session:#x}, leader {:?}", sim.leader());
    for s in sim.servers() {
        let tree = &s.state().tree;
        println!(
            "{} has w1's session: {}",
            s.id(),
            tree.has_session(w1_session)
        );
        let ls = |p: &str| tree.get_children(p).unwrap_or_default();
        println!(
            "{}: workers {:?} assign/w1 {:?} tasks {:?} status {}",
            s.id(),
            ls("/workers"),
            ls("/assign/w1"),
            ls("/tasks"),
            ls("/status").len()
        );
    }
}
