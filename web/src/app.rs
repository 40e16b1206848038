//! The page: title, controls, clock and the ensemble ring, wired to the [`model`](crate::model).

use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::clock::SimClock;
use crate::controls::Controls;
use crate::model::{Action, State, STEP, TICK};
use crate::ring::Ring;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Rc::unwrap_or_clone(self).reduce(action))
    }
}

/// Real milliseconds between two ticks of the play loop: one tick is [`TICK`] of simulated time,
/// so the clock runs at wall-clock speed.
const TICK_EVERY_MS: u32 = (TICK / 1_000) as u32;

/// The whole app.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);

    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.playing, move |&playing| {
            let interval = playing
                .then(|| Interval::new(TICK_EVERY_MS, move || dispatcher.dispatch(Action::Tick)));
            move || drop(interval)
        });
    }

    let on_toggle = {
        let d = state.dispatcher();
        Callback::from(move |()| d.dispatch(Action::TogglePlay))
    };
    let on_step = {
        let d = state.dispatcher();
        Callback::from(move |()| d.dispatch(Action::Advance(STEP)))
    };
    let on_reset = {
        let d = state.dispatcher();
        Callback::from(move |()| d.dispatch(Action::Reset))
    };

    html! {
        <main class="app">
            <header>
                <h1>{ "ZooScope" }</h1>
                <p class="tagline">{ "A ZooKeeper ensemble, simulated in your browser." }</p>
            </header>
            <section class="stage" aria-label="Simulation">
                <Controls playing={state.playing} {on_toggle} {on_step} {on_reset} />
                <SimClock time={state.view.time} />
                <Ring servers={state.view.servers.clone()} />
            </section>
        </main>
    }
}
