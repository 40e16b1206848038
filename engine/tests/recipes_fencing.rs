//! R12's remedy, fencing: the same GC pause of a lock holder run unfenced (two holders act on
//! the resource, `mutual-exclusion` reports it) and fenced (the resource rejects the stale
//! holder's write by its token, and nothing is reported).

use engine::build_with_ids;
use engine::scenario;
use engine::secs;
use engine::ResourceAct;
use engine::Simulation;
use engine::Verdict;

/// c1 takes the lock at 2s and writes every 500ms; c2 queues at 3s; c1 freezes at 4s for 10s,
/// beyond its 4s session timeout.
fn paused_holder(fenced: &str, seed: u64) -> Simulation {
    let text = format!(
        "seed {seed}\nensemble servers=3\nclient c1 timeout=4s\nclient c2 timeout=4s\n\
         at 2s c1 runs lock hold=5s work=500ms fenced={fenced}\n\
         at 3s c2 runs lock hold=1s work=500ms fenced={fenced}\n\
         at 4s pause c1 for 10s\nrun 20s\n"
    );
    let (mut sim, _) = build_with_ids(&scenario::parse(&text).unwrap()).unwrap();
    sim.run_until(secs(20));
    sim
}

/// c1's writes after it woke (14s), with the resource's verdicts.
fn late_writes(sim: &Simulation) -> Vec<(u64, Verdict)> {
    sim.resource_log()
        .iter()
        .filter(|l| l.time >= secs(14))
        .filter_map(|l| match &l.act {
            ResourceAct::Write { holder, token } if holder == "c1" => {
                Some((*token, l.verdict.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn r12_paused_holder_unfenced_breaks_mutual_exclusion() {
    for seed in [1, 2, 3] {
        let sim = paused_holder("no", seed);
        let v = sim.recipe_violations();
        assert!(!v.is_empty());
        assert!(v.iter().all(|x| x.invariant == "mutual-exclusion"), "{v:?}");
        // Awake, c1 writes with its old token, and the resource takes it.
        let late = late_writes(&sim);
        assert!(!late.is_empty());
        assert!(
            late.iter().all(|(t, v)| *t == 0 && *v == Verdict::Accepted),
            "{late:?}"
        );
    }
}

#[test]
fn r12_paused_holder_fenced_is_rejected_and_nothing_breaks() {
    for seed in [1, 2, 3] {
        let sim = paused_holder("yes", seed);
        let v = sim.recipe_violations();
        assert!(v.is_empty(), "{v:?}");
        let late = late_writes(&sim);
        assert!(!late.is_empty());
        assert!(
            late.iter()
                .all(|(t, v)| *t == 0 && matches!(v, Verdict::Rejected { token: 0, .. })),
            "{late:?}"
        );
    }
}

/// The map's picture of the same pause: while c1 sleeps past its session, it still believes it
/// holds the lock (stale), c2 holds it for real, and the clash is marked on both.
#[test]
fn the_picture_marks_the_stale_holder_and_the_clash_on_both_clients() {
    let text = "seed 1\nensemble servers=3\nclient c1 timeout=4s\nclient c2 timeout=4s\n\
         at 2s c1 runs lock hold=5s work=500ms\n\
         at 3s c2 runs lock hold=5s work=500ms\n\
         at 4s pause c1 for 10s\nrun 20s\n";
    let (mut sim, _) = build_with_ids(&scenario::parse(text).unwrap()).unwrap();
    sim.run_until(secs(3));
    let v = sim.view();
    let c = |v: &engine::ClusterView, n: &str| v.clients.iter().find(|c| c.name == n).cloned();
    let c1 = c(&v, "c1").unwrap();
    assert_eq!(
        (c1.part, c1.stale, c1.broke),
        (engine::Part::Holds, false, None)
    );
    sim.run_until(secs(12)); // the session expired at about 10.3s
    let v = sim.view();
    let (c1, c2) = (c(&v, "c1").unwrap(), c(&v, "c2").unwrap());
    assert_eq!(c1.part, engine::Part::Holds, "c1 still believes it holds");
    assert!(c1.stale, "but its session is gone");
    assert!(c2.holding && c2.part == engine::Part::Holds && !c2.stale);
    let broke = c2.broke.expect("the clash is marked on the new holder");
    assert_eq!(broke.invariant, "mutual-exclusion");
    assert_eq!(broke.who, vec!["c2".to_string(), "c1".to_string()]);
    assert_eq!(c1.broke.map(|b| b.invariant), Some("mutual-exclusion"));
}
