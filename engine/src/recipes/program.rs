//! [`Program`]: the one type the simulator runs, any recipe behind one set of typed purposes
//! and timers, with the session guard applied to every input (see [`super::contract`]).

use super::contract::{Effect, Fx, Recipe, Turn};
use super::{config, contender, double_barrier, generals, group, heartbeat, master, queue, worker};
use crate::client::SessionEvent;
use crate::machine::Effects;
use crate::proto::Outcome;
use crate::watches::WatchEvent;

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
