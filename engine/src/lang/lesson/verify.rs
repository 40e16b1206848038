//! Checking a lesson the way a student would take it, twice per task: once doing nothing at
//! that task (its goal must not come true by itself) and once applying its reference solution
//! (its goal must come true). Earlier tasks are solved in both runs, as a student who got there
//! solved them. Every step must say its words in both languages, and every `until` must happen.

use super::goal::{Goal, Start};
use super::model::{Lesson, Until, PATIENCE};
use crate::lang::build::{action_faults, build_with_ids};
use crate::sim::Simulation;
use crate::time::{ms, Micros};

/// What `verify` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The lesson's name.
    pub name: String,
    /// How many steps.
    pub steps: usize,
    /// How many of them are tasks.
    pub tasks: usize,
    /// Everything wrong, one sentence each (empty: the lesson is good).
    pub problems: Vec<String>,
}

impl Verdict {
    /// True if nothing is wrong.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// How often a goal is looked at while a run waits for it.
const LOOK: Micros = ms(5);

/// Run `sim` until `goal` holds (looking every [`LOOK`]) or `limit` passes; when it came true.
fn wait_for(sim: &mut Simulation, limit: Micros, goal: &Goal, start: &Start) -> Option<Micros> {
    let end = sim.now() + limit;
    loop {
        if let Some(at) = goal.met_at(sim, start) {
            return Some(at);
        }
        if sim.now() >= end {
            return None;
        }
        sim.run_until((sim.now() + LOOK).min(end));
    }
}

/// Take the lesson as a student would: every step runs to its `until`, every task is solved
/// by its reference solution, except task `target` (0-based) when `solve` is false. Returns
/// whether `target`'s goal was met within [`PATIENCE`] (with no target: whether the whole
/// lesson could be taken), or `None` when the walk could not get there (a problem is
/// recorded). Each step counts its goals from the instant the previous one ended.
fn walk(
    lesson: &Lesson,
    target: Option<usize>,
    solve: bool,
    problems: &mut Vec<String>,
) -> Option<bool> {
    let (mut sim, ids) = match build_with_ids(&lesson.scenario) {
        Ok(built) => built,
        Err(e) => {
            problems.push(format!("the scenario does not build: {e}"));
            return None;
        }
    };
    let mut mark: Micros = 0;
    let mut task = 0;
    for (i, step) in lesson.steps.iter().enumerate() {
        let n = i + 1;
        match &step.until {
            Until::Here => {}
            Until::Time(t) if *t < sim.now() => {
                problems.push(format!(
                    "step {n} runs until {} ms, which is already past",
                    t / 1000
                ));
                return None;
            }
            Until::Time(t) => {
                sim.run_until(*t);
                mark = *t;
            }
            Until::Goal(goal) => {
                let start = Start {
                    time: mark,
                    ..Start::now(&sim)
                };
                match wait_for(&mut sim, PATIENCE, goal, &start) {
                    Some(at) => mark = at,
                    None => {
                        problems.push(format!("step {n}: `until {goal}` never happens"));
                        return None;
                    }
                }
            }
        }
        let Some(t) = &step.task else { continue };
        let now = sim.now();
        let start = Start::now(&sim);
        if target != Some(task) || solve {
            for action in &t.solution {
                match action_faults(now, action, &ids) {
                    Ok(faults) => faults.into_iter().for_each(|f| sim.schedule(now, f)),
                    Err(e) => {
                        problems.push(format!("step {n}: the solution cannot run: {e}"));
                        return None;
                    }
                }
            }
        }
        let met = wait_for(&mut sim, PATIENCE, &t.goal, &start);
        if target == Some(task) {
            return Some(met.is_some());
        }
        match met {
            Some(at) => mark = at,
            None => {
                problems.push(format!("step {n}: its solution does not meet its goal"));
                return None;
            }
        }
        task += 1;
    }
    Some(true)
}

/// Check one lesson.
pub fn verify(lesson: &Lesson) -> Verdict {
    let mut problems = Vec::new();
    if !lesson.title.complete() {
        problems.push("its title needs both `title en` and `title zh`".to_string());
    }
    if !lesson.summary.complete() {
        problems.push("its summary needs both `summary en` and `summary zh`".to_string());
    }
    let steps = lesson.steps.len();
    if !(3..=10).contains(&steps) {
        problems.push(format!("it has {steps} steps: a lesson has 3 to 10"));
    }
    let mut tasks = 0;
    for (i, step) in lesson.steps.iter().enumerate() {
        let n = i + 1;
        if !step.say.complete() {
            problems.push(format!(
                "step {n} (line {}) needs `say en` and `say zh`",
                step.line
            ));
        }
        if let Some(t) = &step.task {
            tasks += 1;
            if !t.hint.complete() {
                problems.push(format!("task at step {n} needs `hint en` and `hint zh`"));
            }
            if !t.praise.complete() {
                problems.push(format!(
                    "task at step {n} needs `praise en` and `praise zh`"
                ));
            }
            if t.solution.is_empty() {
                problems.push(format!("task at step {n} needs a `solution`"));
            }
        }
    }
    if tasks == 0 {
        problems.push("it has no task: every lesson asks the student to do something".into());
    }
    if problems.is_empty() {
        let mut found = Vec::new();
        walk(lesson, None, true, &mut found);
        for task in 0..tasks {
            match walk(lesson, Some(task), false, &mut found) {
                Some(true) => {
                    problems.push(format!("task {} is met without doing anything", task + 1))
                }
                Some(false) => {}
                None => {}
            }
            match walk(lesson, Some(task), true, &mut found) {
                Some(true) => {}
                Some(false) => problems.push(format!(
                    "task {}: its solution does not meet its goal",
                    task + 1
                )),
                None => {}
            }
        }
        for f in found {
            if !problems.contains(&f) {
                problems.push(f);
            }
        }
    }
    Verdict {
        name: lesson.name.clone(),
        steps,
        tasks,
        problems,
    }
}
