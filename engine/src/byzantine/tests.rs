//! Theorem numbers are those of Lamport, Shostak & Pease, "The Byzantine Generals Problem"
//! (1982). Orders: A = Attack, R = Retreat.

use super::*;
use crate::rng::Rng;
use Order::{Attack as A, Retreat as R};

fn set(items: &[usize]) -> BTreeSet<usize> {
    items.iter().copied().collect()
}

/// What lieutenant `who` received, as (path, value): everything it can base a decision on.
fn view(outcome: &Outcome, who: usize) -> Vec<(Vec<usize>, Order)> {
    (outcome.messages.iter())
        .filter(|msg| msg.to == who)
        .map(|msg| (msg.path.clone(), msg.value))
        .collect()
}

/// Section 2 (no solution with fewer than 3m + 1 generals): with N = 3, F = 1 the search finds
/// the classic run of Fig. 1 — the commander orders Attack, traitor lieutenant 1 tells lieutenant
/// 2 "he said retreat", and lieutenant 2, holding one Attack and one Retreat, falls back to
/// Retreat: IC2 broken. A traitor commander alone cannot break this rule at N = 3 (both
/// lieutenants see one A and one R and both retreat), so the 8 commander-traitor cases (2
/// orders × 2^2 patterns) come first and pass; the 9th case is the violation.
#[test]
fn byzantine_three_generals_one_traitor_is_broken() {
    let search = exhaustive_search(3, 1, 1).unwrap();
    assert_eq!(search.cases, 9);
    let found = search.violation.expect("N = 3, F = 1 must be breakable");
    assert_eq!(found.traitors, set(&[1]));
    assert_eq!(found.commander_order, A);
    assert_eq!(found.broken, Broken::Validity);
    assert_eq!(found.outcome.decisions, BTreeMap::from([(2, R)]));
    let lies: Vec<&Message> = (found.outcome.messages.iter())
        .filter(|msg| msg.value != msg.honest)
        .collect();
    assert_eq!(lies.len(), 1);
    assert_eq!(
        (&lies[0].path, lies[0].to, lies[0].value),
        (&vec![0, 1], 2, R)
    );
    assert!(
        found.describe().contains("1 told 2 retreat"),
        "{}",
        found.describe()
    );
    assert_eq!(find_violation(3, 1, 1).unwrap(), Some(found.clone()));
    // The counterexample replays by name.
    let replay = run_named(3, &[1], &found.strategy.name(), A).unwrap();
    assert_eq!(replay, found.outcome);
}

/// The paper's argument for Section 2, made concrete: lieutenant 1 cannot tell Fig. 1 (loyal
/// commander says A, traitor lieutenant 2 relays R) from Fig. 2 (traitor commander says A to 1
/// and R to 2, loyal lieutenant 2 relays R), and lieutenant 2 cannot tell Fig. 2 from the mirror
/// of Fig. 1. So *no* pair of decision rules over what a lieutenant receives satisfies IC1 and
/// IC2: all 16 × 16 pairs are tried and each fails one of the three runs.
#[test]
fn byzantine_three_generals_no_decision_rule_works() {
    let fig1 = om(1, A, 3, &set(&[2]), &Strategy::AlwaysRetreat);
    let split = Strategy::Split { at: 2, below: A };
    let fig2 = om(1, A, 3, &set(&[0]), &split);
    let mirror = om(1, R, 3, &set(&[1]), &Strategy::AlwaysAttack);
    assert_eq!(view(&fig1, 1), view(&fig2, 1));
    assert_eq!(view(&fig2, 2), view(&mirror, 2));
    // A rule maps (value from the commander, value relayed by the other lieutenant) to an order;
    // it is a 4-bit truth table.
    let decide = |rule: u8, seen: &[(Vec<usize>, Order)]| {
        let bit = |o: Order| usize::from(o == A);
        Order::from_bit((rule >> (2 * bit(seen[0].1) + bit(seen[1].1))) & 1 == 1)
    };
    let mut survivors = 0;
    for rule1 in 0..16u8 {
        for rule2 in 0..16u8 {
            let fig1_ok = decide(rule1, &view(&fig1, 1)) == A;
            let mirror_ok = decide(rule2, &view(&mirror, 2)) == R;
            let fig2_ok = decide(rule1, &view(&fig2, 1)) == decide(rule2, &view(&fig2, 2));
            survivors += usize::from(fig1_ok && mirror_ok && fig2_ok);
        }
    }
    assert_eq!(survivors, 0);
}

/// Theorem 1 (OM(m) satisfies IC1 and IC2 with more than 3m generals and at most m traitors) at
/// N = 4, m = F = 1, against every adversary. Count: the commander sends on 3 slots (2^3
/// patterns); each lieutenant relays to the other 2 (2^2 patterns each, 3 lieutenants); both
/// orders: 2 × (8 + 3 × 4) = 40 runs.
#[test]
fn byzantine_four_generals_one_traitor_holds_against_every_adversary() {
    assert_eq!(traitor_slots(4, 1, &set(&[0])).len(), 3);
    for lieutenant in 1..4 {
        assert_eq!(traitor_slots(4, 1, &set(&[lieutenant])).len(), 2);
    }
    let search = exhaustive_search(4, 1, 1).unwrap();
    assert_eq!(search.violation, None);
    assert_eq!(search.cases, 40);
    assert_eq!(find_violation(4, 1, 1).unwrap(), None);
}

/// Theorem 1 at a larger size still within [`MAX_CASES`]: N = 5, OM(1):
/// 2 × (2^4 + 4 × 2^3) = 96 runs, no violation. Section 2's bound from the other side: N = 4 with
/// F = 2 > (N − 1)/3 is breakable.
///
/// And a trap worth teaching: more rounds are *not* safer. OM(2) at N = 4 with one traitor
/// breaks IC2, because Theorem 1 needs N > 3m, not N > 3F: the OM(1) sub-runs have only 3
/// generals, below Lemma 1's 2k + m. The search passes the 2 × 2^3 commander-traitor cases and
/// finds it on run 17: loyal commander orders Attack, traitor 1 relays Retreat everywhere, and
/// lieutenants 2 and 3 retreat.
#[test]
fn byzantine_exhaustive_counts_and_the_3f_plus_1_boundary() {
    let five = exhaustive_search(5, 1, 1).unwrap();
    assert_eq!((five.cases, five.violation), (96, None));
    let deeper = exhaustive_search(4, 1, 2).unwrap();
    assert_eq!(deeper.cases, 17);
    let found = deeper
        .violation
        .expect("OM(2) at N = 4 is outside Theorem 1");
    assert_eq!(
        (found.traitors, found.broken),
        (set(&[1]), Broken::Validity)
    );
    assert_eq!(found.outcome.decisions, BTreeMap::from([(2, R), (3, R)]));
    assert!(find_violation(4, 2, 1).unwrap().is_some());
    assert!(find_violation(4, 2, 2).unwrap().is_some());
    // N = 7, F = 2, OM(2): two traitor lieutenants send on 2 × (5 + 5 × 4) = 50 slots.
    assert_eq!(traitor_slots(7, 2, &set(&[1, 2])).len(), 50);
    assert!(exhaustive_search(7, 2, 2)
        .unwrap_err()
        .contains("more than"));
}

/// OM(0) is just "obey the commander", which a traitor commander defeats by splitting the army;
/// one round of relaying (OM(1), Theorem 1 at N = 4) repairs it.
#[test]
fn byzantine_om0_traitor_commander_breaks_agreement() {
    let split = Strategy::Split { at: 2, below: A };
    let zero = om(0, A, 4, &set(&[0]), &split);
    assert_eq!(zero.decisions, BTreeMap::from([(1, A), (2, R), (3, R)]));
    assert!(!agreement(&zero));
    assert!(validity(&zero), "IC2 binds only a loyal commander");
    let one = om(1, A, 4, &set(&[0]), &split);
    assert!(agreement(&one));
    assert_eq!(one.decisions, BTreeMap::from([(1, R), (2, R), (3, R)]));
}

/// Theorem 1 at N = 7, m = F = 2: every bit pattern is 2^51 runs for some placements, so this
/// uses the fixed strategies (5 simple + 5 split points × 2 = 15) over all C(7, 2) = 21
/// placements and both orders: 21 × 15 × 2 = 630 runs.
#[test]
fn byzantine_om2_seven_generals_two_traitors_fixed_strategies() {
    assert_eq!(Strategy::fixed_set(7).len(), 15);
    let search = fixed_search(7, 2, 2).unwrap();
    assert_eq!(search.violation, None);
    assert_eq!(search.cases, 630);
    // The same strategies do find the N = 3 failure, so this search can fail.
    assert!(fixed_search(3, 1, 1).unwrap().violation.is_some());
}

/// Theorem 1 at N = 7 again, against arbitrary (not just named) traitors: 100 seeded random
/// bit patterns per placement and order, 21 × 2 × 100 = 4200 runs.
#[test]
fn byzantine_om2_seven_generals_random_patterns() {
    let mut rng = Rng::new(0xB12A_0001);
    let mut runs = 0;
    for a in 0..7 {
        for b in a + 1..7 {
            let traitors = set(&[a, b]);
            let slots = traitor_slots(7, 2, &traitors);
            for order in [A, R] {
                for _ in 0..100 {
                    let bits = rng.next_u64();
                    let strategy = Strategy::Pattern {
                        slots: slots.clone(),
                        bits,
                    };
                    let outcome = om(2, order, 7, &traitors, &strategy);
                    assert!(agreement(&outcome), "{traitors:?} {order:?} {bits:#x}");
                    assert!(validity(&outcome), "{traitors:?} {order:?} {bits:#x}");
                    runs += 1;
                }
            }
        }
    }
    assert_eq!(runs, 4200);
}

/// Lemma 1: OM(m) satisfies IC2 with more than 2k + m generals and at most k traitors — here
/// N = 6 > 2·2 + 1 with two traitor lieutenants under OM(1), against every pattern
/// (C(5, 2) = 10 placements × 2^8 patterns × 2 orders). Agreement is not promised (and N = 6
/// with F = 2 is below 3F + 1), so only IC2 is checked.
#[test]
fn byzantine_lemma1_validity_with_2k_plus_m() {
    let mut runs = 0;
    for a in 1..6 {
        for b in a + 1..6 {
            let traitors = set(&[a, b]);
            let slots = traitor_slots(6, 1, &traitors);
            assert_eq!(slots.len(), 8);
            for order in [A, R] {
                for bits in 0..1u64 << slots.len() {
                    let slots = slots.clone();
                    let outcome = om(1, order, 6, &traitors, &Strategy::Pattern { slots, bits });
                    assert!(validity(&outcome), "{traitors:?} {order:?} {bits:#b}");
                    runs += 1;
                }
            }
        }
    }
    assert_eq!(runs, 10 * 256 * 2);
}

/// Message counts follow the recursion: level k adds (n−1)(n−2)…(n−1−k) messages.
#[test]
fn byzantine_message_counts() {
    assert_eq!(
        om(1, A, 3, &set(&[]), &Strategy::Honest).message_count(),
        2 + 2
    );
    assert_eq!(
        om(1, A, 4, &set(&[]), &Strategy::Honest).message_count(),
        3 + 6
    );
    assert_eq!(
        om(2, A, 7, &set(&[]), &Strategy::Honest).message_count(),
        6 + 30 + 120
    );
    for n in 2..=8usize {
        for m in 0..=3usize {
            let mut expected = 0;
            let mut term = 1;
            for k in 0..=m.min(n - 2) {
                term *= n - 1 - k;
                expected += term;
            }
            let outcome = om(m, R, n, &set(&[0, n - 1]), &Strategy::Invert);
            assert_eq!(outcome.message_count(), expected, "n = {n}, m = {m}");
            assert_eq!(message_count(n, m), Some(expected), "n = {n}, m = {m}");
        }
    }
    assert_eq!(message_count(1, 5), Some(0));
    assert_eq!(message_count(usize::MAX, usize::MAX), None);
}

/// The schedule does not depend on values or traitors — the premise of the exhaustive search.
#[test]
fn byzantine_schedule_is_value_independent() {
    let expected = schedule(5, 2);
    for strategy in Strategy::fixed_set(5) {
        for order in [A, R] {
            let outcome = om(2, order, 5, &set(&[0, 3]), &strategy);
            let slots: Vec<Slot> = (outcome.messages.iter())
                .map(|msg| Slot {
                    path: msg.path.clone(),
                    to: msg.to,
                })
                .collect();
            assert_eq!(slots, expected);
            for msg in &outcome.messages {
                assert_eq!(msg.path.last(), Some(&msg.from));
                let sender_loyal = !outcome.traitors.contains(&msg.from);
                assert!(!sender_loyal || msg.value == msg.honest, "{msg:?}");
            }
        }
    }
}

#[test]
fn byzantine_strategy_names_round_trip() {
    for strategy in Strategy::fixed_set(6) {
        let outcome = run_named(6, &[0], &strategy.name(), A).unwrap();
        assert_eq!(outcome, om(1, A, 6, &set(&[0]), &strategy));
    }
    let short = run_named(4, &[0], "split:2", A).unwrap();
    assert_eq!(short.decisions, BTreeMap::from([(1, R), (2, R), (3, R)]));
}

#[test]
fn byzantine_run_named_rejects_bad_input() {
    let err = |n, traitors: &[usize], name: &str| run_named(n, traitors, name, A).unwrap_err();
    assert!(err(0, &[], "honest").contains("at least 2"));
    assert!(err(1, &[], "honest").contains("at least 2"));
    assert!(err(4, &[4], "honest").contains("not a general"));
    assert!(err(4, &[1, 1], "honest").contains("twice"));
    assert!(err(4, &[1], "sneaky").contains("unknown strategy"));
    assert!(err(4, &[1], "").contains("unknown strategy"));
    assert!(err(4, &[1], "split:x").contains("not a number"));
    assert!(err(4, &[1], "split:2:maybe").contains("bad split"));
    assert!(err(4, &[1], "pattern:-1").contains("not a number"));
    assert!(err(4, &[1], "pattern:4").contains("2 slots"));
    assert!(err(40, &[1, 2, 3, 4, 5], "honest").contains("messages"));
    let ok = run_named(4, &[1], "pattern:3", R).unwrap();
    assert_eq!(ok.decisions, BTreeMap::from([(2, R), (3, R)]));
    // Inputs the searches refuse rather than panic on.
    assert!(exhaustive_search(1, 0, 1).is_err());
    assert!(exhaustive_search(3, 4, 1).is_err());
    assert!(fixed_search(usize::MAX, 1, usize::MAX).is_err());
    // No traitors, or everyone a traitor, are fine.
    assert_eq!(exhaustive_search(3, 0, 1).unwrap().cases, 2);
    assert!(agreement(&run_named(2, &[0, 1], "invert", A).unwrap()));
}
