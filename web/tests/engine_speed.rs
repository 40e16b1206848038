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

#[wasm_bindgen_test]
#[ignore = "a measurement: `make bench` runs it"]
fn engine_speed_in_the_browser() {
    let start = now_ms();
    let sim = steady_proposals(60);
    let wall = (now_ms() - start) / 1000.0;
    console_log!(
        "wasm {}",
        speed_line("5 servers, steady proposals, 60 s", &sim, wall)
    );
    let start = now_ms();
    let sim = clients_writing(60);
    let wall = (now_ms() - start) / 1000.0;
    console_log!(
        "wasm {}",
        speed_line(
            "5 servers, 10 clients writing and reading, 60 s",
            &sim,
            wall
        )
    );
    let (first_pass, times, tl) = seek_times(now_ms);
    console_log!("wasm {}", seek_line(first_pass, &times, &tl));
}
