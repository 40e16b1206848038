//! The timeline scrubber: drag (or arrow-key) to any instant of the run; markers for elections,
//! crashes, partitions, pauses and violations, each a button that seeks to it.

use engine::MarkerKind;
use yew::prelude::*;

use crate::components::props::FromState;
use crate::state::{format_time, Action, State};
use crate::text::{words, Lang};
use engine::{Marker, Micros};
use std::rc::Rc;

/// A marker kind's name in the UI's language.
pub fn marker_name(kind: MarkerKind, lang: Lang) -> &'static str {
    match kind {
        MarkerKind::Leader => lang.pick("new leader", "新领导者"),
        MarkerKind::Crash => lang.pick("crash", "崩溃"),
        MarkerKind::Restart => lang.pick("restart", "重启"),
        MarkerKind::Partition => lang.pick("partition", "网络分区"),
        MarkerKind::Heal => lang.pick("heal", "网络恢复"),
        MarkerKind::Pause => lang.pick("pause", "暂停"),
        MarkerKind::Violation => lang.pick("violation", "违反不变量"),
    }
}

/// What the scrubber shows.
#[derive(Properties, PartialEq, Clone)]
pub struct ScrubberProps {
    /// The simulated time now.
    pub now: Micros,
    /// The furthest instant reached (the scrubber's end).
    pub horizon: Micros,
    /// The timeline markers explored so far.
    pub markers: Rc<Vec<Marker>>,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for ScrubberProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        ScrubberProps {
            now: state.now(),
            horizon: state.horizon,
            markers: state.markers.clone(),
            lang: state.lang,
            dispatch,
        }
    }
}

/// The scrubber.
#[function_component(Scrubber)]
pub fn scrubber(props: &ScrubberProps) -> Html {
    let s = props;
    let lang = s.lang;
    let end_ms = (s.horizon / 1000).max(1);
    let now_ms = s.now / 1000;
    let seek = props.dispatch.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        Action::Seek(input.value().parse::<u64>().unwrap_or(0) * 1000)
    });
    let markers = s
        .markers
        .iter()
        .filter(|m| m.time / 1000 <= end_ms)
        .map(|m| {
            let left = 100.0 * (m.time / 1000) as f64 / end_ms as f64;
            let t = m.time;
            let go = props.dispatch.reform(move |_: MouseEvent| Action::Seek(t));
            let label = format!(
                "{} {} — {}",
                format_time(m.time),
                marker_name(m.kind, lang),
                words::marker(m, lang)
            );
            html! {
                <button type="button" class={classes!("marker", m.kind.as_str())}
                        style={format!("left: {left:.3}%")} title={label.clone()} aria-label={label}
                        data-testid="marker" data-kind={m.kind.as_str()} onclick={go}></button>
            }
        });
    html! {
        <div class="scrubber">
            <div class="markers" role="group" aria-label={lang.pick("Timeline markers", "时间线标记")}>
                { for markers }
            </div>
            <input type="range" min="0" max={end_ms.to_string()} step="1" value={now_ms.to_string()}
                   data-testid="scrubber" oninput={seek}
                   aria-label={lang.pick("Timeline: seek to any instant", "时间线：跳到任意时刻")}
                   aria-valuetext={format_time(s.now)} />
            <span class="scrubber-end" aria-hidden="true">{ format_time(s.horizon) }</span>
        </div>
    }
}
