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

use super::master::create_parents;
use super::ops::{self, Named};
use super::{ProgramOut, ResourceAct};
use crate::client::SessionEvent;
use crate::proto::Outcome;
use crate::time::Micros;
use crate::tree::{CreateMode, ErrorCode, Op};
use crate::watches::{EventType, ReadKind, WatchEvent};
use std::collections::BTreeSet;

const P_PARENT: u64 = 1;
const P_ASSIGN_DIR: u64 = 2;
const P_REGISTER: u64 = 3;
const P_LIST: u64 = 4;
const P_GET: u64 = 5;
const P_CLAIM: u64 = 6;
const P_STATUS: u64 = 7;
const P_DONE: u64 = 8;
const P_CHECK: u64 = 9;

/// The reconciliation timer's id (work timers count up from 1).
const T_SWEEP: u64 = 0;
/// How often a worker reconciles.
const SWEEP: Micros = 1_000_000;
/// Sweeps without an answer before a job's op is tried again.
const STALLED: u32 = 3;

/// The task a worker is on.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Job {
    task: String,
    /// The assignment's czxid, once read.
    token: Option<u64>,
    /// The claim's answer was lost: after reconnecting, read the status to learn if it held.
    uncertain: bool,
    /// An op for it failed with the connection: start over after reconnecting.
    retry: bool,
    /// Its claim was sent (fenced).
    claimed: bool,
    working: bool,
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
    named: Named,
    timer: u64,
    registered: bool,
    suspended: bool,
    dead: bool,
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
            named: Named::default(),
            timer: 0,
            registered: false,
            suspended: false,
            dead: false,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
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

    /// Create the parents, its assignment node, register, list its assignments.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        create_parents(P_PARENT, out);
        let op = ops::create(self.dir(), vec![], CreateMode::Persistent);
        out.ops.push((P_ASSIGN_DIR, "create", op));
        self.register(out);
        self.list(out);
        out.timers.push((T_SWEEP, SWEEP));
    }

    fn register(&mut self, out: &mut ProgramOut) {
        let path = format!("/workers/{}", self.name);
        let op = ops::create(path, vec![], CreateMode::Ephemeral);
        out.ops.push((P_REGISTER, "create", op));
    }

    fn list(&mut self, out: &mut ProgramOut) {
        let op = ops::read(ReadKind::GetChildren, self.dir(), true);
        out.ops.push((P_LIST, "ls", op));
    }

    /// Start on the next queued assignment, if idle.
    fn next(&mut self, out: &mut ProgramOut) {
        if self.job.is_some() || self.dead || self.queue.is_empty() {
            return;
        }
        let task = self.queue.remove(0);
        self.job = Some(Job {
            task: task.clone(),
            token: None,
            uncertain: false,
            retry: false,
            claimed: false,
            working: false,
            stalls: 0,
        });
        self.read(&task, out);
    }

    fn read(&mut self, task: &str, out: &mut ProgramOut) {
        let purpose = self.named.purpose(P_GET, task);
        let op = ops::read(ReadKind::GetData, format!("{}/{task}", self.dir()), false);
        out.ops.push((purpose, "get", op));
    }

    fn start_work(&mut self, out: &mut ProgramOut) {
        let Some(job) = self.job.as_mut().filter(|j| !j.working) else {
            return;
        };
        job.working = true;
        out.notes.push(format!("works on {}", job.task));
        self.timer += 1;
        out.timers.push((self.timer, self.work));
    }

    fn drop_job(&mut self, why: &str, out: &mut ProgramOut) {
        if let Some(job) = self.job.take() {
            out.notes.push(format!("drops {} ({why})", job.task));
        }
        self.next(out);
    }

    /// An answer to one of its ops.
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        let (kind, task) = self.named.take(purpose);
        if self.dead {
            return;
        }
        let current = self.job.as_ref().map(|j| j.task.clone());
        let mine = task.is_some() && task == current;
        let working = self.job.as_ref().is_some_and(|j| j.working);
        if let Some(job) = self.job.as_mut().filter(|_| mine) {
            job.stalls = 0;
        }
        match (kind, outcome) {
            (P_REGISTER, Outcome::Created(_)) if !self.registered => {
                self.registered = true;
                out.notes.push("registered".to_string());
            }
            (P_REGISTER, Outcome::Error(ErrorCode::NodeExists)) => self.registered = true,
            (P_DONE, Outcome::Deleted | Outcome::Error(ErrorCode::NoNode)) => {
                self.unreported.retain(|t| Some(t) != task.as_ref());
            }
            (P_LIST, Outcome::Children(kids)) => {
                let mut kids = kids.clone();
                kids.sort();
                for k in kids {
                    if self.seen.insert(k.clone()) {
                        self.queue.push(k);
                    }
                }
                self.next(out);
            }
            (P_GET, Outcome::Data { stat, .. }) if mine => {
                let task = current.unwrap_or_default();
                if let Some(job) = &mut self.job {
                    job.token = Some(stat.czxid);
                }
                if self.fenced {
                    self.claim(&task, stat.version, out);
                } else {
                    self.start_work(out);
                }
            }
            (P_GET, Outcome::Error(ErrorCode::NoNode)) if mine => {
                self.drop_job("assignment gone", out)
            }
            (P_CLAIM, o) if mine && ops::multi_ok(o) => self.start_work(out),
            (P_CLAIM, Outcome::Multi(_)) if mine && !working => self.drop_job("claim refused", out),
            (P_CLAIM, _) if mine => {
                if let Some(job) = &mut self.job {
                    job.uncertain = true;
                }
            }
            (P_CHECK, Outcome::Data { data, .. }) if mine => {
                if data == self.name.as_bytes() {
                    self.start_work(out); // the lost claim did go through
                } else if !working {
                    self.drop_job("claimed by another", out);
                }
            }
            (P_CHECK, Outcome::Error(ErrorCode::NoNode)) if mine => {
                if let Some(job) = &mut self.job {
                    job.uncertain = false;
                }
                self.read(&current.unwrap_or_default(), out);
            }
            (P_GET | P_CHECK, _) if mine => {
                if let Some(job) = &mut self.job {
                    job.retry = true;
                }
            }
            _ => {} // failures are retried after the reconnect
        }
    }

    /// Claim: conditional on the assignment still being the version it read.
    fn claim(&mut self, task: &str, version: i32, out: &mut ProgramOut) {
        if let Some(job) = &mut self.job {
            job.claimed = true;
        }
        let purpose = self.named.purpose(P_CLAIM, task);
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
        out.ops.push((purpose, "multi", op));
    }

    /// The work is done: execute the task on the resource. This happens even if the session
    /// died meanwhile: the work was under way, and nothing told the worker to stop.
    pub fn on_timer(&mut self, id: u64, out: &mut ProgramOut) {
        if id == T_SWEEP {
            return self.sweep(out);
        }
        if id != self.timer {
            return;
        }
        let Some(job) = self.job.take().filter(|j| j.working) else {
            return;
        };
        out.notes.push(format!("executes {}", job.task));
        out.resource.push(ResourceAct::Execute {
            worker: self.name.clone(),
            task: job.task.clone(),
            token: job.token.unwrap_or(0),
        });
        if !self.fenced && !self.dead {
            self.unreported.push(job.task.clone());
            self.report(&job.task, out);
        }
        self.next(out);
    }

    /// Unfenced: create `/status/<task>` and delete the assignment (again after a reconnect
    /// if the answers were lost).
    fn report(&mut self, task: &str, out: &mut ProgramOut) {
        let purpose = self.named.purpose(P_STATUS, task);
        let op = ops::create(
            format!("/status/{task}"),
            self.name.clone().into_bytes(),
            CreateMode::Persistent,
        );
        out.ops.push((purpose, "create", op));
        let purpose = self.named.purpose(P_DONE, task);
        let op = ops::delete(format!("{}/{task}", self.dir()));
        out.ops.push((purpose, "delete", op));
    }

    /// Reconcile (see the module comment), unless dead or disconnected.
    fn sweep(&mut self, out: &mut ProgramOut) {
        if self.dead {
            return;
        }
        out.timers.push((T_SWEEP, SWEEP));
        if self.suspended {
            return;
        }
        if !self.registered {
            self.register(out);
        }
        self.list(out);
        let Some(job) = self.job.as_mut().filter(|j| !j.working) else {
            return;
        };
        job.stalls += 1;
        if job.stalls < STALLED {
            return;
        }
        job.stalls = 0;
        let task = job.task.clone();
        if job.claimed {
            job.uncertain = true;
            self.check_claim(&task, out);
        } else {
            self.read(&task, out);
        }
    }

    /// Did our claim of `task` go through? Read `/status/<task>`.
    fn check_claim(&mut self, task: &str, out: &mut ProgramOut) {
        let purpose = self.named.purpose(P_CHECK, task);
        let op = ops::read(ReadKind::GetData, format!("/status/{task}"), false);
        out.ops.push((purpose, "get", op));
    }

    /// A watch fired: its assignments changed.
    pub fn on_watch(&mut self, ev: &WatchEvent, out: &mut ProgramOut) {
        if !self.dead && ev.kind == EventType::NodeChildrenChanged && ev.path == self.dir() {
            self.list(out);
        }
    }

    /// After a reconnect, list again and resume a job whose op was lost; dead once expired.
    pub fn on_session(&mut self, ev: SessionEvent, out: &mut ProgramOut) {
        match ev {
            SessionEvent::Disconnected => self.suspended = true,
            SessionEvent::SyncConnected if self.suspended && !self.dead => {
                self.suspended = false;
                if !self.registered {
                    self.register(out);
                }
                self.list(out);
                for t in self.unreported.clone() {
                    self.report(&t, out);
                }
                let Some(job) = &mut self.job else { return };
                let task = job.task.clone();
                if job.uncertain {
                    self.check_claim(&task, out);
                } else if job.retry {
                    job.retry = false;
                    self.read(&task, out);
                }
            }
            SessionEvent::SyncConnected => {}
            SessionEvent::Expired | SessionEvent::Closed => {
                out.notes.push("session lost".to_string());
                self.dead = true;
            }
        }
    }
}

/// A client submitting tasks (R11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submitter {
    name: String,
    count: u64,
    every: Micros,
    made: u64,
}

impl Submitter {
    /// Client `name` submitting `count` tasks, one every `every`.
    pub fn new(name: &str, count: u64, every: Micros) -> Self {
        Submitter {
            name: name.to_string(),
            count,
            every,
            made: 0,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Create the parents and the first task.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        create_parents(P_PARENT, out);
        self.submit(out);
    }

    fn submit(&mut self, out: &mut ProgramOut) {
        if self.made >= self.count {
            return;
        }
        let op = ops::create("/tasks/task-", vec![], CreateMode::PersistentSequential);
        out.ops.push((P_LIST, "create", op));
        self.made += 1;
        if self.made < self.count {
            out.timers.push((0, self.every));
        }
    }

    /// A created task is submitted (a lost answer is not retried).
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        if let (P_LIST, Outcome::Created(path)) = (purpose, outcome) {
            let task = path.rsplit('/').next().unwrap_or_default().to_string();
            out.notes.push(format!("submits {task}"));
            out.resource.push(ResourceAct::Submit { task });
        }
    }

    /// Time for the next task.
    pub fn on_timer(&mut self, _id: u64, out: &mut ProgramOut) {
        self.submit(out);
    }

    /// Session changes do not matter to it.
    pub fn on_session(&mut self, _ev: SessionEvent, _out: &mut ProgramOut) {}
}
