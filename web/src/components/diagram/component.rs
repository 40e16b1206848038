//! The diagram on the page: its bar (zoom, whole run, back to now, pings), the lifelines'
//! names, the canvas (drawn after every render), the line describing the focused arrow and the
//! list of the window's messages.

use engine::{Marker, Micros};
use gloo::events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::list::MessageList;
use super::scene::{self, Detail, Scene, PAD};
use super::{paint, Span};
use crate::components::props::FromState;
use crate::state::{format_time, Action, Motion, RunRef, Selection, State};
use crate::text::Lang;
use engine::ClusterView;

/// What the space-time diagram shows.
#[derive(Properties, PartialEq, Clone)]
pub struct LamportProps {
    /// The ensemble (its processes), as its words were last taken.
    pub view: Rc<ClusterView>,
    /// The clock and the messages in flight now.
    pub motion: Rc<Motion>,
    /// The timeline markers explored so far.
    pub markers: Rc<Vec<Marker>>,
    /// What the user has selected.
    pub selection: Option<Selection>,
    /// The run, for the messages of the window.
    pub run: RunRef,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for LamportProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        LamportProps {
            view: state.view.clone(),
            motion: state.motion.clone(),
            markers: state.markers.clone(),
            selection: state.selection.clone(),
            run: state.run(),
            lang: state.lang,
            dispatch,
        }
    }
}

/// What one arrow is, in words (the focused arrow's line, the list's buttons).
pub fn describe(props: &LamportProps, id: u64) -> Option<String> {
    let lang = props.lang;
    let view = &props.view;
    let (kind, from, to, sent, end) = match props.motion.in_flight.iter().find(|f| f.id == id) {
        Some(f) => (f.kind, f.from, f.to, f.sent, None),
        None => {
            let m = props.run.message_end(id)?;
            (m.kind, m.from, m.to, m.sent, Some((m.ended, m.delivered)))
        }
    };
    let fate = match end {
        None => lang.pick("on its way", "在途中").to_string(),
        Some((t, true)) => format!("{} {}", lang.pick("arrived", "到达于"), format_time(t)),
        Some((t, false)) => format!("{} {}", lang.pick("lost", "丢失于"), format_time(t)),
    };
    Some(format!(
        "{} #{id} {} → {}, {} {}, {fate}",
        crate::text::words::message_kind(kind, lang),
        view.name(from),
        view.name(to),
        lang.pick("sent", "发送于"),
        format_time(sent)
    ))
}

/// A drag on the canvas: where it started and the span then.
#[derive(Clone, Copy)]
struct Drag {
    x: f64,
    span: Span,
    moved: bool,
}

/// The space-time diagram.
#[function_component(Lamport)]
pub fn lamport(props: &LamportProps) -> Html {
    let lang = props.lang;
    let view = &props.view;
    let now = props.motion.time;
    let span = use_state(Span::default);
    let pings = use_state(|| false);
    let focus = use_state(|| None::<u64>);
    let width = use_state(|| 900.0_f64);
    let drag = use_mut_ref(|| None::<Drag>);
    let canvas_ref = use_node_ref();
    let plot_ref = use_node_ref();

    // The canvas is as wide as its box: measured once and on every resize.
    {
        let (width, plot_ref) = (width.clone(), plot_ref.clone());
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = plot_ref.cast::<web_sys::HtmlElement>() {
                    let w = f64::from(el.client_width()).max(200.0);
                    if (w - *width).abs() >= 1.0 {
                        width.set(w);
                    }
                }
            };
            measure();
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(listener)
        });
    }

    // Out of view (below the fold, a page scrolled away), the canvas is not drawn and its scene
    // not worked out again (below): the diagram is drawn when it comes back.
    let seen = crate::hooks::use_seen(canvas_ref.clone());

    let listing = use_state(|| false);
    let win = span.window(now);
    // A frame draws a busy window's narrow arrows by column; every arrow is worked out for the
    // list while it is open, and for a click or a key when they are needed.
    let detail = if *listing {
        Detail::Every
    } else {
        Detail::Picture
    };
    // Out of view, the diagram keeps the scene it last worked out (its attributes say what it
    // last drew) and works it out again when it comes back: a playing frame then costs nothing
    // here.
    let last = use_mut_ref(|| None::<Rc<Scene>>);
    let kept = last.borrow().clone().filter(|_| !seen);
    let scene = kept.unwrap_or_else(|| {
        Rc::new(scene::scene(
            &props.run,
            (view, &props.motion),
            &props.markers,
            win,
            *width,
            *pings,
            detail,
        ))
    });
    *last.borrow_mut() = Some(scene.clone());
    let every = {
        let (scene, props, pings, width) = (scene.clone(), props.clone(), *pings, *width);
        move || -> Rc<Scene> {
            if scene.rastered() && detail == Detail::Picture {
                let (view, markers) = (&props.view, &props.markers);
                Rc::new(scene::scene(
                    &props.run,
                    (view, &props.motion),
                    markers,
                    win,
                    width,
                    pings,
                    Detail::Every,
                ))
            } else {
                scene.clone()
            }
        }
    };
    let selected = match &props.selection {
        Some(Selection::Message(id)) => Some(*id),
        _ => None,
    };

    // Draw after every render (the canvas keeps its pixels between frames otherwise).
    {
        let (scene, canvas_ref, focus) = (scene.clone(), canvas_ref.clone(), *focus);
        use_effect(move || {
            if let Some(canvas) = canvas_ref
                .cast::<web_sys::HtmlCanvasElement>()
                .filter(|_| seen)
            {
                draw(&canvas, &scene, selected, focus, lang);
            }
        });
    }

    let x_frac = {
        let width = *width;
        move |e: &MouseEvent| {
            let x = f64::from(e.offset_x());
            ((x - PAD) / (width - 2.0 * PAD)).clamp(0.0, 1.0)
        }
    };
    let onpointerdown = {
        let (drag, span) = (drag.clone(), span.clone());
        Callback::from(move |e: PointerEvent| {
            *drag.borrow_mut() = Some(Drag {
                x: f64::from(e.client_x()),
                span: *span,
                moved: false,
            });
            if let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
        })
    };
    let onpointermove = {
        let (drag, span, width) = (drag.clone(), span.clone(), *width);
        Callback::from(move |e: PointerEvent| {
            let mut d = drag.borrow_mut();
            let Some(d) = d.as_mut() else { return };
            let dx = f64::from(e.client_x()) - d.x;
            if dx.abs() < 3.0 && !d.moved {
                return;
            }
            d.moved = true;
            let (from, to) = d.span.window(now);
            let per_px = (to - from) as f64 / (width - 2.0 * PAD);
            span.set(d.span.pan(now, -(dx * per_px) as i64));
        })
    };
    let onpointerup = {
        let (drag, focus, every, dispatch) = (
            drag.clone(),
            focus.clone(),
            every.clone(),
            props.dispatch.clone(),
        );
        Callback::from(move |e: PointerEvent| {
            let Some(d) = drag.borrow_mut().take() else {
                return;
            };
            if d.moved {
                return;
            }
            let (x, y) = (f64::from(e.offset_x()), f64::from(e.offset_y()));
            if let Some(s) = every().hit(x, y, 6.0) {
                focus.set(Some(s.id));
                dispatch.emit(Action::Select(Some(Selection::Message(s.id))));
            }
        })
    };
    let onwheel = {
        let span = span.clone();
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let factor = if e.delta_y() > 0.0 { 1.25 } else { 0.8 };
            span.set(span.zoom(now, factor, x_frac(&e)));
        })
    };
    let onkeydown = {
        let (span, focus, dispatch) = (span.clone(), focus.clone(), props.dispatch.clone());
        Callback::from(move |e: KeyboardEvent| {
            let (from, to) = span.window(now);
            let quarter = ((to - from) / 4) as i64;
            let key = e.key();
            let ids: Vec<u64> = if matches!(key.as_str(), "ArrowUp" | "ArrowDown") {
                every().segs.iter().map(|s| s.id).collect()
            } else {
                Vec::new()
            };
            let at = focus.and_then(|f| ids.iter().position(|&i| i == f));
            let step = |up: bool| -> Option<u64> {
                let i = match (at, up) {
                    (None, _) => ids.len().checked_sub(1)?,
                    (Some(i), true) => i.checked_sub(1)?,
                    (Some(i), false) => (i + 1 < ids.len()).then_some(i + 1)?,
                };
                Some(ids[i])
            };
            match key.as_str() {
                "ArrowLeft" => span.set(span.pan(now, -quarter)),
                "ArrowRight" => span.set(span.pan(now, quarter)),
                "+" | "=" => span.set(span.zoom_in(now)),
                "-" | "_" => span.set(span.zoom_out(now)),
                "Home" => span.set(Span::WHOLE),
                "End" => span.set(Span::default()),
                "ArrowUp" => focus.set(step(true).or(*focus)),
                "ArrowDown" => focus.set(step(false).or(*focus)),
                "Enter" | " " => match *focus {
                    Some(id) => dispatch.emit(Action::Select(Some(Selection::Message(id)))),
                    None => return,
                },
                "Escape" => focus.set(None),
                _ => return,
            }
            e.prevent_default();
            e.stop_propagation();
        })
    };
    // The bar's buttons: each a change of the span at this instant.
    let change = |f: fn(Span, Micros) -> Span| {
        let span = span.clone();
        Callback::from(move |_: MouseEvent| span.set(f(*span, now)))
    };
    let toggle_pings = {
        let pings = pings.clone();
        Callback::from(move |_: Event| pings.set(!*pings))
    };
    let following = span.end.is_none();
    let narrowest = span.width == Some(super::WINDOWS[0]);
    let described = focus.and_then(|id| describe(props, id));
    let (w, h) = scene.size;
    let names: Vec<Html> = scene
        .rows
        .iter()
        .enumerate()
        .map(|(i, (p, down))| {
            let name = view.name(*p);
            let top = format!("top: {:.1}px", scene::y_of(i));
            html! {
                <li key={name.clone()} class={classes!("lifeline", down.then_some("down"))}
                    style={top} data-testid="lifeline" data-process={name.clone()}>{ name }</li>
            }
        })
        .collect();
    let keys = lang.pick(
        "Messages between processes over time. Drag or ←/→ to move in time, wheel or +/− to zoom, \
         Home for the whole run, End to follow the clock, ↑/↓ to go through the arrows, Enter to select one.",
        "进程之间随时间传递的消息。拖动或 ←/→ 在时间上移动，滚轮或 +/− 缩放，Home 显示整个运行，End 跟随时钟，\
         ↑/↓ 逐个查看箭头，Enter 选中。",
    );

    html! {
        <section class="lamport" data-testid="lamport" aria-label={lang.pick("Space-time diagram", "时空图")}>
            <div class="lamport-bar">
                <h2>{ lang.pick("Space-time diagram", "时空图") }</h2>
                <button type="button" data-testid="lamport-zoom-in" onclick={change(Span::zoom_in)}
                        disabled={narrowest}
                        aria-label={lang.pick("Zoom in (shorter window)", "放大（更短的时间窗口）")}>{ "+" }</button>
                <output data-testid="lamport-window">{ span.label(lang) }</output>
                <button type="button" data-testid="lamport-zoom-out" onclick={change(Span::zoom_out)}
                        disabled={span.width.is_none()}
                        aria-label={lang.pick("Zoom out (longer window)", "缩小（更长的时间窗口）")}>{ "−" }</button>
                <button type="button" data-testid="lamport-whole" onclick={change(|_, _| Span::WHOLE)}
                        disabled={span.width.is_none()}>{ lang.pick("Whole run", "整个运行") }</button>
                <button type="button" data-testid="lamport-follow" onclick={change(|_, _| Span::default())}
                        disabled={following && span.width.is_some()}>{ lang.pick("Follow now", "跟随当前") }</button>
                <label>
                    <input type="checkbox" data-testid="lamport-pings" checked={*pings}
                           onchange={toggle_pings} />
                    { lang.pick(" show pings", " 显示心跳") }
                </label>
            </div>
            <div class="lamport-body">
                <ol class="lamport-names" style={format!("height: {h:.0}px")}
                    aria-label={lang.pick("Processes", "进程")}>{ names }</ol>
                <div class="lamport-plot" ref={plot_ref}>
                    <canvas ref={canvas_ref} class="lamport-canvas" data-testid="lamport-canvas"
                            style={format!("width: {w:.0}px; height: {h:.0}px")}
                            data-arrows={scene.total.to_string()} data-drawn={scene.segs.len().to_string()}
                            data-from={win.0.to_string()} data-to={win.1.to_string()}
                            data-pings={pings.to_string()} data-seen={seen.to_string()} tabindex="0" role="img" aria-label={keys}
                            {onpointerdown} {onpointermove} {onpointerup} {onwheel} {onkeydown}></canvas>
                </div>
            </div>
            // Only the arrow gone to with ↑/↓ is read out: the count changes on every frame
            // while playing, and a live region would announce it on and on.
            <p class="lamport-note" data-testid="lamport-note">
                <span aria-live="polite">{ described.clone().unwrap_or_default() }</span>
                if described.is_none() {
                    { format!("{} {}", scene.total, lang.pick("messages in the window", "条消息在窗口内")) }
                }
            </p>
            <MessageList scene={scene.clone()} props={props.clone()} open={*listing}
                         ontoggle={Callback::from(move |open| listing.set(open))} />
        </section>
    }
}

/// Size `canvas` for `scene` at the screen's pixel ratio and paint it.
fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    scene: &Scene,
    selected: Option<u64>,
    focus: Option<u64>,
    lang: Lang,
) {
    let Some((ctx, ratio)) = crate::browser::canvas_2d(canvas, scene.size) else {
        return;
    };
    let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    paint::canvas(&ctx, ratio, scene, selected, focus, lang);
}

/// The window the diagram on the page shows (read from its canvas), for an export.
pub fn shown_window() -> Option<((Micros, Micros), f64, bool)> {
    let el = gloo::utils::document()
        .query_selector(".lamport-canvas")
        .ok()??;
    let num = |name: &str| el.get_attribute(name)?.parse::<f64>().ok();
    let width = el
        .dyn_ref::<web_sys::HtmlElement>()
        .map_or(900.0, |e| f64::from(e.client_width()).max(200.0));
    Some((
        (num("data-from")? as Micros, num("data-to")? as Micros),
        width,
        el.get_attribute("data-pings").as_deref() == Some("true"),
    ))
}

/// The diagram as the page shows it now, as SVG text with its size: what "Diagram (SVG)" and
/// "Diagram (PNG)" save. `None` if the diagram is not on the page.
pub fn export_svg(run: &RunRef, lang: Lang) -> Option<(String, u32, u32)> {
    let (win, width, pings) = shown_window()?;
    let view = run.view();
    let markers = run.markers();
    let motion = Motion::of(&view);
    let scene = scene::scene(
        run,
        (&view, &motion),
        &markers,
        win,
        width,
        pings,
        Detail::Every,
    );
    let names: Vec<String> = scene.rows.iter().map(|(p, _)| view.name(*p)).collect();
    let svg = paint::svg(&scene, &names, lang);
    Some((svg, (scene.size.0 + 84.0) as u32, scene.size.1 as u32))
}
