//! What a lesson is made of.

use super::Goal;
use crate::ids::ServerId;
use crate::lang::scenario::{Action, Scenario};
use crate::observe::FlightClass;
use crate::time::{secs, Micros};

/// A lesson's playback speed unless it says otherwise: a 10 ms message crosses in a twentieth
/// of a second... at 0.2×, 50 ms of wall time, visible, and an election fits in two seconds.
pub const DEFAULT_PACE: f64 = 0.2;

/// How long (simulated) a task waits for its goal before `verify` says the solution failed,
/// and an `until GOAL` step runs at most.
pub const PATIENCE: Micros = secs(60);

/// Words in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    /// English.
    pub en: String,
    /// Simplified Chinese.
    pub zh: String,
}

impl Text {
    /// True if both languages are there.
    pub fn complete(&self) -> bool {
        !self.en.trim().is_empty() && !self.zh.trim().is_empty()
    }

    /// True if neither language is there.
    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.zh.is_empty()
    }
}

/// What a step points at on the map (everything else is dimmed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Highlight {
    /// One server.
    Server(ServerId),
    /// Whichever server leads.
    Leader,
    /// A client, by name.
    Client(String),
    /// The messages of one class (votes, broadcast, …).
    Messages(FlightClass),
    /// A znode, by path (in the inspector's tree and the lock queue).
    Znode(String),
    /// The queue of a lock (or election), by its parent node.
    Queue(String),
}

/// How far a step runs the simulation before it pauses.
#[derive(Clone, Debug, PartialEq)]
pub enum Until {
    /// Not at all: the step is read where the previous one stopped.
    Here,
    /// To this instant.
    Time(Micros),
    /// Until the goal holds (counted from the step's start), for at most [`PATIENCE`].
    Goal(Goal),
}

/// A task: the student acts, the engine checks.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    /// What must become true after the task starts.
    pub goal: Goal,
    /// Shown when the student has not got there after a while.
    pub hint: Text,
    /// Shown when the goal is met: praise and what it shows.
    pub praise: Text,
    /// The reference solution: scenario actions, done at the task's start.
    pub solution: Vec<Action>,
}

/// One step of a lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// The line it starts on.
    pub line: usize,
    /// What it says.
    pub say: Text,
    /// What it points at.
    pub show: Vec<Highlight>,
    /// How far it runs.
    pub until: Until,
    /// Its playback speed (the lesson's otherwise).
    pub pace: Option<f64>,
    /// The task, for a task step.
    pub task: Option<Task>,
}

/// A lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    /// Its name (the file's stem: `03-message-delay`), used in links.
    pub name: String,
    /// Its title.
    pub title: Text,
    /// One line for the course list.
    pub summary: Text,
    /// Its playback speed.
    pub pace: f64,
    /// The run it narrates.
    pub scenario: Scenario,
    /// Its steps, in order.
    pub steps: Vec<Step>,
}

impl Lesson {
    /// The playback speed of step `i`.
    pub fn pace_of(&self, i: usize) -> f64 {
        self.steps.get(i).and_then(|s| s.pace).unwrap_or(self.pace)
    }
}
