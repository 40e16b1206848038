//! A lesson being taken: which step, where each step started (Back goes there, and the run
//! replays exactly), what the step waits for, and the task's progress. Pure state, driven by
//! the reducer ([`super::State`]): the engine judges every goal.

use std::collections::BTreeSet;
use std::rc::Rc;

use engine::lesson::{self, Goal, Lesson, Start, Until};
use engine::{secs, Micros};

use super::notice::{Lead, Notice};
use super::{State, SPEEDS};

/// The lessons of the course, in order: (name, text), from `lessons/*.lesson`.
pub const COURSE: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/course.rs"));

/// How long a task waits (in real time) before its hint shows.
pub const HINT_AFTER_MS: f64 = 20_000.0;

/// While a step runs and nothing but heartbeats is on the wire, a frame may jump at most this
/// far ahead (so a session expiring in the quiet is still seen as it happens).
pub const QUIET_JUMP: Micros = secs(1);

/// Where a step is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Running toward its `until`.
    Running,
    /// A task waiting for the student (the run goes on).
    Task,
    /// Arrived (or the task's goal is met): paused, ready for Next.
    Done,
}

/// A lesson being taken.
#[derive(Clone, Debug)]
pub struct LessonState {
    /// The lesson.
    pub lesson: Rc<Lesson>,
    /// Its text (for the share link of a lesson of one's own).
    pub text: Rc<str>,
    /// True for a lesson of the course (its link is by name).
    pub in_course: bool,
    /// The current step (from 0).
    pub step: usize,
    /// When each step so far started, and the instant its goals count from (where the step
    /// before it ended: the very event its `until` waited for).
    pub starts: Vec<(Micros, Micros)>,
    /// Where the current step's wait ended (the next step's goals count from there).
    pub mark: Micros,
    /// The start of what the step waits for (its `until` goal, then its task's goal).
    pub start: Start,
    /// Where the step is.
    pub phase: Phase,
    /// When the task's goal was met.
    pub met: Option<Micros>,
    /// Real time spent on the task so far (for the hint).
    pub waited_ms: f64,
}

impl LessonState {
    /// The current step.
    pub fn current(&self) -> &lesson::Step {
        &self.lesson.steps[self.step]
    }

    /// True on the last step.
    pub fn last(&self) -> bool {
        self.step + 1 == self.lesson.steps.len()
    }

    /// True once the hint should show.
    pub fn hint_due(&self) -> bool {
        self.phase == Phase::Task && self.waited_ms >= HINT_AFTER_MS
    }
}

/// The index into [`SPEEDS`] closest to `factor` (on a log scale).
pub fn speed_near(factor: f64) -> usize {
    let target = factor.max(1e-6).ln();
    (0..SPEEDS.len())
        .min_by(|a, b| {
            let d = |i: &usize| (SPEEDS[*i].ln() - target).abs();
            d(a).total_cmp(&d(b))
        })
        .unwrap_or(0)
}

/// The text of the course's lesson `name`.
pub fn course_text(name: &str) -> Option<&'static str> {
    COURSE.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

impl State {
    /// Open lesson `name` of the course at step `step` (from 0), or a lesson's own `text`.
    pub(super) fn open_lesson(&mut self, name: &str, text: &str, in_course: bool, step: usize) {
        let parsed = match lesson::parse(name, text) {
            Ok(l) => l,
            Err(e) => {
                self.notice = Some(Notice::new(Lead::LessonDoesNotOpen, e.to_string()));
                return;
            }
        };
        let opened = match State::from_scenario(parsed.scenario.clone(), None) {
            Ok(s) => s,
            Err(e) => {
                self.notice = Some(Notice::new(Lead::LessonDoesNotOpen, e));
                return;
            }
        };
        self.replace(opened);
        self.lesson = Some(LessonState {
            lesson: Rc::new(parsed),
            text: Rc::from(text),
            in_course,
            step: 0,
            starts: Vec::new(),
            mark: 0,
            start: self.run.get().goal_start(),
            phase: Phase::Running,
            met: None,
            waited_ms: 0.0,
        });
        self.enter_step(0);
        // A link to a later step: take the steps before it as a student would (solving their
        // tasks), so the run at that step is the one the link means.
        for k in 1..=step.min(self.lesson_len().saturating_sub(1)) {
            self.finish_step_for_link();
            self.enter_step(k);
        }
    }

    fn lesson_len(&self) -> usize {
        self.lesson.as_ref().map_or(0, |l| l.lesson.steps.len())
    }

    /// Run the current step to its end at once (a task by its reference solution).
    fn finish_step_for_link(&mut self) {
        let Some(l) = self.lesson.clone() else { return };
        let step = l.current().clone();
        match &step.until {
            Until::Time(t) => self.seek((*t).max(self.now())),
            Until::Goal(g) => self.run_until_goal(g, l.start),
            Until::Here => {}
        }
        if let Some(task) = &step.task {
            let start = self.run.get().goal_start();
            self.insert(task.solution.clone());
            self.run_until_goal(&task.goal, start);
        }
    }

    fn run_until_goal(&mut self, goal: &Goal, start: Start) {
        let end = self.now() + lesson::PATIENCE;
        while !self.run.get().goal_met(goal, &start) && self.now() < end {
            let next = self.now() + engine::ms(20);
            self.seek(next);
        }
    }

    /// Enter step `k`: remember where it starts; it runs toward its `until` at its pace.
    pub(super) fn enter_step(&mut self, k: usize) {
        let now = self.now();
        let here = self.run.get().goal_start();
        let Some(l) = self.lesson.as_mut() else {
            return;
        };
        let k = k.min(l.lesson.steps.len() - 1);
        let mark = match l.starts.get(k) {
            Some(&(_, mark)) => mark, // back again: count from where it counted first
            None => l.mark.min(now),
        };
        l.step = k;
        l.starts.truncate(k);
        l.starts.push((now, mark));
        l.mark = mark;
        l.start = Start { time: mark, ..here };
        l.met = None;
        l.waited_ms = 0.0;
        l.phase = Phase::Running;
        let pace = l.lesson.pace_of(k);
        self.speed = speed_near(pace);
        self.playing = true;
        self.lesson_progress();
    }

    /// After time moved: has the step arrived, is the task's goal met?
    pub(super) fn lesson_progress(&mut self) {
        let now = self.now();
        let Some(l) = self.lesson.as_mut() else {
            return;
        };
        let step = &l.lesson.steps[l.step];
        if l.phase == Phase::Running {
            let arrived = match &step.until {
                Until::Here => Some(now),
                Until::Time(t) => (now >= *t).then_some(*t),
                Until::Goal(g) => self.run.get().goal_met_at(g, &l.start),
            };
            let Some(at) = arrived else {
                return;
            };
            l.mark = at;
            if step.task.is_some() {
                l.phase = Phase::Task;
                l.start = self.run.get().goal_start();
            } else {
                l.phase = Phase::Done;
                self.playing = false;
            }
        }
        if l.phase == Phase::Task {
            let goal = &step.task.as_ref().expect("a task step").goal;
            if let Some(at) = self.run.get().goal_met_at(goal, &l.start) {
                l.phase = Phase::Done;
                l.met = Some(now);
                l.mark = at;
                self.playing = false;
            }
        }
        if l.phase == Phase::Done && l.step + 1 == l.lesson.steps.len() && l.in_course {
            let name = l.lesson.name.clone();
            if !self.done.contains(&name) {
                let mut done: BTreeSet<String> = (*self.done).clone();
                done.insert(name);
                self.done = Rc::new(done);
            }
        }
    }

    /// How far a frame may go: at most to the step's `until` instant; through a quiet stretch
    /// (nothing but heartbeats on the wire) at once, stopping where something worth seeing is
    /// on its way (the run moves there now).
    pub(super) fn lesson_frame_target(&mut self, target: Micros) -> Micros {
        let Some(l) = &self.lesson else {
            return target;
        };
        let step = l.current();
        let until = match (&step.until, l.phase) {
            (Until::Time(t), Phase::Running) => Some(*t),
            _ => None,
        };
        let quiet = l.phase == Phase::Running
            && self
                .motion
                .in_flight
                .iter()
                .all(|f| f.class == engine::FlightClass::Ping);
        let mut target = target;
        if quiet {
            // Through the quiet at once, but only up to the next thing worth seeing.
            let mut limit = self.now() + QUIET_JUMP;
            if let Some(t) = until {
                limit = limit.min(t.max(self.now()));
            }
            self.run.mutate().skip_quiet(limit);
            target = target.max(self.now());
        }
        match until {
            Some(t) => target.min(t.max(self.now())),
            None => target,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Action, State};
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Play frames (16 ms of real time each) until the step is done or `frames` pass.
    fn play(mut s: State, frames: usize) -> State {
        for _ in 0..frames {
            if s.lesson.as_ref().is_some_and(|l| l.phase == Phase::Done) {
                break;
            }
            if !s.playing {
                s = s.reduce(Action::Play);
            }
            s = s.reduce(Action::Frame(16.0));
        }
        s
    }

    #[test]
    fn the_course_has_every_lesson_and_each_reads() {
        assert!(COURSE.len() >= 16, "{} lessons", COURSE.len());
        for (name, text) in COURSE {
            lesson::parse(name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn a_lesson_runs_step_by_step_and_its_task_is_judged_by_the_engine() {
        let s = State::default().reduce(Action::OpenLesson {
            name: "03-leader-election".into(),
            step: 0,
        });
        let l = s.lesson.as_ref().expect("a lesson");
        assert_eq!((l.step, l.phase), (0, Phase::Running));
        let tasks: Vec<usize> = l
            .lesson
            .steps
            .iter()
            .enumerate()
            .filter(|(_, st)| st.task.is_some())
            .map(|(i, _)| i)
            .collect();
        let first_task = tasks[0];
        // Walk to the first task, each step arriving where it says.
        let mut s = play(s, 5_000);
        while s.lesson.as_ref().unwrap().step < first_task {
            assert_eq!(
                s.lesson.as_ref().unwrap().phase,
                Phase::Done,
                "step arrived"
            );
            s = play(s.reduce(Action::LessonNext), 5_000);
        }
        let l = s.lesson.as_ref().unwrap();
        assert_eq!(l.phase, Phase::Task, "waits for the student");
        // Waiting alone does not meet it.
        let s = play(s, 200);
        assert_eq!(s.lesson.as_ref().unwrap().phase, Phase::Task);
        assert!(s.lesson.as_ref().unwrap().met.is_none());
        // The student crashes the leader: the engine sees a new leader.
        let s = s.reduce(Action::Inject(engine::scenario::Action::Crash(
            engine::scenario::Target::Leader,
        )));
        let s = play(s, 5_000);
        let l = s.lesson.as_ref().unwrap();
        assert_eq!(l.phase, Phase::Done);
        assert!(l.met.is_some());
        assert!(!s.playing, "paused on success");
        // Back replays the step from where it started.
        let start = l.starts[first_task - 1].0;
        let s = s.reduce(Action::LessonBack);
        assert_eq!(s.lesson.as_ref().unwrap().step, first_task - 1);
        assert_eq!(s.now(), start);
    }

    #[test]
    fn a_link_opens_a_lesson_at_its_step_and_a_bad_one_says_why() {
        let s = State::from_link("#lesson=01-coordination&step=3");
        let l = s.lesson.as_ref().expect("opened");
        assert_eq!((l.lesson.name.as_str(), l.step), ("01-coordination", 2));
        assert!(s.now() > 0, "the steps before it were taken");
        let s = State::from_link("#lesson=no-such-lesson");
        assert!(s.lesson.is_none());
        assert!(s
            .notice
            .unwrap()
            .text(crate::text::Lang::En)
            .contains("no-such-lesson"));
        // A lesson of one's own, by its text.
        let text = course_text("01-coordination").unwrap();
        let s = State::from_link(&format!("#{}", engine::lesson::encode(text)));
        assert!(s.lesson.as_ref().is_some_and(|l| !l.in_course));
    }

    #[test]
    fn quiet_stretches_are_skipped_but_not_past_the_step() {
        let s = State::default().reduce(Action::OpenLesson {
            name: "08-crashed-or-slow".into(),
            step: 0,
        });
        let until = match &s.lesson.as_ref().unwrap().current().until {
            Until::Time(t) => *t,
            _ => return,
        };
        let s = play(s, 2_000);
        assert!(s.now() <= until.max(s.now()));
        assert_eq!(s.lesson.as_ref().unwrap().phase, Phase::Done);
        assert_eq!(s.now(), until, "stops exactly at its instant");
    }

    /// While a step runs, something worth seeing happens at least every 2 s of real time, at
    /// the lesson's pace (a message other than a heartbeat on the wire, a server's role or a
    /// client's state changing), until the step arrives. Native only: it takes every step of
    /// every lesson.
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn every_step_shows_something_within_two_seconds() {
        let picture = |s: &State| {
            let roles: Vec<_> = s.view.servers.iter().map(|v| v.role).collect();
            let clients: Vec<_> = s.view.clients.iter().map(|c| c.state).collect();
            (roles, clients)
        };
        for (name, _) in COURSE {
            let mut s = State::default().reduce(Action::OpenLesson {
                name: name.to_string(),
                step: 0,
            });
            let steps = s.lesson.as_ref().unwrap().lesson.steps.len();
            for k in 0..steps {
                let mut last = picture(&s);
                let mut quiet = 0.0;
                let mut frames = 0;
                while s.lesson.as_ref().unwrap().phase == Phase::Running && frames < 50_000 {
                    s = s.reduce(Action::Frame(16.0));
                    frames += 1;
                    let busy = s
                        .motion
                        .in_flight
                        .iter()
                        .any(|f| f.class != engine::FlightClass::Ping);
                    let now = picture(&s);
                    quiet = if busy || now != last {
                        0.0
                    } else {
                        quiet + 16.0
                    };
                    last = now;
                    assert!(
                        quiet <= 2_000.0,
                        "{name} step {}: nothing happens for 2 s (at {} µs)",
                        k + 1,
                        s.now()
                    );
                }
                s.finish_step_for_link();
                if k + 1 < steps {
                    s.enter_step(k + 1);
                }
            }
        }
    }

    #[test]
    fn speeds_near_a_pace() {
        assert_eq!(SPEEDS[speed_near(0.2)], 0.2);
        assert_eq!(SPEEDS[speed_near(0.3)], 0.2);
        assert_eq!(SPEEDS[speed_near(4.0)], 5.0);
    }
}
