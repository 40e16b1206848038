//! Engine faults found by the recipe survey (`tests/recipes_seeds.rs`), each reduced to the
//! smallest setup that shows it.

use engine::{ms, secs, Micros};
use engine::{Fault, SimConfig, Simulation, Target};
use engine::{ProcessId, ServerId};
use harness::helpers::{p, s};

/// Run until every up server agrees on one established leader and serves; return it.
fn settle(sim: &mut Simulation, limit: Micros) -> Option<ServerId> {
    let end = sim.now() + limit;
    while sim.now() < end {
        let t = sim.now() + ms(1);
        sim.run_until(t);
        if let Some(leader) = sim.leader() {
            if sim
                .servers()
                .all(|x| x.leader() == Some(leader) && x.is_serving())
            {
                return Some(leader);
            }
        }
    }
    None
}

/// Step until a message matching `pred` is in flight (or `limit` passes).
fn until_in_flight(
    sim: &mut Simulation,
    limit: Micros,
    pred: impl Fn(&engine::Flight) -> bool,
) -> bool {
    let end = sim.now() + limit;
    while sim.now() < end {
        if sim.view().in_flight.iter().any(&pred) {
            return true;
        }
        if !sim.step() {
            return false;
        }
    }
    false
}

/// Seed 593 (Z9, Z10): a learner that joins an established leader gets, in its sync, proposals
/// that are not committed yet. It logs them at NEWLEADER and must ACK them as any logged txn:
/// when its ACK is the one the quorum lacks, the leader otherwise waits for ever, and every
/// later write waits behind the first.
#[test]
fn a_learner_acks_the_uncommitted_proposals_of_its_sync() {
    let mut sim = Simulation::new(SimConfig::new(3, 7));
    let leader = settle(&mut sim, secs(5)).expect("a leader");
    let followers: Vec<u8> = (1..=3).filter(|i| s(*i) != leader).collect();
    let (cut_off, late) = (followers[0], followers[1]);
    let t = sim.now();
    // One follower down, the other no longer hears the leader: the write cannot commit...
    sim.schedule(t, Fault::Crash(Target::Server(s(late))));
    sim.schedule(t + ms(10), Fault::Cut(p(leader.0), p(cut_off)));
    sim.schedule(t + ms(100), Fault::Write(Target::Leader, 1));
    sim.run_until(t + ms(300));
    let written = sim.durable(leader).last_zxid();
    assert!(sim.server(leader).unwrap().committed() < written);
    // ...until the crashed follower comes back and syncs (within syncLimit of the cut).
    sim.schedule(t + ms(500), Fault::Restart(s(late)));
    sim.run_until(t + secs(4));
    assert_eq!(sim.leader(), Some(leader), "the leader still leads");
    assert_eq!(
        sim.server(leader).unwrap().committed(),
        written,
        "the write the late follower synced must commit"
    );
    assert_eq!(sim.server(s(late)).unwrap().committed(), written);
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

/// Seed 133 (Z9, Z13): a partition cuts off a new leader while its NEWLEADER ACKs are on
/// their way. After the heal neither end has anything more to send (the learners wait for
/// UPTODATE, the leader for the ACKs), but TCP retransmits what it lost and so finds the
/// connections broken: both ends learn it, and the two learners, a quorum, elect a leader
/// among themselves long before initLimit (20 s) runs out.
#[test]
fn newleader_acks_lost_in_a_partition_do_not_stall_the_ensemble_after_the_heal() {
    let mut sim = Simulation::new(SimConfig::new(3, 3));
    let is_newleader_ack = |f: &engine::Flight| f.kind == "ACK" && f.text.ends_with("00000000");
    assert!(until_in_flight(&mut sim, secs(5), is_newleader_ack));
    let ack = sim
        .view()
        .in_flight
        .into_iter()
        .find(is_newleader_ack)
        .unwrap();
    let leader = ack.to;
    let learners: Vec<ProcessId> = (1..=3).map(p).filter(|x| *x != leader).collect();
    let t = sim.now();
    sim.schedule(t, Fault::Partition(vec![vec![leader], learners]));
    sim.schedule(t + ms(600), Fault::Heal);
    sim.run_until(t + ms(600));
    assert_eq!(
        sim.leader(),
        None,
        "the ACKs were lost: nobody is established"
    );
    sim.run_until(t + ms(600) + secs(3));
    assert!(sim.leader().is_some(), "a leader soon after the heal");
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

/// Seed 1737 (Z13): the leader crashes while a partition cuts it off, so its FINs are lost.
/// TCP retransmits a FIN like data: once the partition heals the followers hear that the
/// connection closed and elect a new leader, instead of serving on for the rest of syncLimit
/// (10 s) behind a leader that is gone.
#[test]
fn followers_hear_of_a_leader_crash_hidden_by_a_partition_once_it_heals() {
    let mut sim = Simulation::new(SimConfig::new(3, 5));
    let leader = settle(&mut sim, secs(5)).expect("a leader");
    let followers: Vec<ProcessId> = (1..=3).map(p).filter(|x| *x != p(leader.0)).collect();
    let t = sim.now();
    sim.schedule(t, Fault::Partition(vec![vec![p(leader.0)], followers]));
    sim.schedule(t + ms(100), Fault::Crash(Target::Server(leader)));
    sim.schedule(t + ms(1000), Fault::Heal);
    sim.run_until(t + ms(1000));
    assert_eq!(sim.leader(), None);
    sim.run_until(t + ms(1000) + secs(2));
    let new = sim.leader().expect("a new leader soon after the heal");
    assert_ne!(new, leader);
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}
