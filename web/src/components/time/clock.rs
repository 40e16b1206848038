//! The simulated-clock readout.

use engine::Micros;
use yew::prelude::*;

use crate::state::format_time;

/// Properties of [`SimClock`].
#[derive(Properties, PartialEq)]
pub struct SimClockProps {
    /// Simulated time to show.
    pub time: Micros,
    /// The label, in the UI's language.
    pub label: AttrValue,
}

/// Simulated time, e.g. `12.350 s`; the exact microseconds are in `data-micros`.
#[function_component(SimClock)]
pub fn sim_clock(props: &SimClockProps) -> Html {
    html! {
        <p class="clock">
            <span id="sim-clock-label">{ props.label.clone() }{ " " }</span>
            <output id="sim-clock" data-testid="sim-clock" aria-labelledby="sim-clock-label"
                    data-micros={props.time.to_string()}>
                { format_time(props.time) }
            </output>
        </p>
    }
}
