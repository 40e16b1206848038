//! The invariant panel's rows: every checker with its verdict so far. The Zab checkers are
//! always listed; a recipe checker once a program runs (mutual exclusion) or once it broke.

use crate::observe::history::{Marker, MarkerKind};
use crate::present::detail::ZAB_INVARIANTS;
use crate::sim::Simulation;
use crate::time::Micros;

/// The recipe checkers listed as soon as a program runs (the others appear when they break).
pub const RECIPE_CHECKERS: [&str; 1] = ["mutual-exclusion"];

/// Which checkers a row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFamily {
    /// The protocol's invariants (Zab).
    Zab,
    /// The recipes' invariants (mutual exclusion, one master, at most once, no lost task).
    Recipe,
}

/// One checker and what it found so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckRow {
    /// The checker's name (`committed-prefix`, `mutual-exclusion`, …).
    pub name: String,
    /// Zab or recipe.
    pub family: CheckFamily,
    /// How many violations so far.
    pub count: usize,
    /// The first violation: when, and what.
    pub first: Option<(Micros, String)>,
    /// For a checker that holds so far: when it breaks later in the run, if the user has
    /// already been there.
    pub later: Option<Micros>,
}

impl CheckRow {
    /// True while it holds.
    pub fn ok(&self) -> bool {
        self.count == 0
    }
}

fn row<'a>(rows: &'a mut Vec<CheckRow>, name: &str, family: CheckFamily) -> &'a mut CheckRow {
    let i = match rows.iter().position(|r| r.name == name) {
        Some(i) => i,
        None => {
            rows.push(CheckRow {
                name: name.to_string(),
                family,
                count: 0,
                first: None,
                later: None,
            });
            rows.len() - 1
        }
    };
    &mut rows[i]
}

fn broken(rows: &mut Vec<CheckRow>, name: &str, family: CheckFamily, time: Micros, detail: &str) {
    let r = row(rows, name, family);
    r.count += 1;
    if r.first.as_ref().is_none_or(|(t, _)| time < *t) {
        r.first = Some((time, detail.to_string()));
    }
}

impl Simulation {
    /// Every checker's row now; `explored` are timeline markers of the whole run seen so far
    /// (also after now), for [`CheckRow::later`].
    pub fn check_rows(&self, explored: &[Marker]) -> Vec<CheckRow> {
        let mut rows = Vec::new();
        for i in ZAB_INVARIANTS {
            row(&mut rows, i.name(), CheckFamily::Zab);
        }
        if self.client_ids().any(|c| self.program(c).is_some()) {
            for name in RECIPE_CHECKERS {
                row(&mut rows, name, CheckFamily::Recipe);
            }
        }
        for v in self.violations() {
            broken(
                &mut rows,
                v.invariant.name(),
                CheckFamily::Zab,
                v.time,
                &v.detail,
            );
        }
        for v in self.recipe_violations() {
            broken(
                &mut rows,
                v.invariant,
                CheckFamily::Recipe,
                v.time,
                &v.detail,
            );
        }
        let now = self.now();
        for m in explored
            .iter()
            .filter(|m| m.kind == MarkerKind::Violation && m.time > now)
        {
            let name = m.text.split(':').next().unwrap_or("");
            if let Some(r) = rows.iter_mut().find(|r| r.name == name && r.ok()) {
                r.later = Some(r.later.map_or(m.time, |t| t.min(m.time)));
            }
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zab_violations_group_by_checker_and_later_ones_are_announced() {
        use crate::server::Bug;
        use crate::sim::{Fault, SimConfig, Target};
        use crate::time::{ms, secs};
        // The leader commits without a quorum, then a majority elects without it (as in
        // engine/tests/checkers.rs): committed durability breaks.
        let mut cfg = SimConfig::new(3, 22);
        cfg.ensemble.bugs.insert(Bug::CommitWithoutQuorum);
        let mut sim = Simulation::new(cfg);
        sim.run_until(secs(1));
        let leader = sim.leader().unwrap();
        let others: Vec<_> = sim
            .config()
            .all()
            .filter(|s| *s != leader)
            .map(crate::ids::ProcessId::Server)
            .collect();
        sim.schedule(
            secs(1),
            Fault::Partition(vec![vec![crate::ids::ProcessId::Server(leader)], others]),
        );
        sim.schedule(secs(1) + ms(1), Fault::Write(Target::Server(leader), 1));
        // As engine/tests/checkers.rs: the leader dies with its lone commit; the majority,
        // healed, elects without it.
        sim.schedule(secs(2), Fault::Crash(Target::Server(leader)));
        sim.schedule(secs(2), Fault::Heal);
        sim.run_until(secs(30));
        assert!(!sim.violations().is_empty(), "the bug is caught");
        let markers: Vec<Marker> = sim.history().markers.iter().cloned().collect();
        let rows = sim.check_rows(&markers);
        let broken: Vec<&CheckRow> = rows.iter().filter(|r| !r.ok()).collect();
        assert!(!broken.is_empty());
        for r in &broken {
            let first = sim
                .violations()
                .iter()
                .find(|v| v.invariant.name() == r.name)
                .unwrap();
            assert_eq!(r.first.as_ref().unwrap().0, first.time);
            assert_eq!(r.family, CheckFamily::Zab);
        }
        // At an instant before the first violation, the explored markers announce it.
        let first = sim.violations()[0].clone();
        let mut early = Simulation::new({
            let mut cfg = SimConfig::new(3, 22);
            cfg.ensemble.bugs.insert(Bug::CommitWithoutQuorum);
            cfg
        });
        early.run_until(ms(500));
        let rows = early.check_rows(&markers);
        let row = rows
            .iter()
            .find(|r| r.name == first.invariant.name())
            .unwrap();
        assert!(row.ok());
        assert_eq!(row.later, Some(first.time));
    }
}
