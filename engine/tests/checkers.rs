//! Every invariant checker catches the bug it exists for (reference Z15, J2): each test runs a
//! deliberately broken protocol variant and expects the checker to name the break, then runs the
//! same scenario with the correct protocol and expects silence.

use engine::Bug;
use engine::Invariant;
use engine::{ms, secs, Micros};
use engine::{Fault, SimConfig, Simulation, Target};
use harness::helpers::{p, s};

fn sim(servers: u8, seed: u64, bug: Option<Bug>) -> Simulation {
    let mut cfg = SimConfig::new(servers, seed);
    cfg.ensemble.bugs.extend(bug);
    Simulation::new(cfg)
}

fn run_to(sim: &mut Simulation, t: Micros) {
    sim.run_until(t);
}

/// Step until `cond` holds (or give up after `limit`).
fn run_until_cond(sim: &mut Simulation, limit: Micros, cond: impl Fn(&Simulation) -> bool) {
    let end = sim.now() + limit;
    while !cond(sim) && sim.now() < end && sim.step() {}
    assert!(cond(sim), "condition never held");
}

fn caught(sim: &Simulation) -> Vec<Invariant> {
    sim.violations().iter().map(|v| v.invariant).collect()
}

/// J2 ZOOKEEPER-3911: a learner that ACKs NEWLEADER before persisting the synced txns loses
/// them in a crash; a new quorum without them loses a committed txn.
fn ack_before_persist(bug: Option<Bug>) -> Vec<Invariant> {
    let mut sim = sim(3, 21, bug);
    run_to(&mut sim, secs(1));
    assert_eq!(sim.leader(), Some(s(3)));
    // T is logged on s3 alone
    sim.schedule(
        secs(1),
        Fault::Partition(vec![vec![p(3)], vec![p(1), p(2)]]),
    );
    sim.schedule(secs(1) + ms(1), Fault::Write(Target::Server(s(3)), 1));
    sim.schedule(secs(1) + ms(100), Fault::Crash(Target::Server(s(2))));
    sim.schedule(secs(1) + ms(100), Fault::Crash(Target::Server(s(3))));
    sim.schedule(secs(1) + ms(100), Fault::Heal);
    sim.schedule(secs(1) + ms(200), Fault::Restart(s(3)));
    run_to(&mut sim, secs(1) + ms(200));
    // s3 (longer log) leads s1 and syncs T to it; the moment s3 is established, both crash,
    // before UPTODATE reaches s1
    run_until_cond(&mut sim, secs(30), |sim| sim.leader() == Some(s(3)));
    let t = sim.now();
    sim.schedule(t, Fault::Crash(Target::Server(s(3))));
    sim.schedule(t, Fault::Crash(Target::Server(s(1))));
    sim.schedule(t + ms(100), Fault::Restart(s(1)));
    sim.schedule(t + ms(100), Fault::Restart(s(2)));
    run_to(&mut sim, t + secs(10));
    assert!(sim.leader().is_some());
    caught(&sim)
}

#[test]
fn committed_durability_catches_ack_before_persist() {
    assert!(
        ack_before_persist(Some(Bug::AckBeforePersist)).contains(&Invariant::CommittedDurability)
    );
    assert_eq!(ack_before_persist(None), vec![]);
}

/// A leader that commits without a quorum: its commit is lost when a majority elects without it.
fn commit_without_quorum(bug: Option<Bug>) -> Vec<Invariant> {
    let mut sim = sim(3, 22, bug);
    run_to(&mut sim, secs(1));
    sim.schedule(
        secs(1),
        Fault::Partition(vec![vec![p(3)], vec![p(1), p(2)]]),
    );
    sim.schedule(secs(1) + ms(1), Fault::Write(Target::Server(s(3)), 1));
    sim.schedule(secs(2), Fault::Crash(Target::Server(s(3))));
    sim.schedule(secs(2), Fault::Heal);
    run_to(&mut sim, secs(12));
    caught(&sim)
}

#[test]
fn committed_durability_catches_commit_without_quorum() {
    assert!(commit_without_quorum(Some(Bug::CommitWithoutQuorum))
        .contains(&Invariant::CommittedDurability));
    assert_eq!(commit_without_quorum(None), vec![]);
}

/// Followers that ACK without logging: the leader's quorum is imaginary.
fn ack_without_logging(bug: Option<Bug>) -> Vec<Invariant> {
    let mut sim = sim(3, 23, bug);
    run_to(&mut sim, secs(1));
    sim.schedule(secs(1), Fault::Write(Target::Leader, 2));
    sim.schedule(secs(1) + ms(100), Fault::Crash(Target::Leader));
    run_to(&mut sim, secs(10));
    caught(&sim)
}

#[test]
fn committed_durability_catches_ack_without_logging() {
    assert!(
        ack_without_logging(Some(Bug::AckWithoutLogging)).contains(&Invariant::CommittedDurability)
    );
    assert_eq!(ack_without_logging(None), vec![]);
}

/// Z8: a leader that sends DIFF where TRUNC is needed leaves an uncommitted txn on the learner,
/// which then applies it between committed ones.
fn skip_trunc(bug: Option<Bug>) -> Vec<Invariant> {
    let mut sim = sim(5, 3, bug);
    run_to(&mut sim, secs(1));
    sim.schedule(secs(1), Fault::Write(Target::Leader, 2));
    sim.schedule(
        secs(1) + ms(200),
        Fault::Partition(vec![vec![p(5), p(4)], vec![p(1), p(2), p(3)]]),
    );
    sim.schedule(secs(1) + ms(210), Fault::Write(Target::Server(s(5)), 3));
    sim.schedule(secs(20), Fault::Write(Target::Leader, 2));
    sim.schedule(secs(21), Fault::Heal);
    run_to(&mut sim, secs(40));
    caught(&sim)
}

#[test]
fn committed_prefix_catches_a_skipped_trunc() {
    assert!(skip_trunc(Some(Bug::SkipTrunc)).contains(&Invariant::CommittedPrefix));
    assert_eq!(skip_trunc(None), vec![]);
}

/// Z15 Leadership: with no majority rule both sides of a partition elect the same epoch.
fn split_brain(bug: Option<Bug>) -> Vec<Invariant> {
    let mut sim = sim(5, 4, bug);
    sim.schedule(
        0,
        Fault::Partition(vec![vec![p(1), p(2)], vec![p(3), p(4), p(5)]]),
    );
    run_to(&mut sim, secs(5));
    caught(&sim)
}

#[test]
fn one_leader_per_epoch_catches_split_brain() {
    assert!(split_brain(Some(Bug::SplitBrain)).contains(&Invariant::OneLeaderPerEpoch));
    assert_eq!(split_brain(None), vec![]);
}

/// A learner that is sent txns it already has logs them again: its log goes backwards.
fn full_diff(bug: Option<Bug>) -> Vec<Invariant> {
    let mut sim = sim(3, 9, bug);
    run_to(&mut sim, secs(1));
    sim.schedule(secs(1), Fault::Write(Target::Leader, 3));
    sim.schedule(secs(1) + ms(100), Fault::Crash(Target::Server(s(1))));
    sim.schedule(secs(1) + ms(200), Fault::Write(Target::Leader, 3));
    sim.schedule(secs(2), Fault::Restart(s(1)));
    run_to(&mut sim, secs(10));
    caught(&sim)
}

#[test]
fn log_monotonic_catches_a_sync_that_resends_logged_txns() {
    assert!(full_diff(Some(Bug::FullDiff)).contains(&Invariant::LogMonotonic));
    assert_eq!(full_diff(None), vec![]);
}
