//! The second run of a comparison: another scenario played on the same clock as the page's run
//! (every seek moves both), with its own picture and checkers, read through snapshots like the
//! first.

use engine::scenario::Scenario;
use engine::{CheckRow, ClusterView, Marker, Micros, ScenarioRun};
use std::cell::Ref;
use std::rc::Rc;

use super::RunRef;

/// The snapshots a run is read through, each replaced only when what it shows changed (so a
/// component holding an unchanged one is not drawn again).
pub(super) struct Snapshots<'a> {
    /// The picture.
    pub view: &'a mut Rc<ClusterView>,
    /// The timeline markers explored so far.
    pub markers: &'a mut Rc<Vec<Marker>>,
    /// The checkers' rows.
    pub checks: &'a mut Rc<Vec<CheckRow>>,
}

impl Snapshots<'_> {
    /// Bring them up to `run`'s instant.
    pub(super) fn refresh(self, run: &ScenarioRun) {
        let view = run.view();
        if **self.view != view {
            *self.view = Rc::new(view);
        }
        if run.marker_count() > self.markers.len() {
            *self.markers = Rc::new(run.markers());
        }
        let checks = run.check_rows(self.markers);
        if **self.checks != checks {
            *self.checks = Rc::new(checks);
        }
    }
}

/// One run of a comparison. A clone shares the run (props hand it to components); the state's
/// own copies take [`Side::copy`].
#[derive(Clone, Debug)]
pub struct Side {
    run: RunRef,
    /// Its picture now.
    pub view: Rc<ClusterView>,
    /// Its checkers' rows now.
    pub checks: Rc<Vec<CheckRow>>,
    /// Its timeline markers explored so far.
    pub markers: Rc<Vec<Marker>>,
    /// Its name in the gallery, if it came from there.
    pub title: Option<String>,
}

impl PartialEq for Side {
    fn eq(&self, other: &Self) -> bool {
        self.run == other.run && self.title == other.title
    }
}

impl Side {
    /// A run of `scenario` at `t`.
    pub fn new(scenario: Scenario, title: Option<String>, t: Micros) -> Result<Side, String> {
        let mut run = ScenarioRun::new(scenario).map_err(|e| e.to_string())?;
        run.seek(t);
        let view = Rc::new(run.view());
        let markers = Rc::new(run.markers());
        let checks = Rc::new(run.check_rows(&markers));
        Ok(Side {
            run: RunRef::new(run),
            view,
            checks,
            markers,
            title,
        })
    }

    /// Move it to `t` (the page's clock moved).
    pub fn seek(&mut self, t: Micros) {
        if t == self.run.now() {
            return;
        }
        self.run.mutate().seek(t);
        Snapshots {
            view: &mut self.view,
            markers: &mut self.markers,
            checks: &mut self.checks,
        }
        .refresh(&self.run.get());
    }

    /// A read-only handle on its run.
    pub fn run(&self) -> RunRef {
        self.run.clone()
    }

    /// Its scenario.
    pub fn scenario(&self) -> Ref<'_, Scenario> {
        self.run.scenario()
    }

    /// A copy with its own run.
    pub(super) fn copy(&self) -> Side {
        Side {
            run: self.run.copy(),
            ..self.clone()
        }
    }
}

/// What a run's checkers say in one line: every one holds, or which broke first and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// No checker has broken up to now.
    Holds,
    /// The first checker to break (its name), when, and how many are broken.
    Broken {
        /// The checker that broke first.
        first: String,
        /// When.
        at: Micros,
        /// How many checkers are broken now.
        broken: usize,
    },
}

/// The verdict of `checks`.
pub fn verdict(checks: &[CheckRow]) -> Verdict {
    let first = checks
        .iter()
        .filter_map(|r| r.first.as_ref().map(|(t, _)| (*t, &r.name)))
        .min();
    match first {
        None => Verdict::Holds,
        Some((at, name)) => Verdict::Broken {
            first: name.clone(),
            at,
            broken: checks.iter().filter(|r| !r.ok()).count(),
        },
    }
}
