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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::panels::console::ConsoleProps;
    use crate::components::panels::faults::FaultsProps;
    use crate::components::panels::inspector::InspectorProps;
    use crate::components::panels::invariants::InvariantsProps;
    use crate::state::{Selection, SPEEDS, WORDS_EVERY};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Playing fast, the panels that show only words and numbers get equal props (so are not
    /// drawn again) on the frames between two takes of the words, and new ones when they are
    /// taken.
    #[test]
    fn the_panels_of_words_are_drawn_again_only_with_the_words() {
        let d: Callback<Action> = Callback::noop();
        let of = |s: &State| {
            (
                InvariantsProps::of(s, d.clone()),
                InspectorProps::of(s, d.clone()),
                ConsoleProps::of(s, d.clone()),
                FaultsProps::of(s, d.clone()),
            )
        };
        let mut s = State::default()
            .reduce(Action::Seek(engine::secs(3)))
            .reduce(Action::Select(Some(Selection::Client("alice".into()))))
            .reduce(Action::SetSpeed(SPEEDS.len() - 1))
            .reduce(Action::Play);
        let (mut same, mut new) = (0_u32, 0_u32);
        for _ in 0..2 * WORDS_EVERY {
            let before = of(&s);
            let view = s.view.clone();
            s = s.reduce(Action::Frame(16.0));
            let after = of(&s);
            if std::rc::Rc::ptr_eq(&view, &s.view) {
                assert!(before.0 == after.0, "invariants");
                assert!(before.1 == after.1, "inspector");
                assert!(before.2 == after.2, "console");
                assert!(before.3 == after.3, "faults");
                same += 1;
            } else {
                assert!(before.0 != after.0 && before.1 != after.1 && before.2 != after.2);
                new += 1;
            }
        }
        assert_eq!((same, new), (2 * (WORDS_EVERY - 1), 2));
    }
}
