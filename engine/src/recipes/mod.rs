//! Recipes as simulated client programs (reference §6, R1, R2, R3, R5, R6, R8, R12): sans-IO state machines that
//! drive one client library handle only through [`ClientOp`]s, exactly as an application would.
//!
//! A program never touches the tree or the servers: it asks for operations (each tagged with a
//! `purpose` the program chooses), sets timers, and reports what it does to a protected
//! [`ResourceAct`] resource, which the simulator records in order and checks
//! ([`check::MutualExclusion`]).

pub mod check;
mod contender;
mod group;
mod ops;
mod queue;

use crate::client::proto::ClientOp;
use crate::client::SessionEvent;
use crate::time::Micros;
use crate::watches::WatchEvent;
use crate::zkcli::Outcome;
pub use contender::{Contender, Style, WAKE_UP};
pub use group::{BarrierLift, BarrierWait, Member, PROCEEDS};
pub use queue::{Consumer, Producer, CONSUMED, QUEUE};

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
}

/// The output buffer of one program step.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgramOut {
    /// Operations for the client library: (purpose, command name for output lines, op).
    pub ops: Vec<(u64, &'static str, ClientOp)>,
    /// Timers: (id, delay on the client's clock).
    pub timers: Vec<(u64, Micros)>,
    /// What the program does to the protected resource, in order.
    pub resource: Vec<ResourceAct>,
    /// Lines for the trace.
    pub notes: Vec<String>,
}

/// A client program. Each variant is one recipe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    /// Leader election (R2) or an exclusive lock (R3), or the herd-effect lock (R12).
    Contender(Contender),
    /// Group membership (R1).
    Member(Member),
    /// Waiting at a barrier (R6).
    BarrierWait(BarrierWait),
    /// Raising and lifting a barrier (R6).
    BarrierLift(BarrierLift),
    /// Putting items on the queue (R8).
    Producer(Producer),
    /// Taking items off the queue (R8).
    Consumer(Consumer),
}

/// Call `$f` on whichever program `$p` is.
macro_rules! each {
    ($p:expr, $x:ident => $e:expr) => {
        match $p {
            Program::Contender($x) => $e,
            Program::Member($x) => $e,
            Program::BarrierWait($x) => $e,
            Program::BarrierLift($x) => $e,
            Program::Producer($x) => $e,
            Program::Consumer($x) => $e,
        }
    };
}

impl Program {
    /// The program names a scenario may `run`, in the order they are listed.
    pub const NAMES: [&'static str; 10] = [
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
    ];

    /// Leader election for client `name` (R2).
    pub fn election(name: &str) -> Program {
        Program::Contender(Contender::new(name, Style::Election, 0, 0))
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

    /// The program starts (its client's handle exists; it may not be connected yet).
    pub fn on_start(&mut self, out: &mut ProgramOut) {
        each!(self, p => p.on_start(out))
    }

    /// The answer to an op the program issued with `purpose`.
    pub fn on_answer(&mut self, purpose: u64, outcome: &Outcome, out: &mut ProgramOut) {
        each!(self, p => p.on_answer(purpose, outcome, out))
    }

    /// A watch fired.
    pub fn on_watch(&mut self, ev: &WatchEvent, out: &mut ProgramOut) {
        match self {
            Program::Contender(p) => p.on_watch(ev, out),
            Program::Member(p) => p.on_watch(ev, out),
            Program::BarrierWait(p) => p.on_watch(ev, out),
            Program::Consumer(p) => p.on_watch(ev, out),
            Program::BarrierLift(_) | Program::Producer(_) => {}
        }
    }

    /// The session changed state.
    pub fn on_session(&mut self, ev: SessionEvent, out: &mut ProgramOut) {
        each!(self, p => p.on_session(ev, out))
    }

    /// A timer the program set fired.
    pub fn on_timer(&mut self, id: u64, out: &mut ProgramOut) {
        match self {
            Program::Contender(p) => p.on_timer(id, out),
            Program::BarrierLift(p) => p.on_timer(id, out),
            Program::Producer(p) => p.on_timer(id, out),
            Program::Member(_) | Program::BarrierWait(_) | Program::Consumer(_) => {}
        }
    }

    /// True while the program believes it holds the resource.
    pub fn holds(&self) -> bool {
        match self {
            Program::Contender(p) => p.holds(),
            _ => false,
        }
    }

    /// The name the program acts under on the resource.
    pub fn holder(&self) -> &str {
        each!(self, p => p.name())
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
