//! Seeded soak test: many random fault schedules (crash/restart, partitions, one-way cuts,
//! pauses, drift, loss) on 3, 5 and 7 servers. No invariant may break, and once the faults stop
//! the ensemble must recover a leader that a quorum follows and that commits.
//!
//! Not every server need rejoin: as in ZooKeeper, a learner that accepted a higher epoch from a
//! leader that never established refuses the current leader's older epoch ("Leaders epoch is
//! less than accepted epoch") until that leader goes away (schedule 1423 shows it).
//!
//! `SOAK=N cargo test -p engine --test soak --release` runs N schedules (default 2000);
//! `SOAK_FROM=K` starts at schedule K, to replay a failure.

use engine::chaos::{self, CHAOS_SPAN};
use engine::ServerId;
use engine::{ms, secs};
use engine::{Fault, SimConfig, Simulation, Target};
use std::collections::BTreeSet;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn run_schedule(seed: u64) -> Result<(), String> {
    let servers = [3u8, 5, 7][(seed % 3) as usize];
    let mut sim = Simulation::new(SimConfig::new(servers, seed));
    sim.keep_trace_lines(false);
    for (t, f) in chaos::schedule(seed, servers) {
        sim.schedule(t, f);
    }
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
    Ok(())
}

#[test]
fn soak_random_fault_schedules_keep_every_invariant_and_recover() {
    let count = env("SOAK", 2000);
    let from = env("SOAK_FROM", 1);
    let failures: Vec<String> = (from..from + count)
        .filter_map(|seed| run_schedule(seed).err())
        .collect();
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
