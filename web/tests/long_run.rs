//! The long run in the browser: `harness::workloads::LongRun` (busy clients, periodic faults,
//! every invariant checked) compiled to Wasm, printing every ten simulated minutes what is held
//! and the size of the Wasm memory, and giving the page back to the browser between periods (so
//! the runner can stream the lines with `--nocapture`). A measurement: ignored unless asked for.
//! `LONG_RUN_MINUTES` cannot reach the browser, so the length is fixed here: a day.
//! `cargo test --release --target wasm32-unknown-unknown -p web --test long_run --
//! --include-ignored` (with the runner and ChromeDriver of the browser tests).
#![cfg(target_arch = "wasm32")]

use harness::workloads::{held, LongRun};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const MINUTES: u64 = 24 * 60;

fn wasm_memory_mib() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
    buffer.byte_length() as f64 / (1024.0 * 1024.0)
}

/// Let the page's event loop run once (a zero timeout).
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen_test]
#[ignore = "a measurement of a day of simulated time"]
async fn a_day_in_the_browser_keeps_every_invariant_in_bounded_memory() {
    let start = js_sys::Date::now();
    let mut run = LongRun::new(MINUTES, "lock").unwrap();
    loop {
        match run.period() {
            Ok(Some(tl)) => {
                let sim = tl.current();
                console_log!(
                    "minute {:>5}: committed {}, checkpoints {}, held {:?}, Wasm memory {:.0} MiB, wall {:.1} s",
                    sim.now() / 60_000_000,
                    sim.committed_count(),
                    tl.checkpoint_count(),
                    held(sim),
                    wasm_memory_mib(),
                    (js_sys::Date::now() - start) / 1000.0
                );
            }
            Ok(None) => break,
            Err(e) => panic!("{e}"),
        }
        yield_to_browser().await;
    }
}
