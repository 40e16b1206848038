//! The cluster: servers on a ring (role, epoch, zxids, a crown on the leader), clients on an
//! outer ring with their session and a line to their server, every message in flight moving
//! along its link with simulated time, cut links, paused / drifting / crashed processes, the lock
//! holder and the queue behind it. Click (or Enter/Space) selects; the background deselects.
//!
//! The picture is a pure function of the state's [`ClusterView`] and [`Motion`]: messages sit
//! where `(now − sent) / (arrives − sent)` puts them, so playing moves them every frame and
//! seeking shows the same picture; nothing is animated by CSS. Playing at real time or faster,
//! the messages are dots on a canvas over the map instead of an element each ([`fleet`]), and
//! the still picture (`picture`) and the legend are drawn again only when the view's words are
//! taken, ten times a second.

mod client;
mod fleet;
mod generals;
pub mod icons;
mod legend;
mod messages;
mod picture;
pub mod ring;
mod server;

pub use client::{client_text, doing};
pub use generals::{bound, order, verdict, Generals};
pub use server::server_text;

use engine::lesson::Highlight;
use engine::{ClusterView, Flight, FlightClass, GeneralsView, LockQueue};
use engine::{ProcessId, ServerId};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::cluster::ring::{along, drift, inset, progress, Layout, Point, SERVER_R};
use crate::components::props::FromState;
use crate::state::{Action, Motion, Selection, State};
use crate::text::{words, Lang};
use legend::{znode_list, Legend};
use messages::Messages;
use picture::Picture;
use std::rc::Rc;

/// How far right of its link a message travels, so opposite directions do not overlap.
const SIDE: f64 = 5.0;

/// The key an element carries in `data-sel` for a selection: `s:3`, `c:alice`, `m:42`.
pub fn sel_key(s: &Selection) -> String {
    match s {
        Selection::Server(id) => format!("s:{id}"),
        Selection::Client(name) => format!("c:{name}"),
        Selection::Message(id) => format!("m:{id}"),
    }
}

/// The selection a `data-sel` key names (the inverse of [`sel_key`]).
pub fn parse_sel(key: &str) -> Option<Selection> {
    let (kind, rest) = key.split_once(':')?;
    match kind {
        "s" => rest.parse().ok().map(Selection::Server),
        "c" => Some(Selection::Client(rest.to_string())),
        "m" => rest.parse().ok().map(Selection::Message),
        _ => None,
    }
}

/// Where a process sits in `layout` (servers and clients in the view's order).
pub fn place(layout: &Layout, view: &ClusterView, p: ProcessId) -> Option<Point> {
    match p {
        ProcessId::Server(id) => view
            .servers
            .iter()
            .position(|s| s.id == id)
            .map(|i| layout.server(i)),
        ProcessId::Client(c) => {
            ((c.0 as usize) < view.clients.len()).then(|| layout.client(c.0 as usize))
        }
    }
}

/// Where a message in flight is drawn at `now`, and the radius of the node it left from and
/// the one it goes to (so it starts and ends at their edges).
pub fn flight_point(layout: &Layout, view: &ClusterView, f: &Flight, now: u64) -> Option<Point> {
    let a = place(layout, view, f.from)?;
    let b = place(layout, view, f.to)?;
    let (ra, rb) = (radius(layout, f.from), radius(layout, f.to));
    let (a, b) = (inset(a, b, ra), inset(b, a, rb));
    Some(along(a, b, progress(now, f.sent, f.arrives), SIDE))
}

fn radius(layout: &Layout, p: ProcessId) -> f64 {
    match p {
        ProcessId::Server(_) => SERVER_R,
        ProcessId::Client(_) => layout.client_r,
    }
}

/// The translated name of a message class (legend, labels).
pub fn class_name(c: FlightClass, lang: Lang) -> &'static str {
    match c {
        FlightClass::Vote => lang.pick("vote", "选票"),
        FlightClass::Sync => lang.pick("sync", "同步"),
        FlightClass::Broadcast => lang.pick("broadcast", "广播"),
        FlightClass::Ping => lang.pick("ping", "心跳"),
        FlightClass::Request => lang.pick("request", "请求"),
        FlightClass::Answer => lang.pick("answer", "应答"),
        FlightClass::Watch => lang.pick("watch event", "监视事件"),
    }
}

/// A process's name in the view (`s2`, `alice`).
fn name(view: &ClusterView, p: ProcessId) -> String {
    view.name(p)
}

/// What the info line says about a message in flight.
pub fn flight_text(f: &Flight, view: &ClusterView, lang: Lang) -> String {
    let ms = f.arrives.saturating_sub(f.sent) as f64 / 1000.0;
    match lang {
        Lang::En => format!(
            "{} #{}: {} → {}, {ms:.1} ms on the way ({})",
            words::message_kind(f.kind, lang),
            f.id,
            name(view, f.from),
            name(view, f.to),
            class_name(f.class, lang),
        ),
        Lang::Zh => format!(
            "{} #{}：{} → {}，路上 {ms:.1} 毫秒（{}）",
            words::message_kind(f.kind, lang),
            f.id,
            name(view, f.from),
            name(view, f.to),
            class_name(f.class, lang),
        ),
    }
}

/// The info line for a `data-sel` key, if the thing still exists.
fn info(key: &str, view: &ClusterView, flights: &[Flight], lang: Lang) -> Option<String> {
    let queues = &view.queues;
    match parse_sel(key)? {
        Selection::Server(id) => view
            .servers
            .iter()
            .find(|s| s.id.0 == id)
            .map(|s| server_text(s, view.leader == Some(s.id), lang)),
        Selection::Client(n) => view.clients.iter().find(|c| c.name == n).map(|c| {
            client_text(
                c,
                queue_place(queues, &c.name),
                elected(queues, &c.name),
                lang,
            )
        }),
        Selection::Message(id) => flights
            .iter()
            .find(|f| f.id == id)
            .map(|f| flight_text(f, view, lang)),
    }
}

/// The ", paused" and ", clock drift …" parts of a process's label.
fn push_condition(t: &mut String, paused: bool, drift_ppm: i64, lang: Lang) {
    if paused {
        t.push_str(lang.pick(", paused", "，已暂停"));
    }
    if drift_ppm != 0 {
        t.push_str(&format!(
            "{} {}",
            lang.pick(", clock drift", "，时钟漂移"),
            drift(drift_ppm)
        ));
    }
}

/// The `data-sel` key of the element an event happened in (or inside), if any.
pub fn event_key(e: &Event) -> Option<String> {
    let el = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    el.closest("[data-sel]").ok()??.get_attribute("data-sel")
}

/// Enter or Space on a focused selectable element (a `data-sel` one) selects it. Space would
/// also play/pause (the page's shortcut): here it selects, and goes no further.
pub fn select_on_key(dispatch: Callback<Action>) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if e.key() != "Enter" && e.key() != " " {
            return;
        }
        if let Some(sel) = event_key(&e).and_then(|k| parse_sel(&k)) {
            e.prevent_default();
            e.stop_propagation();
            dispatch.emit(Action::Select(Some(sel)));
        }
    })
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// What the cluster picture shows: the ensemble now and what is selected.
#[derive(Properties, PartialEq, Clone)]
pub struct ClusterProps {
    /// The ensemble, as its words were last taken.
    pub view: Rc<ClusterView>,
    /// The clock and the messages in flight now.
    pub motion: Rc<Motion>,
    /// What the user has selected.
    pub selection: Option<Selection>,
    /// What a lesson's step points at (the rest is dimmed); empty outside lessons.
    pub highlight: Rc<Vec<Highlight>>,
    /// The znodes it points at, as the ensemble has them now.
    pub znodes: Rc<Vec<engine::ZnodeView>>,
    /// Its name for screen readers, when there are two maps (else "Cluster").
    pub label: Option<String>,
    /// Playing at real time or faster: messages are dots on a canvas, not an element each.
    pub fast: bool,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for ClusterProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        let highlight = state
            .lesson
            .as_ref()
            .map(|l| l.current().show.clone())
            .unwrap_or_default();
        let paths: Vec<String> = highlight
            .iter()
            .filter_map(|h| match h {
                Highlight::Znode(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        let znodes = if paths.is_empty() {
            Vec::new()
        } else {
            state.run().znodes(&paths)
        };
        ClusterProps {
            view: state.view.clone(),
            motion: state.motion.clone(),
            selection: state.selection.clone(),
            highlight: Rc::new(highlight),
            znodes: Rc::new(znodes),
            label: None,
            fast: state.fast_forward(),
            lang: state.lang,
            dispatch,
        }
    }
}

impl ClusterProps {
    /// The props of the second run of a comparison: its picture, nothing selected or lit.
    pub fn of_side(
        side: &crate::state::Side,
        label: String,
        fast: bool,
        lang: Lang,
        dispatch: Callback<Action>,
    ) -> Self {
        ClusterProps {
            view: side.view.clone(),
            motion: Rc::new(Motion::of(&side.view)),
            selection: None,
            highlight: Rc::default(),
            znodes: Rc::default(),
            label: Some(label),
            fast,
            lang,
            dispatch,
        }
    }
}

/// What every node of the picture is drawn with.
struct Ctx<'a> {
    view: &'a ClusterView,
    layout: &'a Layout,
    lit: &'a Lit<'a>,
    dim: bool,
    selected: Option<&'a str>,
    many: bool,
    lang: Lang,
}

impl Ctx<'_> {
    fn is_sel(&self, key: &str) -> bool {
        self.selected == Some(key)
    }
}

/// The generals run the picture shows: a lit client's, else the selected client's, else the
/// one started last.
fn generals_in_focus<'a>(
    view: &'a ClusterView,
    lit: &Lit,
    selection: Option<&Selection>,
) -> Option<&'a GeneralsView> {
    let runs = &view.generals;
    runs.iter()
        .find(|g| lit.client(&g.name))
        .or_else(|| match selection {
            Some(Selection::Client(n)) => runs.iter().find(|g| &g.name == n),
            _ => None,
        })
        .or_else(|| {
            runs.iter()
                .filter(|g| g.started <= view.time)
                .max_by_key(|g| g.started)
        })
}

/// True if `name` heads the election queue (it leads, rather than holds a lock).
fn elected(queues: &[LockQueue], name: &str) -> bool {
    queues
        .iter()
        .any(|q| q.parent == "/election" && q.members.first().is_some_and(|m| m == name))
}

/// What a lesson's step points at, asked about one thing on the map at a time.
struct Lit<'a> {
    show: &'a [Highlight],
    view: &'a ClusterView,
}

impl Lit<'_> {
    fn server(&self, id: ServerId) -> bool {
        self.show.iter().any(|h| match h {
            Highlight::Server(s) => *s == id,
            Highlight::Leader => self.view.leader == Some(id),
            _ => false,
        })
    }

    fn client(&self, name: &str) -> bool {
        self.show
            .iter()
            .any(|h| matches!(h, Highlight::Client(n) if n == name))
    }

    fn process(&self, p: ProcessId) -> bool {
        match p {
            ProcessId::Server(s) => self.server(s),
            ProcessId::Client(c) => self
                .view
                .clients
                .get(c.0 as usize)
                .is_some_and(|v| self.client(&v.name)),
        }
    }

    /// A message is lit if its class is, or (when no class is) if it joins lit processes.
    fn message(&self, f: &Flight) -> bool {
        let classes = self
            .show
            .iter()
            .any(|h| matches!(h, Highlight::Messages(_)));
        if classes {
            self.show
                .iter()
                .any(|h| matches!(h, Highlight::Messages(c) if *c == f.class))
        } else {
            self.process(f.from) || self.process(f.to)
        }
    }

    fn queue(&self, parent: &str) -> bool {
        self.show.iter().any(|h| match h {
            Highlight::Queue(p) | Highlight::Znode(p) => p == parent,
            _ => false,
        })
    }
}

/// The cluster picture, its legend, the lock queues and the info line. Each part is its own
/// component taking only what it shows: playing fast, the frames between two takes of the words
/// redraw only the messages (and the generals' round), not the servers, clients and legend.
#[function_component(Cluster)]
pub fn cluster(props: &ClusterProps) -> Html {
    let lang = props.lang;
    let (view, motion) = (&props.view, &props.motion);
    let lit = Lit {
        show: &props.highlight,
        view,
    };
    let dim = !props.highlight.is_empty();
    let hover = use_state(|| None::<String>);
    let layout = Layout::new(view.servers.len(), view.clients.len());
    let selected = props.selection.as_ref().map(sel_key);
    let generals = generals_in_focus(view, &lit, props.selection.as_ref()).cloned();

    // A message's element names itself; a dot on the canvas is found by where the pointer is:
    // a dot drawn over a server takes the click, as it would if it were an element.
    let key_of = {
        let (view, motion) = (view.clone(), motion.clone());
        let fast = props.fast;
        move |e: &MouseEvent| {
            let dot = |reach| {
                fast.then(|| dot_key(e, &layout, &view, &motion, reach))
                    .flatten()
            };
            dot(fleet::Reach::Dot)
                .or_else(|| event_key(e))
                .or_else(|| dot(fleet::Reach::Click))
        }
    };
    let onclick = {
        let d = props.dispatch.clone();
        let key_of = key_of.clone();
        Callback::from(move |e: MouseEvent| {
            d.emit(Action::Select(key_of(&e).and_then(|k| parse_sel(&k))));
        })
    };
    let onkeydown = select_on_key(props.dispatch.clone());
    let onpointerover = {
        let hover = hover.clone();
        Callback::from(move |e: PointerEvent| {
            let k = key_of(&e);
            if *hover != k {
                hover.set(k);
            }
        })
    };
    // Dots move under a still pointer and enter no element: while they are drawn, every move of
    // the pointer looks again.
    let onpointermove = props.fast.then(|| onpointerover.clone());
    let onfocusin = {
        let hover = hover.clone();
        Callback::from(move |e: FocusEvent| hover.set(event_key(&e)))
    };
    let onleave = {
        let hover = hover.clone();
        Callback::from(move |_: PointerEvent| hover.set(None))
    };

    let selected_message = match &props.selection {
        Some(Selection::Message(id)) => Some(*id),
        _ => None,
    };
    let fleet = props.fast.then(|| {
        let dots = fleet::dots(&layout, view, motion, &lit, dim, selected_message);
        html! { <fleet::Fleet {dots} bounds={layout.bounds()} {dim} /> }
    });

    let (bx, by, bw, bh) = layout.bounds();
    let info_key = (*hover).clone().or_else(|| selected.clone());
    let info_text = info_key.and_then(|k| info(&k, view, &motion.in_flight, lang));
    html! {
        <section class={classes!("cluster", dim.then_some("dimmed"))} data-testid="cluster"
                 aria-label={props.label.clone().unwrap_or_else(|| lang.pick("Cluster", "集群").to_string())}>
            // What a lesson points at in the store, above the map where it is seen.
            { znode_list(&props.znodes, lang) }
            <div class={classes!("map-row", generals.is_some().then_some("with-generals"))}>
                <div class="map-frame">
                <svg class="cluster-map" viewBox={format!("{bx:.1} {by:.1} {bw:.1} {bh:.1}")} role="group"
                     aria-label={format!("{} {} {}, {} {}", lang.pick("Ensemble of", "集群："),
                         view.servers.len(), lang.pick("servers", "台服务器"),
                         view.clients.len(), lang.pick("clients", "个客户端"))}
                     data-testid="ring" {onclick} {onkeydown} {onpointerover} {onpointermove} {onfocusin}
                     onpointerleave={onleave}>
                    <Picture view={view.clone()} selected={selected.clone()}
                             highlight={props.highlight.clone()} {lang} />
                    <Messages motion={motion.clone()} view={view.clone()} fast={props.fast}
                              selected={selected_message} highlight={props.highlight.clone()} {lang} />
                </svg>
                { fleet.unwrap_or_default() }
                </div>
                if let Some(run) = generals {
                    <Generals {run} now={motion.time} {lang} />
                }
            </div>
            <p class="cluster-info" data-testid="cluster-info" aria-live="polite">
                { info_text.unwrap_or_else(|| lang.pick(
                    "Point at or focus a server, client or message for details; click or press Enter to select it.",
                    "指向或聚焦服务器、客户端或消息以查看详情；点击或按回车键选中。").to_string()) }
            </p>
            <Legend view={view.clone()} highlight={props.highlight.clone()} {lang} />
        </section>
    }
}

/// The `data-sel` key of the message whose dot (on the canvas over the map) a pointer event on
/// the map is within `reach` of.
fn dot_key(
    e: &MouseEvent,
    layout: &Layout,
    view: &ClusterView,
    motion: &Motion,
    reach: fleet::Reach,
) -> Option<String> {
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    // Not the event's current target: Yew listens at its root and hands the event on.
    let svg = target.closest("svg.cluster-map").ok()??;
    let r = svg.get_bounding_client_rect();
    let rect = (r.left(), r.top(), r.width(), r.height());
    let at = (f64::from(e.client_x()), f64::from(e.client_y()));
    let p = fleet::to_picture(layout.bounds(), rect, at)?;
    fleet::nearest(layout, view, motion, p, reach).map(|id| sel_key(&Selection::Message(id)))
}

/// Cut links as unordered pairs, each once (in the direction first listed), with whether both
/// directions are cut.
pub fn cut_pairs(view: &ClusterView) -> Vec<(ProcessId, ProcessId, bool)> {
    let mut seen: std::collections::BTreeMap<(ProcessId, ProcessId), usize> = Default::default();
    let mut out: Vec<(ProcessId, ProcessId, bool)> = Vec::new();
    for &(a, b) in &view.cuts {
        let key = if a <= b { (a, b) } else { (b, a) };
        match seen.get(&key) {
            Some(&i) => out[i].2 |= out[i].0 != a,
            None => {
                seen.insert(key, out.len());
                out.push((a, b, false));
            }
        }
    }
    out
}

/// A client's place in whichever queue it waits in, counting from 1 (the head).
fn queue_place(queues: &[LockQueue], name: &str) -> Option<usize> {
    queues.iter().find_map(|q| q.place(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::State;
    use engine::ms;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn selection_keys_round_trip() {
        for s in [
            Selection::Server(3),
            Selection::Client("alice".into()),
            Selection::Message(42),
        ] {
            assert_eq!(parse_sel(&sel_key(&s)), Some(s));
        }
        assert_eq!(parse_sel("x:1"), None);
        assert_eq!(parse_sel("s:nope"), None);
    }

    #[test]
    fn messages_in_flight_sit_between_their_ends() {
        let s = State::default().reduce(Action::Seek(ms(300)));
        let v = &s.view;
        assert!(!v.in_flight.is_empty(), "votes fly at 300 ms");
        let l = Layout::new(v.servers.len(), v.clients.len());
        for f in &v.in_flight {
            let p = flight_point(&l, v, f, v.time).expect("both ends are drawn");
            let a = place(&l, v, f.from).unwrap();
            let b = place(&l, v, f.to).unwrap();
            let ab = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
            let ap = ((a.0 - p.0).powi(2) + (a.1 - p.1).powi(2)).sqrt();
            let pb = ((p.0 - b.0).powi(2) + (p.1 - b.1).powi(2)).sqrt();
            assert!(ap + pb <= ab + 2.0 * SIDE, "{f:?} is off its link");
        }
    }

    #[test]
    fn a_step_pointing_at_a_znode_shows_it_as_the_ensemble_has_it() {
        let s = State::from_link("#lesson=09-master-failure&step=4");
        let props = ClusterProps::of(&s, Callback::noop());
        assert!(props.znodes.is_empty(), "step 4 points at no znode");
        let s = State::from_link("#lesson=09-master-failure&step=3");
        // Step 3 waits for m1 to act as master, under /master.
        let mut s = s;
        for _ in 0..5_000 {
            if s.lesson.as_ref().unwrap().phase == crate::state::Phase::Done {
                break;
            }
            s = s.reduce(Action::Frame(16.0));
        }
        let props = ClusterProps::of(&s, Callback::noop());
        let master = &props.znodes[0];
        assert_eq!(master.path, "/master");
        assert!(master.exists);
        assert_eq!(master.owner.as_deref(), Some("m1"), "{master:?}");
    }

    #[test]
    fn a_partition_gives_one_cut_per_pair() {
        let s = State::default()
            .reduce(Action::Seek(ms(2000)))
            .reduce(Action::InjectText("partition s1,s2 | s3,s4,s5".into()))
            .reduce(Action::Advance(ms(1)));
        let pairs = cut_pairs(&s.view);
        assert_eq!(pairs.len(), 6, "{pairs:?}");
        assert!(pairs.iter().all(|p| p.2), "both directions are cut");
    }
}
