//! The contract every recipe program follows, and the session guard they share.
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

use super::ResourceAct;
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
