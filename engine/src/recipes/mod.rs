//! Recipes as simulated client programs (reference §6: R1, R2, R3, R5, R6, R7, R8, R11, R12):
//! sans-IO state machines that drive one client library handle only through
//! [`ClientOp`](crate::proto::ClientOp)s, exactly as an application would. Each follows the
//! contract of [`program`]: explicit phases, typed purposes and timers, one session guard.
//!
//! A program never touches the tree or the servers: it asks for operations (each tagged with a
//! typed purpose that comes back with the answer), sets timers, and reports what it does to a protected
//! resource ([`ResourceAct`]): the storage server or task executor of R12, which fences the acts
//! of programs run with `fenced=yes` ([`resource::Resource`]). The simulator records every act
//! in order with its verdict and checks the accepted ones ([`check::MutualExclusion`],
//! [`app_check::OneMaster`], [`app_check::AtMostOnce`], and [`app_check::lost_tasks`] at the
//! end of a run). Each wrong way (the herd lock, the unfenced lock, the unfenced worker, the
//! heartbeat master) runs next to its right way so that the checkers can tell them apart.

pub mod app_check;
pub mod check;
mod config;
mod contender;
mod contract;
mod double_barrier;
mod generals;
mod group;
mod heartbeat;
mod master;
mod ops;
pub mod program;
mod queue;
pub mod resource;
mod worker;

use crate::byzantine::Order;
use crate::time::Micros;
pub use check::RecipeViolation;
pub use config::{ConfigSet, ConfigWatch};
pub use contender::{sequence, Contender, Style, QUEUE_PARENTS, WAKE_UP};
pub use contract::Effect;
pub use double_barrier::{DoubleBarrier, DONE_WORK, ENTERS, LEAVES};
pub use generals::Generals;
pub use group::{BarrierLift, BarrierWait, Member, PROCEEDS};
pub use heartbeat::HeartbeatMaster;
pub use master::Master;
pub use program::{Program, ProgramOut, Purpose, Timer};
pub use queue::{Consumer, Producer, CONSUMED, QUEUE};
pub use resource::Verdict;
pub use worker::{Submitter, Worker};

/// What a program does to the protected resource (the thing the lock or leadership guards).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourceAct {
    /// `holder` starts using the resource, with fencing token `token` (its lock node's sequence
    /// number, R12).
    Acquire {
        /// Who (the client's name).
        holder: String,
        /// The fencing token.
        token: u64,
    },
    /// `holder` starts using the resource shared (a reader of R5): other shared holders may use
    /// it at the same time, exclusive ones may not.
    AcquireShared {
        /// Who.
        holder: String,
        /// Its node's sequence number.
        token: u64,
    },
    /// `holder` stops using the resource.
    Release {
        /// Who.
        holder: String,
    },
    /// `holder` writes to the resource it holds (R12: the act a fencing token protects).
    Write {
        /// Who.
        holder: String,
        /// Its lock's token.
        token: u64,
    },
    /// `master` acts as the master: assigns `task` to `worker` (R11), in `epoch` (its
    /// `/master` node's czxid, or a heartbeat master's own term count).
    Assign {
        /// Who acts as master.
        master: String,
        /// The task.
        task: String,
        /// The worker it goes to.
        worker: String,
        /// The master's epoch: its fencing token.
        epoch: u64,
    },
    /// `worker` executes `task` on the task executor (R11).
    Execute {
        /// Who.
        worker: String,
        /// The task.
        task: String,
        /// The assignment's czxid: the task's fencing token.
        token: u64,
    },
    /// A task was submitted (R11): it must have a status by the end of the run.
    Submit {
        /// The task's node name.
        task: String,
    },
}

impl std::fmt::Display for ResourceAct {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResourceAct::Acquire { holder, token } => {
                write!(f, "{holder} acquires (token {token})")
            }
            ResourceAct::AcquireShared { holder, token } => {
                write!(f, "{holder} acquires shared (token {token})")
            }
            ResourceAct::Release { holder } => write!(f, "{holder} releases"),
            ResourceAct::Write { holder, token } => write!(f, "{holder} writes (token {token})"),
            ResourceAct::Assign {
                master,
                task,
                worker,
                epoch,
            } => write!(f, "{master} assigns {task} to {worker} (epoch {epoch:#x})"),
            ResourceAct::Execute {
                worker,
                task,
                token,
            } => write!(f, "{worker} executes {task} (token {token:#x})"),
            ResourceAct::Submit { task } => write!(f, "{task} submitted"),
        }
    }
}

impl Program {
    /// The program names a scenario may `run`, in the order they are listed.
    pub const NAMES: [&'static str; 18] = [
        "election",
        "lock",
        "herd-lock",
        "member",
        "barrier-wait",
        "barrier-lift",
        "producer",
        "consumer",
        "read-lock",
        "write-lock",
        "double-barrier",
        "config-watch",
        "config-set",
        "master",
        "worker",
        "submitter",
        "heartbeat-master",
        "byzantine",
    ];

    /// Leader election for client `name` (R2).
    pub fn election(name: &str) -> Program {
        Program::Contender(Contender::new(name, Style::Election, 0, 0))
    }

    /// Leader election whose leader's acts are fenced by its node's sequence number (R2, R12):
    /// a newer leader's token fences out a stale one.
    pub fn election_fenced(name: &str) -> Program {
        Program::Contender(Contender::new(name, Style::Election, 0, 0).with_work(0, true))
    }

    /// The exclusive lock for client `name` (R3): hold for `hold`, release, rest for `rest`,
    /// and queue again, forever.
    pub fn lock(name: &str, hold: Micros, rest: Micros) -> Program {
        Program::Contender(Contender::new(name, Style::Lock, hold, rest))
    }

    /// The WRONG lock (R12's herd effect): every waiter watches the lock's children.
    pub fn herd_lock(name: &str, hold: Micros, rest: Micros) -> Program {
        Program::Contender(Contender::new(name, Style::HerdLock, hold, rest))
    }

    /// The reader side of the read/write lock (R5) under `/rwlock`, looping like [`Self::lock`].
    pub fn read_lock(name: &str, hold: Micros, rest: Micros) -> Program {
        Program::Contender(Contender::new(name, Style::Read, hold, rest))
    }

    /// The writer side of the read/write lock (R5) under `/rwlock`, looping like [`Self::lock`].
    pub fn write_lock(name: &str, hold: Micros, rest: Micros) -> Program {
        Program::Contender(Contender::new(name, Style::Write, hold, rest))
    }

    /// Group membership for client `name` in `group` (R1).
    pub fn member(name: &str, group: &str) -> Program {
        Program::Member(Member::new(name, group))
    }

    /// Client `name` waits at the barrier `path` (R6).
    pub fn barrier_wait(name: &str, path: &str) -> Program {
        Program::BarrierWait(BarrierWait::new(name, path))
    }

    /// Client `name` raises the barrier `path` and lifts it `after` later (R6).
    pub fn barrier_lift(name: &str, path: &str, after: Micros) -> Program {
        Program::BarrierLift(BarrierLift::new(name, path, after))
    }

    /// Client `name` puts `count` items on the queue, one every `every` (R8).
    pub fn producer(name: &str, count: u64, every: Micros) -> Program {
        Program::Producer(Producer::new(name, count, every))
    }

    /// Client `name` takes items off the queue (R8).
    pub fn consumer(name: &str) -> Program {
        Program::Consumer(Consumer::new(name))
    }

    /// The lock of [`Self::lock`] (or the herd lock) whose holder writes to the resource every
    /// `work` (0: never), with its acts fenced by the lock's token if `fenced` (R12).
    pub fn lock_with(
        name: &str,
        herd: bool,
        hold: Micros,
        rest: Micros,
        work: Micros,
        fenced: bool,
    ) -> Program {
        let style = if herd { Style::HerdLock } else { Style::Lock };
        Program::Contender(Contender::new(name, style, hold, rest).with_work(work, fenced))
    }

    /// Client `name` at the double barrier `path` for `size` clients, working `work` inside (R7).
    pub fn double_barrier(name: &str, path: &str, size: usize, work: Micros) -> Program {
        Program::DoubleBarrier(DoubleBarrier::new(name, path, size, work))
    }

    /// Client `name` watching the configuration at `path`.
    pub fn config_watch(name: &str, path: &str) -> Program {
        Program::ConfigWatch(ConfigWatch::new(name, path))
    }

    /// Client `name` setting the configuration at `path` `count` times, one every `every`.
    pub fn config_set(name: &str, path: &str, count: u64, every: Micros) -> Program {
        Program::ConfigSet(ConfigSet::new(name, path, count, every))
    }

    /// A master of R11, its acts fenced by its epoch if `fenced`.
    pub fn master(name: &str, fenced: bool) -> Program {
        Program::Master(Master::new(name, fenced))
    }

    /// A worker of R11 spending `work` on each task; if `fenced`, it claims each task
    /// conditionally before executing it and its executions are fenced.
    pub fn worker(name: &str, work: Micros, fenced: bool) -> Program {
        Program::Worker(Worker::new(name, work, fenced))
    }

    /// Client `name` submitting `count` tasks, one every `every` (R11).
    pub fn submitter(name: &str, count: u64, every: Micros) -> Program {
        Program::Submitter(Submitter::new(name, count, every))
    }

    /// A master elected by heartbeats, beating every `every` and suspecting after `timeout`:
    /// the wrong way.
    pub fn heartbeat_master(name: &str, every: Micros, timeout: Micros) -> Program {
        Program::HeartbeatMaster(HeartbeatMaster::new(name, every, timeout))
    }

    /// OM(m) among `n` generals with `traitors` lying by `strategy`; errors are for the author.
    pub fn byzantine(
        name: &str,
        n: usize,
        traitors: &[usize],
        strategy: &str,
        order: Order,
    ) -> Result<Program, String> {
        Generals::new(name, n, traitors, strategy, order).map(Program::Generals)
    }

    /// True while the program believes it holds the resource.
    pub fn holds(&self) -> bool {
        match self {
            Program::Contender(p) => p.holds(),
            _ => false,
        }
    }

    /// Whether the resource fences this program's acts (its `fenced=yes` argument).
    pub fn fenced(&self) -> bool {
        match self {
            Program::Contender(p) => p.fenced(),
            Program::Master(p) => p.fenced(),
            Program::Worker(p) => p.fenced(),
            _ => false,
        }
    }

    /// True while a master (R11, or a heartbeat master) believes it is the master.
    pub fn acting_master(&self) -> bool {
        match self {
            Program::Master(p) => p.acting(),
            Program::HeartbeatMaster(p) => p.acting(),
            _ => false,
        }
    }

    /// The task a worker (R11) is on, if any.
    pub fn busy_with(&self) -> Option<&str> {
        match self {
            Program::Worker(p) => p.busy_with(),
            _ => None,
        }
    }

    /// Every configuration version a watcher saw, in order.
    pub fn config_versions(&self) -> &[i32] {
        match self {
            Program::ConfigWatch(p) => p.seen(),
            _ => &[],
        }
    }

    /// A Byzantine generals run's IC1 and IC2.
    pub fn generals_hold(&self) -> Option<(bool, bool)> {
        match self {
            Program::Generals(p) => Some(p.holds()),
            _ => None,
        }
    }

    /// A Byzantine generals run's outcome: every message and decision.
    pub fn generals(&self) -> Option<&crate::byzantine::Outcome> {
        match self {
            Program::Generals(p) => Some(p.outcome()),
            _ => None,
        }
    }

    /// A group member's current view of the group (R1), once it has listed it.
    pub fn view(&self) -> Option<&[String]> {
        match self {
            Program::Member(p) => p.view(),
            _ => None,
        }
    }

    /// The items a queue consumer took, (node name, data), in order (R8).
    pub fn consumed(&self) -> &[(String, String)] {
        match self {
            Program::Consumer(p) => p.consumed(),
            _ => &[],
        }
    }

    /// True once a barrier waiter has proceeded (R6).
    pub fn proceeded(&self) -> bool {
        match self {
            Program::BarrierWait(p) => p.proceeded(),
            _ => false,
        }
    }
}
