//! Drawing a [`Scene`]: on the page's canvas (one path per class of message, so a frame is a
//! handful of strokes however many arrows it holds) or as SVG text (the export).

use engine::{FlightClass, MarkerKind};
use std::fmt::Write as _;
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

use super::scene::{Scene, Seg, PAD, TOP};
use crate::state::format_time;
use crate::text::{words, Lang};

/// The classes, in drawing order (pings underneath).
const CLASSES: [FlightClass; 7] = [
    FlightClass::Ping,
    FlightClass::Vote,
    FlightClass::Sync,
    FlightClass::Broadcast,
    FlightClass::Request,
    FlightClass::Answer,
    FlightClass::Watch,
];

/// A class's colour (the map's and the legend's, `static/cluster.css`).
pub fn colour(c: FlightClass) -> &'static str {
    match c {
        FlightClass::Vote => "#6b5fa6",
        FlightClass::Sync => "#0f7c8c",
        FlightClass::Broadcast => "#c2410c",
        FlightClass::Ping => "#9aa3aa",
        FlightClass::Request => "#1d6fd1",
        FlightClass::Answer => "#2e8540",
        FlightClass::Watch => "#c0267a",
    }
}

const INK: &str = "#1d2730";
const MUTED: &str = "#55636f";
const LINE: &str = "#c9d1d6";
const CUT: &str = "#c62828";
const LEADING: &str = "#b86e00";

fn marker_colour(kind: MarkerKind) -> &'static str {
    match kind {
        MarkerKind::Leader => LEADING,
        MarkerKind::Crash | MarkerKind::Violation => CUT,
        _ => MUTED,
    }
}

/// A marker's label, short enough not to cover its neighbours (the full text is in the list).
pub fn short(text: &str) -> String {
    let mut s: String = text.chars().take(18).collect();
    if text.chars().count() > 18 {
        s.push('…');
    }
    s
}

/// Tips and loss marks are drawn only while arrows are few enough to tell apart.
const TIPS_UNDER: usize = 2_000;

/// Above this many finished arrows they are set as pixels ([`raster`](super::raster)), not
/// stroked by the canvas.
const STROKED_UNDER: usize = 1_500;

const FONT: &str = "13px system-ui, sans-serif";

/// Paint `scene` on `ctx`, whose pixels are `ratio` to a CSS pixel (its transform already
/// scales by it); `selected` and `focused` (message ids) drawn thicker.
pub fn canvas(
    ctx: &CanvasRenderingContext2d,
    ratio: f64,
    scene: &Scene,
    selected: Option<u64>,
    focused: Option<u64>,
    lang: Lang,
) {
    let (w, h) = scene.size;
    let now_x = scene.x(scene.now);
    let past = scene.segs.iter().filter(|s| !s.in_flight).count();
    let rastered = past >= STROKED_UNDER;
    if rastered {
        // White, and the finished arrows, as one image.
        let (pw, ph) = ((w * ratio).round() as usize, (h * ratio).round() as usize);
        let mut px = super::raster::Pixels::new(pw, ph, u32::MAX);
        let colours = CLASSES.map(|c| super::raster::rgba(colour(c)));
        let index = |c: FlightClass| CLASSES.iter().position(|&k| k == c).unwrap_or(0) as u8;
        let clip = (now_x + 1.0) * ratio;
        // Arrows narrower than two pixels are vertical runs, merged by column; the rest lines.
        let mut runs = Vec::new();
        for s in scene.segs.iter().filter(|s| !s.in_flight) {
            let (x0, y0, x1, y1) = (s.x0 * ratio, s.y0 * ratio, s.x1 * ratio, s.y1 * ratio);
            if (x1 - x0).abs() < 2.0 {
                let x = (x0 + x1) / 2.0;
                if x >= 0.0 && x < clip {
                    let (lo, hi) = (y0.min(y1).max(0.0), y0.max(y1).max(0.0));
                    runs.push((x as u32, index(s.class), lo as u32, hi as u32));
                }
            } else {
                px.line((x0, y0), (x1, y1), clip, colours[index(s.class) as usize]);
            }
        }
        px.runs(runs, &colours);
        if let Some(image) = px.image() {
            let _ = ctx.put_image_data(&image, 0.0, 0.0);
        }
    } else {
        ctx.set_fill_style_str("#fff");
        ctx.fill_rect(0.0, 0.0, w, h);
    }
    // Parsing a font is slow: set it only when the canvas lost it (a resize resets it).
    if ctx.font() != FONT {
        ctx.set_font(FONT);
    }
    ctx.set_text_baseline("alphabetic");
    // Time at both ends.
    ctx.set_fill_style_str(MUTED);
    ctx.set_text_align("left");
    let _ = ctx.fill_text(&format_time(scene.win.0), PAD, TOP - 8.0);
    ctx.set_text_align("right");
    let _ = ctx.fill_text(&format_time(scene.win.1), w - PAD, TOP - 8.0);
    // Lifelines.
    ctx.set_line_width(1.0);
    ctx.set_stroke_style_str(LINE);
    for down in [false, true] {
        let _ = ctx.set_line_dash(&dash(if down { &[4.0, 4.0] } else { &[] }));
        ctx.begin_path();
        for (i, _) in scene.rows.iter().enumerate().filter(|(_, r)| r.1 == down) {
            let y = super::scene::y_of(i);
            ctx.move_to(PAD, y);
            ctx.line_to(w - PAD, y);
        }
        ctx.stroke();
    }
    // Markers, behind the arrows.
    ctx.set_line_width(1.0);
    let _ = ctx.set_line_dash(&dash(&[3.0, 3.0]));
    ctx.set_text_align("left");
    let mut label_end = f64::MIN;
    for m in &scene.marks {
        ctx.set_stroke_style_str(marker_colour(m.kind));
        ctx.begin_path();
        ctx.move_to(m.x, 14.0);
        ctx.line_to(m.x, h);
        ctx.stroke();
        if m.x > label_end {
            let text = short(&words::marker(&m.marker, lang));
            ctx.set_fill_style_str(MUTED);
            let _ = ctx.fill_text(&text, m.x + 2.0, 11.0);
            label_end = m.x + 8.0 * text.chars().count() as f64;
        }
    }
    // The arrows: past ones whole, those in flight dashed and cut at now. Hairlines: a wider
    // line costs the canvas ten times as much to draw.
    ctx.save();
    ctx.begin_path();
    ctx.rect(0.0, 0.0, now_x.max(0.0) + 1.0, h);
    ctx.clip();
    let few = scene.segs.len() < TIPS_UNDER;
    ctx.set_line_width(1.0);
    for flying in [false, true] {
        if !flying && rastered {
            continue;
        }
        let _ = ctx.set_line_dash(&dash(if flying { &[5.0, 3.0] } else { &[] }));
        for class in CLASSES {
            let mut any = false;
            ctx.begin_path();
            for s in scene
                .segs
                .iter()
                .filter(|s| s.in_flight == flying && s.class == class)
            {
                ctx.move_to(s.x0, s.y0);
                ctx.line_to(s.x1, s.y1);
                any = true;
            }
            if any {
                ctx.set_stroke_style_str(colour(class));
                ctx.stroke();
            }
        }
    }
    let _ = ctx.set_line_dash(&dash(&[]));
    if few {
        for s in scene.segs.iter().filter(|s| !s.in_flight) {
            if s.delivered {
                ctx.set_fill_style_str(colour(s.class));
                ctx.fill_rect(s.x1 - 2.0, s.y1 - 2.0, 4.0, 4.0);
            } else {
                cross(ctx, s.x1, s.y1);
            }
        }
    }
    for (id, width, colour_of) in [(focused, 3.0, INK), (selected, 4.0, "")] {
        let Some(s) = id.and_then(|id| scene.segs.iter().find(|s| s.id == id)) else {
            continue;
        };
        ctx.set_line_width(width);
        ctx.set_stroke_style_str(if colour_of.is_empty() {
            colour(s.class)
        } else {
            colour_of
        });
        let _ = ctx.set_line_dash(&dash(if s.in_flight { &[5.0, 3.0] } else { &[] }));
        ctx.begin_path();
        ctx.move_to(s.x0, s.y0);
        ctx.line_to(s.x1, s.y1);
        ctx.stroke();
    }
    ctx.restore();
    // Now.
    ctx.set_stroke_style_str(INK);
    ctx.set_line_width(2.0);
    let _ = ctx.set_line_dash(&dash(&[]));
    ctx.begin_path();
    ctx.move_to(now_x, TOP - 2.0);
    ctx.line_to(now_x, h);
    ctx.stroke();
}

fn cross(ctx: &CanvasRenderingContext2d, x: f64, y: f64) {
    ctx.set_stroke_style_str(CUT);
    ctx.set_line_width(2.0);
    ctx.begin_path();
    ctx.move_to(x - 4.0, y - 4.0);
    ctx.line_to(x + 4.0, y + 4.0);
    ctx.move_to(x + 4.0, y - 4.0);
    ctx.line_to(x - 4.0, y + 4.0);
    ctx.stroke();
}

fn dash(pattern: &[f64]) -> JsValue {
    let arr = js_sys::Array::new();
    for v in pattern {
        arr.push(&JsValue::from_f64(*v));
    }
    arr.into()
}

/// `scene` as a standalone SVG document, with its lifelines named (`names[i]` is row `i`).
pub fn svg(scene: &Scene, names: &[String], lang: Lang) -> String {
    let label = 84.0;
    let (w, h) = (scene.size.0 + label, scene.size.1);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" \
         height=\"{h:.0}\" font-family=\"system-ui, sans-serif\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><g transform=\"translate({label} 0)\">"
    );
    let _ = write!(
        out,
        "<text x=\"{PAD}\" y=\"{:.1}\" font-size=\"13\" fill=\"{MUTED}\">{}</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" fill=\"{MUTED}\" text-anchor=\"end\">{}</text>",
        TOP - 8.0,
        format_time(scene.win.0),
        w - label - PAD,
        TOP - 8.0,
        format_time(scene.win.1)
    );
    for (i, (_, down)) in scene.rows.iter().enumerate() {
        let y = super::scene::y_of(i);
        let dash = if *down {
            " stroke-dasharray=\"4 4\""
        } else {
            ""
        };
        let name = names.get(i).map_or("", String::as_str);
        let _ = write!(
            out,
            "<line x1=\"{PAD}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{LINE}\" \
             stroke-width=\"1.5\"{dash}/><text x=\"-8\" y=\"{y:.1}\" font-size=\"15\" \
             fill=\"{INK}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>",
            scene.size.0 - PAD,
            escape(name)
        );
    }
    for m in &scene.marks {
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"14\" y2=\"{h:.1}\" stroke=\"{}\" \
             stroke-dasharray=\"3 3\"/><text x=\"{:.1}\" y=\"11\" font-size=\"13\" \
             fill=\"{MUTED}\">{}</text>",
            marker_colour(m.kind),
            m.x + 2.0,
            escape(&short(&words::marker(&m.marker, lang))),
            x = m.x,
        );
    }
    let now_x = scene.x(scene.now);
    let _ = write!(
        out,
        "<clipPath id=\"past\"><rect x=\"0\" y=\"0\" width=\"{:.1}\" height=\"{h:.1}\"/></clipPath>\
         <g clip-path=\"url(#past)\" stroke-width=\"1.8\">",
        now_x.max(0.0) + 1.0
    );
    for s in &scene.segs {
        seg_svg(&mut out, s);
    }
    let _ = write!(
        out,
        "</g><line x1=\"{now_x:.1}\" x2=\"{now_x:.1}\" y1=\"{:.1}\" y2=\"{h:.1}\" stroke=\"{INK}\" \
         stroke-width=\"2\"/></g></svg>",
        TOP - 2.0
    );
    out
}

fn seg_svg(out: &mut String, s: &Seg) {
    let c = colour(s.class);
    let dash = if s.in_flight {
        " stroke-dasharray=\"5 3\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{c}\"{dash}/>",
        s.x0, s.y0, s.x1, s.y1
    );
    if !s.in_flight {
        if s.delivered {
            let _ = write!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{c}\"/>",
                s.x1, s.y1
            );
        } else {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{CUT}\" font-weight=\"700\" \
                 text-anchor=\"middle\" dominant-baseline=\"central\">×</text>",
                s.x1, s.y1
            );
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
