//! The engine's speed in the browser: the native benches' workloads (`harness::workloads`, also
//! run by `cargo bench -p engine`), timed with `performance.now()`. A measurement, not a test:
//! it is ignored unless asked for, and prints its figures. `make bench` runs it in release:
//! `cargo test --release --target wasm32-unknown-unknown -p web --test engine_speed --
//! --include-ignored` (with the runner and ChromeDriver of the browser tests).
#![cfg(target_arch = "wasm32")]

use harness::workloads::{clients_writing, seek_line, seek_times, speed_line, steady_proposals};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

/// Runs `work` and says how fast it went, prefixed by `label`.
fn timed(label: &str, name: &str, work: fn(u64) -> engine::Simulation) {
    let start = now_ms();
    let sim = work(60);
    let wall = (now_ms() - start) / 1000.0;
    console_log!("{label} {}", speed_line(name, &sim, wall));
}

const STEADY: &str = "5 servers, steady proposals, 60 s";
const CLIENTS: &str = "5 servers, 10 clients writing and reading, 60 s";

/// The first run of each workload in a fresh page is printed as `wasm cold`: the browser first
/// runs a module's code as compiled quickly on load and compiles what runs hot again, better,
/// on the side, which takes it a second or so on this machine (the first run was 2-3× slower
/// than the next). The page plays for minutes, so what it gets is the speed after that: three
/// more runs of each are printed as `wasm`, and `make bench` keeps the best, as it does for the
/// three native runs.
#[wasm_bindgen_test]
#[ignore = "a measurement: `make bench` runs it"]
fn engine_speed_in_the_browser() {
    timed("wasm cold", STEADY, steady_proposals);
    timed("wasm cold", CLIENTS, clients_writing);
    for _ in 0..3 {
        timed("wasm", STEADY, steady_proposals);
        timed("wasm", CLIENTS, clients_writing);
    }
    let (first_pass, times, tl) = seek_times(now_ms);
    console_log!("wasm {}", seek_line(first_pass, &times, &tl));
}
