//! The contract every recipe program follows, the session guard they share, and [`Program`],
//! the one type the simulator runs (any recipe, behind one set of typed purposes and timers).
//!
//! A recipe is a sans-IO state machine over one client library handle (the [`Machine`]
//! contract, through [`Recipe`]): it asks for operations, each tagged with a typed *purpose*
//! that comes back with the answer; sets typed timers (setting one again replaces it; a
//! recipe cancels one it no longer wants); acts on the protected resource; and writes notes.
//! It is written as explicit phases (an enum per recipe), not as flags.
//!
//! The session guard ([`Session`]) is Curator's connection-state handling, written once: a
//! Disconnected suspends the recipe (it must stop trusting what it holds), a SyncConnected after
//! it resumes the recipe (it must check again what it held), an Expired or Closed loses it for
//! good; a lost recipe hears no more answers, watch events or timers (unless a timer says it
//! outlives the session, as a worker's work in progress does).
//!
//! [`Machine`]: crate::machine::Machine

use super::{
    config, contender, double_barrier, generals, group, heartbeat, master, queue, worker,
    ResourceAct,
};
use crate::client::SessionEvent;
use crate::machine::Effects;
use crate::proto::{ClientOp, Outcome};
use crate::time::Micros;
use crate::watches::WatchEvent;

/// What a recipe asks for, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect<P, T> {
    /// An operation for the client library, answered as command `cmd` (for output lines);
    /// `purpose` comes back with its answer.
    Op {
        /// Why it was asked.
        purpose: P,
        /// The zkCli command name it is shown as.
        cmd: &'static str,
        /// The operation.
        op: ClientOp,
    },
    /// (Re)set a timer, with its delay on the client's clock.
    SetTimer(T, Micros),
    /// Cancel a pending timer.
    Cancel(T),
    /// Act on the protected resource.
    Act(ResourceAct),
    /// A line for the trace and the program's notes.
    Note(String),
}

/// The effects of one step of recipe `R`.
pub type Fx<R> = Effects<Effect<<R as Recipe>::Purpose, <R as Recipe>::Timer>>;

impl<P, T> Effects<Effect<P, T>> {
    /// Ask for `op`, shown as `cmd`, for `purpose`.
    pub fn op(&mut self, purpose: P, cmd: &'static str, op: ClientOp) {
        self.push(Effect::Op { purpose, cmd, op });
    }

    /// Fire `timer` after `after`.
    pub fn timer(&mut self, timer: T, after: Micros) {
        self.push(Effect::SetTimer(timer, after));
    }

    /// Cancel `timer`.
    pub fn cancel(&mut self, timer: T) {
        self.push(Effect::Cancel(timer));
    }

    /// Act on the resource.
    pub fn act(&mut self, act: ResourceAct) {
        self.push(Effect::Act(act));
    }

    /// Write a note.
    pub fn note(&mut self, text: impl Into<String>) {
        self.push(Effect::Note(text.into()));
    }
}

/// The session as a recipe sees it (Curator's CONNECTED, SUSPENDED and LOST).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Session {
    /// Connected: what the recipe holds, it holds.
    #[default]
    Live,
    /// Disconnected: the session may live on, or may have expired; trust nothing held.
    Suspended,
    /// Expired or closed: the handle is dead, and so is the recipe.
    Lost,
}

/// What a session event means for a recipe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Turn {
    /// It was just disconnected.
    Suspended,
    /// It reconnected after a disconnection, with its session alive.
    Resumed,
    /// Its session is gone.
    Lost,
    /// Nothing changes.
    Nothing,
}

impl Session {
    /// The turn `ev` takes.
    pub fn on(&mut self, ev: SessionEvent) -> Turn {
        match (ev, *self) {
            (_, Session::Lost) => Turn::Nothing,
            (SessionEvent::Disconnected, Session::Suspended) => Turn::Nothing,
            (SessionEvent::Disconnected, Session::Live) => {
                *self = Session::Suspended;
                Turn::Suspended
            }
            (SessionEvent::SyncConnected, Session::Suspended) => {
                *self = Session::Live;
                Turn::Resumed
            }
            (SessionEvent::SyncConnected, Session::Live) => Turn::Nothing,
            (SessionEvent::Expired | SessionEvent::Closed, _) => {
                *self = Session::Lost;
                Turn::Lost
            }
        }
    }

    /// True once the session is gone.
    pub fn lost(self) -> bool {
        self == Session::Lost
    }

    /// True while connected.
    pub fn live(self) -> bool {
        self == Session::Live
    }
}

/// One recipe: a state machine driving a client library handle.
pub trait Recipe {
    /// Why it asked for an operation (comes back with the answer).
    type Purpose: Clone + std::fmt::Debug + PartialEq + Eq;
    /// Its timers: setting one again replaces it.
    type Timer: Copy + std::fmt::Debug + PartialEq + Eq + PartialOrd + Ord;

    /// The name it acts under on the resource (its client's name).
    fn name(&self) -> &str;

    /// Its session guard, if it follows its session (`None`: it ignores its session, as the
    /// heartbeat master does on purpose).
    fn guard(&mut self) -> Option<&mut Session> {
        None
    }

    /// True if `timer` still fires after the session is lost.
    fn outlives_session(_timer: &Self::Timer) -> bool {
        false
    }

    /// The program starts (its client's handle exists; it may not be connected yet).
    fn start(&mut self, fx: &mut Fx<Self>);
    /// The answer to an operation it asked for.
    fn answer(&mut self, purpose: Self::Purpose, outcome: &Outcome, fx: &mut Fx<Self>);
    /// A watch fired.
    fn watch(&mut self, _ev: &WatchEvent, _fx: &mut Fx<Self>) {}
    /// A timer fired.
    fn timer(&mut self, _timer: Self::Timer, _fx: &mut Fx<Self>) {}
    /// Disconnected: stop trusting what it holds.
    fn suspended(&mut self, _fx: &mut Fx<Self>) {}
    /// Reconnected with its session: check again.
    fn resumed(&mut self, _fx: &mut Fx<Self>) {}
    /// Its session is gone.
    fn lost(&mut self, _fx: &mut Fx<Self>) {}
}

/// What every `impl Recipe` says alike: its purpose and timer types (the module's
/// `Purpose` and `Timer`), its name (the `name` field) and, with `guarded`, its session guard
/// (the `session` field).
macro_rules! recipe_basics {
    () => {
        type Purpose = Purpose;
        type Timer = Timer;

        fn name(&self) -> &str {
            &self.name
        }
    };
    (guarded) => {
        recipe_basics!();

        fn guard(&mut self) -> Option<&mut Session> {
            Some(&mut self.session)
        }
    };
}
pub(super) use recipe_basics;

/// True if the recipe's session is gone.
fn is_lost<R: Recipe>(r: &mut R) -> bool {
    r.guard().is_some_and(|s| s.lost())
}

/// The guarded inputs of any recipe: what the session guard lets through.
fn answer<R: Recipe>(r: &mut R, purpose: R::Purpose, outcome: &Outcome, fx: &mut Fx<R>) {
    if !is_lost(r) {
        r.answer(purpose, outcome, fx);
    }
}

fn watch<R: Recipe>(r: &mut R, ev: &WatchEvent, fx: &mut Fx<R>) {
    if !is_lost(r) {
        r.watch(ev, fx);
    }
}

fn timer<R: Recipe>(r: &mut R, t: R::Timer, fx: &mut Fx<R>) {
    if !is_lost(r) || R::outlives_session(&t) {
        r.timer(t, fx);
    }
}

fn session<R: Recipe>(r: &mut R, ev: SessionEvent, fx: &mut Fx<R>) {
    let Some(guard) = r.guard() else { return };
    match guard.on(ev) {
        Turn::Suspended => r.suspended(fx),
        Turn::Resumed => r.resumed(fx),
        Turn::Lost => r.lost(fx),
        Turn::Nothing => {}
    }
}

/// Move one recipe's effects into the program's, wrapping its purposes and timers.
fn lift<P, T, Q, U>(
    from: Effects<Effect<P, T>>,
    purpose: impl Fn(P) -> Q,
    timer: impl Fn(T) -> U,
    out: &mut Effects<Effect<Q, U>>,
) {
    for e in from {
        out.push(match e {
            Effect::Op {
                purpose: p,
                cmd,
                op,
            } => Effect::Op {
                purpose: purpose(p),
                cmd,
                op,
            },
            Effect::SetTimer(t, after) => Effect::SetTimer(timer(t), after),
            Effect::Cancel(t) => Effect::Cancel(timer(t)),
            Effect::Act(a) => Effect::Act(a),
            Effect::Note(n) => Effect::Note(n),
        });
    }
}

/// [`Program`]'s effects.
pub type ProgramOut = Effects<Effect<Purpose, Timer>>;

/// Declares [`Program`] (one variant per recipe), its [`Purpose`] and [`Timer`] (the recipe's
/// own, wrapped), and the dispatch of every input to the recipe it is for.
macro_rules! programs {
    ($($(#[$doc:meta])* $variant:ident($ty:ty),)*) => {
        /// A client program: one of the recipes.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Program {
            $($(#[$doc])* $variant($ty),)*
        }

        /// Why a program asked for an operation.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Purpose {
            $(#[allow(missing_docs)] $variant(<$ty as Recipe>::Purpose),)*
        }

        /// A program's timer.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
        pub enum Timer {
            $(#[allow(missing_docs)] $variant(<$ty as Recipe>::Timer),)*
        }

        impl Program {
            /// The program starts.
            pub fn on_start(&mut self, out: &mut ProgramOut) {
                match self {
                    $(Program::$variant(r) => {
                        let mut fx = Effects::default();
                        r.start(&mut fx);
                        lift(fx, Purpose::$variant, Timer::$variant, out);
                    })*
                }
            }

            /// The answer to an operation it asked for with `purpose`.
            pub fn on_answer(&mut self, purpose: Purpose, outcome: &Outcome, out: &mut ProgramOut) {
                match (self, purpose) {
                    $((Program::$variant(r), Purpose::$variant(p)) => {
                        let mut fx = Effects::default();
                        answer(r, p, outcome, &mut fx);
                        lift(fx, Purpose::$variant, Timer::$variant, out);
                    })*
                    #[allow(unreachable_patterns)]
                    _ => {} // an answer for a program that was replaced
                }
            }

            /// A watch fired.
            pub fn on_watch(&mut self, ev: &WatchEvent, out: &mut ProgramOut) {
                match self {
                    $(Program::$variant(r) => {
                        let mut fx = Effects::default();
                        watch(r, ev, &mut fx);
                        lift(fx, Purpose::$variant, Timer::$variant, out);
                    })*
                }
            }

            /// One of its timers fired.
            pub fn on_timer(&mut self, t: Timer, out: &mut ProgramOut) {
                match (self, t) {
                    $((Program::$variant(r), Timer::$variant(t)) => {
                        let mut fx = Effects::default();
                        timer(r, t, &mut fx);
                        lift(fx, Purpose::$variant, Timer::$variant, out);
                    })*
                    #[allow(unreachable_patterns)]
                    _ => {} // a timer of a program that was replaced
                }
            }

            /// The session changed state.
            pub fn on_session(&mut self, ev: SessionEvent, out: &mut ProgramOut) {
                match self {
                    $(Program::$variant(r) => {
                        let mut fx = Effects::default();
                        session(r, ev, &mut fx);
                        lift(fx, Purpose::$variant, Timer::$variant, out);
                    })*
                }
            }

            /// The name the program acts under on the resource.
            pub fn holder(&self) -> &str {
                match self {
                    $(Program::$variant(r) => r.name(),)*
                }
            }
        }
    };
}

programs! {
    /// Leader election (R2) or an exclusive lock (R3), or the herd-effect lock (R12).
    Contender(contender::Contender),
    /// Group membership (R1).
    Member(group::Member),
    /// Waiting at a barrier (R6).
    BarrierWait(group::BarrierWait),
    /// Raising and lifting a barrier (R6).
    BarrierLift(group::BarrierLift),
    /// Putting items on the queue (R8).
    Producer(queue::Producer),
    /// Taking items off the queue (R8).
    Consumer(queue::Consumer),
    /// The double barrier (R7).
    DoubleBarrier(double_barrier::DoubleBarrier),
    /// Watching the configuration.
    ConfigWatch(config::ConfigWatch),
    /// Updating the configuration.
    ConfigSet(config::ConfigSet),
    /// The master of R11.
    Master(master::Master),
    /// A worker of R11.
    Worker(worker::Worker),
    /// A task submitter of R11.
    Submitter(worker::Submitter),
    /// The wrong way to elect a master: heartbeat timeouts.
    HeartbeatMaster(heartbeat::HeartbeatMaster),
    /// The Byzantine generals, OM(m).
    Generals(generals::Generals),
}
