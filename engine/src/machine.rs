//! The one contract of every state machine the simulator runs: a server, a client library, a
//! recipe program. A machine never reads a clock, never does IO and never touches another
//! machine: the simulator hands it one input (with the machine's own local time when it needs
//! one), and the machine appends what it wants done to an ordered list of typed effects. The
//! simulator carries the effects out in that order (send, set a timer, note, …) and is the only
//! thing that delivers messages and fires timers.
//!
//! In the manner of stateright's `Actor` and quinn-proto's `handle_*` / `poll_*`: each machine
//! names its own input and effect types, so a server can only ask for what a server may do.

/// What one step of a machine asks for, in the order it asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effects<E>(Vec<E>);

impl<E> Default for Effects<E> {
    fn default() -> Self {
        Effects(Vec::new())
    }
}

impl<E> Effects<E> {
    /// Ask for one more thing.
    pub fn push(&mut self, effect: E) {
        self.0.push(effect);
    }

    /// True if nothing was asked for.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What was asked for, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, E> {
        self.0.iter()
    }

    /// Forget everything asked for that `keep` refuses (keeping the order of the rest).
    pub fn retain(&mut self, keep: impl FnMut(&E) -> bool) {
        self.0.retain(keep);
    }
}

impl<E> IntoIterator for Effects<E> {
    type Item = E;
    type IntoIter = std::vec::IntoIter<E>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// A sans-IO state machine: one input in, effects out.
pub trait Machine {
    /// What can happen to it.
    type Input;
    /// What it can ask for.
    type Effect;

    /// Handle one input at the machine's local time `now`, appending what it wants done.
    fn handle(
        &mut self,
        now: crate::time::Micros,
        input: Self::Input,
        out: &mut Effects<Self::Effect>,
    );
}
