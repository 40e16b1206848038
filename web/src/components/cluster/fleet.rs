//! Messages in flight while playing at real time or faster. Then a message lives for a few frames
//! at most (a 10 ms link is crossed within one frame at 1×; at 10× most messages are), so one SVG
//! element each would be created, described and thrown away every frame: the page spent more on
//! that than on the simulation. Instead the dots of one class (lit or not) are one path, whose outline changes
//! each frame; a click or a pointer on the map finds the nearest dot by its position. Paused, or
//! in slow motion, every message is its own element again, focusable and described.

use engine::{ClusterView, FlightClass};
use std::fmt::Write as _;
use yew::prelude::*;

use super::ring::{Layout, Point};
use super::{flight_point, Lit};

/// A dot's radius (the element's `.dot` circle has the same).
const DOT_R: i32 = 7;
/// How far from a dot's centre a click still takes it (the element's hit circle's radius).
const HIT_R: f64 = 14.0;

/// The dots of every message in flight but `except` (the selected one, drawn as an element), as
/// one path per class and lit or not. Coordinates are whole SVG units: a dot moves by more than
/// that between frames anyway.
pub(super) fn fleets(
    layout: &Layout,
    view: &ClusterView,
    lit: &Lit,
    dim: bool,
    except: Option<u64>,
) -> Html {
    // One outline per (class, lit): 7 classes × 2.
    let mut paths: Vec<String> = vec![String::new(); FlightClass::ALL.len() * 2];
    for f in view.in_flight.iter().filter(|f| Some(f.id) != except) {
        let Some((x, y)) = flight_point(layout, view, f, view.time) else {
            continue;
        };
        let class = FlightClass::ALL
            .iter()
            .position(|c| *c == f.class)
            .unwrap_or(0);
        let lit = usize::from(dim && lit.message(f));
        let d = &mut paths[class * 2 + lit];
        let (x, y) = (x.round() as i32, y.round() as i32);
        let _ = write!(
            d,
            "M{} {y}a{DOT_R} {DOT_R} 0 1 0 {} 0a{DOT_R} {DOT_R} 0 1 0 -{} 0",
            x - DOT_R,
            2 * DOT_R,
            2 * DOT_R
        );
    }
    let groups = paths
        .into_iter()
        .enumerate()
        .filter(|(_, d)| !d.is_empty())
        .map(|(i, d)| {
            let class = FlightClass::ALL[i / 2].as_str();
            let lit = i % 2 == 1;
            html! {
                <g key={i} class={classes!("fleet", class, lit.then_some("lit"))}
                   data-testid="fleet" data-class={class}>
                    <path class="dot" {d} />
                </g>
            }
        });
    html! { <>{ for groups }</> }
}

/// The message whose dot is nearest `p` (in SVG units), if one is within a click's reach.
pub(super) fn nearest(layout: &Layout, view: &ClusterView, p: Point) -> Option<u64> {
    view.in_flight
        .iter()
        .filter_map(|f| {
            let (x, y) = flight_point(layout, view, f, view.time)?;
            let d = (x - p.0).hypot(y - p.1);
            (d <= HIT_R).then_some((d, f.id))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

/// Where a pointer at `(cx, cy)` (the page's client pixels) is in the picture's SVG units, for a
/// picture of `bounds` (its viewBox) drawn into `rect` (its client box) and centred in it, as
/// SVG's default `xMidYMid meet` does.
pub(super) fn to_picture(
    bounds: (f64, f64, f64, f64),
    rect: (f64, f64, f64, f64),
    (cx, cy): Point,
) -> Option<Point> {
    let (bx, by, bw, bh) = bounds;
    let (left, top, w, h) = rect;
    let scale = (w / bw).min(h / bh);
    if !(scale.is_finite() && scale > 0.0) {
        return None;
    }
    let ox = left + (w - bw * scale) / 2.0;
    let oy = top + (h - bh * scale) / 2.0;
    Some((bx + (cx - ox) / scale, by + (cy - oy) / scale))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pointer_maps_into_the_picture_as_meet_scaling_centres_it() {
        // A 200 × 100 picture in a 400 × 400 box: scaled 2×, 100 px of margin above and below.
        let b = (0.0, 0.0, 200.0, 100.0);
        let r = (10.0, 20.0, 400.0, 400.0);
        assert_eq!(to_picture(b, r, (10.0, 120.0)), Some((0.0, 0.0)));
        assert_eq!(to_picture(b, r, (410.0, 320.0)), Some((200.0, 100.0)));
        assert_eq!(to_picture(b, r, (210.0, 220.0)), Some((100.0, 50.0)));
        assert_eq!(to_picture(b, (0.0, 0.0, 0.0, 0.0), (1.0, 1.0)), None);
    }
}
