//! What every component gets: a read-only handle on the state and a way to send actions.

use std::rc::Rc;

use yew::prelude::*;

use crate::model::{Action, State};

/// The state, shared read-only. Two handles are equal when they hold the same version, so a
/// component re-renders exactly when an action changed something.
#[derive(Clone, Debug)]
pub struct StateRef(pub Rc<State>);

impl PartialEq for StateRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0.version == other.0.version
    }
}

impl std::ops::Deref for StateRef {
    type Target = State;
    fn deref(&self) -> &State {
        &self.0
    }
}

/// Properties of every panel: the state and the dispatcher.
#[derive(Properties, PartialEq, Clone)]
pub struct PanelProps {
    /// The state to draw.
    pub state: StateRef,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}
