//! The worker and the task submitter of the master–worker application (R11, the book's
//! `Worker.java` and `Client.java`).
//!
//! A [`Worker`] creates PERSISTENT `/assign/<name>` and then EPHEMERAL `/workers/<name>` (in that
//! order, so a master that sees the worker can assign to it), lists `/assign/<name>` with a
//! watch, and runs its assignments one at a time: it reads the assignment (its czxid is the
//! task's fencing token), works for `work`, executes the task on the resource (`Execute`), then
//! reports.
//!
//! Unfenced (the book's example of how exactly-once breaks) it executes whatever it was given
//! and afterwards creates `/status/<task>` and deletes the assignment. A worker that is only
//! slow (a GC pause beyond its session timeout) loses its ephemeral node, the master gives the
//! task to another worker, and when the slow one wakes up it executes the task a second time.
//!
//! Fenced, it first *claims* the task with `multi(delete /assign/<name>/<task> version=V,
//! create /status/<task>)`, V being the version it read: conditional on the assignment it saw
//! still being there. The master's reassignment deletes the same node, so exactly one of the
//! two succeeds: either this worker executes the task or the next one does, never both. The
//! resource also fences each task by the assignment's czxid. (The price is at-most-once: a
//! worker that dies between its claim and its execution leaves a claimed task undone.)
//!
//! Every second a worker also reconciles (as real workers do, since an answer can be lost with
//! a connection): it registers again if its registration never went through, lists its
//! assignments again, and restarts a job whose last op has gone unanswered for three sweeps
//! (a claim is then checked through `/status/<task>`, never simply sent again).
//!
//! A [`Submitter`] creates `count` tasks `/tasks/task-NNNNNNNNNN` (PERSISTENT_SEQUENTIAL), one
//! every `every`, and reports each to the resource (`Submit`) so the end-of-run check knows
//! which tasks must have a status.

use super::contract::{recipe_basics, Fx, Recipe, Session};
use super::master::create_parents;
use super::ops;
use super::ResourceAct;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::{CreateMode, ErrorCode, Op};
use crate::watches::{EventType, ReadKind, WatchEvent};
use std::collections::BTreeSet;

/// Why a worker (or a submitter) asked for an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Creating a parent of the application.
    Parent,
    /// Creating its assignment node.
    AssignDir,
    /// Registering (its ephemeral `/workers/NAME`).
    Register,
    /// Listing its assignments.
    List,
    /// Reading an assignment.
    Get(String),
    /// Claiming a task (fenced).
    Claim(String),
    /// Reporting a task's status (unfenced).
    Status(String),
    /// Deleting a done assignment (unfenced).
    Done(String),
    /// Reading a task's status to learn whether a lost claim held.
    Check(String),
    /// Submitting a task.
    Task,
}

/// A worker's (or a submitter's) timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// Time to reconcile.
    Sweep,
    /// The work on the current task is done.
    Work,
    /// Time to submit the next task.
    Next,
}

/// How often a worker reconciles.
const SWEEP: Micros = 1_000_000;
/// Sweeps without an answer before a job's op is tried again.
const STALLED: u32 = 3;

/// Where a worker is with its current task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    /// Reading the assignment (its czxid is the task's token).
    Reading,
    /// The read failed with the connection: read again after reconnecting.
    ReadLost,
    /// Its claim is on its way (fenced).
    Claiming,
    /// The claim's answer was lost: learn from `/status/<task>` whether it held.
    ClaimUnsure,
    /// Working: the work timer runs.
    Working,
}

/// The task a worker is on.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Job {
    task: String,
    /// The assignment's czxid, once read.
    token: Option<u64>,
    step: Step,
    /// Sweeps since its last answer.
    stalls: u32,
}

/// A worker (R11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Worker {
    name: String,
    work: Micros,
    fenced: bool,
    /// Assignments seen, in the order seen.
    seen: BTreeSet<String>,
    queue: Vec<String>,
    job: Option<Job>,
    /// Unfenced: executed tasks whose report (status, delete) has not been answered yet.
    unreported: Vec<String>,
    registered: bool,
    session: Session,
}

impl Worker {
    /// Worker `name`, spending `work` on each task.
    pub fn new(name: &str, work: Micros, fenced: bool) -> Self {
        Worker {
            name: name.to_string(),
            work,
            fenced,
            seen: BTreeSet::new(),
            queue: vec![],
            job: None,
            unreported: vec![],
            registered: false,
            session: Session::default(),
        }
    }

    /// The task it is on (reading, claiming or working), if any.
    pub fn busy_with(&self) -> Option<&str> {
        self.job.as_ref().map(|j| j.task.as_str())
    }

    /// Whether it claims before executing and its executions are fenced.
    pub fn fenced(&self) -> bool {
        self.fenced
    }

    fn dir(&self) -> String {
        format!("/assign/{}", self.name)
    }

    fn register(&mut self, fx: &mut Fx<Self>) {
        let path = format!("/workers/{}", self.name);
        fx.op(
            Purpose::Register,
            "create",
            ops::create(path, vec![], CreateMode::Ephemeral),
        );
    }

    fn list(&mut self, fx: &mut Fx<Self>) {
        fx.op(
            Purpose::List,
            "ls",
            ops::read(ReadKind::GetChildren, self.dir(), true),
        );
    }

    /// Start on the next queued assignment, if idle.
    fn next(&mut self, fx: &mut Fx<Self>) {
        if self.job.is_some() || self.session.lost() || self.queue.is_empty() {
            return;
        }
        let task = self.queue.remove(0);
        self.job = Some(Job {
            task: task.clone(),
            token: None,
            step: Step::Reading,
            stalls: 0,
        });
        self.read(&task, fx);
    }

    fn read(&mut self, task: &str, fx: &mut Fx<Self>) {
        if let Some(job) = &mut self.job {
            job.step = Step::Reading;
        }
        let op = ops::read(ReadKind::GetData, format!("{}/{task}", self.dir()), false);
        fx.op(Purpose::Get(task.to_string()), "get", op);
    }

    fn start_work(&mut self, fx: &mut Fx<Self>) {
        let Some(job) = self.job.as_mut().filter(|j| j.step != Step::Working) else {
            return;
        };
        job.step = Step::Working;
        fx.note(format!("works on {}", job.task));
        fx.timer(Timer::Work, self.work);
    }

    fn drop_job(&mut self, why: &str, fx: &mut Fx<Self>) {
        if let Some(job) = self.job.take() {
            fx.note(format!("drops {} ({why})", job.task));
        }
        self.next(fx);
    }

    /// Claim: conditional on the assignment still being the version it read.
    fn claim(&mut self, task: &str, version: i32, fx: &mut Fx<Self>) {
        if let Some(job) = &mut self.job {
            job.step = Step::Claiming;
        }
        let op = ops::multi(vec![
            Op::Delete {
                path: format!("{}/{task}", self.dir()),
                version,
            },
            Op::Create {
                path: format!("/status/{task}"),
                data: self.name.clone().into_bytes(),
                mode: CreateMode::Persistent,
            },
        ]);
        fx.op(Purpose::Claim(task.to_string()), "multi", op);
    }

    /// Did our claim of `task` go through? Read `/status/<task>`.
    fn check_claim(&mut self, task: &str, fx: &mut Fx<Self>) {
        if let Some(job) = &mut self.job {
            job.step = Step::ClaimUnsure;
        }
        let op = ops::read(ReadKind::GetData, format!("/status/{task}"), false);
        fx.op(Purpose::Check(task.to_string()), "get", op);
    }

    /// Unfenced: create `/status/<task>` and delete the assignment (again after a reconnect
    /// if the answers were lost).
    fn report(&mut self, task: &str, fx: &mut Fx<Self>) {
        let op = ops::create(
            format!("/status/{task}"),
            self.name.clone().into_bytes(),
            CreateMode::Persistent,
        );
        fx.op(Purpose::Status(task.to_string()), "create", op);
        let op = ops::delete(format!("{}/{task}", self.dir()));
        fx.op(Purpose::Done(task.to_string()), "delete", op);
    }

    /// The work is done: execute the task on the resource. This happens even if the session
    /// died meanwhile: the work was under way, and nothing told the worker to stop.
    fn finish(&mut self, fx: &mut Fx<Self>) {
        let Some(job) = self.job.take_if(|j| j.step == Step::Working) else {
            return;
        };
        fx.note(format!("executes {}", job.task));
        fx.act(ResourceAct::Execute {
            worker: self.name.clone(),
            task: job.task.clone(),
            token: job.token.unwrap_or(0),
        });
        if !self.fenced && !self.session.lost() {
            self.unreported.push(job.task.clone());
            self.report(&job.task, fx);
        }
        self.next(fx);
    }

    /// Reconcile (see the module comment), unless disconnected.
    fn sweep(&mut self, fx: &mut Fx<Self>) {
        fx.timer(Timer::Sweep, SWEEP);
        if !self.session.live() {
            return;
        }
        if !self.registered {
            self.register(fx);
        }
        self.list(fx);
        let Some(job) = self.job.as_mut().filter(|j| j.step != Step::Working) else {
            return;
        };
        job.stalls += 1;
        if job.stalls < STALLED {
            return;
        }
        job.stalls = 0;
        let task = job.task.clone();
        match job.step {
            Step::Claiming | Step::ClaimUnsure => self.check_claim(&task, fx),
            _ => self.read(&task, fx),
        }
    }
}

impl Recipe for Worker {
    recipe_basics!(guarded);

    /// Its work in progress finishes even after its session is gone.
    fn outlives_session(timer: &Timer) -> bool {
        *timer == Timer::Work
    }

    /// Create the parents, its assignment node, register, list its assignments.
    fn start(&mut self, fx: &mut Fx<Self>) {
        create_parents(Purpose::Parent, fx);
        let op = ops::create(self.dir(), vec![], CreateMode::Persistent);
        fx.op(Purpose::AssignDir, "create", op);
        self.register(fx);
        self.list(fx);
        fx.timer(Timer::Sweep, SWEEP);
    }

    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        let current = self.job.as_ref().map(|j| j.task.clone());
        let task = match &purpose {
            Purpose::Get(t) | Purpose::Claim(t) | Purpose::Check(t) => Some(t.clone()),
            _ => None,
        };
        let mine = task.is_some() && task == current;
        let step = self.job.as_ref().map(|j| j.step);
        if let Some(job) = self.job.as_mut().filter(|_| mine) {
            job.stalls = 0;
        }
        let working = step == Some(Step::Working);
        match (purpose, outcome) {
            (Purpose::Register, Outcome::Created(_)) if !self.registered => {
                self.registered = true;
                fx.note("registered");
            }
            (Purpose::Register, Outcome::Error(ErrorCode::NodeExists)) => self.registered = true,
            (Purpose::Done(t), Outcome::Deleted | Outcome::Error(ErrorCode::NoNode)) => {
                self.unreported.retain(|u| *u != t);
            }
            (Purpose::List, Outcome::Children(kids)) => {
                let mut kids = kids.clone();
                kids.sort();
                for k in kids {
                    if self.seen.insert(k.clone()) {
                        self.queue.push(k);
                    }
                }
                self.next(fx);
            }
            (Purpose::Get(task), Outcome::Data { stat, .. }) if mine => {
                if let Some(job) = &mut self.job {
                    job.token = Some(stat.czxid);
                }
                if self.fenced {
                    self.claim(&task, stat.version, fx);
                } else {
                    self.start_work(fx);
                }
            }
            (Purpose::Get(_), Outcome::Error(ErrorCode::NoNode)) if mine => {
                self.drop_job("assignment gone", fx)
            }
            (Purpose::Claim(_), o) if mine && ops::multi_ok(o) => self.start_work(fx),
            (Purpose::Claim(_), Outcome::Multi(_)) if mine && !working => {
                self.drop_job("claim refused", fx)
            }
            (Purpose::Claim(_), _) if mine && step == Some(Step::Claiming) => {
                if let Some(job) = &mut self.job {
                    job.step = Step::ClaimUnsure;
                }
            }
            (Purpose::Check(_), Outcome::Data { data, .. }) if mine => {
                if data == self.name.as_bytes() {
                    self.start_work(fx); // the lost claim did go through
                } else if !working {
                    self.drop_job("claimed by another", fx);
                }
            }
            (Purpose::Check(task), Outcome::Error(ErrorCode::NoNode)) if mine && !working => {
                self.read(&task, fx)
            }
            (Purpose::Get(_), _) if mine && step == Some(Step::Reading) => {
                if let Some(job) = &mut self.job {
                    job.step = Step::ReadLost;
                }
            }
            _ => {} // failures are retried after the reconnect
        }
    }

    /// A watch fired: its assignments changed.
    fn watch(&mut self, ev: &WatchEvent, fx: &mut Fx<Self>) {
        if ev.kind == EventType::NodeChildrenChanged && ev.path == self.dir() {
            self.list(fx);
        }
    }

    fn timer(&mut self, timer: Timer, fx: &mut Fx<Self>) {
        match timer {
            Timer::Sweep => self.sweep(fx),
            Timer::Work => self.finish(fx),
            Timer::Next => {}
        }
    }

    /// After a reconnect, list again and resume a job whose op was lost.
    fn resumed(&mut self, fx: &mut Fx<Self>) {
        if !self.registered {
            self.register(fx);
        }
        self.list(fx);
        for t in self.unreported.clone() {
            self.report(&t, fx);
        }
        let Some(job) = &self.job else { return };
        let task = job.task.clone();
        match job.step {
            Step::ClaimUnsure => self.check_claim(&task, fx),
            Step::ReadLost => self.read(&task, fx),
            _ => {}
        }
    }

    fn lost(&mut self, fx: &mut Fx<Self>) {
        fx.note("session lost");
    }
}

/// A client submitting tasks (R11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submitter {
    name: String,
    pace: ops::Pace,
}

impl Submitter {
    /// Client `name` submitting `count` tasks, one every `every`.
    pub fn new(name: &str, count: u64, every: Micros) -> Self {
        Submitter {
            name: name.to_string(),
            pace: ops::Pace::new(count, every),
        }
    }

    fn submit(&mut self, fx: &mut Fx<Self>) {
        if self.pace.next(Timer::Next, fx).is_some() {
            let op = ops::create("/tasks/task-", vec![], CreateMode::PersistentSequential);
            fx.op(Purpose::Task, "create", op);
        }
    }
}

impl Recipe for Submitter {
    recipe_basics!();

    /// Create the parents and the first task.
    fn start(&mut self, fx: &mut Fx<Self>) {
        create_parents(Purpose::Parent, fx);
        self.submit(fx);
    }

    /// A created task is submitted (a lost answer is not retried).
    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        if let (Purpose::Task, Outcome::Created(path)) = (purpose, outcome) {
            let task = path.rsplit('/').next().unwrap_or_default().to_string();
            fx.note(format!("submits {task}"));
            fx.act(ResourceAct::Submit { task });
        }
    }

    /// Time for the next task.
    fn timer(&mut self, _timer: Timer, fx: &mut Fx<Self>) {
        self.submit(fx);
    }
}
