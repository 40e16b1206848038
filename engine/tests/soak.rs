//! Seeded soak test: many random fault schedules (crash/restart, partitions, one-way cuts,
//! pauses, drift, loss) on 3, 5 and 7 servers, with three clients writing and reading four keys
//! throughout. No invariant may break, the clients' histories must keep ZooKeeper's promises
//! (acknowledged writes linearizable, each client reading in order; `consistency::check`), and
//! once the faults stop the ensemble must recover a leader that a quorum follows and that
//! commits.
//!
//! Not every server need rejoin: as in ZooKeeper, a learner that accepted a higher epoch from a
//! leader that never established refuses the current leader's older epoch ("Leaders epoch is
//! less than accepted epoch") until that leader goes away (schedule 1423 shows it).
//!
//! `SOAK=N cargo test -p engine --test soak --release` runs N schedules (default 2000);
//! `SOAK_FROM=K` starts at schedule K, to replay a failure.

use engine::chaos::{self, CHAOS_SPAN};
use engine::consistency;
use engine::proto::{ClientOp, Read};
use engine::tree::{CreateMode, Request};
use engine::watches::ReadKind;
use engine::ServerId;
use engine::{ms, secs};
use engine::{Fault, Rng, SimConfig, Simulation, Target};
use std::collections::BTreeSet;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Three clients (sessions of 6 s) that, every 150 ms of the faults' span, one of them at
/// random, create, set or read one of four keys.
fn clients(sim: &mut Simulation, seed: u64, servers: u8) {
    let all: Vec<ServerId> = (1..=servers).map(ServerId).collect();
    let ids: Vec<_> = (0..3)
        .map(|i| {
            let mut order = all.clone();
            order.rotate_left(i % all.len());
            sim.add_client(&format!("c{i}"), order, 6_000)
        })
        .collect();
    let mut rng = Rng::new(seed ^ 0xc11e_475e_0000_0000);
    let mut t = secs(1);
    let mut n = 0u64;
    while t < CHAOS_SPAN {
        let c = ids[rng.range(0, 2) as usize];
        let path = format!("/k{}", rng.range(0, 3));
        n += 1;
        let (cmd, op) = match rng.range(0, 3) {
            0 => (
                "create",
                ClientOp::Write(Request::Create {
                    path,
                    data: n.to_string().into_bytes(),
                    mode: CreateMode::Persistent,
                }),
            ),
            1 => (
                "set",
                ClientOp::Write(Request::SetData {
                    path,
                    data: n.to_string().into_bytes(),
                    version: -1,
                }),
            ),
            _ => (
                "get",
                ClientOp::Read(Read {
                    kind: ReadKind::GetData,
                    path,
                    watch: false,
                }),
            ),
        };
        sim.schedule(t, Fault::ClientRequest(c, cmd, op));
        t += ms(150);
    }
}

/// Run schedule `seed`; returns how many client operations were answered.
fn run_schedule(seed: u64) -> Result<usize, String> {
    let servers = [3u8, 5, 7][(seed % 3) as usize];
    let mut sim = Simulation::new(SimConfig::new(servers, seed));
    sim.keep_trace_lines(false);
    for (t, f) in chaos::schedule(seed, servers) {
        sim.schedule(t, f);
    }
    clients(&mut sim, seed, servers);
    // Recovery: after the faults stop, a leader must emerge within a minute (a drifting or
    // paused process may need a full syncLimit to notice what happened).
    sim.run_until(CHAOS_SPAN);
    let deadline = CHAOS_SPAN + secs(90);
    let mut recovered = false;
    while sim.now() < deadline {
        let t = sim.now() + ms(250);
        sim.run_until(t);
        if let Some(leader) = sim.leader() {
            let serving: BTreeSet<ServerId> = sim
                .servers()
                .filter(|s| s.leader() == Some(leader) && s.is_serving())
                .map(|s| s.id())
                .collect();
            if sim.config().is_quorum(&serving) {
                recovered = true;
                break;
            }
        }
    }
    if let Some(v) = sim.violations().first() {
        return Err(format!("schedule {seed} ({servers} servers): {v}"));
    }
    let ops = sim.client_ops().to_vec();
    let answered = ops.iter().filter(|o| o.answered.is_some()).count();
    if let Some(f) = consistency::check(&ops).into_iter().find(|f| !f.allowed) {
        return Err(format!(
            "schedule {seed} ({servers} servers): {} broken on {} at {} us: {}",
            f.check, f.path, f.time, f.what
        ));
    }
    if !recovered {
        let roles: Vec<String> = sim
            .view()
            .servers
            .iter()
            .map(|s| format!("{}:{}", s.id, s.role.as_str()))
            .collect();
        return Err(format!("schedule {seed}: no recovery, {roles:?}"));
    }
    // and the recovered ensemble still commits (a paused leader once it wakes; a leader whose
    // links broke during the faults may still be replaced, so keep writing for a while)
    let before = sim.committed_count();
    let give_up = sim.now() + secs(30);
    while sim.committed_count() <= before && sim.now() < give_up {
        sim.schedule(sim.now(), Fault::Write(Target::Leader, 1));
        let t = sim.now() + secs(1);
        sim.run_until(t);
    }
    if sim.committed_count() <= before {
        return Err(format!("schedule {seed}: recovered but cannot commit"));
    }
    Ok(answered)
}

/// Schedules of the 100,000-schedule soak that once never committed again (or never
/// recovered): a restarted server followed a leader that had been paused and, once awake, was
/// no longer leading, and waited initLimit instead of giving up after five refused connections
/// as ZooKeeper does; two servers followed each other; followers of a leader that had stepped
/// down heard nothing until syncLimit ran out (Z13).
#[test]
fn a_learner_refused_by_a_server_that_no_longer_leads_looks_again() {
    for seed in [
        17145, 17359, 23196, 23834, 31284, 34938, 37066, 48744, 51984, 61875, 67113, 76088, 84060,
        88279, 99838,
    ] {
        if let Err(e) = run_schedule(seed) {
            panic!("{e}");
        }
    }
}

#[test]
fn soak_random_fault_schedules_keep_every_invariant_and_recover() {
    let count = env("SOAK", 2000);
    let from = env("SOAK_FROM", 1);
    let mut answered = 0;
    let mut failures = Vec::new();
    for seed in from..from + count {
        match run_schedule(seed) {
            Ok(n) => answered += n,
            Err(e) => failures.push(e),
        }
    }
    // the clients' histories were checked, not empty: most of their 126 operations a schedule
    // are answered (a replay of one schedule may be one where few are)
    assert!(
        count < 100 || answered as u64 > count * 50,
        "only {answered} client operations answered in {count} schedules"
    );
    assert!(
        failures.is_empty(),
        "{} of {count} schedules failed:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
