//! Props several components share.

use yew::prelude::*;

use crate::state::{Action, State};
use crate::text::Lang;

/// Props a component's owner makes from the page's state (the app, and tests that mount one
/// component alone).
pub trait FromState {
    /// The props for `state`, sending actions to `dispatch`.
    fn of(state: &State, dispatch: Callback<Action>) -> Self;
}

/// The props of a component that needs only the language and a way to send actions (the
/// learn and new-scenario dialogs).
#[derive(Properties, PartialEq, Clone)]
pub struct LangProps {
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for LangProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        LangProps {
            lang: state.lang,
            dispatch,
        }
    }
}
