//! What part of the run the timeline shows, and its markers placed so that none covers another.
//!
//! Plain functions of numbers, tested natively: the scrubber keeps a [`Window`] (or follows
//! [`Window::fit`] until the user zooms) and draws the [`Spot`]s of [`spots`].

use engine::{Marker, MarkerKind, Micros};

/// The narrowest window: 20 ms (a message's flight is a few ms; narrower shows nothing more).
pub const MIN_SPAN: Micros = 20_000;

/// The widest view the timeline fits by default: never less than this, so the first second
/// of a run does not fill the whole bar.
pub const MIN_FIT: Micros = 1_000_000;

/// A span of simulated time, `from` to `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// Its start.
    pub from: Micros,
    /// Its end (after `from`).
    pub to: Micros,
}

impl Window {
    /// The window that fits what has happened: from zero to a little past `reached`.
    pub fn fit(reached: Micros) -> Window {
        let to = (reached + reached / 20).max(MIN_FIT);
        Window { from: 0, to }
    }

    /// Its length.
    pub fn span(&self) -> Micros {
        self.to - self.from
    }

    /// Where `t` falls, 0 at `from` and 1 at `to` (outside, below 0 or above 1).
    pub fn frac(&self, t: Micros) -> f64 {
        (t as f64 - self.from as f64) / self.span().max(1) as f64
    }

    /// The instant at fraction `f` of the window.
    pub fn at(&self, f: f64) -> Micros {
        let t = self.from as f64 + f.clamp(0.0, 1.0) * self.span() as f64;
        t.round() as Micros
    }

    /// This window scaled by `factor` (below 1 zooms in) about the point at fraction `about`,
    /// kept within `0..=limit` and no narrower than [`MIN_SPAN`].
    pub fn zoom(self, factor: f64, about: f64, limit: Micros) -> Window {
        let limit = limit.max(MIN_SPAN);
        let span = ((self.span() as f64 * factor).round() as Micros).clamp(MIN_SPAN, limit);
        let pivot = self.at(about);
        let from = pivot.saturating_sub((about.clamp(0.0, 1.0) * span as f64).round() as Micros);
        Window {
            from,
            to: from + span,
        }
        .within(limit)
    }

    /// This window moved by `by` of its own length (negative: earlier), within `0..=limit`.
    pub fn pan(self, by: f64, limit: Micros) -> Window {
        let shift = (self.span() as f64 * by).round() as i64;
        let from = (self.from as i64 + shift).max(0) as Micros;
        Window {
            from,
            to: from + self.span(),
        }
        .within(limit.max(self.span()))
    }

    /// The window of the same length that ends by `limit` and starts at or after zero.
    fn within(self, limit: Micros) -> Window {
        let span = self.span().min(limit);
        let from = self.from.min(limit - span);
        Window {
            from,
            to: from + span,
        }
    }

    /// The window around `from..=to` with a margin, for a group of markers to spread out.
    pub fn around(from: Micros, to: Micros, limit: Micros) -> Window {
        let pad = ((to - from) / 4).max(MIN_SPAN / 2);
        let w = Window {
            from: from.saturating_sub(pad),
            to: to + pad,
        };
        Window {
            from: w.from,
            to: w.from + w.span().max(MIN_SPAN),
        }
        .within(limit.max(w.span()))
    }
}

/// A marker on the timeline, with how many markers it stands for (a checker that breaks again
/// and again is one marker, counted).
#[derive(Clone, Debug, PartialEq)]
pub struct Counted {
    /// The first of them.
    pub marker: Marker,
    /// How many (1 for most).
    pub count: usize,
}

/// The markers as the timeline shows them: every violation of one checker folded into its
/// first, with a count; the rest as they are, in time order.
pub fn fold_repeats(markers: &[Marker]) -> Vec<Counted> {
    let mut out: Vec<Counted> = Vec::with_capacity(markers.len());
    for m in markers {
        if m.kind == MarkerKind::Violation {
            if let Some(first) = out
                .iter_mut()
                .find(|c| c.marker.kind == MarkerKind::Violation && c.marker.who == m.who)
            {
                first.count += 1;
                continue;
            }
        }
        out.push(Counted {
            marker: m.clone(),
            count: 1,
        });
    }
    out
}

/// One place on the drawn timeline: a marker, or several too close to tell apart.
#[derive(Clone, Debug, PartialEq)]
pub struct Spot {
    /// Where it is drawn, as a fraction of the window.
    pub at: f64,
    /// The markers it stands for (at least one), in time order.
    pub markers: Vec<Counted>,
}

impl Spot {
    /// The first marker's instant.
    pub fn from(&self) -> Micros {
        self.markers[0].marker.time
    }

    /// The last marker's instant.
    pub fn to(&self) -> Micros {
        self.markers[self.markers.len() - 1].marker.time
    }

    /// True if it stands for more than one marker.
    pub fn is_group(&self) -> bool {
        self.markers.len() > 1
    }

    /// The kind the spot is drawn as: its markers' kind if they share one.
    pub fn kind(&self) -> Option<MarkerKind> {
        let k = self.markers[0].marker.kind;
        self.markers.iter().all(|c| c.marker.kind == k).then_some(k)
    }
}

/// The markers of `window` placed on a bar `width_px` wide, markers closer than `gap_px`
/// grouped into one spot (so no spot covers another).
pub fn spots(markers: &[Counted], window: Window, width_px: f64, gap_px: f64) -> Vec<Spot> {
    let gap = gap_px / width_px.max(1.0);
    let mut out: Vec<Spot> = Vec::new();
    for c in markers {
        let at = window.frac(c.marker.time);
        if !(0.0..=1.0).contains(&at) {
            continue;
        }
        match out.last_mut() {
            Some(last) if at - last.at < gap => last.markers.push(c.clone()),
            _ => out.push(Spot {
                at,
                markers: vec![c.clone()],
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::ms;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn marker(t: u64, kind: MarkerKind, who: &str) -> Marker {
        Marker {
            time: ms(t),
            kind,
            who: who.into(),
            n: 0,
            text: String::new(),
        }
    }

    #[test]
    fn the_default_view_fits_what_happened_not_the_planned_run() {
        assert_eq!(
            Window::fit(0),
            Window {
                from: 0,
                to: MIN_FIT
            }
        );
        assert_eq!(Window::fit(ms(4000)).to, ms(4200));
    }

    #[test]
    fn zoom_keeps_the_point_under_the_pointer_and_stays_in_bounds() {
        let w = Window {
            from: 0,
            to: ms(10_000),
        };
        let z = w.zoom(0.5, 0.5, ms(60_000));
        assert_eq!(
            z,
            Window {
                from: ms(2500),
                to: ms(7500)
            }
        );
        let z = w.zoom(0.1, 0.0, ms(60_000));
        assert_eq!(z.from, 0);
        assert_eq!(z.span(), ms(1000));
        let out = w.zoom(100.0, 0.5, ms(60_000));
        assert_eq!(
            out,
            Window {
                from: 0,
                to: ms(60_000)
            },
            "no wider than the limit"
        );
        let deep = w.zoom(1e-9, 0.3, ms(60_000));
        assert_eq!(deep.span(), MIN_SPAN);
    }

    #[test]
    fn pan_moves_by_a_share_of_the_window_and_stops_at_the_ends() {
        let w = Window {
            from: ms(1000),
            to: ms(3000),
        };
        assert_eq!(
            w.pan(0.5, ms(10_000)),
            Window {
                from: ms(2000),
                to: ms(4000)
            }
        );
        assert_eq!(w.pan(-5.0, ms(10_000)).from, 0);
        assert_eq!(w.pan(50.0, ms(10_000)).to, ms(10_000));
    }

    #[test]
    fn close_markers_group_into_one_spot_and_spread_out_when_zoomed() {
        // An election, a crash and a re-election within 450 ms of a 120 s run.
        let ms_ = [
            marker(1900, MarkerKind::Leader, "s5"),
            marker(2000, MarkerKind::Crash, "s5"),
            marker(2350, MarkerKind::Leader, "s4"),
        ];
        let counted = fold_repeats(&ms_);
        let whole = Window {
            from: 0,
            to: ms(120_000),
        };
        let s = spots(&counted, whole, 1000.0, 14.0);
        assert_eq!(s.len(), 1, "4 px apart on a 1000 px bar: one spot");
        assert!(s[0].is_group());
        assert_eq!(s[0].kind(), None, "mixed kinds");
        let zoomed = Window::around(s[0].from(), s[0].to(), ms(120_000));
        let s = spots(&counted, zoomed, 1000.0, 14.0);
        assert_eq!(
            s.len(),
            3,
            "zoomed to the group, every marker has its own place"
        );
        for pair in s.windows(2) {
            assert!((pair[1].at - pair[0].at) * 1000.0 >= 14.0);
        }
    }

    #[test]
    fn repeated_violations_of_one_checker_fold_into_one_counted_marker() {
        let ms_ = [
            marker(100, MarkerKind::Violation, "lock"),
            marker(200, MarkerKind::Crash, "s1"),
            marker(300, MarkerKind::Violation, "lock"),
            marker(400, MarkerKind::Violation, "fencing"),
            marker(500, MarkerKind::Violation, "lock"),
        ];
        let f = fold_repeats(&ms_);
        let shown: Vec<(u64, usize)> = f.iter().map(|c| (c.marker.time / 1000, c.count)).collect();
        assert_eq!(shown, [(100, 3), (200, 1), (400, 1)]);
    }

    #[test]
    fn markers_outside_the_window_are_not_drawn() {
        let f = fold_repeats(&[marker(5000, MarkerKind::Crash, "s1")]);
        assert!(spots(
            &f,
            Window {
                from: 0,
                to: ms(1000)
            },
            800.0,
            14.0
        )
        .is_empty());
    }
}
