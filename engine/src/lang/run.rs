//! A scenario being watched: its text model and its [`Timeline`] together. This is the API the
//! web app drives: play, seek, fork with new actions. A fork appends the new actions to the
//! scenario as timed actions (and drops the ones after now), so the forked run is itself a
//! scenario, and its share link replays it.

use super::build::{action_faults, build_with_ids, BuildError, ClientIds};
use crate::lang::scenario::{Action, Scenario, TimedAction};
use crate::sim::timeline::Timeline;
use crate::sim::Simulation;
use crate::time::Micros;

/// A scenario and its run.
#[derive(Clone, Debug)]
pub struct ScenarioRun {
    scenario: Scenario,
    ids: ClientIds,
    timeline: Timeline,
}

impl ScenarioRun {
    /// Start watching `scenario` at time 0.
    pub fn new(scenario: Scenario) -> Result<Self, BuildError> {
        let (sim, ids) = build_with_ids(&scenario)?;
        Ok(ScenarioRun {
            scenario,
            ids,
            timeline: Timeline::with_defaults(sim),
        })
    }

    /// The scenario as it stands (with every fork's actions).
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The simulation at the current instant.
    pub fn sim(&self) -> &Simulation {
        self.timeline.current()
    }

    /// The current instant.
    pub fn now(&self) -> Micros {
        self.timeline.now()
    }

    /// Go to instant `t` (forwards or backwards).
    pub fn seek(&mut self, t: Micros) {
        self.timeline.seek(t);
    }

    /// Go forward towards `t`, processing at most `budget` events (a frame of a busy run stops
    /// short rather than make the page wait); true if `t` was reached. Backwards, it seeks.
    pub fn advance_within(&mut self, t: Micros, budget: usize) -> bool {
        if t < self.now() {
            self.seek(t);
            return true;
        }
        self.timeline.advance_within(t, budget)
    }

    /// Process one more event.
    pub fn step(&mut self) -> bool {
        self.timeline.step()
    }

    /// Keep everything up to now, drop the scenario's actions after now, and add `actions`
    /// (an action timed in the past happens now). The scenario is rewritten to match.
    pub fn fork(&mut self, actions: Vec<(Micros, Action)>) -> Result<(), BuildError> {
        self.rewrite(actions, true)
    }

    /// Keep everything, the scenario's later actions too, and add `actions` (an action timed in
    /// the past happens now): a fault put in while the script goes on. The scenario is rewritten
    /// to match: the new actions come after those already done at their instant.
    pub fn insert(&mut self, actions: Vec<(Micros, Action)>) -> Result<(), BuildError> {
        self.rewrite(actions, false)
    }

    fn rewrite(
        &mut self,
        actions: Vec<(Micros, Action)>,
        drop_future: bool,
    ) -> Result<(), BuildError> {
        let now = self.now();
        let mut faults = Vec::new();
        let mut timed = Vec::new();
        for (t, action) in actions {
            let t = t.max(now);
            faults.extend(
                action_faults(t, &action, &self.ids)?
                    .into_iter()
                    .map(|f| (t, f)),
            );
            timed.push(TimedAction { time_us: t, action });
        }
        if drop_future {
            self.scenario.actions.retain(|a| a.time_us <= now);
            self.scenario.actions.extend(timed);
            self.timeline.fork(faults);
        } else {
            for a in timed {
                let at = self
                    .scenario
                    .actions
                    .partition_point(|b| b.time_us <= a.time_us);
                self.scenario.actions.insert(at, a);
            }
            self.timeline.insert(faults);
        }
        self.scenario.run_until_us = self.scenario.run_until_us.max(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::scenario::{parse, Target};
    use crate::time::secs;

    const TEXT: &str = "seed 3\nensemble servers=3\nclient c1\nat 1s c1 create /a x\nat 5s crash leader\nrun 20s\n";

    /// A fork's scenario, run from scratch, reaches exactly the state the fork reached.
    #[test]
    fn a_forked_run_is_itself_a_scenario_that_replays_it() {
        let mut run = ScenarioRun::new(parse(TEXT).unwrap()).unwrap();
        run.seek(secs(3));
        run.fork(vec![(
            secs(4),
            Action::Crash(Target::Server(crate::ids::ServerId(1))),
        )])
        .unwrap();
        run.seek(secs(20));
        let forked = run.sim().trace().hash_hex();
        let text = crate::lang::scenario::print(run.scenario());
        assert!(!text.contains("crash leader"), "{text}");
        assert!(text.contains("at 4s crash s1"), "{text}");
        let mut again = ScenarioRun::new(parse(&text).unwrap()).unwrap();
        again.seek(secs(20));
        assert_eq!(again.sim().trace().hash_hex(), forked);
    }

    /// An insert keeps the script: the scenario with the new action, run from scratch, reaches
    /// exactly the state the live run reached.
    #[test]
    fn an_inserted_action_keeps_the_script_and_replays_from_its_text() {
        let mut run = ScenarioRun::new(parse(TEXT).unwrap()).unwrap();
        run.seek(secs(3));
        let write = Action::ClientCommand {
            client: "c1".into(),
            text: "create /b y".into(),
        };
        run.insert(vec![(secs(3), write)]).unwrap();
        run.seek(secs(20));
        let live = run.sim().trace().hash_hex();
        let text = crate::lang::scenario::print(run.scenario());
        assert!(text.contains("crash leader"), "the script goes on: {text}");
        assert!(text.contains("at 3s c1 create /b y"), "{text}");
        let mut again = ScenarioRun::new(parse(&text).unwrap()).unwrap();
        again.seek(secs(20));
        assert_eq!(again.sim().trace().hash_hex(), live);
        assert!(run
            .sim()
            .trace()
            .lines()
            .any(|l| l.text().contains("crash")));
    }

    #[test]
    fn fork_refuses_an_unknown_client_without_changing_anything() {
        let mut run = ScenarioRun::new(parse(TEXT).unwrap()).unwrap();
        run.seek(secs(2));
        let bad = Action::ClientCrash("nobody".into());
        assert!(run.fork(vec![(secs(3), bad)]).is_err());
        assert_eq!(run.scenario(), &parse(TEXT).unwrap());
    }
}
