//! Drawing a [`Scene`]: on the page's canvas (one path per class of message, so a frame is a
//! handful of strokes however many arrows it holds) or as SVG text (the export).

use engine::{FlightClass, MarkerKind};
use std::fmt::Write as _;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::scene::{layer, Columns, Scene, Seg, LAYERS, PAD, STROKED_UNDER, TOP};
use crate::state::format_time;
use crate::text::{words, Lang};

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
    let rastered = scene.rastered();
    // A busy window with few wide arrows: the narrow ones as a picture one pixel a band, which
    // the canvas stretches (most of a busy window), the wide ones stroked below. With many wide
    // ones, everything finished is set as pixels here.
    let wide = scene
        .segs
        .iter()
        .filter(|s| !s.in_flight && !s.narrow())
        .count();
    let banded = rastered && wide < STROKED_UNDER;
    if rastered && !banded {
        if let Some(image) = raster(scene, ratio).image() {
            let _ = ctx.put_image_data(&image, 0.0, 0.0);
        }
    } else if banded {
        // The bands cover the rows between the first and last lifelines: white above and below.
        let (top, bottom) = (
            super::scene::y_of(0),
            super::scene::y_of(scene.rows.len() - 1),
        );
        ctx.set_fill_style_str("#fff");
        ctx.fill_rect(0.0, 0.0, w, top);
        ctx.fill_rect(0.0, bottom, w, h - bottom);
        stretch_bands(ctx, scene, ratio);
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
    let few = !rastered && scene.segs.len() < TIPS_UNDER;
    ctx.set_line_width(1.0);
    for flying in [false, true] {
        if !flying && rastered && !banded {
            continue;
        }
        let _ = ctx.set_line_dash(&dash(if flying { &[5.0, 3.0] } else { &[] }));
        for class in LAYERS {
            let mut any = false;
            ctx.begin_path();
            let drawn = |s: &&Seg| s.in_flight == flying && s.class == class;
            for s in scene
                .segs
                .iter()
                .filter(drawn)
                .filter(|s| !(banded && s.narrow()))
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

/// The columns of a busy `scene` in pixels `ratio` to a CSS pixel (a CSS column is `ratio`
/// of them), `pw` of them, cut at now.
fn pixel_columns(scene: &Scene, columns: &Columns, ratio: f64, pw: usize) -> Vec<u128> {
    let k = LAYERS.len();
    let clip = (scene.x(scene.now) + 1.0) * ratio;
    let mut cover = vec![0u128; pw * k];
    for (x, classes) in columns.cover.chunks_exact(k).enumerate() {
        let (from, to) = (
            (x as f64 * ratio) as usize,
            ((x + 1) as f64 * ratio) as usize,
        );
        for dx in from..to.max(from + 1).min(pw) {
            if (dx as f64) < clip {
                cover[dx * k..dx * k + k].copy_from_slice(classes);
            }
        }
    }
    cover
}

thread_local! {
    /// The small canvas the bands are put on before they are stretched onto the page's.
    static BANDS_CANVAS: std::cell::RefCell<Option<HtmlCanvasElement>> =
        const { std::cell::RefCell::new(None) };
}

/// The narrow arrows of a busy `scene` on white, drawn on `ctx` as a picture one pixel tall a
/// band, stretched (without smoothing) between the first and last lifelines: a few thousand
/// pixels to set, however tall the diagram.
fn stretch_bands(ctx: &CanvasRenderingContext2d, scene: &Scene, ratio: f64) {
    use super::raster::{rgba, Pixels};
    let (Some(columns), Some(n)) = (&scene.columns, scene.rows.len().checked_sub(1)) else {
        return;
    };
    let pw = (scene.size.0 * ratio).round() as usize;
    if n == 0 || pw == 0 {
        return;
    }
    let mut px = Pixels::new(pw, n, u32::MAX);
    let bands: Vec<(usize, usize)> = (0..n).map(|g| (g, g + 1)).collect();
    let colours = LAYERS.map(|c| rgba(colour(c)));
    px.bands(&bands, &pixel_columns(scene, columns, ratio, pw), &colours);
    let Some(image) = px.image() else { return };
    BANDS_CANVAS.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = gloo::utils::document()
                .create_element("canvas")
                .ok()
                .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok());
        }
        let Some(small) = cell.as_ref() else { return };
        if small.width() != pw as u32 {
            small.set_width(pw as u32);
        }
        if small.height() != n as u32 {
            small.set_height(n as u32);
        }
        let Some(sctx) = small
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = sctx.put_image_data(&image, 0.0, 0.0);
        let (top, bottom) = (super::scene::y_of(0), super::scene::y_of(n));
        ctx.set_image_smoothing_enabled(false);
        let _ = ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            small,
            0.0,
            0.0,
            pw as f64,
            n as f64,
            0.0,
            top,
            scene.size.0,
            bottom - top,
        );
        ctx.set_image_smoothing_enabled(true);
    });
}

/// The finished arrows of a busy `scene` as pixels, `ratio` to a CSS pixel, on white: the
/// narrow ones from its columns (a CSS column is `ratio` pixels), the others as lines over
/// them, all cut at now.
pub fn raster(scene: &Scene, ratio: f64) -> super::raster::Pixels {
    use super::raster::{rgba, Pixels};
    let (w, h) = scene.size;
    let (pw, ph) = ((w * ratio).round() as usize, (h * ratio).round() as usize);
    let mut px = Pixels::new(pw, ph, u32::MAX);
    let colours = LAYERS.map(|c| rgba(colour(c)));
    let clip = (scene.x(scene.now) + 1.0) * ratio;
    if let Some(columns) = &scene.columns {
        let bands: Vec<(usize, usize)> = (0..scene.rows.len().saturating_sub(1))
            .map(|g| {
                let at = |i: usize| (super::scene::y_of(i) * ratio).round() as usize;
                (at(g), at(g + 1))
            })
            .collect();
        px.bands(&bands, &pixel_columns(scene, columns, ratio, pw), &colours);
    }
    let from_columns = scene.rastered();
    let lines = scene.segs.iter().filter(|s| !s.in_flight);
    for s in lines.filter(|s| !(from_columns && s.narrow())) {
        let (x0, y0, x1, y1) = (s.x0 * ratio, s.y0 * ratio, s.x1 * ratio, s.y1 * ratio);
        px.line((x0, y0), (x1, y1), clip, colours[layer(s.class)]);
    }
    px
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
