//! Zab behaviour on whole ensembles: election (Z4–Z6), recovery (Z7–Z9), broadcast and quorums
//! (Z10, Z11), failure detection (Z13), and determinism.

use engine::Category;
use engine::Role;
use engine::ServerId;
use engine::Zxid;
use engine::{ms, secs, Micros};
use engine::{Fault, SimConfig, Simulation, Target};
use harness::helpers::{p, s};

/// Run until every up server agrees on one established leader; return it and the time it took.
fn settle(sim: &mut Simulation, limit: Micros) -> Option<(ServerId, Micros)> {
    let start = sim.now();
    while sim.now() < start + limit {
        let t = sim.now() + ms(1);
        sim.run_until(t);
        if let Some(leader) = sim.leader() {
            let all_follow = sim
                .servers()
                .all(|x| x.leader() == Some(leader) && x.is_serving());
            if all_follow {
                return Some((leader, sim.now() - start));
            }
        }
    }
    None
}

fn no_violations(sim: &Simulation) {
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}

/// Z5: with equal epochs and zxids the highest sid wins; every ensemble size elects at start.
#[test]
fn z5_fresh_ensembles_of_3_5_7_elect_the_highest_sid() {
    for n in [3u8, 5, 7] {
        for seed in 1..=5 {
            let mut sim = Simulation::new(SimConfig::new(n, seed));
            let (leader, took) = settle(&mut sim, secs(5)).expect("a leader");
            assert_eq!(leader, s(n), "n={n} seed={seed}");
            assert!(took < secs(1), "n={n} took {took}us");
            no_violations(&sim);
        }
    }
}

/// Z5: the vote order is peer epoch, then zxid, then sid: the server with the longest history
/// wins even against a higher sid.
#[test]
fn z5_the_longest_history_wins_over_a_higher_sid() {
    let mut sim = Simulation::new(SimConfig::new(3, 7));
    settle(&mut sim, secs(5)).unwrap();
    // s3 leads; cut s3 off from s2 so only s1 gets the next writes, then crash s3 and s2 ...
    sim.schedule(sim.now(), Fault::Cut(p(3), p(2)));
    sim.schedule(sim.now(), Fault::Write(Target::Server(s(3)), 2));
    let t = sim.now() + ms(200);
    sim.run_until(t);
    assert!(sim.durable(s(1)).last_zxid() > sim.durable(s(2)).last_zxid());
    sim.schedule(t, Fault::Crash(Target::Server(s(3))));
    sim.schedule(t, Fault::Heal);
    // s2 never heard s3 die (the cut ate the FIN): it waits out syncLimit before it looks
    let (leader, _) = settle(&mut sim, secs(30)).unwrap();
    assert_eq!(leader, s(1), "s1 has the longer log and must win over s2");
    no_violations(&sim);
}

/// Paper §5.1 / P3: after the leader crashes, a new leader is elected well under 1 s.
#[test]
fn p3_leader_crash_reelects_fast_on_3_5_7() {
    for n in [3u8, 5, 7] {
        let mut sim = Simulation::new(SimConfig::new(n, 11));
        let (old, _) = settle(&mut sim, secs(5)).unwrap();
        sim.schedule(sim.now(), Fault::Write(Target::Leader, 5));
        let t = sim.now() + ms(100);
        sim.run_until(t);
        sim.schedule(t, Fault::Crash(Target::Leader));
        let (new, took) = settle(&mut sim, secs(30)).expect("re-election");
        assert_ne!(new, old);
        assert!(took < secs(1), "n={n}: re-election took {} ms", took / 1000);
        let new_epoch = sim.server(new).unwrap().durable().current_epoch;
        assert!(new_epoch >= 2, "a new leader takes a new epoch (Z7)");
        // the committed writes survived
        assert!(sim.server(new).unwrap().committed() >= Zxid::new(1, 5));
        no_violations(&sim);
    }
}

/// Z11/Z13: a minority side never commits; the majority elects and commits; after heal the old
/// leader follows, TRUNCs its uncommitted txns (Z8) and every log agrees.
#[test]
fn z11_minority_never_commits_majority_does_and_heal_truncates() {
    let mut sim = Simulation::new(SimConfig::new(5, 3));
    let (old, _) = settle(&mut sim, secs(5)).unwrap();
    assert_eq!(old, s(5));
    let t0 = sim.now();
    sim.schedule(t0, Fault::Write(Target::Leader, 2));
    sim.run_until(t0 + ms(200));
    let committed_before = sim.server(s(5)).unwrap().committed();
    assert_eq!(committed_before, Zxid::new(1, 2));
    let t1 = sim.now();
    sim.schedule(
        t1,
        Fault::Partition(vec![vec![p(5), p(4)], vec![p(1), p(2), p(3)]]),
    );
    sim.schedule(t1 + ms(10), Fault::Write(Target::Server(s(5)), 3));
    sim.run_until(t1 + secs(30));
    // minority: logged but never committed
    for x in [4, 5] {
        let srv = sim.server(s(x)).unwrap();
        assert_eq!(
            srv.committed(),
            committed_before,
            "s{x} committed on the minority side"
        );
        assert_ne!(
            srv.view_role(),
            Role::Leading,
            "s{x} should have stepped down (Z13)"
        );
    }
    assert_eq!(sim.durable(s(5)).last_zxid(), Zxid::new(1, 5));
    // majority: a new leader that commits
    let new = sim.leader().expect("majority elects");
    assert!([1, 2, 3].contains(&new.0));
    sim.schedule(sim.now(), Fault::Write(Target::Leader, 2));
    let t2 = sim.now() + ms(200);
    sim.run_until(t2);
    let epoch = sim.server(new).unwrap().durable().current_epoch;
    assert_eq!(sim.server(new).unwrap().committed(), Zxid::new(epoch, 2));
    // heal: everyone follows the new leader and the logs agree
    sim.schedule(t2, Fault::Heal);
    let (after, _) = settle(&mut sim, secs(30)).unwrap();
    assert_eq!(after, new);
    let truncs = sim
        .trace()
        .lines()
        .filter(|l| l.category == Category::Protocol && l.text().contains("with TRUNC"))
        .count();
    assert!(truncs >= 2, "s4 and s5 must be truncated");
    let reference = sim.durable(new).clone();
    for x in 1..=5 {
        let d = sim.durable(s(x));
        assert_eq!(d.last_zxid(), reference.last_zxid(), "s{x}");
        assert_eq!(d.epoch_ends(), reference.epoch_ends(), "s{x}");
        assert!(
            d.entry(Zxid::new(1, 3)).is_none(),
            "uncommitted txn survived on s{x}"
        );
    }
    no_violations(&sim);
}

/// Z13: a partitioned follower goes LOOKING, and rejoins after heal via a DIFF.
#[test]
fn z13_partitioned_follower_looks_then_rejoins() {
    let mut sim = Simulation::new(SimConfig::new(3, 5));
    settle(&mut sim, secs(5)).unwrap();
    let t = sim.now();
    sim.schedule(t, Fault::Partition(vec![vec![p(1)], vec![p(2), p(3)]]));
    sim.schedule(t + secs(1), Fault::Write(Target::Leader, 4));
    sim.run_until(t + secs(15));
    assert_eq!(sim.server(s(1)).unwrap().view_role(), Role::Looking);
    sim.schedule(sim.now(), Fault::Heal);
    settle(&mut sim, secs(30)).expect("rejoined");
    assert_eq!(sim.server(s(1)).unwrap().committed(), Zxid::new(1, 4));
    no_violations(&sim);
}

/// Z12: observers follow the leader, learn every commit through INFORM and never vote.
#[test]
fn z12_observers_learn_commits_but_do_not_vote() {
    let mut cfg = SimConfig::new(3, 2);
    cfg.ensemble = engine::Config::new(3, 2);
    let mut sim = Simulation::new(cfg);
    let (leader, _) = settle(&mut sim, secs(5)).unwrap();
    assert_eq!(
        leader,
        s(3),
        "observers s4, s5 never win despite higher ids"
    );
    sim.schedule(sim.now(), Fault::Write(Target::Leader, 3));
    let t = sim.now() + ms(300);
    sim.run_until(t);
    for o in [4, 5] {
        let srv = sim.server(s(o)).unwrap();
        assert_eq!(srv.view_role(), Role::Observing);
        assert_eq!(srv.committed(), Zxid::new(1, 3));
    }
    // with two voters down, observers cannot make a quorum
    sim.schedule(t, Fault::Crash(Target::Server(s(1))));
    sim.schedule(t, Fault::Crash(Target::Server(s(2))));
    sim.run_until(t + secs(30));
    assert!(sim.leader().is_none());
    no_violations(&sim);
}

/// Crash and restart: a server restarts from its durable state and catches up.
#[test]
fn restart_recovers_from_durable_state_and_catches_up() {
    let mut sim = Simulation::new(SimConfig::new(3, 9));
    settle(&mut sim, secs(5)).unwrap();
    let t = sim.now();
    sim.schedule(t, Fault::Write(Target::Leader, 3));
    sim.schedule(t + ms(100), Fault::Crash(Target::Server(s(1))));
    sim.schedule(t + ms(200), Fault::Write(Target::Leader, 3));
    sim.schedule(t + secs(1), Fault::Restart(s(1)));
    sim.run_until(t + secs(1));
    assert_eq!(
        sim.durable(s(1)).last_zxid(),
        Zxid::new(1, 3),
        "disk kept what was logged"
    );
    settle(&mut sim, secs(10)).unwrap();
    assert_eq!(sim.server(s(1)).unwrap().committed(), Zxid::new(1, 6));
    no_violations(&sim);
}

/// Determinism: equal runs have equal trace hashes; another seed gives another.
#[test]
fn same_seed_same_trace_other_seed_other_trace() {
    let run = |seed| {
        let mut sim = Simulation::new(SimConfig::new(5, seed));
        sim.schedule(secs(1), Fault::Write(Target::Leader, 10));
        sim.schedule(secs(2), Fault::Crash(Target::Leader));
        sim.schedule(secs(3), Fault::Drift(Target::Server(s(1)), 200_000));
        sim.schedule(secs(4), Fault::Pause(Target::Leader, secs(1)));
        sim.run_until(secs(10));
        sim.trace().hash_hex()
    };
    assert_eq!(run(1), run(1));
    assert_ne!(run(1), run(2));
}

/// A paused leader is deposed: followers stop hearing it and elect another (Z13).
#[test]
fn z13_a_paused_leader_is_deposed_and_then_follows() {
    let mut sim = Simulation::new(SimConfig::new(5, 4));
    let (old, _) = settle(&mut sim, secs(5)).unwrap();
    let t = sim.now();
    sim.schedule(t, Fault::Pause(Target::Leader, secs(15)));
    sim.run_until(t + secs(14));
    let new = sim.leader().expect("a new leader while the old one sleeps");
    assert_ne!(new, old);
    sim.run_until(t + secs(16));
    let (after, _) = settle(&mut sim, secs(30)).unwrap();
    assert_eq!(after, new);
    assert_eq!(sim.server(old).unwrap().view_role(), Role::Following);
    no_violations(&sim);
}
