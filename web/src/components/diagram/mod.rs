//! The space-time diagram (Lamport's): one lifeline per process (servers, then clients), time
//! running left to right, each message an arrow from (sender, sent) to (receiver, arrival); lost
//! ones end in ×, those still in flight are dashed and cut at "now". Elections, crashes and
//! partitions are vertical lines.
//!
//! The window follows the current instant until the user pans it (drag, ←/→) or zooms it
//! (wheel, +/−, the buttons), up to the whole run. It is drawn on a canvas from a [`Scene`]
//! worked out once a frame, so a window over a hundred thousand messages costs a handful of
//! strokes; the arrows stay reachable: click one, or focus the diagram and go through them with
//! ↑/↓ and Enter, or open the list of the window's messages.

use engine::{ms, ClusterView, Micros, ProcessId};

mod component;
mod list;
pub mod paint;
pub mod raster;
pub mod scene;

pub use component::{export_svg, Lamport, LamportProps};
pub use scene::{scene, Detail, Scene, Seg};

/// The window widths the zoom buttons step through (then the whole run).
pub const WINDOWS: [Micros; 9] = [
    ms(100),
    ms(300),
    ms(1000),
    ms(2000),
    ms(5000),
    ms(20_000),
    ms(60_000),
    ms(300_000),
    ms(1_800_000),
];
/// The window a page starts with (1 s).
pub const DEFAULT_WINDOW: usize = 2;

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

/// Which stretch of time the diagram shows: a width (or the whole run), following the current
/// instant or held where the user panned it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// How long a stretch; `None`: the whole run so far.
    pub width: Option<Micros>,
    /// Where it ends; `None`: at the current instant (it follows the clock).
    pub end: Option<Micros>,
}

impl Default for Span {
    fn default() -> Self {
        Span {
            width: Some(WINDOWS[DEFAULT_WINDOW]),
            end: None,
        }
    }
}

impl Span {
    /// The whole run so far.
    pub const WHOLE: Span = Span {
        width: None,
        end: None,
    };

    /// The window `[from, to]` at instant `now`.
    pub fn window(&self, now: Micros) -> (Micros, Micros) {
        match self.width {
            None => (0, now.max(ms(1))),
            Some(w) => window(self.end.map_or(now, |e| e.min(now)), w),
        }
    }

    /// Held at `[to - width, to]`, or following when that reaches `now`.
    fn at(width: Micros, to: Micros, now: Micros) -> Span {
        Span {
            width: Some(width),
            end: (to < now).then_some(to.max(width)),
        }
    }

    /// Moved `by` microseconds later (earlier if negative); it follows again once it reaches
    /// the current instant.
    pub fn pan(self, now: Micros, by: i64) -> Span {
        let (from, to) = self.window(now);
        let width = to - from;
        let to = (to as i64).saturating_add(by).max(width as i64) as Micros;
        Span::at(width, to, now)
    }

    /// Zoomed by `factor` (below 1: in) about the point `at` of the way across (0 to 1).
    pub fn zoom(self, now: Micros, factor: f64, at: f64) -> Span {
        let (from, to) = self.window(now);
        let w = (to - from) as f64;
        let nw = (w * factor).clamp(ms(1) as f64, now.max(ms(1000)) as f64);
        let pivot = from as f64 + at.clamp(0.0, 1.0) * w;
        let nfrom = (pivot - at.clamp(0.0, 1.0) * nw).max(0.0);
        Span::at(nw as Micros, (nfrom + nw) as Micros, now)
    }

    /// The next narrower of [`WINDOWS`], about the end.
    pub fn zoom_in(self, now: Micros) -> Span {
        let (from, to) = self.window(now);
        let w = WINDOWS
            .iter()
            .rev()
            .find(|&&w| w < to - from)
            .copied()
            .unwrap_or(WINDOWS[0]);
        Span {
            width: Some(w),
            end: self.end,
        }
    }

    /// The next wider of [`WINDOWS`] about the end, then the whole run (early in a run a wide
    /// window shows the time still to come).
    pub fn zoom_out(self, now: Micros) -> Span {
        if self.width.is_none() {
            return self;
        }
        let (from, to) = self.window(now);
        match WINDOWS.iter().find(|&&w| w > to - from) {
            Some(&w) => Span {
                width: Some(w),
                end: self.end,
            },
            None => Span::WHOLE,
        }
    }

    /// What the zoom label says.
    pub fn label(&self, lang: crate::text::Lang) -> String {
        match self.width {
            None => lang.pick("whole run", "整个运行").to_string(),
            Some(w) => width_label(w),
        }
    }
}

/// A window width as the zoom label shows it (`300 ms`, `2 s`, `5 min`).
pub fn width_label(w: Micros) -> String {
    if w < ms(1000) {
        format!("{} ms", w / 1000)
    } else if w < ms(120_000) {
        format!("{} s", w / 1_000_000)
    } else {
        format!("{} min", w / 60_000_000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, State};
    use engine::FlightClass;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The scene of `s` in window `win`.
    fn of(s: &State, win: (Micros, Micros), width: f64, pings: bool, detail: Detail) -> Scene {
        scene(
            &s.run(),
            (&s.view, &s.motion),
            &s.markers,
            win,
            width,
            pings,
            detail,
        )
    }

    #[test]
    fn the_window_follows_the_clock_until_panned_and_zooms_to_the_whole_run() {
        let now = ms(10_000);
        let span = Span::default();
        assert_eq!(
            span.window(ms(100)),
            (0, ms(1000)),
            "early on it starts at 0"
        );
        assert_eq!(span.window(now), (ms(9000), now));
        // Back half a second: held there while the clock goes on.
        let back = span.pan(now, -(ms(500) as i64));
        assert_eq!(back.window(now), (ms(8500), ms(9500)));
        assert_eq!(back.window(ms(20_000)), (ms(8500), ms(9500)));
        // Forward to now again: it follows.
        assert_eq!(back.pan(now, ms(2000) as i64), span);
        // Zooming steps through the widths about the end, then the whole run.
        assert_eq!(span.zoom_in(now).window(now), (ms(9700), now));
        assert_eq!(back.zoom_out(now).window(now), (ms(7500), ms(9500)));
        let mut wide = span;
        for _ in 0..WINDOWS.len() {
            wide = wide.zoom_out(now);
        }
        assert_eq!(wide, Span::WHOLE);
        assert_eq!(wide.window(now), (0, now));
        assert_eq!(wide.zoom_in(now).window(now), (ms(5000), now));
        // The wheel zooms about the pointer: the instant under it stays under it.
        let z = span.pan(now, -(ms(3000) as i64)).zoom(now, 0.5, 0.25);
        let (from, to) = z.window(now);
        assert_eq!((to - from, from + (to - from) / 4), (ms(500), ms(6250)));
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
    fn the_scene_holds_the_window_and_what_is_in_flight() {
        let s = State::default().reduce(Action::Seek(ms(3300)));
        let win = window(s.now(), ms(300));
        let sc = of(&s, win, 900.0, true, Detail::Every);
        assert!(!sc.segs.is_empty());
        let ended = s.run().messages_ending_in(0, u64::MAX);
        for seg in &sc.segs {
            if seg.in_flight {
                let f = s.view.in_flight.iter().find(|f| f.id == seg.id).unwrap();
                assert!(f.arrives >= s.now() && f.sent <= s.now());
            } else {
                let m = ended.iter().find(|m| m.id == seg.id).unwrap();
                assert!(
                    m.ended >= win.0 && m.sent <= win.1,
                    "{m:?} is not of the window"
                );
                assert_eq!(seg.x1, sc.x(m.ended));
            }
        }
        let flying = sc.segs.iter().filter(|a| a.in_flight).count();
        assert_eq!(flying, s.view.in_flight.len());
        // Everything that ended in the window is counted, nothing from before it (the window
        // ends now: nothing ended after it).
        let expected = ended
            .iter()
            .filter(|m| (win.0..=win.1).contains(&m.ended))
            .count();
        assert_eq!(sc.total - flying, expected);
        // Pings hidden unless asked for.
        let quiet = of(&s, win, 900.0, false, Detail::Every);
        assert!(quiet.segs.iter().all(|a| a.class != FlightClass::Ping));
        assert!(quiet.total < sc.total);
        // A click finds the arrow under it.
        let seg = sc.segs.iter().find(|a| !a.in_flight).unwrap();
        let hit = sc.hit((seg.x0 + seg.x1) / 2.0, (seg.y0 + seg.y1) / 2.0, 2.0);
        assert_eq!(
            hit.map(|h| (h.x0, h.y0, h.x1, h.y1)),
            Some((seg.x0, seg.y0, seg.x1, seg.y1))
        );
    }

    #[test]
    fn a_window_in_the_past_shows_what_was_sent_in_it_and_arrived_after_it() {
        let s = State::default().reduce(Action::Seek(ms(5000)));
        let ended = s.run().messages_ending_in(0, u64::MAX);
        // A window ending while some message was on its way.
        let m = ended
            .iter()
            .find(|m| m.sent > ms(1000) && m.ended > m.sent + 1000)
            .expect("a message that took a while");
        let to = m.sent + (m.ended - m.sent) / 2;
        let win = (to - ms(300), to);
        let sc = of(&s, win, 900.0, true, Detail::Every);
        let seg = sc.segs.iter().find(|a| a.id == m.id).expect("drawn");
        assert!(
            seg.x1 > sc.size.0 - scene::PAD,
            "it runs past the window's edge"
        );
        // Nothing sent after the window is drawn.
        for a in sc.segs.iter().filter(|a| !a.in_flight) {
            let rec = ended.iter().find(|r| r.id == a.id).unwrap();
            assert!(rec.sent <= win.1 && rec.ended >= win.0, "{rec:?}");
        }
    }

    #[test]
    fn a_whole_run_draws_each_pixel_once_and_counts_every_message() {
        let s = State::default().reduce(Action::Seek(ms(60_000)));
        let whole = Span::WHOLE.window(s.now());
        let sc = of(&s, whole, 900.0, true, Detail::Every);
        let ended = s.run().messages_ending_in(0, u64::MAX).len();
        assert_eq!(sc.total, ended + s.view.in_flight.len());
        assert!(sc.segs.len() < sc.total);
        // The fewer the pixels, the fewer the arrows drawn: what is drawn is bounded by the
        // picture, not by the run.
        let narrow = of(&s, whole, 40.0, true, Detail::Every);
        assert_eq!(narrow.total, sc.total);
        assert!(
            narrow.segs.len() * 3 < sc.total,
            "{} arrows drawn for {} messages",
            narrow.segs.len(),
            sc.total
        );
        // Each class of message still shows.
        for class in [FlightClass::Vote, FlightClass::Ping, FlightClass::Request] {
            assert!(sc.segs.iter().any(|a| a.class == class), "{class:?}");
        }
        assert!(!sc.marks.is_empty(), "the election's marker");
    }

    #[test]
    fn a_busy_picture_draws_its_narrow_arrows_by_column_and_the_same_pixels() {
        let s = State::default().reduce(Action::Seek(ms(60_000)));
        let whole = Span::WHOLE.window(s.now());
        let every = of(&s, whole, 900.0, true, Detail::Every);
        let picture = of(&s, whole, 900.0, true, Detail::Picture);
        assert!(every.rastered() && picture.rastered());
        assert_eq!(picture.total, every.total);
        assert_eq!(picture.columns, every.columns);
        // The picture keeps only the arrows it strokes: the wide ones and those in flight.
        assert!(picture.segs.iter().all(|a| !a.narrow()));
        assert_eq!(
            picture.segs,
            every
                .segs
                .iter()
                .filter(|a| !a.narrow())
                .copied()
                .collect::<Vec<_>>()
        );
        assert!(picture.segs.len() * 10 < every.segs.len());
        // The columns are exactly the narrow arrows: each in its column, with its class and
        // the bands it crosses.
        let k = scene::LAYERS.len();
        let columns = picture.columns.as_ref().unwrap();
        let mut expected = vec![0u128; columns.cover.len()];
        for a in every.segs.iter().filter(|a| a.narrow()) {
            let (r0, r1) = a.rows();
            expected[a.column() * k + scene::layer(a.class)] |= scene::crossing(r0, r1);
        }
        let marked = expected.iter().filter(|&&m| m != 0).count();
        assert!(marked > 200, "{marked} columns and classes marked");
        assert!(
            columns.cover == expected,
            "the columns hold the narrow arrows, no more"
        );
        // Both are painted alike, pixel for pixel, on a plain screen and a sharper one, and
        // each narrow arrow inks its column across its bands (a CSS pixel wide).
        for ratio in [1.0, 2.0] {
            let (p, e) = (paint::raster(&picture, ratio), paint::raster(&every, ratio));
            let differ = (0..p.h)
                .flat_map(|y| (0..p.w).map(move |x| (x, y)))
                .filter(|&(x, y)| p.at(x, y) != e.at(x, y))
                .count();
            assert_eq!(differ, 0, "at {ratio}×");
            for a in every.segs.iter().filter(|a| a.narrow()) {
                let (top, bottom) = (a.y0.min(a.y1), a.y0.max(a.y1));
                for dx in 0..ratio as usize {
                    let x = (a.column() as f64 * ratio) as usize + dx;
                    for y in [top + 2.0, (top + bottom) / 2.0, bottom - 2.0] {
                        let y = (y * ratio) as usize;
                        assert_ne!(p.at(x, y), u32::MAX, "{a:?} at ({x}, {y}), {ratio}×");
                    }
                }
            }
        }
        // A quiet window is stroked arrow by arrow, alike in both.
        let win = window(s.now(), ms(300));
        let quiet = of(&s, win, 900.0, false, Detail::Picture);
        assert!(!quiet.rastered());
        let all = of(&s, win, 900.0, false, Detail::Every);
        assert_eq!(quiet, all);
    }

    #[test]
    fn the_export_is_an_svg_with_every_lifeline_and_arrow() {
        let s = State::default().reduce(Action::Seek(ms(3300)));
        let win = window(s.now(), ms(1000));
        let sc = of(&s, win, 900.0, false, Detail::Every);
        let names: Vec<String> = sc.rows.iter().map(|(p, _)| s.view.name(*p)).collect();
        let svg = paint::svg(&sc, &names, crate::text::Lang::En);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains(">alice</text>"));
        let lines = svg.matches("<line").count();
        assert_eq!(lines, sc.rows.len() + sc.marks.len() + sc.segs.len() + 1);
    }

    #[test]
    fn widths_read_well() {
        assert_eq!(width_label(ms(300)), "300 ms");
        assert_eq!(width_label(ms(2000)), "2 s");
        assert_eq!(width_label(ms(300_000)), "5 min");
    }
}
