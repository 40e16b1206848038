//! The time controls: play/pause, step back, step to the next event, restart, fork, and the
//! speed on a log scale. Plain `<button>`s and a range input, so they work by keyboard.

pub mod clock;
pub mod scrubber;
pub mod window;

use yew::prelude::*;

use crate::components::props::FromState;
use crate::components::time::clock::SimClock;
use crate::state::{Action, State, SPEEDS};
use crate::text::Lang;

/// A speed as the readout shows it (`0.05×`, `2×`).
pub fn speed_label(factor: f64) -> String {
    let text = format!("{factor}");
    format!("{text}×")
}

/// A reached speed as the readout shows it, in steps coarse enough that it does not change
/// on every frame (it is a status that is read out): `6.5×`, `6×`, `12×`, `0.35×`.
pub fn reached_label(factor: f64) -> String {
    let step = if factor >= 10.0 {
        1.0
    } else if factor >= 1.0 {
        0.5
    } else {
        0.05
    };
    let shown = ((factor / step).round() * step).max(step);
    // Through a string with two decimals, trimmed: 6.5, 6, 0.35 (not 0.35000000000000003).
    let text = format!("{shown:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}×")
}

/// What the time controls show.
#[derive(Properties, PartialEq, Clone)]
pub struct ControlsProps {
    /// Whether the clock runs.
    pub playing: bool,
    /// The speed (an index into [`SPEEDS`]).
    pub speed: usize,
    /// The simulated time now.
    pub now: engine::Micros,
    /// The speed actually reached, when playback cannot keep up.
    pub reached: Option<f64>,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for ControlsProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        ControlsProps {
            playing: state.playing,
            speed: state.speed,
            now: state.now(),
            reached: state.reached,
            lang: state.lang,
            dispatch,
        }
    }
}

/// The clock's controls.
#[function_component(Controls)]
pub fn controls(props: &ControlsProps) -> Html {
    let s = props;
    let lang = s.lang;
    let d = &props.dispatch;
    let (text, label) = if s.playing {
        (
            lang.pick("Pause", "暂停"),
            lang.pick("Pause the simulated clock", "暂停模拟时钟"),
        )
    } else {
        (
            lang.pick("Play", "播放"),
            lang.pick("Play the simulated clock", "播放模拟时钟"),
        )
    };
    let toggle = d.reform(|_: MouseEvent| Action::TogglePlay);
    let back = d.reform(|_: MouseEvent| Action::StepBack);
    let step = d.reform(|_: MouseEvent| Action::StepEvent);
    let restart = d.reform(|_: MouseEvent| Action::Restart);
    let fork = d.reform(|_: MouseEvent| Action::Fork);
    let speed = d.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        Action::SetSpeed(input.value().parse().unwrap_or(crate::state::DEFAULT_SPEED))
    });
    let factor = speed_label(SPEEDS[s.speed.min(SPEEDS.len() - 1)]);
    html! {
        <div class="controls" role="toolbar" aria-label={lang.pick("Simulation controls", "模拟控制")}>
            <button type="button" class="primary" data-testid="play-toggle" aria-label={label}
                    aria-keyshortcuts="Space" onclick={toggle}>{ text }</button>
            <button type="button" data-testid="step-back" aria-keyshortcuts="ArrowLeft"
                    aria-label={lang.pick("Step back 10 ms", "后退 10 毫秒")} onclick={back}>{ "◀" }</button>
            <button type="button" data-testid="step" aria-keyshortcuts="ArrowRight"
                    aria-label={lang.pick("Step to the next event", "前进到下一个事件")} onclick={step}>{ "▶|" }</button>
            <button type="button" data-testid="restart"
                    aria-label={lang.pick("Back to time zero", "回到时间零点")} onclick={restart}>{ "|◀" }</button>
            <button type="button" data-testid="fork"
                    title={lang.pick("Keep the run up to now and drop the scenario's later actions",
                                     "保留到此刻为止的运行，丢弃场景中之后的动作")}
                    onclick={fork}>{ lang.pick("Fork here", "从此处分叉") }</button>
            <label class="speed">
                <span>{ lang.pick("Speed", "速度") }</span>
                <input type="range" min="0" max={(SPEEDS.len() - 1).to_string()} step="1"
                       data-testid="speed" value={s.speed.to_string()} oninput={speed}
                       aria-valuetext={factor.clone()} />
                <output data-testid="speed-value">{ factor }</output>
            </label>
            if let Some(r) = s.reached.filter(|_| s.playing) {
                <output class="speed-reached" data-testid="speed-reached" role="status">
                    { match lang {
                        Lang::En => format!("running at {} — the ensemble is busy", reached_label(r)),
                        Lang::Zh => format!("实际 {}——集群正忙", reached_label(r)),
                    } }
                </output>
            }
            <SimClock time={s.now} label={lang.pick("Simulated time", "模拟时间")} />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::{reached_label, speed_label};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn speeds_read_as_factors() {
        assert_eq!(speed_label(0.05), "0.05×");
        assert_eq!(speed_label(1.0), "1×");
        assert_eq!(speed_label(10.0), "10×");
    }

    #[test]
    fn a_reached_speed_moves_in_steps_not_with_every_frame() {
        assert_eq!(reached_label(6.38), "6.5×");
        assert_eq!(reached_label(6.21), "6×");
        assert_eq!(reached_label(6.1), reached_label(5.9));
        assert_eq!(reached_label(12.4), "12×");
        assert_eq!(reached_label(0.347), "0.35×");
        assert_eq!(reached_label(0.01), "0.05×", "never 0×");
    }
}
