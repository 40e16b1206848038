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

use super::ops::{self, Named};
use super::{ProgramOut, ResourceAct};
use crate::client::SessionEvent;
use crate::proto::Outcome;
use crate::tree::{CreateMode, ErrorCode, Op};
use crate::watches::{EventType, ReadKind, WatchEvent};
use std::collections::BTreeSet;

/// The persistent parents of the application (R11).
pub const PARENTS: [&str; 4] = ["/workers", "/tasks", "/assign", "/status"];

/// Create every parent of the application (NODEEXISTS is fine), with purpose `purpose`.
pub(super) fn create_parents(purpose: u64, out: &mut ProgramOut) {
    for p in PARENTS {
        let op = ops::create(p, vec![], CreateMode::Persistent);
        out.ops.push((purpose, "create", op));
    }
}

const P_PARENT: u64 = 1;
const P_CREATE: u64 = 2;
const P_GET: u64 = 3;
const P_EXISTS: u64 = 4;
const P_WORKERS: u64 = 5;
const P_ASSIGN_ROOT: u64 = 6;
const P_ASSIGNED: u64 = 7;
const P_ASSIGN: u64 = 8;
const P_RETURN: u64 = 9;
const P_TASKS: u64 = 10;

/// How often a master reconciles.
const SWEEP: crate::time::Micros = 1_000_000;

/// A master (R11).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Master {
    name: String,
    /// Whether its acts carry its epoch to a fencing resource.
    fenced: bool,
    /// Its epoch (the czxid of its `/master`), while it acts.
    epoch: Option<u64>,
    /// Live workers, as last listed.
    workers: Vec<String>,
    listed_workers: bool,
    /// Tasks with an assignment (or a return) in flight.
    busy: BTreeSet<String>,
    /// Unassigned tasks, as last listed.
    tasks: Vec<String>,
    turn: usize,
    named: Named,
    suspended: bool,
    dead: bool,
}

impl Master {
    /// A master named `name`.
    pub fn new(name: &str, fenced: bool) -> Self {
        Master {
            name: name.to_string(),
            fenced,
            epoch: None,
            workers: vec![],
            listed_workers: false,
            busy: BTreeSet::new(),
            tasks: vec![],
            turn: 0,
            named: Named::default(),
            suspended: false,
            dead: false,
        }
    }

    /// The client's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// True while it acts as the master.
    pub fn acting(&self) -> bool {
        self.epoch.is_some() && !self.suspended && !self.dead
    }

    /// Whether its acts are fenced.
    pub fn fenced(&self) -> bool {
        self.fenced
    }

    /// Create the parents and run for master.
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        create_parents(P_PARENT, out);
        self.run_for_master(out);
        out.timers.push((0, SWEEP));
    }

    /// Reconcile (see the module comment), unless dead or disconnected.
    pub fn on_timer(&mut self, _id: u64, out: &mut ProgramOut) {
        if self.dead {
            return;
        }
        out.timers.push((0, SWEEP));
        if self.suspended {
            return;
        }
        if self.acting() {
            self.take_over(out);
        } else if self.epoch.is_none() {
            self.read_master(out);
        }
    }

    fn run_for_master(&mut self, out: &mut ProgramOut) {
        let op = ops::create(
            "/master",
            self.name.clone().into_bytes(),
            CreateMode::Ephemeral,
        );
        out.ops.push((P_CREATE, "create", op));
    }

    fn read_master(&mut self, out: &mut ProgramOut) {
        let op = ops::read(ReadKind::GetData, "/master", false);
        out.ops.push((P_GET, "get", op));
    }

    fn watch_master(&mut self, out: &mut ProgramOut) {
        let op = ops::read(ReadKind::Exists, "/master", true);
        out.ops.push((P_EXISTS, "stat", op));
    }

    /// Recover, then assign (see the module comment).
    fn take_over(&mut self, out: &mut ProgramOut) {
        self.listed_workers = false;
        self.busy.clear();
        let ls = |p: &str, watch| ops::read(ReadKind::GetChildren, p, watch);
        out.ops.push((P_WORKERS, "ls", ls("/workers", true)));
        out.ops.push((P_ASSIGN_ROOT, "ls", ls("/assign", false)));
        out.ops.push((P_TASKS, "ls", ls("/tasks", true)));
    }

    /// An answer to one of its ops.
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        let (kind, name) = self.named.take(purpose);
        if self.dead {
            return;
        }
        match (kind, outcome) {
            (P_CREATE, Outcome::Created(_)) => self.read_master(out),
            (P_CREATE, Outcome::Error(ErrorCode::NodeExists)) => self.watch_master(out),
            // R11: after CONNECTIONLOSS, read /master to learn whether we won.
            (P_CREATE, Outcome::Error(_)) => self.read_master(out),
            (P_GET, Outcome::Data { data, stat })
                if data == self.name.as_bytes() && self.epoch.is_none() =>
            {
                self.epoch = Some(stat.czxid);
                out.notes
                    .push(format!("acts as master (epoch {:#x})", stat.czxid));
                self.take_over(out);
            }
            (P_GET, Outcome::Data { data, .. }) if data == self.name.as_bytes() => {}
            (P_GET, Outcome::Data { .. }) => self.watch_master(out),
            (P_GET, Outcome::Error(ErrorCode::NoNode)) => self.run_for_master(out),
            (P_EXISTS, Outcome::Exists(None)) => self.run_for_master(out),
            (P_WORKERS, Outcome::Children(kids)) => self.workers_listed(kids, out),
            (P_ASSIGN_ROOT, Outcome::Children(kids)) => {
                // Recovery: workers with assignments that are no longer alive.
                let dead: Vec<&String> =
                    kids.iter().filter(|w| !self.workers.contains(w)).collect();
                for w in dead {
                    self.list_assigned(w, out);
                }
            }
            (P_ASSIGNED, Outcome::Children(kids)) => {
                let worker = name.unwrap_or_default();
                if !self.workers.contains(&worker) {
                    for t in kids {
                        self.give_back(&worker, t, out);
                    }
                }
            }
            (P_TASKS, Outcome::Children(kids)) => {
                self.tasks = kids.clone();
                self.tasks.sort();
                self.assign_all(out);
            }
            (P_ASSIGN | P_RETURN, _) => {
                if let Some(task) = name {
                    self.busy.remove(&task);
                }
                if kind == P_ASSIGN && !ops::multi_ok(outcome) {
                    self.list_tasks(out);
                }
            }
            _ => {} // other failures are retried after the reconnect
        }
    }

    fn list_tasks(&mut self, out: &mut ProgramOut) {
        if self.acting() {
            let op = ops::read(ReadKind::GetChildren, "/tasks", true);
            out.ops.push((P_TASKS, "ls", op));
        }
    }

    fn workers_listed(&mut self, kids: &[String], out: &mut ProgramOut) {
        let mut kids = kids.to_vec();
        kids.sort();
        let gone: Vec<String> = self
            .workers
            .iter()
            .filter(|w| self.listed_workers && !kids.contains(w))
            .cloned()
            .collect();
        if kids != self.workers {
            out.notes.push(format!("workers: [{}]", kids.join(", ")));
        }
        self.workers = kids;
        self.listed_workers = true;
        for w in gone {
            out.notes.push(format!("worker {w} is gone"));
            self.list_assigned(&w, out);
        }
        self.assign_all(out);
    }

    fn list_assigned(&mut self, worker: &str, out: &mut ProgramOut) {
        let purpose = self.named.purpose(P_ASSIGNED, worker);
        let op = ops::read(ReadKind::GetChildren, format!("/assign/{worker}"), false);
        out.ops.push((purpose, "ls", op));
    }

    /// Return a dead worker's assignment to `/tasks` (the book's recreate-then-delete, as one
    /// multi).
    fn give_back(&mut self, worker: &str, task: &str, out: &mut ProgramOut) {
        if !self.acting() {
            return;
        }
        out.notes
            .push(format!("returns {task} of {worker} to /tasks"));
        let purpose = self.named.purpose(P_RETURN, task);
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
        out.ops.push((purpose, "multi", op));
    }

    fn assign_all(&mut self, out: &mut ProgramOut) {
        if !self.acting() || !self.listed_workers || self.workers.is_empty() {
            return;
        }
        let Some(epoch) = self.epoch else { return };
        for task in self.tasks.clone() {
            if self.busy.contains(&task) {
                continue;
            }
            let worker = self.workers[self.turn % self.workers.len()].clone();
            self.turn += 1;
            self.busy.insert(task.clone());
            out.notes.push(format!("assigns {task} to {worker}"));
            out.resource.push(ResourceAct::Assign {
                master: self.name.clone(),
                task: task.clone(),
                worker: worker.clone(),
                epoch,
            });
            let purpose = self.named.purpose(P_ASSIGN, &task);
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
            out.ops.push((purpose, "multi", op));
        }
    }

    /// A watch fired: `/master` went (run again), or `/workers` or `/tasks` changed (list
    /// again, re-arming the watch).
    pub fn on_watch(&mut self, ev: &WatchEvent, out: &mut ProgramOut) {
        if self.dead {
            return;
        }
        match (ev.kind, ev.path.as_str()) {
            (EventType::NodeDeleted, "/master") if self.epoch.is_none() => self.run_for_master(out),
            (EventType::NodeChildrenChanged, "/workers") if self.acting() => {
                let op = ops::read(ReadKind::GetChildren, "/workers", true);
                out.ops.push((P_WORKERS, "ls", op));
            }
            (EventType::NodeChildrenChanged, "/tasks") => self.list_tasks(out),
            _ => {}
        }
    }

    /// Session changes (R12): stop acting while disconnected; dead once expired.
    pub fn on_session(&mut self, ev: SessionEvent, out: &mut ProgramOut) {
        match ev {
            SessionEvent::Disconnected => {
                if self.acting() {
                    out.notes.push("stops acting (disconnected)".to_string());
                }
                self.suspended = true;
            }
            SessionEvent::SyncConnected if self.suspended && !self.dead => {
                self.suspended = false;
                if self.epoch.is_some() {
                    // Still master only if /master is still ours (same epoch).
                    self.epoch = None;
                    self.read_master(out);
                } else {
                    self.read_master(out);
                }
            }
            SessionEvent::SyncConnected => {}
            SessionEvent::Expired | SessionEvent::Closed => {
                if self.epoch.is_some() {
                    out.notes
                        .push("is no longer master (session lost)".to_string());
                }
                self.epoch = None;
                self.dead = true;
            }
        }
    }
}
