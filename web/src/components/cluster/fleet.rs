//! Messages in flight while playing at real time or faster. Then a message lives for a few frames
//! at most (a 10 ms link is crossed within one frame at 1×; at 10× most messages are), so one SVG
//! element each would be created, described and thrown away every frame. Instead the dots are
//! drawn on a canvas laid over the map: the map's own picture does not change from one frame to
//! the next, so the browser neither works out nor paints it again (drawn as SVG paths, the moving
//! dots made the page repaint the whole map every frame: ~48 fps at 1× on a slow machine, ~59 on
//! a canvas). A click or a pointer on the map finds the nearest dot by its position. Paused, or
//! in slow motion, every message is its own element again, focusable and described.

use engine::{ClusterView, FlightClass};
use std::f64::consts::TAU;
use std::rc::Rc;
use yew::prelude::*;

use super::ring::{Layout, Point};
use super::{flight_point, Lit};
use crate::components::diagram::paint::colour;
use crate::state::Motion;

/// A dot's radius (the element's `.dot` circle has the same).
const DOT_R: f64 = 7.0;
/// How far from a dot's centre a click still takes it (the element's hit circle's radius).
const HIT_R: f64 = 14.0;
/// How faint a dot is that the lesson does not point at (as `.cluster.dimmed … { opacity }`).
const DIMMED: f64 = 0.28;

/// One message's dot: where it is (SVG units), its class (index in [`FlightClass::ALL`]) and
/// whether the lesson points at it.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) struct Dot {
    x: f32,
    y: f32,
    class: u8,
    lit: bool,
}

/// The dots of every message in flight but `except` (the selected one, drawn as an element).
pub(super) fn dots(
    layout: &Layout,
    view: &ClusterView,
    motion: &Motion,
    lit: &Lit,
    dim: bool,
    except: Option<u64>,
) -> Rc<Vec<Dot>> {
    let dots = motion.in_flight.iter().filter(|f| Some(f.id) != except);
    let dots = dots.filter_map(|f| {
        let (x, y) = flight_point(layout, view, f, motion.time)?;
        let class = FlightClass::ALL.iter().position(|c| *c == f.class)?;
        Some(Dot {
            x: x as f32,
            y: y as f32,
            class: class as u8,
            lit: dim && lit.message(f),
        })
    });
    Rc::new(dots.collect())
}

/// What the canvas of dots needs.
#[derive(Properties, PartialEq)]
pub(super) struct FleetProps {
    /// The dots to draw.
    pub dots: Rc<Vec<Dot>>,
    /// The map's viewBox: the canvas maps it into its box as the SVG does.
    pub bounds: (f64, f64, f64, f64),
    /// A lesson points at some messages: the others are faint.
    pub dim: bool,
}

/// What the canvas shows: the map's size (CSS pixels, as last laid out), the part of it the
/// canvas covers, and the props last drawn.
#[derive(Default)]
struct Shown {
    size: (f64, f64),
    covers: Option<(i32, i32, u32, u32)>,
    dots: Rc<Vec<Dot>>,
    bounds: (f64, f64, f64, f64),
    dim: bool,
}

/// The canvas of dots over the map's picture (not over the margins the map's box leaves around
/// it: every pixel of the canvas is handed to the compositor each frame). It takes no pointer
/// events: the map under it does, and finds the dot by position. It says how many dots it drew
/// and of which classes (for tests and tools: nothing on it can be read otherwise).
#[function_component(Fleet)]
pub(super) fn fleet(props: &FleetProps) -> Html {
    let canvas = use_node_ref();
    let shown = use_mut_ref(Shown::default);
    // The map's size is told when it changes, not asked each frame (asking lays the page out
    // at once).
    {
        let (canvas, shown) = (canvas.clone(), shown.clone());
        use_effect_with((), move |_| {
            let frame = canvas
                .cast::<web_sys::Element>()
                .and_then(|c| c.parent_element());
            let watch = frame.map(|el| {
                crate::browser::Resized::watch(&el, move |w, h| {
                    let mut shown = shown.borrow_mut();
                    shown.size = (w, h);
                    if let Some(c) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                        draw(&c, &mut shown);
                    }
                })
            });
            move || drop(watch)
        });
    }
    {
        let canvas = canvas.clone();
        let (dots, bounds, dim) = (props.dots.clone(), props.bounds, props.dim);
        use_effect_with((dots, bounds, dim), move |(dots, bounds, dim)| {
            let mut shown = shown.borrow_mut();
            (shown.dots, shown.bounds, shown.dim) = (dots.clone(), *bounds, *dim);
            if let Some(c) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                draw(&c, &mut shown);
            }
        });
    }
    let mut classes: Vec<&str> = props
        .dots
        .iter()
        .map(|d| FlightClass::ALL[usize::from(d.class)].as_str())
        .collect();
    classes.sort_unstable();
    classes.dedup();
    html! {
        <canvas class="fleet" ref={canvas} data-testid="fleet" aria-hidden="true"
                data-dots={props.dots.len().to_string()} data-classes={classes.join(" ")} />
    }
}

/// Draw the dots on `canvas`, the viewBox scaled into the map's box and centred, as SVG's
/// default `xMidYMid meet` draws the map under it; the canvas covers just that picture.
fn draw(canvas: &web_sys::HtmlCanvasElement, shown: &mut Shown) {
    let Some((scale, ox, oy)) = placement(shown.bounds, shown.size) else {
        return;
    };
    let (bx, by, bw, bh) = shown.bounds;
    // The picture's box in the map's, in whole pixels.
    let (left, top) = ((ox + bx * scale).floor(), (oy + by * scale).floor());
    let (w, h) = ((bw * scale).ceil() + 1.0, (bh * scale).ceil() + 1.0);
    let covers = Some((left as i32, top as i32, w as u32, h as u32));
    if shown.covers != covers {
        let _ = canvas.set_attribute(
            "style",
            &format!("left: {left}px; top: {top}px; width: {w}px; height: {h}px"),
        );
        shown.covers = covers;
    }
    let Some((ctx, ratio)) = crate::browser::canvas_2d(canvas, (w, h)) else {
        return;
    };
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, w * ratio, h * ratio);
    let (ox, oy) = (ox - left, oy - top);
    let Shown { ref dots, dim, .. } = *shown;
    let _ = ctx.set_transform(
        scale * ratio,
        0.0,
        0.0,
        scale * ratio,
        ox * ratio,
        oy * ratio,
    );
    ctx.set_line_width(1.5);
    ctx.set_stroke_style_str("#fff");
    // One path per class, and lit or not, as the map's CSS colours them.
    for (i, class) in FlightClass::ALL.iter().enumerate() {
        for lit in [false, true] {
            let mut these = dots
                .iter()
                .filter(|d| usize::from(d.class) == i && d.lit == lit)
                .peekable();
            if these.peek().is_none() {
                continue;
            }
            ctx.set_global_alpha(if dim && !lit { DIMMED } else { 1.0 });
            ctx.set_fill_style_str(colour(*class));
            ctx.begin_path();
            for d in these {
                let (x, y) = (f64::from(d.x), f64::from(d.y));
                ctx.move_to(x + DOT_R, y);
                let _ = ctx.arc(x, y, DOT_R, 0.0, TAU);
            }
            ctx.fill();
            ctx.stroke();
        }
    }
    ctx.set_global_alpha(1.0);
}

/// How a picture of `bounds` (a viewBox) sits in a box `w`×`h` with `xMidYMid meet`: its scale
/// and where its origin lands, in the box's units.
fn placement(
    (bx, by, bw, bh): (f64, f64, f64, f64),
    (w, h): (f64, f64),
) -> Option<(f64, f64, f64)> {
    let scale = (w / bw).min(h / bh);
    if !(scale.is_finite() && scale > 0.0) {
        return None;
    }
    Some((
        scale,
        (w - bw * scale) / 2.0 - bx * scale,
        (h - bh * scale) / 2.0 - by * scale,
    ))
}

/// The message whose dot is nearest `p` (in SVG units), if one is within `reach` of it.
pub(super) fn nearest(
    layout: &Layout,
    view: &ClusterView,
    motion: &Motion,
    p: Point,
    reach: Reach,
) -> Option<u64> {
    let reach = match reach {
        Reach::Dot => DOT_R,
        Reach::Click => HIT_R,
    };
    motion
        .in_flight
        .iter()
        .filter_map(|f| {
            let (x, y) = flight_point(layout, view, f, motion.time)?;
            let d = (x - p.0).hypot(y - p.1);
            (d <= reach).then_some((d, f.id))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

/// How near a dot a pointer must be to take it.
#[derive(Clone, Copy)]
pub(super) enum Reach {
    /// On the dot as drawn.
    Dot,
    /// Within a click's reach (the element's hit circle).
    Click,
}

/// Where a pointer at `(cx, cy)` (the page's client pixels) is in the picture's SVG units, for a
/// picture of `bounds` (its viewBox) drawn into `rect` (its client box) and centred in it, as
/// SVG's default `xMidYMid meet` does.
pub(super) fn to_picture(
    bounds: (f64, f64, f64, f64),
    rect: (f64, f64, f64, f64),
    (cx, cy): Point,
) -> Option<Point> {
    let (left, top, w, h) = rect;
    let (scale, ox, oy) = placement(bounds, (w, h))?;
    Some(((cx - left - ox) / scale, (cy - top - oy) / scale))
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
        // A viewBox that does not start at 0: its corner is the box's (the map's is negative).
        let b = (-50.0, -20.0, 200.0, 100.0);
        assert_eq!(to_picture(b, r, (10.0, 120.0)), Some((-50.0, -20.0)));
        assert_eq!(to_picture(b, r, (210.0, 220.0)), Some((50.0, 30.0)));
    }

    #[test]
    fn the_canvas_places_the_picture_where_a_pointer_finds_it() {
        // Drawing maps a picture point p to p × scale + origin; a pointer there maps back to p.
        let b = (-120.0, -80.0, 240.0, 160.0);
        let (scale, ox, oy) = placement(b, (600.0, 300.0)).unwrap();
        assert_eq!(scale, 300.0 / 160.0);
        for p in [(-120.0, -80.0), (0.0, 0.0), (37.5, -12.0)] {
            let at = (p.0 * scale + ox + 5.0, p.1 * scale + oy + 7.0);
            let back = to_picture(b, (5.0, 7.0, 600.0, 300.0), at).unwrap();
            assert!(
                (back.0 - p.0).abs() < 1e-9 && (back.1 - p.1).abs() < 1e-9,
                "{p:?} → {back:?}"
            );
        }
    }
}
