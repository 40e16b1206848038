//! The double barrier (R7) and configuration watched by every client (W1, W3).

use engine::build_with_ids;
use engine::scenario;
use engine::Simulation;
use engine::{secs, Micros};
use engine::{DONE_WORK, ENTERS, LEAVES};

fn run(text: &str, until: Micros) -> (Simulation, engine::ClientIds) {
    let (mut sim, ids) = build_with_ids(&scenario::parse(text).unwrap()).unwrap();
    sim.run_until(until);
    (sim, ids)
}

/// When each client first wrote a note starting with `prefix`.
fn times(sim: &Simulation, prefix: &str) -> Vec<(String, Micros)> {
    let mut out: Vec<(String, Micros)> = Vec::new();
    for n in sim.program_notes() {
        let who = sim.client_name(n.client).to_string();
        if n.text.starts_with(prefix) && !out.iter().any(|(w, _)| *w == who) {
            out.push((who, n.time));
        }
    }
    out
}

/// R7: four clients arrive 700ms apart at a barrier for four, each working a different time.
/// Nobody enters before the fourth has joined, and nobody leaves before the last has finished
/// its work; then all leave and the barrier is empty.
#[test]
fn r7_double_barrier_enter_together_leave_together() {
    for seed in [1, 2, 3] {
        let mut text = format!("seed {seed}\nensemble servers=3\n");
        for i in 1..=4 {
            text += &format!("client c{i} timeout=4s\n");
        }
        for i in 1..=4u64 {
            let arrive = 1300 + 700 * i;
            let work = 300 * i;
            text += &format!("at {arrive}ms c{i} runs double-barrier size=4 work={work}ms\n");
        }
        text += "run 12s\n";
        let (sim, _) = run(&text, secs(12));
        let joined = times(&sim, "joins");
        let entered = times(&sim, ENTERS);
        let done = times(&sim, DONE_WORK);
        let left = times(&sim, LEAVES);
        assert_eq!(
            (joined.len(), entered.len(), done.len(), left.len()),
            (4, 4, 4, 4)
        );
        let last_join = joined.iter().map(|x| x.1).max().unwrap();
        let first_enter = entered.iter().map(|x| x.1).min().unwrap();
        assert!(
            first_enter >= last_join,
            "entered at {first_enter} before {last_join}"
        );
        let last_done = done.iter().map(|x| x.1).max().unwrap();
        let first_leave = left.iter().map(|x| x.1).min().unwrap();
        assert!(
            first_leave >= last_done,
            "left at {first_leave} before {last_done}"
        );
        for s in sim.servers() {
            let kids = s.state().tree.get_children("/dbarrier").unwrap();
            assert_eq!(kids, ["ready"], "{}", s.id());
        }
        println!(
            "seed {seed}: double barrier: last join {}ms, first enter {}ms; last done {}ms, first leave {}ms",
            last_join / 1000,
            first_enter / 1000,
            last_done / 1000,
            first_leave / 1000
        );
    }
}

/// Four watchers and a writer setting `/config` 10 times, 30ms apart: each watcher's versions
/// only grow and its last is the final version, 10. Also with watcher d cut off from every
/// server during the updates, long enough to notice (its read timeout is 4s) but not to expire
/// (6s): it reconnects, reads again, and skips straight to the final version.
#[test]
fn config_every_watcher_sees_the_final_version_in_order() {
    for (seed, cut) in [(1, false), (2, false), (3, true), (4, true)] {
        let mut text = format!("seed {seed}\nensemble servers=3\n");
        for c in ["setter", "a", "b", "c", "d"] {
            text += &format!("client {c} timeout=6s\n");
        }
        for c in ["a", "b", "c", "d"] {
            text += &format!("at 1.5s {c} runs config-watch\n");
        }
        text += "at 2s setter runs config-set count=10 every=30ms\n";
        if cut {
            text += "at 2.1s partition d | s1,s2,s3\nat 6.8s heal\n";
        }
        text += "run 12s\n";
        let (sim, ids) = run(&text, secs(12));
        for c in ["a", "b", "c", "d"] {
            let seen = sim.program(ids[c]).unwrap().config_versions();
            assert!(seen.windows(2).all(|w| w[0] < w[1]), "{c}: {seen:?}");
            assert_eq!(seen.last(), Some(&10), "{c}: {seen:?}");
            if cut && c == "d" {
                assert!(seen.len() < 11, "{seen:?}");
            }
            println!("seed {seed}: {c} saw versions {seen:?}");
        }
    }
}
