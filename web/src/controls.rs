//! Play/pause, step and reset: plain `<button>`s, so they work by keyboard (Tab, Enter, Space).

use yew::prelude::*;

use crate::model::{format_time, STEP};

/// Properties of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// Whether the clock is running.
    pub playing: bool,
    /// Pressed play/pause.
    pub on_toggle: Callback<()>,
    /// Pressed step.
    pub on_step: Callback<()>,
    /// Pressed reset.
    pub on_reset: Callback<()>,
}

/// The clock's controls.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let (text, label) = if props.playing {
        ("Pause", "Pause the simulated clock")
    } else {
        ("Play", "Play the simulated clock")
    };
    let toggle = props.on_toggle.reform(|_: MouseEvent| ());
    let step = props.on_step.reform(|_: MouseEvent| ());
    let reset = props.on_reset.reform(|_: MouseEvent| ());
    html! {
        <div class="controls" role="toolbar" aria-label="Simulation controls">
            <button type="button" class="primary" data-testid="play-toggle" aria-label={label}
                    onclick={toggle}>{ text }</button>
            <button type="button" data-testid="step"
                    aria-label={format!("Advance the simulated clock by {}", format_time(STEP))}
                    onclick={step}>{ "Step" }</button>
            <button type="button" data-testid="reset" aria-label="Reset the simulation to time zero"
                    onclick={reset}>{ "Reset" }</button>
        </div>
    }
}
