//! What the page asks of the browser beyond drawing: saving a file, a picture of one of its SVG
//! drawings (standalone, with the page's styles inside, as SVG or PNG), reading a file the user
//! chose or dropped, and knowing when the page cannot be seen (a hidden tab, a frame scrolled out
//! of view) or a drawing is out of view (it need not be drawn). A few lines of JavaScript do what would take many `web-sys` calls.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function save_text(name, mime, text) {
  save_blob(name, new Blob([text], { type: mime }));
}

function save_blob(name, blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

export function svg_picture(selector) {
  const el = document.querySelector(selector);
  if (!el) return null;
  const ns = 'http://www.w3.org/2000/svg';
  const clone = el.cloneNode(true);
  clone.setAttribute('xmlns', ns);
  const box = el.getBoundingClientRect();
  const w = Math.max(1, Math.round(box.width)), h = Math.max(1, Math.round(box.height));
  clone.setAttribute('width', String(w));
  clone.setAttribute('height', String(h));
  let css = '';
  for (const sheet of document.styleSheets) {
    try { for (const rule of sheet.cssRules) css += rule.cssText + '\n'; } catch (e) { /* another origin's sheet */ }
  }
  const style = document.createElementNS(ns, 'style');
  const font = getComputedStyle(el).fontFamily;
  style.textContent = `svg { font-family: ${font}; background: #fff; }\n` + css;
  clone.insertBefore(style, clone.firstChild);
  const vb = el.viewBox && el.viewBox.baseVal;
  if (vb && vb.width > 0) {
    const bg = document.createElementNS(ns, 'rect');
    bg.setAttribute('x', vb.x); bg.setAttribute('y', vb.y);
    bg.setAttribute('width', vb.width); bg.setAttribute('height', vb.height);
    bg.setAttribute('fill', '#ffffff');
    clone.insertBefore(bg, style.nextSibling);
  }
  return [new XMLSerializer().serializeToString(clone), w, h];
}

export function save_png(name, svg, w, h) {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  img.onload = () => {
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = w * scale; canvas.height = h * scale;
    const g = canvas.getContext('2d');
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    URL.revokeObjectURL(url);
    canvas.toBlob((blob) => { if (blob) save_blob(name, blob); }, 'image/png');
  };
  img.src = url;
}

export function read_file(file, done) {
  file.text().then((text) => done(file.name, text, ''), (e) => done(file.name, '', String(e)));
}

export function watch_seen(el, cb) {
  if (!('IntersectionObserver' in window)) return () => {};
  const observer = new IntersectionObserver((entries) => {
    const last = entries[entries.length - 1];
    if (last) cb(last.isIntersecting);
  });
  observer.observe(el);
  return () => observer.disconnect();
}
export function watch_size(el, cb) {
  if (!('ResizeObserver' in window)) return () => {};
  const observer = new ResizeObserver((entries) => {
    const last = entries[entries.length - 1];
    if (last) cb(last.contentRect.width, last.contentRect.height);
  });
  observer.observe(el);
  return () => observer.disconnect();
}
export function when_unseen(el, cb) {
  const onVisibility = () => { if (document.hidden) cb(); };
  document.addEventListener('visibilitychange', onVisibility);
  let observer = null;
  if (el && 'IntersectionObserver' in window) {
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => !e.isIntersecting)) cb();
    });
    observer.observe(el);
  }
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    if (observer) observer.disconnect();
  };
}
"#)]
extern "C" {
    /// Save `text` as a file named `name` (the browser's download).
    pub fn save_text(name: &str, mime: &str, text: &str);
    /// The SVG element `selector` finds, as a standalone SVG (the page's styles inside) and its
    /// size on screen: `[text, width, height]`, or null if there is none.
    fn svg_picture(selector: &str) -> JsValue;
    /// Save an SVG's text as a PNG, twice its size on screen.
    fn save_png(name: &str, svg: &str, w: u32, h: u32);
    /// Read `file` as text; `done(name, text, error)`.
    fn read_file(file: &web_sys::File, done: &Closure<dyn FnMut(String, String, String)>);
    /// Call `cb` whenever the tab is hidden or `el` leaves the viewport; returns a function that
    /// stops watching.
    fn when_unseen(el: &web_sys::Element, cb: &Closure<dyn FnMut()>) -> js_sys::Function;
    /// Call `cb(true)` when `el` comes into the viewport, `cb(false)` when it leaves; returns
    /// a function that stops watching.
    fn watch_seen(el: &web_sys::Element, cb: &Closure<dyn FnMut(bool)>) -> js_sys::Function;
    /// Call `cb(width, height)` with `el`'s content box (CSS pixels) once it is laid out and
    /// whenever that size changes; returns a function that stops watching.
    fn watch_size(el: &web_sys::Element, cb: &Closure<dyn FnMut(f64, f64)>) -> js_sys::Function;
}

/// A picture format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Picture {
    /// Vector, for slides that scale.
    Svg,
    /// Pixels, twice the size on screen.
    Png,
}

/// The SVG drawing `selector` finds, standalone, with its size on screen; `None` if there is
/// none.
pub fn page_svg(selector: &str) -> Option<(String, u32, u32)> {
    let got = svg_picture(selector);
    let parts = got.dyn_ref::<js_sys::Array>()?;
    let svg = parts.get(0).as_string().unwrap_or_default();
    let w = parts.get(1).as_f64().unwrap_or(800.0) as u32;
    let h = parts.get(2).as_f64().unwrap_or(600.0) as u32;
    Some((svg, w, h))
}

/// Save `svg` (`w`×`h` on screen) as `stem.svg` or `stem.png`.
pub fn save_svg(stem: &str, (svg, w, h): (String, u32, u32), format: Picture) {
    match format {
        Picture::Svg => save_text(&format!("{stem}.svg"), "image/svg+xml", &svg),
        Picture::Png => save_png(&format!("{stem}.png"), &svg, w, h),
    }
}

/// Read `file` and call `done(name, Ok(text) | Err(why))`.
pub fn read_text(
    file: &web_sys::File,
    done: impl FnOnce(String, Result<String, String>) + 'static,
) {
    let mut done = Some(done);
    let closure = Closure::<dyn FnMut(String, String, String)>::new(
        move |name: String, text: String, error: String| {
            if let Some(done) = done.take() {
                done(
                    name,
                    if error.is_empty() {
                        Ok(text)
                    } else {
                        Err(error)
                    },
                );
            }
        },
    );
    read_file(file, &closure);
    closure.forget(); // called once, by the file's promise
}

/// A browser observer calling back into Rust while it lives; dropping it stops watching.
pub struct Watching<F: ?Sized> {
    stop: js_sys::Function,
    _cb: Closure<F>,
}

impl<F: ?Sized> Drop for Watching<F> {
    fn drop(&mut self) {
        let _ = self.stop.call0(&JsValue::NULL);
    }
}

/// Watching for the page going out of sight.
pub type Unseen = Watching<dyn FnMut()>;

impl Unseen {
    /// Call `cb` whenever the tab is hidden or `el` scrolls out of the viewport.
    pub fn watch(el: &web_sys::Element, cb: impl FnMut() + 'static) -> Unseen {
        let cb = Closure::<dyn FnMut()>::new(cb);
        let stop = when_unseen(el, &cb);
        Watching { stop, _cb: cb }
    }
}

/// Watching whether an element is in the viewport.
pub type Seen = Watching<dyn FnMut(bool)>;

impl Seen {
    /// Call `cb(true)` when `el` comes into view and `cb(false)` when it goes.
    pub fn watch(el: &web_sys::Element, cb: impl FnMut(bool) + 'static) -> Seen {
        let cb = Closure::<dyn FnMut(bool)>::new(cb);
        let stop = watch_seen(el, &cb);
        Watching { stop, _cb: cb }
    }
}

/// Watching an element's size.
pub type Resized = Watching<dyn FnMut(f64, f64)>;

impl Resized {
    /// Call `cb(width, height)` with `el`'s size when it is first laid out and when it changes,
    /// so that drawing need not ask for it (asking makes the browser lay the page out at once).
    pub fn watch(el: &web_sys::Element, cb: impl FnMut(f64, f64) + 'static) -> Resized {
        let cb = Closure::<dyn FnMut(f64, f64)>::new(cb);
        let stop = watch_size(el, &cb);
        Watching { stop, _cb: cb }
    }
}

/// `canvas`'s 2D context, for drawing it `w`×`h` CSS pixels large: its pixels are made the
/// device's for that size (only when they differ: setting them clears it). Also the device pixel
/// ratio the drawing scales by.
pub fn canvas_2d(
    canvas: &web_sys::HtmlCanvasElement,
    (w, h): (f64, f64),
) -> Option<(web_sys::CanvasRenderingContext2d, f64)> {
    let ratio = gloo::utils::window().device_pixel_ratio().max(1.0);
    let (pw, ph) = ((w * ratio).round() as u32, (h * ratio).round() as u32);
    if canvas.width() != pw {
        canvas.set_width(pw);
    }
    if canvas.height() != ph {
        canvas.set_height(ph);
    }
    let ctx = canvas.get_context("2d").ok().flatten()?;
    Some((wasm_bindgen::JsCast::dyn_into(ctx).ok()?, ratio))
}
