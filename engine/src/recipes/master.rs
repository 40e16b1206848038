//! The master of the master–worker application (R11, the book's `Master.java` and
//! `RecoveredAssignments.java`).
//!
//! Masters race to create EPHEMERAL `/master` (data: the name). The winner reads `/master` back
//! to learn its epoch, the node's czxid, which only grows from one master to the next and so is
//! its fencing token (R12). After CONNECTIONLOSS on the create it reads `/master` to learn
//! whether it won (R11). Backups set an exists watch and race again when the node is deleted.
//!
//! The acting master first recovers (a new master may inherit work): it lists `/workers` (with a
//! watch), lists `/assign`, and for every worker listed there that is no longer in `/workers`
//! returns each of its assignments to `/tasks`; then it lists `/tasks` (with a watch). It
//! assigns each task to a live worker, in turn, with one `multi(create /assign/<w>/<task>,
//! delete /tasks/<task>)`, so a task is always in exactly one of the two places. When a worker
//! disappears from `/workers` (its session expired), its unfinished assignments go back to
//! `/tasks` with `multi(delete /assign/<w>/<task>, create /tasks/<task>)`, and are assigned again.
//! Every assignment it decides is an act on the resource (`Assign`, with its epoch).
//!
//! On Disconnected it stops acting until reconnected, when it lists everything again; on
//! Expired it is dead. Every second it also reconciles, since an answer or a watch event can be
//! lost with a connection: an acting master lists everything again (recovery included) and
//! forgets which assignments were in flight (assigning a task twice is harmless: the multi
//! deletes `/tasks/<task>`, so only one can succeed); a backup reads `/master` again.

use super::contract::{recipe_basics, Effect, Fx, Recipe, Session};
use super::ops;
use super::ResourceAct;
use crate::machine::Effects;
use crate::proto::Outcome;
use crate::tree::{CreateMode, ErrorCode, Op};
use crate::watches::{EventType, ReadKind, WatchEvent};
use std::collections::BTreeSet;

/// The persistent parents of the application (R11).
pub const PARENTS: [&str; 4] = ["/workers", "/tasks", "/assign", "/status"];

/// Create every parent of the application (NODEEXISTS is fine), with purpose `purpose`.
pub(super) fn create_parents<P: Clone, T>(purpose: P, fx: &mut Effects<Effect<P, T>>) {
    for p in PARENTS {
        fx.op(
            purpose.clone(),
            "create",
            ops::create(p, vec![], CreateMode::Persistent),
        );
    }
}

/// Why a master asked for an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Creating a parent of the application.
    Parent,
    /// Running for master (creating `/master`).
    Create,
    /// Reading `/master`: did it win, and with which epoch?
    Get,
    /// A backup's watch on `/master`.
    Exists,
    /// Listing the live workers.
    Workers,
    /// Listing the workers that have assignments (recovery).
    AssignRoot,
    /// Listing one worker's assignments.
    Assigned(String),
    /// Assigning a task.
    Assign(String),
    /// Returning a vanished worker's task to `/tasks`.
    Return(String),
    /// Listing the unassigned tasks.
    Tasks,
}

/// A master's timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// Time to reconcile.
    Sweep,
}

/// How often a master reconciles.
const SWEEP: crate::time::Micros = 1_000_000;

/// What a master is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Racing for `/master`, or a backup watching it.
    Candidate,
    /// The master, with its epoch (the czxid of its `/master`).
    Master {
        /// Its fencing token.
        epoch: u64,
    },
}

/// A master (R11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Master {
    name: String,
    /// Whether its acts carry its epoch to a fencing resource.
    fenced: bool,
    role: Role,
    /// Live workers, as last listed.
    workers: Vec<String>,
    listed_workers: bool,
    /// Tasks with an assignment (or a return) in flight.
    busy: BTreeSet<String>,
    /// Unassigned tasks, as last listed.
    tasks: Vec<String>,
    turn: usize,
    session: Session,
}

impl Master {
    /// A master named `name`.
    pub fn new(name: &str, fenced: bool) -> Self {
        Master {
            name: name.to_string(),
            fenced,
            role: Role::Candidate,
            workers: vec![],
            listed_workers: false,
            busy: BTreeSet::new(),
            tasks: vec![],
            turn: 0,
            session: Session::default(),
        }
    }

    /// True while it acts as the master.
    pub fn acting(&self) -> bool {
        matches!(self.role, Role::Master { .. }) && self.session.live()
    }

    /// Whether its acts are fenced.
    pub fn fenced(&self) -> bool {
        self.fenced
    }

    fn run_for_master(&mut self, fx: &mut Fx<Self>) {
        let op = ops::create(
            "/master",
            self.name.clone().into_bytes(),
            CreateMode::Ephemeral,
        );
        fx.op(Purpose::Create, "create", op);
    }

    fn read_master(&mut self, fx: &mut Fx<Self>) {
        fx.op(
            Purpose::Get,
            "get",
            ops::read(ReadKind::GetData, "/master", false),
        );
    }

    fn watch_master(&mut self, fx: &mut Fx<Self>) {
        fx.op(
            Purpose::Exists,
            "stat",
            ops::read(ReadKind::Exists, "/master", true),
        );
    }

    /// Recover, then assign (see the module comment).
    fn take_over(&mut self, fx: &mut Fx<Self>) {
        self.listed_workers = false;
        self.busy.clear();
        let ls = |p: &str, watch| ops::read(ReadKind::GetChildren, p, watch);
        fx.op(Purpose::Workers, "ls", ls("/workers", true));
        fx.op(Purpose::AssignRoot, "ls", ls("/assign", false));
        fx.op(Purpose::Tasks, "ls", ls("/tasks", true));
    }

    fn list_tasks(&mut self, fx: &mut Fx<Self>) {
        if self.acting() {
            fx.op(
                Purpose::Tasks,
                "ls",
                ops::read(ReadKind::GetChildren, "/tasks", true),
            );
        }
    }

    fn workers_listed(&mut self, kids: &[String], fx: &mut Fx<Self>) {
        let mut kids = kids.to_vec();
        kids.sort();
        let gone: Vec<String> = self
            .workers
            .iter()
            .filter(|w| self.listed_workers && !kids.contains(w))
            .cloned()
            .collect();
        if kids != self.workers {
            fx.note(format!("workers: [{}]", kids.join(", ")));
        }
        self.workers = kids;
        self.listed_workers = true;
        for w in gone {
            fx.note(format!("worker {w} is gone"));
            self.list_assigned(&w, fx);
        }
        self.assign_all(fx);
    }

    fn list_assigned(&mut self, worker: &str, fx: &mut Fx<Self>) {
        let op = ops::read(ReadKind::GetChildren, format!("/assign/{worker}"), false);
        fx.op(Purpose::Assigned(worker.to_string()), "ls", op);
    }

    /// It won: it acts as the master of epoch `epoch` from now on.
    fn become_master(&mut self, epoch: u64, fx: &mut Fx<Self>) {
        self.role = Role::Master { epoch };
        fx.note(format!("acts as master (epoch {epoch:#x})"));
        self.take_over(fx);
    }

    /// Return every assignment of `worker` (listed as `tasks`) unless it is alive again.
    fn give_back_all(&mut self, worker: &str, tasks: &[String], fx: &mut Fx<Self>) {
        if !self.workers.iter().any(|w| w == worker) {
            for t in tasks {
                self.give_back(worker, t, fx);
            }
        }
    }

    /// Return a dead worker's assignment to `/tasks` (the book's recreate-then-delete, as one
    /// multi).
    fn give_back(&mut self, worker: &str, task: &str, fx: &mut Fx<Self>) {
        if !self.acting() {
            return;
        }
        fx.note(format!("returns {task} of {worker} to /tasks"));
        let op = ops::multi(vec![
            Op::Delete {
                path: format!("/assign/{worker}/{task}"),
                version: -1,
            },
            Op::Create {
                path: format!("/tasks/{task}"),
                data: task.as_bytes().to_vec(),
                mode: CreateMode::Persistent,
            },
        ]);
        fx.op(Purpose::Return(task.to_string()), "multi", op);
    }

    fn assign_all(&mut self, fx: &mut Fx<Self>) {
        if !self.acting() || !self.listed_workers || self.workers.is_empty() {
            return;
        }
        let Role::Master { epoch } = self.role else {
            return;
        };
        for task in self.tasks.clone() {
            if self.busy.contains(&task) {
                continue;
            }
            let worker = self.workers[self.turn % self.workers.len()].clone();
            self.turn += 1;
            self.busy.insert(task.clone());
            fx.note(format!("assigns {task} to {worker}"));
            fx.act(ResourceAct::Assign {
                master: self.name.clone(),
                task: task.clone(),
                worker: worker.clone(),
                epoch,
            });
            let op = ops::multi(vec![
                Op::Create {
                    path: format!("/assign/{worker}/{task}"),
                    data: task.as_bytes().to_vec(),
                    mode: CreateMode::Persistent,
                },
                Op::Delete {
                    path: format!("/tasks/{task}"),
                    version: -1,
                },
            ]);
            fx.op(Purpose::Assign(task), "multi", op);
        }
    }
}

impl Recipe for Master {
    recipe_basics!(guarded);

    /// Create the parents and run for master.
    fn start(&mut self, fx: &mut Fx<Self>) {
        create_parents(Purpose::Parent, fx);
        self.run_for_master(fx);
        fx.timer(Timer::Sweep, SWEEP);
    }

    /// Reconcile (see the module comment), unless disconnected.
    fn timer(&mut self, _timer: Timer, fx: &mut Fx<Self>) {
        fx.timer(Timer::Sweep, SWEEP);
        if !self.session.live() {
            return;
        }
        match self.role {
            Role::Master { .. } => self.take_over(fx),
            Role::Candidate => self.read_master(fx),
        }
    }

    fn answer(&mut self, purpose: Purpose, outcome: &Outcome, fx: &mut Fx<Self>) {
        let candidate = self.role == Role::Candidate;
        match (purpose, outcome) {
            (Purpose::Create, Outcome::Created(_)) => self.read_master(fx),
            (Purpose::Create, Outcome::Error(ErrorCode::NodeExists)) => self.watch_master(fx),
            // R11: after CONNECTIONLOSS, read /master to learn whether we won.
            (Purpose::Create, Outcome::Error(_)) => self.read_master(fx),
            (Purpose::Get, Outcome::Data { data, stat })
                if data == self.name.as_bytes() && candidate =>
            {
                self.become_master(stat.czxid, fx)
            }
            (Purpose::Get, Outcome::Data { data, .. }) if data == self.name.as_bytes() => {} // still ours
            (Purpose::Get, Outcome::Data { .. }) => self.watch_master(fx),
            (Purpose::Get, Outcome::Error(ErrorCode::NoNode)) => self.run_for_master(fx),
            (Purpose::Exists, Outcome::Exists(None)) => self.run_for_master(fx),
            (Purpose::Workers, Outcome::Children(kids)) => self.workers_listed(kids, fx),
            (Purpose::AssignRoot, Outcome::Children(kids)) => {
                // Recovery: workers with assignments that are no longer alive.
                let dead: Vec<String> = kids
                    .iter()
                    .filter(|w| !self.workers.contains(w))
                    .cloned()
                    .collect();
                for w in dead {
                    self.list_assigned(&w, fx);
                }
            }
            (Purpose::Assigned(worker), Outcome::Children(kids)) => {
                self.give_back_all(&worker, kids, fx)
            }
            (Purpose::Tasks, Outcome::Children(kids)) => {
                self.tasks = kids.clone();
                self.tasks.sort();
                self.assign_all(fx);
            }
            (Purpose::Assign(task), _) => {
                self.busy.remove(&task);
                if !ops::multi_ok(outcome) {
                    self.list_tasks(fx);
                }
            }
            (Purpose::Return(task), _) => {
                self.busy.remove(&task);
            }
            _ => {} // other failures are retried after the reconnect
        }
    }

    /// `/master` went (run again), or `/workers` or `/tasks` changed (list again, re-arming
    /// the watch).
    fn watch(&mut self, ev: &WatchEvent, fx: &mut Fx<Self>) {
        match (ev.kind, ev.path.as_str()) {
            (EventType::NodeDeleted, "/master") if self.role == Role::Candidate => {
                self.run_for_master(fx)
            }
            (EventType::NodeChildrenChanged, "/workers") if self.acting() => {
                let op = ops::read(ReadKind::GetChildren, "/workers", true);
                fx.op(Purpose::Workers, "ls", op);
            }
            (EventType::NodeChildrenChanged, "/tasks") => self.list_tasks(fx),
            _ => {}
        }
    }

    /// R12: stop acting while disconnected.
    fn suspended(&mut self, fx: &mut Fx<Self>) {
        if matches!(self.role, Role::Master { .. }) {
            fx.note("stops acting (disconnected)");
        }
    }

    /// Still master only if `/master` is still ours (same epoch): read it again.
    fn resumed(&mut self, fx: &mut Fx<Self>) {
        self.role = Role::Candidate;
        self.read_master(fx);
    }

    fn lost(&mut self, fx: &mut Fx<Self>) {
        if matches!(self.role, Role::Master { .. }) {
            fx.note("is no longer master (session lost)");
        }
        self.role = Role::Candidate;
    }
}
