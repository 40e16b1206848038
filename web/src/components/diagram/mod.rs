//! The space-time diagram (Lamport's): one lifeline per process (servers, then clients), time
//! running left to right over a window ending at the current instant, each message an arrow from
//! (sender, sent) to (receiver, arrival); lost ones end in ×, those still in flight are dashed and
//! cut at "now" (click one to select it). Elections, crashes and partitions are vertical lines.
//!
//! Only what is in the window is drawn: finished messages come from the history's time index
//! ([`engine::Chunked::window`]), at most [`CAP`] arrows (the latest), pings
//! hidden unless asked for, so a long run stays as cheap to draw as a short one.

use engine::Marker;
use engine::ProcessId;
use engine::{ms, Micros};
use engine::{ClusterView, FlightClass};
use yew::prelude::*;

use crate::components::cluster::{class_name, event_key, parse_sel, sel_key, select_on_key};
use crate::components::props::FromState;
use crate::state::{Action, RunRef, Selection, State};
use crate::text::{words, Lang};
use std::rc::Rc;

/// The window widths the zoom buttons step through.
pub const WINDOWS: [Micros; 6] = [ms(100), ms(300), ms(1000), ms(2000), ms(5000), ms(20_000)];
/// The window a page starts with (1 s).
pub const DEFAULT_WINDOW: usize = 2;
/// The most arrows drawn at once.
pub const CAP: usize = 300;

const WIDTH: f64 = 1000.0;
const LABEL: f64 = 84.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 30.0;
const ROW: f64 = 26.0;

/// The time window `[from, to]` of width `width` that ends at `now` (or starts at 0 early on).
pub fn window(now: Micros, width: Micros) -> (Micros, Micros) {
    let from = now.saturating_sub(width);
    (from, from + width)
}

/// The lifelines, top to bottom: servers in id order, then clients in declaration order.
pub fn lifelines(view: &ClusterView) -> Vec<ProcessId> {
    let servers = view.servers.iter().map(|s| ProcessId::Server(s.id));
    let clients = view.clients.iter().map(|c| ProcessId::Client(c.id));
    servers.chain(clients).collect()
}

/// One arrow of the diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    /// The message's id.
    pub id: u64,
    /// Sender.
    pub from: ProcessId,
    /// Receiver.
    pub to: ProcessId,
    /// When it was sent.
    pub sent: Micros,
    /// Where the arrow ends: arrival or loss (for a message still in flight, its arrival: the
    /// diagram cuts it at now).
    pub end: Micros,
    /// What it is for.
    pub class: FlightClass,
    /// Its kind (`PROPOSAL`, …).
    pub kind: &'static str,
    /// False if it was lost.
    pub delivered: bool,
    /// True if it is still on its way (then it can be selected).
    pub in_flight: bool,
}

/// The arrows of the window `[from, to]` at `now`: messages that ended in it, then those in
/// flight; without pings unless `pings`; at most `cap`, keeping the latest. Also says how many
/// there were before the cap.
pub fn arrows(
    run: &RunRef,
    view: &ClusterView,
    (from, to): (Micros, Micros),
    pings: bool,
    cap: usize,
) -> (Vec<Arrow>, usize) {
    let keep = |c: FlightClass| pings || c != FlightClass::Ping;
    let done = run
        .messages_ending_in(from, to)
        .into_iter()
        .filter(|m| keep(m.class))
        .map(|m| Arrow {
            id: m.id,
            from: m.from,
            to: m.to,
            sent: m.sent,
            end: m.ended,
            class: m.class,
            kind: m.kind,
            delivered: m.delivered,
            in_flight: false,
        });
    let now = view.time;
    let flying = view
        .in_flight
        .iter()
        .filter(|f| keep(f.class) && f.sent <= now && f.sent <= to)
        .map(|f| Arrow {
            id: f.id,
            from: f.from,
            to: f.to,
            sent: f.sent,
            end: f.arrives,
            class: f.class,
            kind: f.kind,
            delivered: true,
            in_flight: true,
        });
    let all: Vec<Arrow> = done.chain(flying).collect();
    let total = all.len();
    // Keep the in-flight ones (the clickable ones) and the latest finished ones.
    let skip = total.saturating_sub(cap);
    (all.into_iter().skip(skip).collect(), total)
}

/// The x of instant `t` in the window `[from, to]`.
pub fn x_of(t: Micros, (from, to): (Micros, Micros)) -> f64 {
    let span = to.saturating_sub(from).max(1) as f64;
    LABEL + (t as f64 - from as f64) / span * (WIDTH - LABEL - RIGHT)
}

/// A drawing frame for the window that moves as a whole: arrows are drawn at x positions
/// relative to `origin` (a multiple of the window's width, so it changes once per width of
/// simulated time), and the group holding them is shifted left by `shift`. Playing then changes
/// one transform per frame instead of every arrow's coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frame {
    /// The instant drawn at x = [`LABEL`] before the shift.
    pub origin: Micros,
    /// SVG units per microsecond.
    pub scale: f64,
    /// How far left the group is moved.
    pub shift: f64,
}

impl Frame {
    /// The frame for window `[from, to]`.
    pub fn new((from, to): (Micros, Micros)) -> Self {
        let width = to.saturating_sub(from).max(1);
        let origin = from / width * width;
        let scale = (WIDTH - LABEL - RIGHT) / width as f64;
        Frame {
            origin,
            scale,
            shift: (from - origin) as f64 * scale,
        }
    }

    /// The x of instant `t` inside the shifted group.
    pub fn x(&self, t: Micros) -> f64 {
        LABEL + (t as f64 - self.origin as f64) * self.scale
    }
}

fn y_of(row: usize) -> f64 {
    TOP + ROW * (row as f64 + 0.5)
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// A window width as the zoom label shows it (`300 ms`, `2 s`).
pub fn width_label(w: Micros) -> String {
    if w < ms(1000) {
        format!("{} ms", w / 1000)
    } else {
        format!("{} s", w / 1_000_000)
    }
}

/// What the space-time diagram shows.
#[derive(Properties, PartialEq, Clone)]
pub struct LamportProps {
    /// The ensemble now.
    pub view: Rc<ClusterView>,
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
            markers: state.markers.clone(),
            selection: state.selection.clone(),
            run: state.run(),
            lang: state.lang,
            dispatch,
        }
    }
}

/// The space-time diagram of the window before now.
#[function_component(Lamport)]
pub fn lamport(props: &LamportProps) -> Html {
    let state = props;
    let lang = state.lang;
    let view = &state.view;
    let zoom = use_state(|| DEFAULT_WINDOW);
    let pings = use_state(|| false);

    let win = window(view.time, WINDOWS[*zoom]);
    let frame = Frame::new(win);
    let lines = lifelines(view);
    let row_of = |p: ProcessId| lines.iter().position(|&q| q == p);
    let (drawn, total) = arrows(&state.run, view, win, *pings, CAP);
    let height = TOP + ROW * lines.len() as f64 + 8.0;
    let selected = state.selection.as_ref().map(sel_key);

    let lifeline_els = lines.iter().enumerate().map(|(i, &p)| {
        let y = fmt(y_of(i));
        let down = match p {
            ProcessId::Server(id) => view
                .servers
                .iter()
                .any(|s| s.id == id && s.role == engine::Role::Down),
            ProcessId::Client(c) => view
                .clients
                .get(c.0 as usize)
                .is_some_and(|c| c.state == engine::ClientStatus::Down),
        };
        let name = view.name(p);
        html! {
            <g key={name.clone()} class={classes!("lifeline", down.then_some("down"))}
               data-testid="lifeline" data-process={name.clone()}>
                <line x1={fmt(LABEL)} x2={fmt(WIDTH - RIGHT)} y1={y.clone()} y2={y.clone()} />
                <text x={fmt(LABEL - 8.0)} y={y}>{ name }</text>
            </g>
        }
    });

    let arrow_els = drawn.iter().filter_map(|a| {
        let (r0, r1) = (row_of(a.from)?, row_of(a.to)?);
        let (x0, y0) = (frame.x(a.sent), y_of(r0));
        let y_end = y_of(r1);
        let (x1, y1) = (frame.x(a.end), y_end);
        let state_attr = if a.in_flight {
            "in-flight"
        } else if a.delivered {
            "delivered"
        } else {
            "lost"
        };
        let key = sel_key(&Selection::Message(a.id));
        let sel = selected.as_deref() == Some(key.as_str());
        let class = classes!(
            "arrow",
            a.class.as_str(),
            a.in_flight.then_some("in-flight"),
            sel.then_some("selected")
        );
        let title = format!(
            "{} #{} ({}) {} → {}",
            a.kind,
            a.id,
            class_name(a.class, lang),
            view.name(a.from),
            view.name(a.to)
        );
        let (xa, ya, xb, yb) = (fmt(x0), fmt(y0), fmt(x1), fmt(y1));
        // An arrow in flight is drawn whole and cut at now by the plot's clip, so its coordinates
        // stay put while it grows (its front is where the message is).
        let end_mark = if a.in_flight {
            html! {}
        } else if a.delivered {
            html! { <circle class="tip" cx={xb.clone()} cy={yb.clone()} r="2.5" /> }
        } else {
            html! { <text class="lost-mark" x={xb.clone()} y={yb.clone()}>{ "×" }</text> }
        };
        Some(if a.in_flight {
            html! {
                <g key={a.id} {class} data-testid="arrow" data-message={a.id.to_string()}
                   data-class={a.class.as_str()} data-state={state_attr} data-sel={key}
                   tabindex="0" role="button" aria-label={title.clone()}>
                    <title>{ title }</title>
                    <line class="hit" x1={xa.clone()} y1={ya.clone()} x2={xb.clone()} y2={yb.clone()} />
                    <line class="shaft" x1={xa} y1={ya} x2={xb} y2={yb} />
                    { end_mark }
                </g>
            }
        } else {
            html! {
                <g key={a.id} {class} data-testid="arrow" data-message={a.id.to_string()}
                   data-class={a.class.as_str()} data-state={state_attr}>
                    <title>{ title }</title>
                    <line class="shaft" x1={xa} y1={ya} x2={xb} y2={yb} />
                    { end_mark }
                </g>
            }
        })
    });

    let marker_els = markers_in(&state.markers, win).map(|m| {
        let x = fmt(frame.x(m.time));
        html! {
            <g class={classes!("lamport-marker", m.kind.as_str())} data-testid="lamport-marker"
               data-kind={m.kind.as_str()}>
                <title>{ format!("{} ({})", words::marker(m, lang), m.text) }</title>
                <line x1={x.clone()} x2={x.clone()} y1="14" y2={fmt(height)} />
                <text x={x} y="11">{ short(&words::marker(m, lang)) }</text>
            </g>
        }
    });

    let cursor = fmt(x_of(view.time, win));
    let onclick = {
        let d = props.dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(sel) = event_key(&e).and_then(|k| parse_sel(&k)) {
                d.emit(Action::Select(Some(sel)));
            }
        })
    };
    let onkeydown = select_on_key(props.dispatch.clone());
    let zoom_in = {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(zoom.saturating_sub(1)))
    };
    let zoom_out = {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set((*zoom + 1).min(WINDOWS.len() - 1)))
    };
    let toggle_pings = {
        let pings = pings.clone();
        Callback::from(move |_: Event| pings.set(!*pings))
    };
    let note = if total > drawn.len() {
        format!(
            "{} {} / {}",
            lang.pick("Showing the latest arrows:", "仅显示最新的箭头："),
            drawn.len(),
            total
        )
    } else {
        format!(
            "{} {}",
            total,
            lang.pick("messages in the window", "条消息在窗口内")
        )
    };

    html! {
        <section class="lamport" data-testid="lamport" aria-label={lang.pick("Space-time diagram", "时空图")}>
            <div class="lamport-bar">
                <h2>{ lang.pick("Space-time diagram", "时空图") }</h2>
                <button type="button" data-testid="lamport-zoom-in" onclick={zoom_in}
                        disabled={*zoom == 0}
                        aria-label={lang.pick("Zoom in (shorter window)", "放大（更短的时间窗口）")}>{ "+" }</button>
                <output data-testid="lamport-window">{ width_label(WINDOWS[*zoom]) }</output>
                <button type="button" data-testid="lamport-zoom-out" onclick={zoom_out}
                        disabled={*zoom == WINDOWS.len() - 1}
                        aria-label={lang.pick("Zoom out (longer window)", "缩小（更长的时间窗口）")}>{ "−" }</button>
                <label>
                    <input type="checkbox" data-testid="lamport-pings" checked={*pings}
                           onchange={toggle_pings} />
                    { lang.pick(" show pings", " 显示心跳") }
                </label>
            </div>
            <div class="lamport-scroll">
            <svg class="lamport-svg" viewBox={format!("0 0 {WIDTH} {}", fmt(height))}
                 role="group" aria-label={lang.pick("Messages between processes over time", "进程之间随时间传递的消息")}
                 {onclick} {onkeydown}>
                <defs>
                    <clipPath id="lamport-plot">
                        <rect x={fmt(LABEL)} y="0" width={fmt(x_of(view.time, win) - LABEL + 1.0)}
                              height={fmt(height)} />
                    </clipPath>
                </defs>
                <text class="lamport-axis" x={fmt(LABEL)} y={fmt(TOP - 4.0)}>
                    { crate::state::format_time(win.0) }
                </text>
                <text class="lamport-axis" x={fmt(WIDTH - RIGHT)} y={fmt(TOP - 4.0)} text-anchor="end">
                    { crate::state::format_time(win.1) }
                </text>
                <g class="lifelines">{ for lifeline_els }</g>
                <g clip-path="url(#lamport-plot)">
                    <g class="moving" transform={format!("translate({:.2} 0)", -frame.shift)}>
                        <g class="markers">{ for marker_els }</g>
                        <g class="arrows">{ for arrow_els }</g>
                    </g>
                </g>
                <line class="lamport-cursor" data-testid="lamport-cursor" x1={cursor.clone()}
                      x2={cursor} y1={fmt(TOP - 2.0)} y2={fmt(height)} />
            </svg>
            </div>
            <p class="lamport-note" data-testid="lamport-note">{ note }</p>
        </section>
    }
}

/// The markers inside the window.
fn markers_in(markers: &[Marker], (from, to): (Micros, Micros)) -> impl Iterator<Item = &Marker> {
    // Markers are in time order: skip to the window by binary search.
    let start = markers.partition_point(|m| m.time < from);
    markers[start..].iter().take_while(move |m| m.time <= to)
}

/// A marker's label, short enough not to cover its neighbours (the full text is its tooltip).
fn short(text: &str) -> String {
    let mut s: String = text.chars().take(18).collect();
    if text.chars().count() > 18 {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::State;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_window_ends_now_once_time_has_passed_its_width() {
        assert_eq!(window(ms(100), ms(1000)), (0, ms(1000)));
        assert_eq!(window(ms(3000), ms(1000)), (ms(2000), ms(3000)));
        assert_eq!(x_of(ms(2000), (ms(2000), ms(3000))), LABEL);
        assert_eq!(x_of(ms(3000), (ms(2000), ms(3000))), WIDTH - RIGHT);
        // The moving frame puts every instant where the plain window would, once shifted, and
        // keeps its origin while the window slides less than a width.
        for now in [ms(2500), ms(3000), ms(3999), ms(4000), ms(123_456)] {
            let win = window(now, ms(1000));
            let f = Frame::new(win);
            for t in [win.0, now - ms(100), win.1] {
                assert!((f.x(t) - f.shift - x_of(t, win)).abs() < 1e-6, "{now} {t}");
            }
        }
        let (a, b) = (
            Frame::new(window(ms(3100), ms(1000))),
            Frame::new(window(ms(3900), ms(1000))),
        );
        assert_eq!(a.origin, b.origin);
        assert_eq!(
            a.x(ms(2500)),
            b.x(ms(2500)),
            "arrows keep their coordinates"
        );
    }

    #[test]
    fn lifelines_are_servers_then_clients() {
        let s = State::default();
        let names: Vec<String> = lifelines(&s.view)
            .into_iter()
            .map(|p| s.view.name(p))
            .collect();
        assert_eq!(
            names,
            ["s1", "s2", "s3", "s4", "s5", "alice", "bob", "carol"]
        );
    }

    #[test]
    fn arrows_are_those_of_the_window_and_in_flight() {
        let s = State::default().reduce(Action::Seek(ms(3300)));
        let win = window(s.now(), ms(300));
        let (drawn, total) = arrows(&s.run(), &s.view, win, true, usize::MAX);
        assert_eq!(drawn.len(), total);
        assert!(!drawn.is_empty());
        for a in &drawn {
            if a.in_flight {
                assert!(s.view.in_flight.iter().any(|f| f.id == a.id));
                assert!(a.end >= s.now() && a.sent <= s.now());
            } else {
                assert!((win.0..=win.1).contains(&a.end), "{a:?} ends outside");
            }
        }
        let flying = drawn.iter().filter(|a| a.in_flight).count();
        assert_eq!(flying, s.view.in_flight.len());
        // Everything that ended in the window is there, nothing from before it.
        let expected = s
            .run()
            .messages_ending_in(0, u64::MAX)
            .iter()
            .filter(|m| (win.0..=win.1).contains(&m.ended))
            .count();
        assert_eq!(total - flying, expected);
        // Hiding pings leaves no ping; the cap keeps the latest.
        let (no_pings, _) = arrows(&s.run(), &s.view, win, false, usize::MAX);
        assert!(no_pings.iter().all(|a| a.class != FlightClass::Ping));
        let (capped, t) = arrows(&s.run(), &s.view, win, true, 5);
        assert_eq!((capped.len(), t), (5, total));
        assert_eq!(capped.last(), drawn.last());
    }

    #[test]
    fn markers_in_the_window_only() {
        let s = State::default().reduce(Action::Seek(ms(5000)));
        let all = &s.markers;
        assert!(!all.is_empty(), "an election marker by 5 s");
        let t = all[0].time;
        assert_eq!(markers_in(all, (t, t)).count(), 1);
        assert_eq!(markers_in(all, (0, t.saturating_sub(1))).count(), 0);
    }

    #[test]
    fn widths_read_well() {
        assert_eq!(width_label(ms(300)), "300 ms");
        assert_eq!(width_label(ms(2000)), "2 s");
    }
}
