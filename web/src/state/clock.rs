//! Real time, for the frame budget only (never for the simulation, whose time is its own):
//! the page's `performance.now()` in the browser, a monotonic clock natively.

/// Milliseconds since an arbitrary start.
#[cfg(target_arch = "wasm32")]
pub(super) fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Milliseconds since an arbitrary start.
#[cfg(not(target_arch = "wasm32"))]
pub(super) fn now_ms() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}
