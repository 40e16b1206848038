//! The timeline: drag (or arrow-key) to any instant of the part of the run on show; markers for
//! elections, crashes, partitions, pauses and violations, each a button (markers too close to
//! tell apart are one button with a count, which zooms in to spread them); zoom and pan with the
//! wheel, a pinch or the buttons; the scenario's end, where playback stops until "run on".
//!
//! By default the timeline fits what has happened so far; once the user zooms or pans it keeps
//! that window until "Fit" (see [`window`](super::window)).

use engine::MarkerKind;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::props::FromState;
use crate::components::time::window::{fold_repeats, spots, Spot, Window};
use crate::state::{format_time, Action, State};
use crate::text::{words, Lang};
use engine::{Marker, Micros};
use std::rc::Rc;

/// How close (in pixels) two markers may be before they are drawn as one.
const GAP_PX: f64 = 16.0;

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
    /// The furthest instant reached.
    pub horizon: Micros,
    /// The scenario's end (its `run` line).
    pub end: Micros,
    /// Whether playback goes on past the end.
    pub run_on: bool,
    /// Whether the clock runs.
    pub playing: bool,
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
            end: state.end(),
            run_on: state.run_on,
            playing: state.playing,
            markers: state.markers.clone(),
            lang: state.lang,
            dispatch,
        }
    }
}

/// The label of one spot: each marker's time, kind and words (with a count when repeated).
fn spot_label(spot: &Spot, lang: Lang) -> String {
    let one = |c: &crate::components::time::window::Counted| {
        let m = &c.marker;
        let mut s = format!(
            "{} {} — {}",
            format_time(m.time),
            marker_name(m.kind, lang),
            words::marker(m, lang)
        );
        if c.count > 1 {
            s.push_str(&lang.choose(
                format!(" ({} times in all)", c.count),
                format!("（共 {} 次）", c.count),
            ));
        }
        s
    };
    if spot.is_group() {
        let head = lang.choose(
            format!("{} events, click to zoom in:", spot.markers.len()),
            format!("{} 个事件，点击放大：", spot.markers.len()),
        );
        let all: Vec<String> = spot.markers.iter().map(one).collect();
        format!("{head} {}", all.join("; "))
    } else {
        one(&spot.markers[0])
    }
}

/// The distance between two touches and their middle, when exactly two are down.
fn pinch_span(touches: &[(i32, f64)]) -> Option<(f64, f64)> {
    match touches {
        [a, b] => Some(((a.1 - b.1).abs(), (a.1 + b.1) / 2.0)),
        _ => None,
    }
}

/// The scrubber.
#[function_component(Scrubber)]
pub fn scrubber(props: &ScrubberProps) -> Html {
    let s = props;
    let lang = s.lang;
    // The window the user chose (None: fit what has happened).
    let chosen = use_state(|| None::<Window>);
    let width = use_state(|| 800.0_f64);
    let bar = use_node_ref();
    let reached = s.horizon.max(s.now);
    let limit = reached.max(s.end).max(Window::fit(reached).to);
    let win = chosen.unwrap_or_else(|| Window::fit(reached));

    // Measure the bar (for grouping markers) now and when the window resizes.
    {
        let bar = bar.clone();
        let width = width.clone();
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = bar.cast::<web_sys::HtmlElement>() {
                    let w = f64::from(el.client_width());
                    if w > 0.0 {
                        width.set(w);
                    }
                }
            };
            measure();
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(listener)
        });
    }

    // Wheel: zoom about the pointer (a trackpad pinch arrives as a wheel with Ctrl); a sideways
    // or Shift wheel pans. Not passive, so the page does not scroll or zoom instead.
    {
        let bar = bar.clone();
        let chosen = chosen.clone();
        use_effect_with((win, limit), move |&(win, limit)| {
            let listener = bar.cast::<web_sys::HtmlElement>().map(|el| {
                let target = el.clone();
                let opts = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&target, "wheel", opts, move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::WheelEvent>() else {
                        return;
                    };
                    e.prevent_default();
                    let rect = el.get_bounding_client_rect();
                    let about = (f64::from(e.client_x()) - rect.left()) / rect.width().max(1.0);
                    let (dx, dy) = (e.delta_x(), e.delta_y());
                    let next = if e.shift_key() || dx.abs() > dy.abs() {
                        win.pan((dx + if e.shift_key() { dy } else { 0.0 }) / 500.0, limit)
                    } else {
                        win.zoom((dy / 300.0).exp(), about, limit)
                    };
                    chosen.set(Some(next));
                })
            });
            move || drop(listener)
        });
    }

    // Two fingers on the timeline: pinch to zoom about their middle.
    {
        let bar = bar.clone();
        let chosen = chosen.clone();
        let touches = use_mut_ref(Vec::<(i32, f64)>::new);
        use_effect_with((win, limit), move |&(win, limit)| {
            let listeners = bar.cast::<web_sys::HtmlElement>().map(|el| {
                let track = |kind: &'static str| {
                    let (el2, touches, chosen) = (el.clone(), touches.clone(), chosen.clone());
                    EventListener::new(&el, kind, move |e| {
                        let Some(e) = e.dyn_ref::<web_sys::PointerEvent>() else {
                            return;
                        };
                        if e.pointer_type() != "touch" {
                            return;
                        }
                        let (id, x) = (e.pointer_id(), f64::from(e.client_x()));
                        let mut t = touches.borrow_mut();
                        match kind {
                            "pointerdown" => t.push((id, x)),
                            "pointermove" => {
                                let before = pinch_span(&t);
                                if let Some(p) = t.iter_mut().find(|p| p.0 == id) {
                                    p.1 = x;
                                }
                                if let (Some((b, _)), Some((a, mid))) = (before, pinch_span(&t)) {
                                    if a > 4.0 && b > 4.0 && (a - b).abs() > 2.0 {
                                        let rect = el2.get_bounding_client_rect();
                                        let about = (mid - rect.left()) / rect.width().max(1.0);
                                        chosen.set(Some(win.zoom(b / a, about, limit)));
                                    }
                                }
                            }
                            _ => t.retain(|p| p.0 != id),
                        }
                    })
                };
                ["pointerdown", "pointermove", "pointerup", "pointercancel"].map(track)
            });
            move || drop(listeners)
        });
    }

    let seek = props.dispatch.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        Action::Seek(input.value().parse::<u64>().unwrap_or(0) * 1000)
    });
    let counted = fold_repeats(&s.markers);
    let placed = spots(&counted, win, *width, GAP_PX);
    let buttons = placed.iter().map(|spot| {
        let left = 100.0 * spot.at;
        let label = spot_label(spot, lang);
        let (from, to) = (spot.from(), spot.to());
        let kind = spot.kind().map_or("mixed", MarkerKind::as_str);
        if spot.is_group() && to > from {
            let chosen = chosen.clone();
            let zoom = Callback::from(move |_: MouseEvent| {
                chosen.set(Some(Window::around(from, to, limit)));
            });
            html! {
                <button type="button" class={classes!("marker", "group", kind)}
                        style={format!("left: {left:.3}%")} title={label.clone()} aria-label={label}
                        data-testid="marker-group" data-kind={kind} onclick={zoom}>
                    { spot.markers.len() }
                </button>
            }
        } else {
            let go = props.dispatch.reform(move |_: MouseEvent| Action::Seek(from));
            let count = spot.markers.iter().map(|c| c.count).sum::<usize>();
            html! {
                <button type="button" class={classes!("marker", kind, (count > 1).then_some("counted"))}
                        style={format!("left: {left:.3}%")} title={label.clone()} aria-label={label}
                        data-testid="marker" data-kind={kind} onclick={go}>
                    if count > 1 { { count } }
                </button>
            }
        }
    });
    let end_at = win.frac(s.end);
    let end_flag = (0.0..=1.0).contains(&end_at).then(|| {
        let label = lang.choose(
            format!("End of the scenario, {}", format_time(s.end)),
            format!("场景结束，{}", format_time(s.end)),
        );
        html! {
            <span class="end-flag" style={format!("left: {:.3}%", 100.0 * end_at)} title={label.clone()}
                  aria-label={label} role="img" data-testid="end-flag"></span>
        }
    });
    let at_end = !s.run_on && !s.playing && s.now >= s.end;
    let run_on = s.dispatch.reform(|_: MouseEvent| Action::RunOn);
    let zoom_by = |factor: f64| {
        let chosen = chosen.clone();
        let about = win.frac(s.now).clamp(0.0, 1.0);
        Callback::from(move |_: MouseEvent| chosen.set(Some(win.zoom(factor, about, limit))))
    };
    let pan_by = |by: f64| {
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| chosen.set(Some(win.pan(by, limit))))
    };
    let fit = {
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| chosen.set(None))
    };
    let whole = {
        let chosen = chosen.clone();
        Callback::from(move |_: MouseEvent| chosen.set(Some(Window { from: 0, to: limit })))
    };
    let (now_ms, from_ms, to_ms) = (s.now / 1000, win.from / 1000, (win.to / 1000).max(1));
    html! {
        <div class="scrubber">
            <div class="timeline-bar" ref={bar}>
                <div class="markers" role="group" aria-label={lang.pick("Timeline markers", "时间线标记")}>
                    { for buttons }
                    { for end_flag }
                </div>
                <input type="range" min={from_ms.to_string()} max={to_ms.to_string()} step="1"
                       value={now_ms.clamp(from_ms, to_ms).to_string()}
                       data-testid="scrubber" oninput={seek}
                       aria-label={lang.pick("Timeline: seek to any instant", "时间线：跳到任意时刻")}
                       aria-valuetext={format_time(s.now)} />
                <div class="timeline-range" aria-hidden="true">
                    <span data-testid="window-from">{ format_time(win.from) }</span>
                    <span data-testid="window-to">{ format_time(win.to) }</span>
                </div>
            </div>
            <div class="timeline-tools" role="group" aria-label={lang.pick("Timeline view", "时间线视图")}>
                <button type="button" data-testid="timeline-earlier" onclick={pan_by(-0.5)}
                        aria-label={lang.pick("Show earlier", "显示更早")}>{ "‹" }</button>
                <button type="button" data-testid="timeline-zoom-out" onclick={zoom_by(2.0)}
                        aria-label={lang.pick("Zoom out", "缩小")}>{ "−" }</button>
                <button type="button" data-testid="timeline-zoom-in" onclick={zoom_by(0.5)}
                        aria-label={lang.pick("Zoom in around now", "围绕此刻放大")}>{ "+" }</button>
                <button type="button" data-testid="timeline-later" onclick={pan_by(0.5)}
                        aria-label={lang.pick("Show later", "显示更晚")}>{ "›" }</button>
                <button type="button" data-testid="timeline-fit" onclick={fit}
                        aria-pressed={chosen.is_none().to_string()}
                        title={lang.pick("Fit what has happened so far", "适配至今发生的一切")}>
                    { lang.pick("Fit", "适配") }
                </button>
                <button type="button" data-testid="timeline-whole" onclick={whole}
                        title={lang.pick("The whole scenario, to its end", "整个场景，直到结束")}>
                    { lang.pick("Whole run", "全程") }
                </button>
            </div>
            if at_end {
                <p class="run-end" role="status" data-testid="run-end">
                    { lang.pick("The scenario ends here.", "场景到此结束。") }
                    { " " }
                    <button type="button" data-testid="run-on" onclick={run_on}>
                        { lang.pick("Run on", "继续运行") }
                    </button>
                </p>
            }
        </div>
    }
}
